/* Client response CSVs: shape detection and the common tail (fallback
 * folding, the 1..N check, building the set). See include/lv/responses.h;
 * the normal shape is in src/load/responses_csv.c, glued streams in
 * src/load/recover.c. */
#include "lv/responses.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/fileio.h"
#include "lv/numparse.h"
#include "lv/responses_int.h"

/* Problems shown one by one before the rest are only counted. */
#define SHOW_MAX 10

/* ---------------------------------------------------------------- helpers */

_Static_assert(sizeof(lv_raw_response) == 48,
               "a raw record stays small: see responses_int.h");

void lv_raw_reserve(lv_raw_vec *rv, size_t n)
{
    if (n <= rv->cap)
        return;
    lv_raw_response *v = realloc(rv->v, n * sizeof *v);
    if (!v)
        abort();
    rv->v = v;
    rv->cap = n;
}

lv_raw_response *lv_raw_push(lv_raw_vec *rv)
{
    if (rv->n == rv->cap)
        lv_raw_reserve(rv, rv->cap ? rv->cap * 2 : 256);
    lv_raw_response *r = &rv->v[rv->n++];
    memset(r, 0, sizeof *r);
    return r;
}

void lv_raw_free(lv_raw_vec *rv)
{
    free(rv->v);
    rv->v = NULL;
    rv->n = rv->cap = 0;
}


char *lv_resp_snippet(const char *s, size_t n, size_t max)
{
    lv_buf b;
    lv_buf_init(&b);
    int cut = n > max;
    char *e = lv_single_line(s, cut ? max : n);
    lv_buf_puts(&b, e);
    free(e);
    if (cut)
        lv_buf_puts(&b, "...");
    return lv_buf_steal(&b);
}

int lv_resp_index_value(const char *s, size_t n, uint64_t *value)
{
    uint64_t v = 0;
    int huge = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned dgt = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - dgt) / 10)
            huge = 1;
        else
            v = v * 10 + dgt;
    }
    *value = huge ? UINT64_MAX : v;
    if (n >= 1 && s[0] == '0')
        return n == 1 ? LV_IDX_ZERO : LV_IDX_LEADING_ZERO;
    return huge ? LV_IDX_HUGE : LV_IDX_OK;
}

size_t lv_resp_record_bound(const char *t, size_t n, char c, size_t per)
{
    size_t k = 0;
    for (const char *p = t, *e = t + n; (p = memchr(p, c, (size_t)(e - p))); p++)
        k++;
    size_t by_c = k / per + 1, by_size = n / 7 + 1;
    return by_c < by_size ? by_c : by_size;
}

int lv_resp_seconds_zero(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '0' && !(s[i] == '.' && i > 0))
            return 0;
    return 1;
}

/* Report at a raw record: line:col in the normal shape, else a byte. */
static void report(lv_diag *d, lv_severity sev, const char *name,
                   const lv_raw_response *r, long long byte, const char *fmt,
                   ...) LV_PRINTF(6, 7);
static void report(lv_diag *d, lv_severity sev, const char *name,
                   const lv_raw_response *r, long long byte, const char *fmt,
                   ...)
{
    lv_buf m;
    lv_buf_init(&m);
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    if (r && r->line > 0)
        lv_diag_at(d, sev, name, r->line, r->col, "%s", m.data ? m.data : "");
    else
        lv_diag_byte(d, sev, name, byte, "%s", m.data ? m.data : "");
    lv_buf_free(&m);
}

/* Where a record is, for "first at ..." in messages. */
static void where(const lv_raw_response *r, char *out, size_t size)
{
    if (r->line > 0)
        snprintf(out, size, "line %lu", (unsigned long)r->line);
    else
        snprintf(out, size, "byte %lu", (unsigned long)r->idx_at);
}

/* ------------------------------------------------------- the common tail */

size_t lv_resp_mark_fallbacks(lv_raw_response *r, size_t n, const char *src)
{
    size_t req = 0;
    for (size_t i = 0; i < n; i++) {
        r[i].fallback = 0;
        if (i > 0 && !r[i - 1].fallback && r[i].idx_bad == LV_IDX_OK &&
            r[i - 1].idx_bad == LV_IDX_OK && r[i].index == r[i - 1].index &&
            memcmp(r[i].status, "000", 3) == 0 &&
            lv_resp_seconds_zero(src + r[i].sec_off, r[i].sec_len))
            r[i].fallback = 1;
        else
            req++;
    }
    return req;
}

size_t lv_resp_check(const lv_raw_response *r, size_t n, size_t n_req,
                     const char *src, const char *name, lv_diag *d,
                     size_t *good)
{
    /* first[k]: 1 + the raw record that holds index k; 32 bits suffice, as
     * the text is under 4 GiB and a record at least 7 bytes. */
    uint32_t *first = calloc(n_req + 1, sizeof *first);
    if (!first)
        abort();
    size_t problems = 0, ok = 0;
    for (size_t i = 0; i < n; i++) {
        const lv_raw_response *x = &r[i];
        if (x->fallback)
            continue;
        int bad = 1;
        char *txt = NULL;   /* the index as text: only for a message */
        if (d && problems < SHOW_MAX &&
            (x->idx_bad != LV_IDX_OK || x->index > n_req || first[x->index]))
            txt = lv_resp_snippet(src + x->idx_off, x->idx_len, 24);
        if (x->idx_bad == LV_IDX_ZERO) {
            if (d && problems < SHOW_MAX)
                report(d, LV_SEV_ERROR, name, x, x->idx_at,
                       "index 0: indexes start at 1");
        } else if (x->idx_bad == LV_IDX_LEADING_ZERO) {
            if (d && problems < SHOW_MAX)
                report(d, LV_SEV_ERROR, name, x, x->idx_at,
                       "index '%s' has a leading zero", txt);
        } else if (x->idx_bad == LV_IDX_HUGE || x->index > n_req) {
            if (d && problems < SHOW_MAX)
                report(d, LV_SEV_ERROR, name, x, x->idx_at,
                       "index %s is past the end: the file holds %zu "
                       "record%s, so indexes run 1..%zu",
                       txt, n_req, n_req == 1 ? "" : "s", n_req);
        } else if (first[x->index]) {
            if (d && problems < SHOW_MAX) {
                char w[48];
                where(&r[first[x->index] - 1], w, sizeof w);
                report(d, LV_SEV_ERROR, name, x, x->idx_at,
                       "index %s appears again (first at %s)", txt, w);
            }
        } else {
            first[x->index] = (uint32_t)i + 1;
            bad = 0;
            ok++;
        }
        free(txt);
        problems += (size_t)bad;
    }
    size_t missing = 0;
    lv_buf list;
    lv_buf_init(&list);
    for (size_t k = 1; k <= n_req; k++) {
        if (first[k])
            continue;
        if (d && missing < SHOW_MAX)
            lv_buf_printf(&list, "%s%zu", missing ? ", " : "", k);
        missing++;
    }
    if (d) {
        if (problems > SHOW_MAX)
            lv_diag_file(d, LV_SEV_ERROR, name,
                         "%zu index problems in all (the first %d shown)",
                         problems, SHOW_MAX);
        if (missing == 1)
            lv_diag_file(d, LV_SEV_ERROR, name,
                         "index %s is missing from 1..%zu", list.data, n_req);
        else if (missing > 1)
            lv_diag_file(d, LV_SEV_ERROR, name,
                         "%zu indexes are missing from 1..%zu: %s%s", missing,
                         n_req, list.data, missing > SHOW_MAX ? ", ..." : "");
    }
    lv_buf_free(&list);
    free(first);
    *good = ok;
    return problems + missing;
}

/* "label,index,status,seconds" of a raw record, for messages. */
static char *raw_text(const lv_raw_response *r, const char *src)
{
    lv_buf b;
    lv_buf_init(&b);
    if (r->has_label) {
        lv_buf_put(&b, src + r->lab_off, r->lab_len);
        lv_buf_putc(&b, ',');
    }
    lv_buf_put(&b, src + r->idx_off, r->idx_len);
    lv_buf_printf(&b, ",%.3s,", r->status);
    lv_buf_put(&b, src + r->sec_off, r->sec_len);
    char *s = lv_resp_snippet(b.data, b.len, 60);
    lv_buf_free(&b);
    return s;
}

/* Copy s[0..n) into the pool at *at, NUL-terminated; return where. */
static const char *pool_put(char *pool, size_t *at, const char *s, size_t n)
{
    char *p = pool + *at;
    memcpy(p, s, n);
    p[n] = '\0';
    *at += n + 1;
    return p;
}

static void fill(lv_response *o, const lv_raw_response *r, const char *src,
                 char *pool, size_t *at)
{
    o->index = r->index;
    memcpy(o->status_text, r->status, 3);
    o->status_text[3] = '\0';
    o->status = (r->status[0] - '0') * 100 + (r->status[1] - '0') * 10 +
                (r->status[2] - '0');
    o->seconds_text = pool_put(pool, at, src + r->sec_off, r->sec_len);
    if (!lv_decimal_fast(o->seconds_text, r->sec_len, &o->seconds))
        o->seconds = strtod(o->seconds_text, NULL);
    o->label = r->has_label ? pool_put(pool, at, src + r->lab_off, r->lab_len)
                            : NULL;
    o->fallback_merged = 0;
    o->offset = r->off;
}

/* The pool's size: every request's seconds text and label, NUL-terminated. */
static size_t pool_size(const lv_raw_response *r, size_t n)
{
    size_t size = 0;
    for (size_t i = 0; i < n; i++)
        if (!r[i].fallback)
            size += (size_t)r[i].sec_len + 1 +
                    (r[i].has_label ? (size_t)r[i].lab_len + 1 : 0);
    return size;
}

int lv_resp_build(const lv_raw_response *r, size_t n, const char *src,
                  const char *name, lv_diag *d, lv_response_set *out)
{
    size_t n_req = 0, good;
    for (size_t i = 0; i < n; i++)
        n_req += !r[i].fallback;
    if (n_req == 0) {
        lv_diag_file(d, LV_SEV_ERROR, name, "no response records");
        return -1;
    }
    if (lv_resp_check(r, n, n_req, src, name, d, &good) != 0)
        return -1;
    lv_response *v = malloc(n_req * sizeof *v);
    char *pool = malloc(pool_size(r, n));
    if (!v || !pool)
        abort();
    size_t at = 0;
    size_t folded = 0;
    const lv_raw_response *req = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].fallback) {
            req = &r[i];
            fill(&v[r[i].index - 1], &r[i], src, pool, &at);
            continue;
        }
        v[req->index - 1].fallback_merged = 1;
        if (folded++ < SHOW_MAX) {
            char *a = raw_text(&r[i], src), *b = raw_text(req, src);
            report(d, LV_SEV_WARNING, name, &r[i], r[i].off,
                   "fallback record '%s' follows record '%s' of the same "
                   "index (a failed request): counted as one request",
                   a, b);
            free(a);
            free(b);
        }
    }
    if (folded > SHOW_MAX)
        lv_diag_file(d, LV_SEV_WARNING, name,
                     "%zu fallback records folded in all (the first %d shown)",
                     folded, SHOW_MAX);
    out->v = v;
    out->n = n_req;
    out->pool = pool;
    return 0;
}

void lv_response_set_free(lv_response_set *s)
{
    if (!s)
        return;
    free(s->v);
    free(s->pool);
    s->v = NULL;
    s->pool = NULL;
    s->n = 0;
}

/* ------------------------------------------------------------ entry points */

/* A line holds more than 3 commas outside double quotes: records glued. */
static int looks_glued(const char *t, size_t len, size_t body)
{
    int inq = 0, commas = 0;
    for (size_t i = body; i < len; i++) {
        char c = t[i];
        if (c == '"')
            inq = !inq;
        else if (inq)
            continue;
        else if (c == '\n' || c == '\r')
            commas = 0;
        else if (c == ',' && ++commas > 3)
            return 1;
    }
    return 0;
}

/* Skip a header line ("index,status,seconds" or with "label," first). */
static size_t skip_header(const char *t, size_t len, size_t body)
{
    static const char *const heads[] = {"index,status,seconds",
                                        "label,index,status,seconds"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(heads[i]);
        if (len - body >= n && memcmp(t + body, heads[i], n) == 0) {
            size_t p = body + n;
            if (p == len)
                return p;
            if (t[p] == '\r' && p + 1 < len && t[p + 1] == '\n')
                return p + 2;
            if (t[p] == '\n' || t[p] == '\r')
                return p + 1;
        }
    }
    return body;
}

int lv_responses_parse(const char *text, size_t len, const char *label,
                       lv_response_set *out, lv_diag *d)
{
    const char *name = label ? label : "<input>";
    memset(out, 0, sizeof *out);
    out->decimals = -1;
    size_t body = 0;
    if (len >= UINT32_MAX) {   /* raw records hold 32-bit offsets */
        lv_diag_file(d, LV_SEV_ERROR, name,
                     "larger than 4 GiB: not a response CSV this tool reads");
        return -1;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        body = 3;
    if (looks_glued(text, len, body))
        return lv_resp_recover_glued(text, len, skip_header(text, len, body),
                                     name, out, d);
    return lv_resp_parse_normal(text, len, body, name, out, d);
}

int lv_responses_load(const char *path, const char *label,
                      lv_response_set *out, lv_diag *d)
{
    char *text;
    size_t len;
    memset(out, 0, sizeof *out);
    out->decimals = -1;
    if (lv_read_file(path, label, LV_READ_LIMIT, &text, &len, d) != 0)
        return -1;
    int rc = lv_responses_parse(text, len, label ? label : path, out, d);
    free(text);
    return rc;
}
