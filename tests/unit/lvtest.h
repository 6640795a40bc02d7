/* Shared helpers for the cmocka unit tests. */
#ifndef LVTEST_H
#define LVTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

/* The ../shared folder (LV_SHARED, set by the Makefile), or NULL when it is
 * not on this machine. Tests that need it call LV_NEED_SHARED() first, which
 * skips them visibly. */
static inline const char *lvtest_shared(void)
{
    const char *s = getenv("LV_SHARED");
    struct stat st;
    if (!s || !*s || stat(s, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return s;
}

#define LV_NEED_SHARED()                                                     \
    do {                                                                     \
        if (!lvtest_shared()) {                                              \
            fprintf(stderr, "SKIP: ../shared is not here (LV_SHARED)\n");   \
            skip();                                                          \
        }                                                                    \
    } while (0)

/* Remove a file or a folder with everything in it (test scratch space);
 * links are removed, never followed. */
static inline void lvtest_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *sub = malloc(n);
        if (!sub)
            abort();
        memcpy(sub, path, strlen(path));
        sub[strlen(path)] = '/';
        memcpy(sub + strlen(path) + 1, e->d_name, strlen(e->d_name) + 1);
        lvtest_remove_tree(sub);
        free(sub);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

#endif
