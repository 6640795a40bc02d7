/* Unified diff of two texts: see include/lv/udiff.h. */
#include "lv/udiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t n;   /* without the newline */
} line;

static line *split(const char *s, size_t len, size_t *count)
{
    size_t cap = 16, n = 0, start = 0;
    line *v = malloc(cap * sizeof *v);
    if (!v)
        abort();
    for (size_t i = 0; i <= len; i++) {
        if (i == len && start == len)
            break;
        if (i == len || s[i] == '\n') {
            if (n == cap) {
                cap *= 2;
                line *w = realloc(v, cap * sizeof *w);
                if (!w)
                    abort();
                v = w;
            }
            v[n++] = (line){s + start, i - start};
            start = i + 1;
        }
    }
    *count = n;
    return v;
}

static int same(line x, line y) { return x.n == y.n && memcmp(x.p, y.p, x.n) == 0; }

/* ops: 0 keep, 1 delete (from a), 2 insert (from b), in order. */
typedef struct {
    unsigned char *op;
    size_t n;
} script;

static void lcs_script(line *a, size_t na, line *b, size_t nb, script *s)
{
    size_t w = nb + 1;
    uint32_t *t = calloc((na + 1) * w, sizeof *t);
    s->op = malloc(na + nb + 1);
    if (!t || !s->op)
        abort();
    for (size_t i = na; i-- > 0;)
        for (size_t j = nb; j-- > 0;)
            t[i * w + j] = same(a[i], b[j]) ? t[(i + 1) * w + j + 1] + 1
                           : t[(i + 1) * w + j] > t[i * w + j + 1] ? t[(i + 1) * w + j]
                                                                   : t[i * w + j + 1];
    size_t i = 0, j = 0;
    s->n = 0;
    while (i < na || j < nb) {
        if (i < na && j < nb && same(a[i], b[j])) {
            s->op[s->n++] = 0;
            i++, j++;
        } else if (i < na && (j == nb || t[(i + 1) * w + j] >= t[i * w + j + 1])) {
            s->op[s->n++] = 1;   /* deletions first, as diff -u writes them */
            i++;
        } else {
            s->op[s->n++] = 2;
            j++;
        }
    }
    free(t);
}

/* Too large for the table: keep the common head and tail, replace the rest. */
static void rough_script(line *a, size_t na, line *b, size_t nb, script *s)
{
    size_t head = 0, tail = 0;
    while (head < na && head < nb && same(a[head], b[head]))
        head++;
    while (tail < na - head && tail < nb - head && same(a[na - 1 - tail], b[nb - 1 - tail]))
        tail++;
    s->op = malloc(na + nb + 1);
    if (!s->op)
        abort();
    s->n = 0;
    for (size_t k = 0; k < head; k++)
        s->op[s->n++] = 0;
    for (size_t k = head; k < na - tail; k++)
        s->op[s->n++] = 1;
    for (size_t k = head; k < nb - tail; k++)
        s->op[s->n++] = 2;
    for (size_t k = 0; k < tail; k++)
        s->op[s->n++] = 0;
}

static void put_line(lv_buf *out, char sign, line l)
{
    lv_buf_putc(out, sign);
    lv_buf_put(out, l.p, l.n);
    lv_buf_putc(out, '\n');
}

/* One hunk covering ops [from, to). */
static void hunk(lv_buf *out, const script *s, size_t from, size_t to, line *a,
                 line *b, size_t ai, size_t bi)
{
    size_t na = 0, nb = 0;
    for (size_t k = from; k < to; k++) {
        na += s->op[k] != 2;
        nb += s->op[k] != 1;
    }
    lv_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? ai + 1 : ai, na, nb ? bi + 1 : bi, nb);
    for (size_t k = from; k < to; k++) {
        if (s->op[k] == 0)
            put_line(out, ' ', a[ai++]), bi++;
        else if (s->op[k] == 1)
            put_line(out, '-', a[ai++]);
        else
            put_line(out, '+', b[bi++]);
    }
}

static void hunks(lv_buf *out, const script *s, line *a, line *b)
{
    const size_t ctx = 3;
    size_t k = 0, ai = 0, bi = 0;
    while (k < s->n) {
        if (s->op[k] == 0) {
            k++, ai++, bi++;
            continue;
        }
        size_t start = k >= ctx ? k - ctx : 0, end = k;
        size_t sa = ai - (k - start), sb = bi - (k - start);
        for (;;) {   /* extend while changes are within 2*ctx of each other */
            while (end < s->n && s->op[end] != 0)
                end++;
            size_t run = end;
            while (run < s->n && s->op[run] == 0 && run - end < 2 * ctx)
                run++;
            if (run < s->n && s->op[run] != 0 && run - end <= 2 * ctx)
                end = run;
            else
                break;
        }
        size_t stop = end + ctx < s->n ? end + ctx : s->n;
        while (stop > end && s->op[stop - 1] != 0)
            stop--;
        hunk(out, s, start, stop, a, b, sa, sb);
        for (; k < stop; k++) {
            ai += s->op[k] != 2;
            bi += s->op[k] != 1;
        }
    }
}

int lv_udiff(const char *a, size_t alen, const char *b, size_t blen,
             const char *label_a, const char *label_b, lv_buf *out)
{
    if (alen == blen && memcmp(a, b, alen) == 0)
        return 0;
    size_t na, nb;
    line *la = split(a, alen, &na), *lb = split(b, blen, &nb);
    script s;
    if ((na + 1) * (nb + 1) <= LV_UDIFF_MAX_CELLS)
        lcs_script(la, na, lb, nb, &s);
    else
        rough_script(la, na, lb, nb, &s);
    lv_buf_printf(out, "--- %s\n+++ %s\n", label_a, label_b);
    hunks(out, &s, la, lb);
    if ((alen && a[alen - 1] != '\n') != (blen && b[blen - 1] != '\n'))
        lv_buf_puts(out, "\\ the texts differ in their final newline\n");
    free(s.op);
    free(la);
    free(lb);
    return 1;
}
