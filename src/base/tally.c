/* Tallies: values counted by value. See include/lv/tally.h. */
#include "lv/tally.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Slots: the values 0..LV_TALLY_MAX. */
#define MAX_SLOTS ((size_t)LV_TALLY_MAX + 1)

void lv_tally_init(lv_tally *t)
{
    t->count = NULL;
    t->ncount = 0;
    t->counted = 0;
    t->sum = 0;
    lv_sample_init(&t->rest);
}

void lv_tally_free(lv_tally *t)
{
    free(t->count);
    lv_sample_free(&t->rest);
    lv_tally_init(t);
}

size_t lv_tally_n(const lv_tally *t)
{
    return (size_t)t->counted + t->rest.n;
}

/* The most slots the counts may have with n values pushed: 4 bytes a slot,
 * at most the 8 bytes a value the doubles would take, and 256 bytes. */
static size_t slot_limit(size_t n)
{
    size_t limit = 2 * n + 64;
    return limit < MAX_SLOTS ? limit : MAX_SLOTS;
}

/* x as a slot: a whole number in [0, LV_TALLY_MAX], not -0.0; else -1. */
static long long slot_of(double x)
{
    if (!(x >= 0.0 && x <= LV_TALLY_MAX) || signbit(x) || x != floor(x))
        return -1;
    return (long long)x;
}

/* Resize the counts to n slots (the new ones zero). */
static void resize(lv_tally *t, size_t n)
{
    uint32_t *c = realloc(t->count, n * sizeof *c);
    if (!c)
        abort();
    if (n > t->ncount)
        memset(c + t->ncount, 0, (n - t->ncount) * sizeof *c);
    t->count = c;
    t->ncount = n;
}

/* Stretch the counts to hold slot k, half as much again at least, if that
 * keeps them within slot_limit. Returns whether k can be counted. */
static int reach(lv_tally *t, size_t k)
{
    size_t limit = slot_limit(lv_tally_n(t) + 1);
    if (k + 1 > limit)
        return 0;
    size_t n = t->ncount + t->ncount / 2;
    n = n < k + 1 ? k + 1 : n;
    resize(t, n < limit ? n : limit);
    return 1;
}

static void count(lv_tally *t, size_t k)
{
    t->count[k]++;
    t->counted++;
    t->sum = t->sum <= UINT64_MAX - k ? t->sum + k : UINT64_MAX;
}

/* Values are kept as doubles until there are COUNT_FROM of them (a small
 * sample costs less as doubles than as counts of its range); then, and
 * each time their number doubles while none is counted, the counts are
 * made if at least half the values fit in slot_limit: those are moved into
 * the counts and the others stay in the rest. */
enum { COUNT_FROM = 4096 };

static void try_counts(lv_tally *t)
{
    lv_sample *r = &t->rest;
    size_t limit = slot_limit(r->n), fit = 0, top = 0;
    for (size_t i = 0; i < r->n; i++) {
        long long k = slot_of(r->v[i]);
        if (k >= 0 && (size_t)k < limit) {
            fit++;
            top = (size_t)k + 1 > top ? (size_t)k + 1 : top;
        }
    }
    if (fit < r->n / 2)
        return;
    resize(t, top);
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) {
        long long k = slot_of(r->v[i]);
        if (k >= 0 && (size_t)k < top && t->count[k] < UINT32_MAX)
            count(t, (size_t)k);
        else
            r->v[kept++] = r->v[i];
    }
    r->n = kept;
}

int lv_tally_push(lv_tally *t, double x)
{
    /* The hot path: a whole number the counts already hold. -0.0 is not
     * counted (an lv_sample keeps it apart from +0.0). */
    if (x >= 0.0 && x < (double)t->ncount) {
        size_t k = (size_t)x;
        if ((double)k == x && (k || !signbit(x)) && t->count[k] < UINT32_MAX) {
            count(t, k);
            return 0;
        }
    }
    if (!isfinite(x))
        return -1;
    long long k = slot_of(x);
    if (t->count && k >= 0 && ((size_t)k < t->ncount || reach(t, (size_t)k)) &&
        t->count[k] < UINT32_MAX) {
        count(t, (size_t)k);
        return 0;
    }
    lv_sample_push(&t->rest, x);
    size_t n = t->rest.n;
    if (!t->count && n >= COUNT_FROM && (n & (n - 1)) == 0)
        try_counts(t);
    return 0;
}

void lv_tally_walk_init(lv_tally_walk *w, lv_tally *t)
{
    lv_sample_sort(&t->rest);
    w->t = t;
    w->k = 0;
    w->left = t->ncount ? t->count[0] : 0;
    w->r = 0;
}

/* Move to the next value: whether it is the rest's (else it is slot k's). A
 * value of the rest goes first when it is below k, or -0.0 (which comes
 * before +0.0); equal values have equal bits, either will do. */
static int rest_first(lv_tally_walk *w)
{
    const lv_tally *t = w->t;
    while (!w->left && w->k + 1 < t->ncount)
        w->left = t->count[++w->k];
    return w->r < t->rest.n &&
           (!w->left || t->rest.v[w->r] < (double)w->k || signbit(t->rest.v[w->r]));
}

double lv_tally_walk_next(lv_tally_walk *w)
{
    if (rest_first(w))
        return w->t->rest.v[w->r++];
    w->left--;
    return (double)w->k;
}

/* The next run of equal values: *x, and how many (slot k's all at once, the
 * rest's one at a time). */
static uint64_t walk_run(lv_tally_walk *w, double *x)
{
    if (rest_first(w)) {
        *x = w->t->rest.v[w->r++];
        return 1;
    }
    *x = (double)w->k;
    uint64_t n = w->left;
    w->left = 0;
    return n;
}

/* The compensated sum of the values in the walk's order: the sum
 * lv_sample_summarize takes over the same values sorted. */
static double walk_sum(lv_tally *t, size_t n, double scale)
{
    lv_tally_walk w;
    lv_tally_walk_init(&w, t);
    lv_neumaier acc = {0.0, 0.0};
    for (size_t i = 0; i < n; i++)
        lv_neumaier_add(&acc, lv_tally_walk_next(&w) * scale);
    return lv_neumaier_sum(&acc);
}

/* lv_sample_summarize's figures: percentiles, min and max from the runs of
 * the walk (the range of the counts, not their number); the mean from the
 * exact sum when every value is counted and the sum is below 2^53 (the
 * compensated sum of such whole numbers is exact too), else from the same
 * compensated sum over the same values in the same order. */
void lv_tally_summarize(lv_tally *t, lv_summary *out)
{
    memset(out, 0, sizeof *out);
    size_t n = lv_tally_n(t);
    out->n = n;
    out->empty = n == 0;
    if (out->empty)
        return;
    static const uint32_t pct[4] = {LV_P50, LV_P90, LV_P95, LV_P99};
    double *at[4] = {&out->p50, &out->p90, &out->p95, &out->p99};
    size_t rank[4], j = 0;
    for (int i = 0; i < 4; i++)
        rank[i] = lv_percentile_rank(n, pct[i]);
    lv_tally_walk w;
    lv_tally_walk_init(&w, t);
    for (uint64_t cum = 0; cum < n;) {
        double x;
        uint64_t run = walk_run(&w, &x);
        if (cum == 0)
            out->min = x;
        cum += run;
        for (; j < 4 && cum >= rank[j]; j++)
            *at[j] = x;
        out->max = x;
    }
    double mean;
    if (t->rest.n == 0 && t->sum <= (UINT64_C(1) << 53)) {
        mean = (double)t->sum / (double)n;
    } else {
        mean = walk_sum(t, n, 1.0) / (double)n;
        if (!isfinite(mean))   /* the sum overflowed: average the scaled values */
            mean = walk_sum(t, n, 1.0 / (double)n);
    }
    out->mean = mean < out->min ? out->min : mean > out->max ? out->max : mean;
}
