/* Client response CSVs in the normal shape: one record a line, read by
 * libcsv, or by split_plain when the text has no double quote (the same
 * fields, without libcsv's per-byte calls; anything quoted still goes
 * through libcsv). See include/lv/responses.h. */
#include <csv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/numparse.h"
#include "lv/responses.h"
#include "lv/responses_int.h"

/* Problems shown one by one before the rest are only counted. */
#define SHOW_MAX 10

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* -------------------------------- the normal shape: libcsv or split_plain */

typedef struct {
    const char *t;
    size_t len, body;
    const char *name;
    lv_diag *d;
    size_t pos;              /* the byte being fed to libcsv */
    int direct;              /* no double quote: split_plain, not libcsv */
    size_t next_start;       /* where the next field starts */
    int row_start;           /* the next field starts a row */
    size_t lc_off, lc_bol;   /* line cursor: offset, its line's start */
    long lc_line;
    size_t fstart[4], foff[4], flen[4];
    int nf;                  /* fields in the row so far */
    int expect;              /* fields a record has: 0 until known */
    int header_checked;
    lv_buf arena;            /* the fields' texts (libcsv); see fields() */
    lv_raw_vec raw;
    int errors, stop;
} nstate;

/* Where the fields' texts are: the text itself when split_plain split it
 * (a field is its bytes as they are), else the arena of libcsv's fields. */
static const char *fields(const nstate *s)
{
    /* "" while no field has had a byte: NULL + 0 is undefined behaviour. */
    return s->direct ? s->t : s->arena.data ? s->arena.data : "";
}

static void pos_of(nstate *s, size_t off, uint32_t *line, uint32_t *col)
{
    if (off < s->lc_off) {
        s->lc_off = s->lc_bol = s->body;
        s->lc_line = 1;
    }
    size_t end = off < s->len ? off : s->len;
    while (s->lc_off < end) {   /* from line end to line end */
        const char *nl = memchr(s->t + s->lc_off, '\n', end - s->lc_off);
        if (!nl) {
            s->lc_off = end;
            break;
        }
        s->lc_line++;
        s->lc_off = (size_t)(nl - s->t) + 1;
        s->lc_bol = s->lc_off;
    }
    *line = (uint32_t)s->lc_line;
    *col = (uint32_t)(off - s->lc_bol) + 1;
}

static void row_error(nstate *s, size_t off, const char *fmt, ...)
    LV_PRINTF(3, 4);
static void row_error(nstate *s, size_t off, const char *fmt, ...)
{
    if (s->stop)
        return;
    uint32_t line, col;
    pos_of(s, off, &line, &col);
    lv_buf m;
    lv_buf_init(&m);
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    lv_diag_at(s->d, LV_SEV_ERROR, s->name, line, col, "%s", m.data);
    lv_buf_free(&m);
    if (++s->errors >= SHOW_MAX) {
        lv_diag_file(s->d, LV_SEV_ERROR, s->name,
                     "too many broken rows; stopped reading");
        s->stop = 1;
    }
}

static void on_field(void *p, size_t n, void *data)
{
    nstate *s = data;
    size_t start = s->next_start;
    if (s->row_start) {
        while (start < s->len && (s->t[start] == '\r' || s->t[start] == '\n'))
            start++;
        s->row_start = 0;
    }
    if (s->nf < 4) {
        s->fstart[s->nf] = start;
        s->flen[s->nf] = n;
        if (s->direct) {
            s->foff[s->nf] = (size_t)((const char *)p - s->t);
        } else {
            s->foff[s->nf] = s->arena.len;
            if (n)
                lv_buf_put(&s->arena, p, n);
        }
    }
    s->nf++;
    /* Split by split_plain (no quotes), a field is its bytes as they are
     * (nothing trimmed), so the separator that ended it is right after
     * them. */
    if (s->direct)
        s->pos = start + n;
    s->next_start = s->pos + 1;
}

static int field_is(nstate *s, int i, const char *w)
{
    return s->flen[i] == strlen(w) &&
           memcmp(fields(s) + s->foff[i], w, s->flen[i]) == 0;
}

static int all_digits(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(p[i]))
            return 0;
    return 1;
}

/* digits, optionally '.' and digits */
static int decimal_text(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && is_digit(p[i]))
        i++;
    if (i == 0)
        return 0;
    if (i == n)
        return 1;
    if (p[i] != '.' || i + 1 == n)
        return 0;
    return all_digits(p + i + 1, n - i - 1);
}

static void field_error(nstate *s, int i, const char *what, const char *fmt)
{
    char *snip = lv_resp_snippet(fields(s) + s->foff[i], s->flen[i], 40);
    row_error(s, s->fstart[i], "%s '%s' %s", what, snip, fmt);
    free(snip);
}

static void process_row(nstate *s)
{
    int nf = s->nf;
    if (s->stop || nf == 0)
        return;
    if (!s->header_checked) {
        s->header_checked = 1;
        if (nf == 3 && field_is(s, 0, "index") && field_is(s, 1, "status") &&
            field_is(s, 2, "seconds")) {
            s->expect = 3;
            return;
        }
        if (nf == 4 && field_is(s, 0, "label") && field_is(s, 1, "index") &&
            field_is(s, 2, "status") && field_is(s, 3, "seconds")) {
            s->expect = 4;
            return;
        }
    }
    if (s->expect == 0) {
        if (nf != 3 && nf != 4) {
            row_error(s, s->fstart[0],
                      "this row has %d field%s; a record is "
                      "index,status,seconds or label,index,status,seconds",
                      nf, nf == 1 ? "" : "s");
            return;
        }
        s->expect = nf;
    }
    if (nf != s->expect) {
        row_error(s, s->fstart[0],
                  "this row has %d field%s where the file's records have %d "
                  "(%s)",
                  nf, nf == 1 ? "" : "s", s->expect,
                  s->expect == 4 ? "label,index,status,seconds"
                                 : "index,status,seconds");
        return;
    }
    int b = s->expect == 4;
    const char *a = fields(s);
    if (b) {
        for (size_t k = 0; k < s->flen[0]; k++)
            if ((unsigned char)a[s->foff[0] + k] < 0x20) {
                field_error(s, 0, "label", "holds a control byte");
                return;
            }
    }
    if (!all_digits(a + s->foff[b], s->flen[b])) {
        field_error(s, b, "index", "is not a whole number");
        return;
    }
    if (s->flen[b + 1] != 3 || !all_digits(a + s->foff[b + 1], 3)) {
        field_error(s, b + 1, "status", "is not 3 digits");
        return;
    }
    if (!decimal_text(a + s->foff[b + 2], s->flen[b + 2]) ||
        s->flen[b + 2] > 31) {
        field_error(s, b + 2, "seconds",
                    "is not a number of seconds like 0.783594");
        return;
    }
    lv_raw_response *r = lv_raw_push(&s->raw);
    r->off = (uint32_t)s->fstart[0];
    r->idx_at = (uint32_t)s->fstart[b];
    pos_of(s, s->fstart[b], &r->line, &r->col);
    r->idx_off = (uint32_t)s->foff[b];
    r->idx_len = (unsigned char)(s->flen[b] > LV_RAW_IDX_MAX ? LV_RAW_IDX_MAX
                                                             : s->flen[b]);
    r->idx_bad = (unsigned char)lv_resp_index_value(a + s->foff[b],
                                                    s->flen[b], &r->index);
    memcpy(r->status, a + s->foff[b + 1], 3);
    r->sec_off = (uint32_t)s->foff[b + 2];
    r->sec_len = (unsigned char)s->flen[b + 2];   /* checked: <= 31 */
    if (b) {
        r->has_label = 1;
        r->lab_off = (uint32_t)s->foff[0];
        r->lab_len = (uint32_t)s->flen[0];
    }
}

static void on_row(int c, void *data)
{
    (void)c;
    nstate *s = data;
    process_row(s);
    s->nf = 0;
    s->row_start = 1;
    s->next_start = s->pos + 1;
}

/* A text with no double quote, fed to on_field and on_row as libcsv
 * (strict, no space trimming) would: a line end outside a row is skipped
 * (no empty rows), a field ends at ',' or a line end, a row at a line end
 * or the end of the text (where a ',' leaves one more, empty, field). */
static void split_plain(nstate *s)
{
    const char *t = s->t;
    size_t len = s->len, p = s->body;
    while (p < len && !s->stop) {
        if (t[p] == '\r' || t[p] == '\n') {
            p++;
            continue;
        }
        for (;;) {   /* the fields of one row */
            size_t q = p;
            while (q < len && t[q] != ',' && t[q] != '\r' && t[q] != '\n')
                q++;
            on_field((void *)(t + p), q - p, s);   /* sets s->pos = q */
            if (q < len && t[q] == ',') {
                p = q + 1;
                continue;
            }
            on_row(q < len ? (unsigned char)t[q] : -1, s);
            p = q + (q < len);
            break;
        }
    }
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* The decimals every timed record shares, or -1. */
static int shared_decimals(const lv_response_set *set)
{
    int dec = -1;
    for (size_t i = 0; i < set->n; i++) {
        const lv_response *x = &set->v[i];
        if (x->status == 0 && x->seconds == 0.0)
            continue;
        const char *dot = strchr(x->seconds_text, '.');
        int k = dot ? (int)strlen(dot + 1) : 0;
        if (dec == -1)
            dec = k;
        else if (dec != k)
            return -1;
    }
    return dec > 0 ? dec : -1;
}

int lv_resp_parse_normal(const char *t, size_t len, size_t body,
                         const char *name, lv_response_set *out, lv_diag *d)
{
    nstate s;
    memset(&s, 0, sizeof s);
    s.t = t;
    s.len = len;
    s.body = body;
    s.name = name;
    s.d = d;
    s.row_start = 1;
    s.next_start = body;
    s.lc_off = s.lc_bol = body;
    s.lc_line = 1;
    lv_buf_init(&s.arena);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        abort();
    csv_set_space_func(&p, no_space);
    /* Without a double quote, CSV is fields split at ',' and rows at CR or
     * LF: split_plain does what libcsv would, without its byte-by-byte
     * machinery. With one, libcsv byte by byte, so that the place of every
     * field and error is known. */
    s.direct = body < len && !memchr(t + body, '"', len - body);
    /* A record a line at most: room for all of them, so that the records
     * are never moved as they come. */
    lv_raw_reserve(&s.raw, lv_resp_record_bound(t + body, len - body, '\n', 1));
    if (s.direct)
        split_plain(&s);
    for (s.pos = body; !s.direct && s.pos < len && !s.stop; s.pos++) {
        if (csv_parse(&p, t + s.pos, 1, on_field, on_row, &s) != 1) {
            row_error(&s, s.pos,
                      "malformed CSV: a stray double quote, or text after a "
                      "closing one");
            s.stop = 1;
        }
    }
    if (!s.direct && !s.stop) {
        s.pos = len;
        if (csv_fini(&p, on_field, on_row, &s) != 0)
            row_error(&s, s.next_start,
                      "malformed CSV: a quoted field is not closed");
    }
    csv_free(&p);
    int rc = -1;
    if (s.errors == 0) {
        lv_resp_mark_fallbacks(s.raw.v, s.raw.n, fields(&s));
        rc = lv_resp_build(s.raw.v, s.raw.n, fields(&s), name, d, out);
        if (rc == 0)
            out->decimals = shared_decimals(out);
    }
    lv_raw_free(&s.raw);
    lv_buf_free(&s.arena);
    return rc;
}

