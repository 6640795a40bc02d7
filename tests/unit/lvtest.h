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

#endif
