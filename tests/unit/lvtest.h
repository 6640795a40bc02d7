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

#include "lv/buf.h"

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

/* A fresh scratch folder $TMPDIR/lv-NAME-XXXXXX (/tmp when TMPDIR is unset
 * or empty), its path written to root; 0, or -1 when it cannot be made. */
static inline int lvtest_scratch(char *root, size_t size, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(root, size, "%s/lv-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    return mkdtemp(root) ? 0 : -1;
}

/* A copy of the run folder `from` (e.g. "fixtures/runs/example") at `to`,
 * which must not exist yet; 0, or -1 when cp fails. */
static inline int lvtest_copy_run(const char *from, const char *to)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp -R '%s' '%s'", from, to);
    return system(cmd) == 0 ? 0 : -1;
}

/* The whole file, NUL-terminated, its length in *len (when len is not
 * NULL); NULL (and a length of 0) when it cannot be opened. free() it. */
static inline char *lvtest_slurp(const char *path, size_t *len)
{
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    lv_buf b;
    lv_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        lv_buf_put(&b, chunk, n);
    fclose(f);
    if (len)
        *len = b.len;
    return lv_buf_steal(&b);
}

/* The same for a file the test needs: the test fails when it cannot be
 * opened. */
static inline char *lvtest_slurp_or_fail(const char *path, size_t *len)
{
    char *text = lvtest_slurp(path, len);
    assert_non_null(text);
    return text;
}

/* Write `len` bytes to `path` (created or truncated); the test fails when
 * the write does not go through whole. */
static inline void lvtest_put(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

#endif
