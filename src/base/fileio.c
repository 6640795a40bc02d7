/* Whole-file reads with limits: see include/lv/fileio.h. */
#include "lv/fileio.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int lv_read_file(const char *path, const char *label, size_t limit,
                 char **out, size_t *len, lv_diag *d)
{
    const char *name = label ? label : path;
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        lv_diag_file(d, LV_SEV_ERROR, name, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    int have_st = fstat(fileno(f), &st) == 0;
    if (have_st && S_ISDIR(st.st_mode)) {
        lv_diag_file(d, LV_SEV_ERROR, name, "is a directory, not a file");
        fclose(f);
        return -1;
    }
    /* A regular file says its size: refuse a too large one before reading
     * (and holding) the first `limit` bytes of it. The loop below still
     * stops a pipe, or a file that grows while it is read. */
    if (have_st && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)limit) {
        lv_diag_file(d, LV_SEV_ERROR, name,
                     "larger than %zu bytes: not an artifact this tool reads whole", limit);
        fclose(f);
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *p = malloc(cap + 1);
    if (!p)
        abort();
    for (;;) {
        if (n == cap) {
            if (cap >= limit) {
                lv_diag_file(d, LV_SEV_ERROR, name,
                             "larger than %zu bytes: not an artifact this tool reads whole",
                             limit);
                free(p);
                fclose(f);
                return -1;
            }
            cap = cap * 2 > limit ? limit : cap * 2;
            char *q = realloc(p, cap + 1);
            if (!q)
                abort();
            p = q;
        }
        size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        lv_diag_file(d, LV_SEV_ERROR, name, "read error: %s", strerror(errno));
        free(p);
        fclose(f);
        return -1;
    }
    fclose(f);
    p[n] = '\0';
    *out = p;
    *len = n;
    return 0;
}

void lv_line_col(const char *text, size_t len, size_t off, long *line,
                 long *col)
{
    long l = 1, c = 1;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}
