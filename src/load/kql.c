/* Streaming loader for Log Analytics (KQL) exports — the driver: input in
 * blocks, the one or two passes, the checks yajl does not make, the one
 * diagnostic. See include/lv/kql.h; the walk itself is in kql_walk.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kql_int.h"
#include "lv/fileio.h"

#define KQL_BLOCK ((size_t)256 << 10)   /* see include/lv/kql.h */

static size_t feed_size;   /* 0: feed yajl whole blocks */

size_t lv_kql_set_feed_size(size_t n)
{
    size_t old = feed_size;
    feed_size = n;
    return old;
}

/* ---- the input ---------------------------------------------------------- */

struct kql_src {
    const unsigned char *mem;   /* memory input ... */
    size_t mem_len;
    int mem_read;
    FILE *f;                    /* ... or a file, read in blocks into buf */
    unsigned char *buf;
    struct stat st;
};

/* The next block: 1, 0 at the end, -1 on a read error (errno). */
static int src_next(struct kql_src *src, const unsigned char **p, size_t *n)
{
    if (!src->f) {
        if (src->mem_read || !src->mem_len)
            return 0;
        src->mem_read = 1;
        *p = src->mem;
        *n = src->mem_len;
        return 1;
    }
    size_t got = fread(src->buf, 1, KQL_BLOCK, src->f);
    if (got == 0)
        return ferror(src->f) ? -1 : 0;
    *p = src->buf;
    *n = got;
    return 1;
}

static int src_rewind(struct kql_src *src)
{
    if (!src->f) {
        src->mem_read = 0;
        return 0;
    }
    clearerr(src->f);
    return fseek(src->f, 0, SEEK_SET);
}

/* Line and column of byte `off`, counted again from the start (only for a
 * diagnostic, so nothing is counted while parsing). -1 when the input
 * cannot be read again. */
static int src_locate(struct kql_src *src, long long off, long *line,
                      long *col)
{
    if (!src->f) {
        lv_line_col((const char *)src->mem, src->mem_len, (size_t)off, line,
                    col);
        return 0;
    }
    if (fseek(src->f, 0, SEEK_SET) != 0)
        return -1;
    long l = 1, c = 1;
    long long pos = 0;
    while (pos < off) {
        size_t want = KQL_BLOCK;
        if ((long long)want > off - pos)
            want = (size_t)(off - pos);
        size_t got = fread(src->buf, 1, want, src->f);
        if (got == 0)
            break;
        for (size_t i = 0; i < got; i++) {
            if (src->buf[i] == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        pos += (long long)got;
    }
    *line = l;
    *col = c;
    return 0;
}

/* ---- the one error ------------------------------------------------------ */

static int vfail(struct kql_state *s, long long at, const char *fmt,
                 va_list ap)
{
    if (s->failed)
        return 0;
    s->failed = 1;
    s->err_at = at;
    lv_buf_reset(&s->err);
    lv_buf_vprintf(&s->err, fmt, ap);
    return 0;
}

int kql_fail(struct kql_state *s, long long at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(s, at < 0 ? 0 : at, fmt, ap);
    va_end(ap);
    return 0;
}

/* An error about the whole input, with no place. */
static int fail_file(struct kql_state *s, const char *fmt, ...)
    LV_PRINTF(2, 3);
static int fail_file(struct kql_state *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(s, -1, fmt, ap);
    va_end(ap);
    return 0;
}

static void emit(struct kql_state *s, struct kql_src *src)
{
    if (!s->failed || !s->err.len)   /* none, or the callback's own */
        return;
    long line, col;
    if (s->err_at < 0)
        lv_diag_file(s->d, LV_SEV_ERROR, s->label, "%s", s->err.data);
    else if (src_locate(src, s->err_at, &line, &col) == 0) {
        lv_diag_at(s->d, LV_SEV_ERROR, s->label, line, col, "%s",
                   s->err.data);
        s->d->v[s->d->n - 1].byte = s->err_at;
    } else {
        lv_diag_byte(s->d, LV_SEV_ERROR, s->label, s->err_at, "%s",
                     s->err.data);
    }
}

/* ---- feeding yajl ------------------------------------------------------- */

static int json_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The first byte at or after `from` in the current piece that is not JSON
 * whitespace, or -1. */
static long long first_non_ws(const struct kql_state *s, long long from)
{
    size_t i = from > s->base ? (size_t)(from - s->base) : 0;
    for (; i < s->piece_len; i++)
        if (!json_ws(s->piece[i]))
            return s->base + (long long)i;
    return -1;
}

static int is_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-';
}

/* Where the token that ends at `end` (yajl's offset after a parse error)
 * starts, as far as the current piece tells. */
static long long token_start(const struct kql_state *s, long long end)
{
    if (end <= s->base || (size_t)(end - s->base) > s->piece_len)
        return end > 0 ? end - 1 : 0;
    size_t i = (size_t)(end - s->base) - 1;
    unsigned char c = s->piece[i];
    if (c == '"') {
        long long q = kql_quote_start(s->piece, i);
        return q >= 0 ? s->base + q : end - 1;
    }
    if (is_word(c)) {
        while (i > 0 && is_word(s->piece[i - 1]))
            i--;
    }
    return s->base + (long long)i;
}

static void json_error(struct kql_state *s, const unsigned char *p, size_t n)
{
    long long end = s->base + (long long)yajl_get_bytes_consumed(s->h);
    if (s->top_done) {
        long long at = first_non_ws(s, s->top_end);
        kql_fail(s, at >= 0 ? at : end - 1, "invalid JSON at byte %lld: "
                 "trailing garbage after the top-level value",
                 at >= 0 ? at : end - 1);
        return;
    }
    unsigned char *e = yajl_get_error(s->h, 0, p, n);
    const char *msg = e ? (const char *)e : "parse error";
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        len--;
    long long at = strncmp(msg, "lexical", 7) == 0 ? (end > 0 ? end - 1 : 0)
                                                   : token_start(s, end);
    kql_fail(s, at, "invalid JSON at byte %lld: %.*s", at, (int)len, msg);
    if (e)
        yajl_free_error(s->h, e);
}

/* Parse one block. Returns 0 to go on, 1 when pass 2 is done, -1. */
static int feed(struct kql_state *s, const unsigned char *p, size_t n)
{
    while (n > 0) {
        size_t m = feed_size && n > feed_size ? feed_size : n;
        /* yajl takes form feed and vertical tab for whitespace; JSON does
         * not, and they cannot be in a string unescaped: any is an error. */
        size_t lim = m;
        const unsigned char *bad = memchr(p, '\f', lim);
        if (bad)
            lim = (size_t)(bad - p);
        const unsigned char *vt = memchr(p, '\v', lim);
        if (vt) {
            lim = (size_t)(vt - p);
            bad = vt;
        }
        s->piece = p;
        s->piece_len = lim;
        if (lim) {
            yajl_status st = yajl_parse(s->h, p, lim);
            if (st == yajl_status_client_canceled)
                return s->done ? 1 : -1;
            if (st != yajl_status_ok) {
                json_error(s, p, lim);
                return -1;
            }
        }
        /* yajl lets an unfinished token after the top-level value pass
         * ("[] \"abc" is accepted): nothing but whitespace may follow. */
        if (s->top_done) {
            long long at = first_non_ws(s, s->top_end);
            if (at >= 0) {
                kql_fail(s, at, "invalid JSON at byte %lld: trailing "
                         "garbage after the top-level value", at);
                return -1;
            }
        }
        if (lim < m) {
            long long at = s->base + (long long)lim;
            kql_fail(s, at, "invalid JSON at byte %lld: a %s (0x%02x) is "
                     "not JSON whitespace and cannot be in a string "
                     "unescaped", at,
                     *bad == '\f' ? "form feed" : "vertical tab", *bad);
            return -1;
        }
        s->base += (long long)m;
        p += m;
        n -= m;
    }
    return 0;
}

/* Reset what one pass builds; keep what pass 1 found for pass 2. */
static void pass_reset(struct kql_state *s)
{
    s->base = 0;
    s->finishing = 0;
    s->depth = 0;
    s->has_tables = 0;
    s->top_done = 0;
    s->ntables = 0;
    s->streaming = 0;
    s->row = 0;
    s->piece = NULL;
    s->piece_len = 0;
    kql_table_clear(&s->cur);
}

/* One pass over the input. Returns 0 or -1 (error recorded). */
static int run_pass(struct kql_state *s, struct kql_src *src)
{
    pass_reset(s);
    s->h = yajl_alloc(&kql_callbacks, NULL, s);
    if (!s->h)
        abort();
    int rc = 0, first = 1;
    for (;;) {
        const unsigned char *p;
        size_t n;
        int r = src_next(src, &p, &n);
        if (r < 0) {
            fail_file(s, "read error: %s", strerror(errno));
            rc = -1;
            break;
        }
        if (r == 0) {
            if (first) {
                fail_file(s, "empty file (a failed export?)");
                rc = -1;
            }
            break;
        }
        if (first) {
            first = 0;
            if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
                           (p[0] == 0xFE && p[1] == 0xFF))) {
                kql_fail(s, 0, "not UTF-8: the file starts with a UTF-16 "
                         "byte order mark (save it as UTF-8)");
                rc = -1;
                break;
            }
            if (n >= 4 && ((p[0] && !p[1] && p[2] && !p[3]) ||
                           (!p[0] && p[1] && !p[2] && p[3]))) {
                kql_fail(s, 0, "not UTF-8: every other byte is NUL, so the "
                         "file looks like UTF-16 (save it as UTF-8)");
                rc = -1;
                break;
            }
            if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
                p += 3;   /* a UTF-8 byte order mark */
                n -= 3;
                s->base = 3;
            }
        }
        rc = feed(s, p, n);
        if (rc)
            break;
    }
    if (rc == 0) {
        s->finishing = 1;
        s->piece = NULL;
        s->piece_len = 0;
        yajl_status st = yajl_complete_parse(s->h);
        if (st == yajl_status_client_canceled)
            rc = s->done ? 1 : -1;
        else if (st != yajl_status_ok) {
            kql_fail(s, s->base, "invalid JSON at byte %lld: unexpected end "
                     "of input (a truncated file?)", s->base);
            rc = -1;
        }
    }
    yajl_free(s->h);
    s->h = NULL;
    return rc < 0 ? -1 : 0;
}

/* ---- the loader --------------------------------------------------------- */

static char *dup_bytes(const char *p, size_t n)
{
    char *r = malloc(n + 1);
    if (!r)
        abort();
    if (n)
        memcpy(r, p, n);
    r[n] = '\0';
    return r;
}

static void fill_info(struct kql_state *s, lv_kql_info *info, int ok,
                      int passes, size_t ntables)
{
    info->shape = s->shape;
    info->rows = s->rows;
    info->passes = passes;
    if (!ok)
        return;
    info->nwant = s->nwant;
    info->want_found = calloc(s->nwant ? s->nwant : 1, sizeof(int));
    if (!info->want_found)
        abort();
    for (size_t w = 0; w < s->nwant; w++)
        info->want_found[w] = s->found[w];
    if (s->shape == LV_KQL_SHAPE_FLAT) {
        if (s->has_flat_table)
            info->table = dup_bytes(s->flat_table.data, s->flat_table.len);
        return;
    }
    const struct kql_table *t = &s->sel;
    info->ntables = ntables;
    info->table_index = t->index;
    if (t->has_name)
        info->table = dup_bytes(t->name.data ? t->name.data : "",
                                t->name.len);
    info->ncolumns = t->cols.n;
    info->columns = calloc(t->cols.n ? t->cols.n : 1, sizeof(char *));
    if (!info->columns)
        abort();
    for (size_t i = 0; i < t->cols.n; i++)
        info->columns[i] = dup_bytes(t->cols.names.data + t->cols.off[i],
                                     t->cols.len[i]);
}

static int stream(struct kql_src *src, const char *label,
                  const lv_kql_column *want, size_t nwant, lv_kql_row_fn fn,
                  void *ctx, lv_kql_info *info, lv_diag *d)
{
    for (size_t w = 0; w < nwant; w++) {
        if (!want[w].name) {
            lv_diag_file(d, LV_SEV_ERROR, label, "wanted column %zu has no "
                         "name (a bug in the caller)", w + 1);
            return -1;
        }
        for (size_t v = 0; v < w; v++)
            if (strcmp(want[v].name, want[w].name) == 0) {
                lv_diag_file(d, LV_SEV_ERROR, label, "column '%s' is wanted "
                             "twice (a bug in the caller)", want[w].name);
                return -1;
            }
    }
    struct kql_state s;
    memset(&s, 0, sizeof s);
    s.label = label;
    s.want = want;
    s.nwant = nwant;
    s.fn = fn;
    s.ctx = ctx;
    s.d = d;
    s.err_at = -1;
    size_t nw = nwant ? nwant : 1;
    s.want_len = calloc(nw, sizeof *s.want_len);
    s.vals = calloc(nw, sizeof *s.vals);
    s.cellbuf = calloc(nw, sizeof *s.cellbuf);
    s.seen = calloc(nw, sizeof *s.seen);
    s.found = calloc(nw, sizeof *s.found);
    if (!s.want_len || !s.vals || !s.cellbuf || !s.seen || !s.found)
        abort();
    for (size_t w = 0; w < nwant; w++) {
        s.want_len[w] = strlen(want[w].name);
        lv_buf_init(&s.cellbuf[w]);
        s.vals[w].kind = LV_KV_MISSING;
        s.vals[w].text = "";
    }
    lv_buf_init(&s.err);
    lv_buf_init(&s.err_message);
    lv_buf_init(&s.err_code);
    lv_buf_init(&s.flat_table);
    kql_table_init(&s.cur);
    kql_table_init(&s.sel);

    s.pass = 1;
    int rc = run_pass(&s, src);
    int passes = 1;
    size_t ntables = s.ntables;
    if (rc == 0 && s.need_pass2) {
        passes = 2;
        s.pass = 2;
        struct stat now;
        if (src->f && S_ISREG(src->st.st_mode) &&
            (fstat(fileno(src->f), &now) != 0 ||
             now.st_size != src->st.st_size ||
             now.st_mtime != src->st.st_mtime)) {
            fail_file(&s, "the file changed while being read");
            rc = -1;
        } else if (src_rewind(src) != 0) {
            fail_file(&s, "the rows come before the table's columns or name, "
                      "and the input cannot be read a second time: %s",
                      strerror(errno));
            rc = -1;
        } else {
            rc = run_pass(&s, src);
            if (rc == 0 && !s.done) {
                fail_file(&s, "the file changed while being read");
                rc = -1;
            }
        }
    }
    emit(&s, src);
    if (info)
        fill_info(&s, info, rc == 0, passes, ntables);

    for (size_t w = 0; w < nwant; w++)
        lv_buf_free(&s.cellbuf[w]);
    free(s.want_len);
    free(s.vals);
    free(s.cellbuf);
    free(s.seen);
    free(s.found);
    free(s.colmap);
    lv_buf_free(&s.err);
    lv_buf_free(&s.err_message);
    lv_buf_free(&s.err_code);
    lv_buf_free(&s.flat_table);
    kql_table_free(&s.cur);
    kql_table_free(&s.sel);
    return rc;
}

int lv_kql_stream_mem(const char *data, size_t len, const char *label,
                      const lv_kql_column *want, size_t nwant,
                      lv_kql_row_fn fn, void *ctx, lv_kql_info *info,
                      lv_diag *d)
{
    if (info)
        memset(info, 0, sizeof *info);
    struct kql_src src;
    memset(&src, 0, sizeof src);
    src.mem = (const unsigned char *)data;
    src.mem_len = data ? len : 0;
    return stream(&src, label ? label : "<memory>", want, nwant, fn, ctx,
                  info, d);
}

int lv_kql_stream_file(const char *path, const char *label,
                       const lv_kql_column *want, size_t nwant,
                       lv_kql_row_fn fn, void *ctx, lv_kql_info *info,
                       lv_diag *d)
{
    const char *name = label ? label : path;
    if (info)
        memset(info, 0, sizeof *info);
    struct kql_src src;
    memset(&src, 0, sizeof src);
    src.f = fopen(path, "rb");
    if (!src.f) {
        lv_diag_file(d, LV_SEV_ERROR, name, "cannot open: %s",
                     strerror(errno));
        return -1;
    }
    if (fstat(fileno(src.f), &src.st) != 0) {
        lv_diag_file(d, LV_SEV_ERROR, name, "cannot read: %s",
                     strerror(errno));
        fclose(src.f);
        return -1;
    }
    if (S_ISDIR(src.st.st_mode)) {
        lv_diag_file(d, LV_SEV_ERROR, name, "cannot read: %s",
                     strerror(EISDIR));
        fclose(src.f);
        return -1;
    }
    src.buf = malloc(KQL_BLOCK);
    if (!src.buf)
        abort();
    int rc = stream(&src, name, want, nwant, fn, ctx, info, d);
    free(src.buf);
    fclose(src.f);
    return rc;
}

void lv_kql_info_free(lv_kql_info *info)
{
    if (!info)
        return;
    free(info->table);
    for (size_t i = 0; i < info->ncolumns; i++)
        free(info->columns[i]);
    free(info->columns);
    free(info->want_found);
    memset(info, 0, sizeof *info);
}
