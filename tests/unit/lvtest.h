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
#include "lv/diag.h"
#include "lv/responses.h"

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

/* Diagnostic k of d, formatted as on stderr (without "labverdict: "), is
 * `want`; on a mismatch both are printed, one above the other, so that
 * the difference shows. (Named like cmocka's assert_* checks.) */
static inline void assert_diag(const lv_diag *d, size_t k, const char *want)
{
    if (k >= d->n)
        fprintf(stderr, "diag %zu: missing (only %zu)\n", k, d->n);
    assert_true(k < d->n);
    char *got = lv_diag_format(&d->v[k]);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "diag %zu: got  '%s'\n        want '%s'\n", k, got,
                want);
    assert_string_equal(got, want);
    free(got);
}

/* A response record read from a CSV (test_responses.c, test_recover.c):
 * the texts as written, the numbers they stand for, its byte offset. */
static inline void assert_rec(const lv_response *r, uint64_t index,
                              const char *status, const char *seconds,
                              long long offset)
{
    assert_int_equal(r->index, index);
    assert_string_equal(r->status_text, status);
    assert_int_equal(r->status, atoi(status));
    assert_string_equal(r->seconds_text, seconds);
    assert_true(r->seconds == strtod(seconds, NULL));
    assert_int_equal(r->offset, offset);
}

/* Parsing `text` as the response CSV `label` fails, and the first
 * diagnostic is `want`. */
static inline void lvtest_responses_fail(const char *text, size_t len,
                                         const char *label, const char *want)
{
    lv_response_set s;
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_responses_parse(text, len, label, &s, &d), -1);
    assert_diag(&d, 0, want);
    lv_diag_free(&d);
}

#endif
