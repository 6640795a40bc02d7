/* labverdict — samples of numbers, their summaries, and the Mann–Whitney U
 * test used by `diff` to say whether a metric changed between two runs.
 *
 * Everything here is deterministic: the same values give the same bits,
 * whatever order they were pushed in (summaries sort first and sum in sorted
 * order). Nothing returns NaN.
 *
 * Percentiles — the nearest-rank definition
 * -----------------------------------------
 * For n sorted values v[1..n] and a percentage p (0 < p <= 100):
 *
 *     rank(p) = ceil(p/100 * n)          (clamped to 1..n)
 *     P_p     = v[rank(p)]
 *
 * so the result is always one of the values, never an interpolation. p is
 * passed as an integer p×1000 ("milli-percent": 95 % is 95000, 99.9 % is
 * 99900) and the rank is computed in integer arithmetic,
 * ceil(p_milli * n / 100000), so that 95 % of 100 values is rank 95 exactly
 * and never 96 through a floating-point 95.00000000000001.
 * Examples: values 1..100 give p50 = 50, p95 = 95, p99 = 99; 50 values give
 * p95 = the 48th (ceil(47.5)); a single value is every percentile; p = 0 is
 * clamped to rank 1, the minimum.
 *
 * The median is the nearest-rank p50: v[ceil(n/2)]. For odd n that is the
 * middle value; for even n it is the LOWER of the two middle values (not
 * their average), so that the median printed by `diff` is always the p50
 * printed by `report`.
 *
 * Mann–Whitney U (two-sided)
 * --------------------------
 * U1 = the number of pairs (a_i, b_j) with a_i > b_j, plus 1/2 for each pair
 * with a_i == b_j — equivalently R1 - n1(n1+1)/2 with R1 the sum of the
 * average ranks of sample a in the pooled sample. U2 = n1·n2 - U1 and
 * U = min(U1, U2). (U1 is what R's wilcox.test calls W and what
 * scipy.stats.mannwhitneyu returns as its statistic.)
 *
 * The p-value is two-sided, p = min(1, 2·P(U' <= U)) under the null
 * hypothesis that both samples come from one distribution:
 *   - EXACT when there are no ties and n1 < 50 and n2 < 50 (the rule of R's
 *     wilcox.test): the null distribution of U is counted by dynamic
 *     programming over arrangements (no enumeration): at most about
 *     three million additions, for 49 against 49;
 *   - otherwise the NORMAL approximation with the tie correction
 *         sigma^2 = n1·n2/12 · ((N+1) - sum(t^3 - t) / (N(N-1)))
 *     (t = the size of each group of equal values, N = n1 + n2) and the
 *     continuity correction z = (|U1 - n1·n2/2| - 1/2) / sigma (z >= 0),
 *     p = erfc(z / sqrt 2). This is R's wilcox.test(correct = TRUE) and
 *     scipy's mannwhitneyu(method="asymptotic").
 * When every value of both samples is equal (sigma = 0), p = 1.
 * A sample with fewer than LV_MW_MIN_N values still gets a result, flagged
 * too_small: the caller warns. An empty sample gives method LV_MW_NONE and
 * p = 1.
 *
 * "Changed" follows benchstat: a difference is significant when p <= alpha,
 * alpha = LV_MW_ALPHA (0.05) unless the caller says otherwise. */
#ifndef LV_STATS_H
#define LV_STATS_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- samples ------------------------------------------------------------ */

/* A growable array of finite doubles (one block, doubled as it grows).
 * Allocation failure aborts, as for lv_buf. */
typedef struct {
    double *v;      /* NULL until something is pushed */
    size_t n, cap;
    bool sorted;    /* v[0..n) is in ascending order */
} lv_sample;

void lv_sample_init(lv_sample *s);
void lv_sample_free(lv_sample *s);
void lv_sample_reset(lv_sample *s);            /* n = 0, memory kept */
void lv_sample_reserve(lv_sample *s, size_t n); /* room for n values */
/* Append x. NaN and ±inf are not values: they are not stored and the call
 * returns -1 (the caller decides whether to warn); otherwise 0. */
int lv_sample_push(lv_sample *s, double x);
static inline size_t lv_sample_n(const lv_sample *s) { return s->n; }
/* Sort ascending in place (-0.0 before +0.0, so the order is total and the
 * result does not depend on the push order). Cheap when already sorted. */
void lv_sample_sort(lv_sample *s);

/* --- percentiles and summaries ------------------------------------------ */

/* Percentages as p×1000 (see the nearest-rank definition above).
 * LV_PCT takes a whole percentage (LV_PCT(95) == 95000); write fractional
 * ones directly (99.9 % is 99900), never as a floating-point product. */
#define LV_PCT(p) ((uint32_t)(p) * UINT32_C(1000))
#define LV_P50 UINT32_C(50000)
#define LV_P90 UINT32_C(90000)
#define LV_P95 UINT32_C(95000)
#define LV_P99 UINT32_C(99000)

/* The 1-based nearest rank ceil(p_milli·n / 100000), clamped to 1..n;
 * 0 when n == 0. p_milli above 100000 is taken as 100000. Exact for every
 * size_t n (no floating point). */
size_t lv_percentile_rank(size_t n, uint32_t p_milli);

/* The nearest-rank percentile of s (sorted in place first). Returns 0 and
 * sets *out, or -1 when s is empty (*out is then 0.0). */
int lv_sample_percentile(lv_sample *s, uint32_t p_milli, double *out);

/* The median as defined above, v[ceil(n/2)] (sorted in place first).
 * Returns 0, or -1 when s is empty (*out = 0.0). */
int lv_sample_median(lv_sample *s, double *out);

typedef struct {
    size_t n;
    bool empty;    /* n == 0: "no values"; every number below is 0.0 */
    double mean;   /* Neumaier-compensated sum over the sorted values / n */
    double min, max;
    double p50, p90, p95, p99;   /* nearest rank; p50 is the median */
} lv_summary;

/* Summarize s (sorted in place first). Never NaN: an empty sample gives
 * empty = true and zeros. */
void lv_sample_summarize(lv_sample *s, lv_summary *out);

/* Neumaier's compensated sum, a value at a time (the summaries' means):
 * lv_neumaier acc = {0}; lv_neumaier_add(&acc, x)...; lv_neumaier_sum(&acc). */
typedef struct {
    double sum, c;
} lv_neumaier;

static inline void lv_neumaier_add(lv_neumaier *a, double x)
{
    double t = a->sum + x;
    if (fabs(a->sum) >= fabs(x))
        a->c += (a->sum - t) + x;
    else
        a->c += (x - t) + a->sum;
    a->sum = t;
}

static inline double lv_neumaier_sum(const lv_neumaier *a)
{
    return a->sum + a->c;
}

/* --- Mann–Whitney U ----------------------------------------------------- */

#define LV_MW_ALPHA 0.05      /* benchstat's default significance level */
#define LV_MW_MIN_N 5         /* fewer values than this: too_small */
#define LV_MW_EXACT_LIMIT 50  /* exact only when n1 and n2 are below this */

typedef enum {
    LV_MW_AUTO = 0,   /* request: the rule above */
    LV_MW_EXACT,      /* request/result: exact null distribution */
    LV_MW_NORMAL,     /* request/result: normal approximation */
    LV_MW_NONE        /* result: a sample was empty, no test (p = 1) */
} lv_mw_method;

typedef struct {
    size_t n1, n2;
    double u1;        /* U of sample a (R's W, scipy's statistic) */
    double u2;        /* n1·n2 - u1 */
    double u;         /* min(u1, u2) */
    double r1;        /* rank sum of sample a (average ranks for ties) */
    double z;         /* normal approximation: the corrected z (>= 0); 0 for exact */
    double p;         /* two-sided p-value in [0, 1] */
    lv_mw_method method;  /* LV_MW_EXACT, LV_MW_NORMAL or LV_MW_NONE */
    bool ties;        /* some value occurs more than once in the pooled sample */
    bool too_small;   /* n1 or n2 below LV_MW_MIN_N: warn, do not trust */
} lv_mw_result;

/* Two-sided Mann–Whitney U test of a against b; both samples are sorted in
 * place. `want` is normally LV_MW_AUTO; LV_MW_NORMAL forces the
 * approximation; LV_MW_EXACT asks for the exact distribution, which is only
 * given without ties and below LV_MW_EXACT_LIMIT (otherwise the
 * approximation is used). r->method says which was used. */
void lv_mann_whitney(lv_sample *a, lv_sample *b, lv_mw_method want,
                     lv_mw_result *r);

/* benchstat's rule: changed when a test was made and p <= alpha. */
bool lv_mw_changed(const lv_mw_result *r, double alpha);

/* The name of a method: "exact", "normal", "none" (for reports). */
const char *lv_mw_method_name(lv_mw_method m);

#endif
