/* Exact recovery of glued response streams.
 *
 * A glued stream is records "[label,]index,status,seconds" written with no
 * separator (or some with a line break, some without), e.g.
 *
 *     1,200,4.83946710,200,1.401549...  =  (1,200,4.839467) (10,200,1.401549)
 *
 * The only thing that tells where a record ends is that the seconds carry a
 * fixed number D of decimals; the digits after them begin the next index
 * (or the next label). Given D and whether records carry a label, the text
 * has exactly one reading, made in one pass by read_glued():
 *
 *     [label ','] index ',' status(3 digits) ',' whole '.' D digits
 *
 * where whole is "0" or digits not starting with 0, and a record of status
 * 000 may have seconds "0" with no decimals (the fallback line
 * "7,000,0" a failed request leaves).
 *
 * D is not assumed: every D in 1..LV_RESPONSES_MAX_DECIMALS, with and
 * without labels, is read, and a reading is valid when it parses to the end
 * and its requests (after folding fallbacks) have indexes 1..N, each once.
 *   - one valid reading: that is the answer. A wrong D moves digits
 *     between a fraction and the next index, which breaks the 1..N
 *     permutation, and a record that ends a line or the text has exactly
 *     D decimals.
 *   - several: the text is ambiguous (say labels that begin with a digit
 *     and a last record "N,000,0"); report the readings and the byte
 *     offsets where the first two part, and fail rather than guess.
 *   - none: the input is broken; report the errors of the closest reading
 *     (see score(): requests with a good index, minus those with a bad
 *     one, plus the fractions in the text that agree with its D, minus
 *     those that rule it out).
 * Each reading is one linear pass plus an O(N) check, and there are at most
 * 2 * LV_RESPONSES_MAX_DECIMALS of them, so the whole is linear in the size
 * of the text. A reading is dropped at the first record that rules it out
 * (a bad or repeated index, one past what the text can hold: see pruner),
 * so a wrong one usually stops within a few records and only the valid one
 * is read whole; only when none is valid are they all read whole, to score
 * them.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/responses.h"
#include "lv/responses_int.h"

typedef struct {
    int dec, labels;
    int failed;          /* stopped on a syntax error */
    size_t err_at;       /* ... at this byte */
    char *err;           /* malloc'd message */
    size_t n_req, good, problems;
    size_t reached;      /* bytes read */
    int pruned;          /* dropped early: it cannot be valid */
} reading;

/* A reading is valid only if no request has a bad index, an index past the
 * number of records the text can hold, or the index of an earlier request.
 * The pruner sees the records as they are read (folding fallbacks by the
 * rule of lv_resp_mark_fallbacks) and says when one of them rules the
 * reading out, so that a wrong reading stops after a few records instead
 * of reading the whole text. */
typedef struct {
    unsigned char *seen;   /* bitmap of the request indexes 1..max */
    uint64_t max;          /* no request index can be above this */
    int have_prev, prev_fallback, prev_ok;
    uint64_t prev_index;
} pruner;

static void pruner_init(pruner *pr, size_t text_len)
{
    /* the shortest record, "1,000,0", is 7 bytes */
    pr->max = (uint64_t)(text_len / 7) + 1;
    pr->seen = malloc((size_t)(pr->max / 8 + 1));
    if (!pr->seen)
        abort();
}

static void pruner_reset(pruner *pr)
{
    memset(pr->seen, 0, (size_t)(pr->max / 8 + 1));
    pr->have_prev = 0;
}

/* Whether record r (read after the pruner's previous one) rules the
 * reading out. */
static int ruled_out(pruner *pr, const lv_raw_response *r, const char *t)
{
    int ok = r->idx_bad == LV_IDX_OK;
    int fallback = pr->have_prev && !pr->prev_fallback && ok &&
                   pr->prev_ok && r->index == pr->prev_index &&
                   memcmp(r->status, "000", 3) == 0 &&
                   lv_resp_seconds_zero(t + r->sec_off, r->sec_len);
    pr->have_prev = 1;
    pr->prev_fallback = fallback;
    pr->prev_ok = ok;
    pr->prev_index = r->index;
    if (fallback)
        return 0;
    if (!ok || r->index > pr->max)
        return 1;
    unsigned char bit = (unsigned char)(1u << (r->index % 8));
    if (pr->seen[r->index / 8] & bit)
        return 1;
    pr->seen[r->index / 8] |= bit;
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int label_byte(char c)
{
    return c != ',' && c != '"' && (unsigned char)c >= 0x20 && c != 0x7f;
}

/* A byte for messages: 'h', or 0x00. */
static void show_byte(char c, char out[16])
{
    unsigned char u = (unsigned char)c;
    if (u < 0x20 || u == 0x7f)
        snprintf(out, 16, "byte 0x%02x", u);
    else if (u >= 0x80)
        snprintf(out, 16, "byte 0x%02x", u);
    else
        snprintf(out, 16, "'%c'", c);
}

static int fail(reading *rd, size_t at, const char *fmt, ...) LV_PRINTF(3, 4);
static int fail(reading *rd, size_t at, const char *fmt, ...)
{
    lv_buf b;
    lv_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    rd->failed = 1;
    rd->err_at = at;
    rd->reached = at;
    free(rd->err);
    rd->err = lv_buf_steal(&b);
    return -1;
}

static int fail_truncated(reading *rd, const char *t, size_t len, size_t rs)
{
    char *snip = lv_resp_snippet(t + rs, len - rs, 48);
    fail(rd, rs, "the last record is cut short by the end of the file: '%s'",
         snip);
    free(snip);
    return -1;
}

static int fail_found(reading *rd, const char *t, size_t at,
                      const char *expected)
{
    char b[16];
    show_byte(t[at], b);
    return fail(rd, at, "expected %s, found %s", expected, b);
}

/* Read the record that starts at t[p] into *r and move p past it.
 * Returns 0, or -1 with the error in rd. */
static int read_record(const char *t, size_t len, size_t *pp, reading *rd,
                       lv_raw_response *r)
{
    const size_t dec = (size_t)rd->dec;
    size_t p = *pp, rs = p, q;
    memset(r, 0, sizeof *r);
    r->off = (uint32_t)rs;
    if (rd->labels) {
        for (q = p; q < len && label_byte(t[q]); q++)
            ;
        if (q == len)
            return fail_truncated(rd, t, len, rs);
        if (t[q] != ',')
            return fail_found(rd, t, q, "',' after the label");
        if (q == p)
            return fail_found(rd, t, p, "a label");
        r->has_label = 1;
        r->lab_off = (uint32_t)p;
        r->lab_len = (uint32_t)(q - p);
        p = q + 1;
    }
    /* index: digits (0, leading zeros and size are judged later) */
    for (q = p; q < len && is_digit(t[q]); q++)
        ;
    if (q == len)
        return fail_truncated(rd, t, len, rs);
    if (q == p)
        return fail_found(rd, t, p, "the index of a record (digits)");
    if (t[q] != ',')
        return fail_found(rd, t, q, "',' after the index");
    r->idx_at = (uint32_t)p;
    r->idx_off = (uint32_t)p;
    r->idx_len = (unsigned char)(q - p > LV_RAW_IDX_MAX ? LV_RAW_IDX_MAX : q - p);
    r->idx_bad = (unsigned char)lv_resp_index_value(t + p, q - p, &r->index);
    p = q + 1;
    /* status: 3 digits */
    for (q = p; q < len && is_digit(t[q]) && q - p < 4; q++)
        ;
    if (q == len)
        return fail_truncated(rd, t, len, rs);
    if (q - p != 3 || t[q] != ',') {
        size_t e = p;
        while (e < len && e - p < 16 && t[e] != ',' && t[e] != '\n' &&
               t[e] != '\r')
            e++;
        char *snip = lv_resp_snippet(t + p, e - p, 16);
        fail(rd, p, "the status is not 3 digits: '%s'", snip);
        free(snip);
        return -1;
    }
    memcpy(r->status, t + p, 3);
    p = q + 1;
    /* seconds: whole '.' dec digits, or "0" alone after status 000 */
    size_t sp = p;
    if (p == len)
        return fail_truncated(rd, t, len, rs);
    if (!is_digit(t[p]))
        return fail_found(rd, t, p, "the seconds");
    if (t[p] == '0')
        q = p + 1;
    else
        for (q = p; q < len && is_digit(t[q]) && q - p < 24; q++)
            ;
    int zero_form = t[p] == '0' && memcmp(r->status, "000", 3) == 0;
    if (q < len && t[q] == '.') {
        size_t f = q + 1, k = 0;
        while (k < dec && f + k < len && is_digit(t[f + k]))
            k++;
        if (k < dec) {
            if (f + k == len)
                return fail_truncated(rd, t, len, rs);
            char *snip = lv_resp_snippet(t + sp, f + k - sp, 32);
            fail(rd, sp,
                 "the seconds '%s' have %zu decimal%s where the records "
                 "have %zu",
                 snip, k, k == 1 ? "" : "s", dec);
            free(snip);
            return -1;
        }
        p = f + dec;
    } else if (zero_form) {
        p = q; /* "0": a fallback's seconds */
    } else if (q == len) {
        return fail_truncated(rd, t, len, rs);
    } else if (q - p >= 24) {
        return fail(rd, sp, "the seconds' whole part is over 24 digits");
    } else {
        return fail_found(rd, t, q,
                          t[p] == '0' ? "'.' after the seconds' 0"
                                      : "'.' in the seconds");
    }
    if (p - sp > 31)
        return fail(rd, sp, "the seconds are longer than 31 characters");
    r->sec_off = (uint32_t)sp;
    r->sec_len = (unsigned char)(p - sp);
    *pp = p;
    return 0;
}

/* One reading of t[body..len) with rd's decimals and labels; the records
 * go to rv, an error to rd. With a pruner, stop (rd->pruned) at a record
 * that rules the reading out. */
static void read_glued(const char *t, size_t len, size_t body, reading *rd,
                       lv_raw_vec *rv, pruner *pr)
{
    size_t p = body;
    rv->n = 0;
    rd->failed = 0;
    rd->pruned = 0;
    free(rd->err);
    rd->err = NULL;
    if (pr)
        pruner_reset(pr);
    for (;;) {
        while (p < len && (t[p] == '\n' || t[p] == '\r'))
            p++;
        if (p >= len)
            break;
        lv_raw_response r;
        if (read_record(t, len, &p, rd, &r) != 0)
            return;
        if (pr && ruled_out(pr, &r, t)) {
            rd->pruned = 1;
            rd->reached = p;
            return;
        }
        *lv_raw_push(rv) = r;
    }
    rd->reached = len;
}

/* Read, then score: requests, good indexes, problems. With a pruner, a
 * reading that is ruled out stops there (rd->pruned) unscored. */
static void try_reading(const char *t, size_t len, size_t body, reading *rd,
                        lv_raw_vec *rv, pruner *pr)
{
    read_glued(t, len, body, rd, rv, pr);
    if (rd->pruned)
        return;
    rd->n_req = lv_resp_mark_fallbacks(rv->v, rv->n, t);
    /* A reading cut short by an error has not seen all requests: allow
     * indexes up to what the rest of the text would hold at the same rate. */
    size_t n = rd->n_req;
    if (rd->failed) {
        size_t done = rd->reached > body ? rd->reached - body : 1;
        n += 2 + (size_t)((double)rd->n_req * (double)(len - rd->reached) /
                          (double)done);
        if (n > (len - body) / 7 + 2) /* the shortest record: "1,000,0" */
            n = (len - body) / 7 + 2;
    }
    if (rv->n == 0) {
        rd->good = 0;
        rd->problems = 1;
        return;
    }
    rd->problems = lv_resp_check(rv->v, rv->n, n, t, NULL, NULL, &rd->good);
    if (rd->failed)
        rd->problems++;
}

static int valid(const reading *rd)
{
    return !rd->pruned && !rd->failed && rd->problems == 0 && rd->n_req > 0;
}

/* Evidence on the decimals, read off the text without a reading: a
 * fraction of k digits that ends at a line end has exactly D = k digits;
 * one that ends at a ',' (the digits of a next index follow the decimals)
 * has D < k; one that ends at another byte (a label) has D <= k, usually
 * D = k. The one that ends the text points at D = k too, but may be cut
 * short, so it never rules a D out. votes[D] counts the fractions that
 * point at D, contra[D] those that rule D out. Only used to pick, among
 * readings that all fail, the one whose errors to report. */
typedef struct {
    long long votes[LV_RESPONSES_MAX_DECIMALS + 1];
    long long contra[LV_RESPONSES_MAX_DECIMALS + 1];
} evidence;

static void gather_evidence(const char *t, size_t len, size_t body,
                            evidence *ev)
{
    memset(ev, 0, sizeof *ev);
    for (size_t i = body; i < len; i++) {
        if (t[i] != '.')
            continue;
        size_t k = 0;
        while (i + 1 + k < len && is_digit(t[i + 1 + k]))
            k++;
        size_t e = i + 1 + k;
        i += k;
        if (k == 0)
            continue;
        int end = e == len;
        int line = !end && (t[e] == '\n' || t[e] == '\r');
        int comma = !end && t[e] == ',';
        for (size_t dd = 1; dd <= LV_RESPONSES_MAX_DECIMALS; dd++) {
            if (end ? 0 : line ? dd != k : comma ? dd >= k : dd > k)
                ev->contra[dd]++;
            else if (!comma && dd == k)
                ev->votes[dd]++;
        }
    }
}

/* Requests with a good index, minus those with a bad one, plus evidence
 * for the decimals, minus evidence against. */
static long long score(const reading *rd, const evidence *ev)
{
    if (rd->n_req == 0) /* read nothing: the evidence is not its own */
        return LLONG_MIN / 2;
    return 2 * (long long)rd->good - (long long)rd->n_req +
           ev->votes[rd->dec] - ev->contra[rd->dec];
}

/* Better reading to blame when none is valid: the higher score, then the
 * more text read (which also orders readings that read no record). */
static int better(const reading *a, const reading *b, const evidence *ev)
{
    long long sa = score(a, ev), sb = score(b, ev);
    if (sa != sb)
        return sa > sb;
    return a->reached > b->reached;
}

static void describe(const reading *rd, char *out, size_t size)
{
    snprintf(out, size, "%d decimal%s%s", rd->dec, rd->dec == 1 ? "" : "s",
             rd->labels ? " (label first)" : "");
}

/* Several readings are valid: name them all, and show where the first
 * two part (the byte offsets of up to 3 records the first reads one way
 * and the second another). */
static void report_ambiguous(const char *t, size_t len, size_t body,
                             reading *rds, const size_t *ok, size_t nok,
                             const char *name, lv_diag *d)
{
    lv_raw_vec A = {0}, B = {0};
    reading *ra = &rds[ok[0]], *rb = &rds[ok[1]];
    read_glued(t, len, body, ra, &A, NULL);
    read_glued(t, len, body, rb, &B, NULL);
    lv_buf all, at;
    lv_buf_init(&all);
    lv_buf_init(&at);
    char da[48], db[48];
    describe(ra, da, sizeof da);
    describe(rb, db, sizeof db);
    if (nok > 2) {
        lv_buf_printf(&all, "%zu readings give indexes 1..N each once, with ",
                      nok);
        for (size_t k = 0; k < nok; k++) {
            char how[48];
            describe(&rds[ok[k]], how, sizeof how);
            lv_buf_printf(&all, "%s%s",
                          k == 0 ? "" : k + 1 == nok ? " and " : ", ", how);
        }
        lv_buf_puts(&all, "; the first two part");
    }
    size_t shown = 0, j = 0;
    long long first = 0;
    char *sa = NULL, *sb = NULL;
    for (size_t i = 0; i < A.n && shown < 3; i++) {
        const lv_raw_response *x = &A.v[i];
        size_t ex = x->sec_off + x->sec_len;
        while (j + 1 < B.n && B.v[j + 1].off <= x->off)
            j++;
        const lv_raw_response *y = &B.v[j];
        size_t ey = y->sec_off + y->sec_len;
        if (y->off == x->off && ey == ex)
            continue;
        if (shown == 0) {
            first = x->off;
            sa = lv_resp_snippet(t + x->off, ex - (size_t)x->off, 40);
            sb = lv_resp_snippet(t + y->off, ey - (size_t)y->off, 40);
        }
        lv_buf_printf(&at, "%s%lu", shown ? ", " : "", (unsigned long)x->off);
        shown++;
    }
    if (nok == 2)
        lv_buf_printf(&all, "read with %s and with %s, both give indexes "
                            "1..N each once; they part",
                      da, db);
    lv_diag_byte(d, LV_SEV_ERROR, name, first,
                 "ambiguous glued records: %s at byte%s %s ('%s' or '%s'); "
                 "not guessing",
                 all.data, shown == 1 ? "" : "s", at.data ? at.data : "?",
                 sa ? sa : "", sb ? sb : "");
    free(sa);
    free(sb);
    lv_buf_free(&all);
    lv_buf_free(&at);
    lv_raw_free(&A);
    lv_raw_free(&B);
}

int lv_resp_recover_glued(const char *t, size_t len, size_t body,
                          const char *name, lv_response_set *out, lv_diag *d)
{
    enum { NR = 2 * LV_RESPONSES_MAX_DECIMALS };
    reading rds[NR];
    size_t ok[NR], nok = 0, best = 0;
    lv_raw_vec rv = {0}, keep = {0};
    memset(rds, 0, sizeof rds);
    /* Every reading, each dropped at the first record that rules it out:
     * the valid ones are read whole, the wrong ones usually stop within a
     * few records. */
    pruner pr;
    pruner_init(&pr, len - body);
    /* A record holds at least two commas: room for every record a reading
     * can find, so that the valid reading's records are never moved. */
    lv_raw_reserve(&rv, lv_resp_record_bound(t + body, len - body, ',', 2));
    for (int i = 0; i < NR; i++) {
        reading *rd = &rds[i];
        rd->labels = i / LV_RESPONSES_MAX_DECIMALS;
        rd->dec = i % LV_RESPONSES_MAX_DECIMALS + 1;
        try_reading(t, len, body, rd, &rv, &pr);
        if (valid(rd)) {
            if (nok == 0) {   /* keep its records: no need to read again */
                lv_raw_vec tmp = keep;
                keep = rv;
                rv = tmp;
            }
            ok[nok++] = (size_t)i;
        }
    }
    free(pr.seen);
    /* None is valid: read them all whole and score them, to report the
     * errors of the closest one. */
    if (nok == 0) {
        evidence ev;
        gather_evidence(t, len, body, &ev);
        for (int i = 0; i < NR; i++) {
            reading *rd = &rds[i];
            try_reading(t, len, body, rd, &rv, NULL);
            if (i == 0 || better(rd, &rds[best], &ev))
                best = (size_t)i;
        }
    }
    int rc = -1;
    if (nok > 1) {
        report_ambiguous(t, len, body, rds, ok, nok, name, d);
    } else {
        reading *rd = &rds[nok == 1 ? ok[0] : best];
        char how[48];
        describe(rd, how, sizeof how);
        if (nok == 1) {
            lv_raw_vec tmp = rv;
            rv = keep;
            keep = tmp;
        } else {
            read_glued(t, len, body, rd, &rv, NULL);
            lv_resp_mark_fallbacks(rv.v, rv.n, t);
        }
        if (rd->failed) {
            lv_diag_byte(d, LV_SEV_ERROR, name, (long long)rd->err_at,
                         "%s (glued records, read with %s)", rd->err, how);
        } else if (rv.n == 0) {
            lv_diag_file(d, LV_SEV_ERROR, name, "no response records");
        } else {
            if (nok == 0)
                lv_diag_file(d, LV_SEV_ERROR, name,
                             "no reading of the glued records gives indexes "
                             "1..N; the closest, with %s, has these "
                             "problems:",
                             how);
            else
                lv_diag_file(d, LV_SEV_WARNING, name,
                             "records are glued together with no line break "
                             "between them; recovered %zu, reading the "
                             "seconds with %s",
                             rd->n_req, how);
            rc = lv_resp_build(rv.v, rv.n, t, name, d, out);
            if (rc == 0) {
                out->glued = 1;
                out->decimals = rd->dec;
            }
        }
    }
    for (int i = 0; i < NR; i++)
        free(rds[i].err);
    lv_raw_free(&rv);
    lv_raw_free(&keep);
    return rc;
}
