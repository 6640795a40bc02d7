/* Samples, nearest-rank percentiles and summaries: see include/lv/stats.h. */
#include "lv/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void lv_sample_init(lv_sample *s)
{
    s->v = NULL;
    s->n = s->cap = 0;
    s->sorted = true;
}

void lv_sample_free(lv_sample *s)
{
    free(s->v);
    lv_sample_init(s);
}

void lv_sample_reset(lv_sample *s)
{
    s->n = 0;
    s->sorted = true;
}

void lv_sample_reserve(lv_sample *s, size_t n)
{
    if (n <= s->cap)
        return;
    if (n > (size_t)-1 / sizeof(double))
        abort();
    double *p = realloc(s->v, n * sizeof(double));
    if (!p)
        abort();
    s->v = p;
    s->cap = n;
}

/* A total order on finite doubles: numeric, and -0.0 before +0.0. */
static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    if (a < b)
        return -1;
    if (a > b)
        return 1;
    int sa = signbit(a) != 0, sb = signbit(b) != 0;
    return sb - sa;
}

int lv_sample_push(lv_sample *s, double x)
{
    if (!isfinite(x))
        return -1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        if (s->cap) {
            if (cap > (size_t)-1 / 2 / sizeof(double))
                abort();
            cap *= 2;
        }
        lv_sample_reserve(s, cap);
    }
    if (s->sorted && s->n > 0 && cmp_double(&x, &s->v[s->n - 1]) < 0)
        s->sorted = false;
    s->v[s->n++] = x;
    return 0;
}

/* The bits of a finite double as an unsigned key whose order is
 * cmp_double's: negative values have all bits flipped (so that the larger
 * magnitude comes first and -0.0 just below +0.0), others the sign bit set.
 * Finite doubles that compare equal under cmp_double have the same bits,
 * so any sort by these keys gives the same array as qsort with cmp_double. */
#define SIGN_BIT (UINT64_C(1) << 63)

static uint64_t sort_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u & SIGN_BIT) ? ~u : u | SIGN_BIT;
}

static double from_key(uint64_t k)
{
    uint64_t u = (k & SIGN_BIT) ? k & ~SIGN_BIT : ~k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Least-significant-digit radix sort of v[0..n) through 11-bit digits
 * (six passes at most; a pass is skipped when every key has the same digit
 * there, as the low mantissa bits of whole numbers do). Linear in n. The
 * keys take v's own storage (memcpy in and out, so each element's type is
 * that of its last store), and one more block of n keys is borrowed while
 * it runs: fresh memory is costly on a VM, where each page first touched
 * traps. */
enum { RADIX_BITS = 11, RADIX = 1 << RADIX_BITS, RADIX_PASSES = 6 };

static void radix_sort(double *v, size_t n)
{
    unsigned char *raw = (unsigned char *)v;
    uint32_t(*count)[RADIX] = calloc(RADIX_PASSES, sizeof *count);
    uint64_t *spare = malloc(n * sizeof *spare);
    if (!count || !spare)
        abort();
    for (size_t i = 0; i < n; i++) {
        double x;
        memcpy(&x, raw + i * sizeof x, sizeof x);
        uint64_t k = sort_key(x);
        memcpy(raw + i * sizeof k, &k, sizeof k);
        for (int p = 0; p < RADIX_PASSES; p++)
            count[p][(k >> (p * RADIX_BITS)) & (RADIX - 1)]++;
    }
    uint64_t *a = (uint64_t *)(void *)raw, *b = spare;
    for (int p = 0; p < RADIX_PASSES; p++) {
        uint32_t *c = count[p];
        if (c[(a[0] >> (p * RADIX_BITS)) & (RADIX - 1)] == n)
            continue;   /* one digit for all: this pass would not move */
        uint32_t sum = 0;
        for (size_t d = 0; d < RADIX; d++) {
            uint32_t t = c[d];
            c[d] = sum;
            sum += t;
        }
        for (size_t i = 0; i < n; i++)
            b[c[(a[i] >> (p * RADIX_BITS)) & (RADIX - 1)]++] = a[i];
        uint64_t *t = a;
        a = b;
        b = t;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t k;
        memcpy(&k, (unsigned char *)a + i * sizeof k, sizeof k);
        double x = from_key(k);
        memcpy(raw + i * sizeof x, &x, sizeof x);
    }
    free(spare);
    free(count);
}

/* Counting sort for a sample of whole numbers in a narrow range (KQL's
 * TimeTaken is whole milliseconds): one pass to check and find the range,
 * one to count, one to write the values back in order. Whole numbers from
 * 0 to 2^31 have one representation each (-0.0, the other zero, is
 * refused), so the result is the bits any sort gives. Returns 0, leaving v
 * untouched, when the sample is not such or its range is wider than about
 * twice its size (the counts would outweigh the values). */
static int counting_sort(double *v, size_t n)
{
    int64_t lo = INT64_MAX, hi = -1;
    for (size_t i = 0; i < n; i++) {
        double x = v[i];
        if (!(x >= 0.0 && x <= 2147483648.0) || signbit(x))
            return 0;
        int64_t k = (int64_t)x;
        if ((double)k != x)
            return 0;
        lo = k < lo ? k : lo;
        hi = k > hi ? k : hi;
    }
    size_t range = (size_t)(hi - lo) + 1;
    if (range > 2 * n + 1024)
        return 0;
    uint32_t *count = calloc(range, sizeof *count);
    if (!count)
        abort();
    for (size_t i = 0; i < n; i++)
        count[(int64_t)v[i] - lo]++;
    size_t j = 0;
    for (size_t r = 0; r < range; r++)
        for (uint32_t c = count[r]; c > 0; c--)
            v[j++] = (double)(lo + (int64_t)r);
    free(count);
    return 1;
}

void lv_sample_sort(lv_sample *s)
{
    if (s->sorted)
        return;
    if (s->n >= 256 && s->n <= UINT32_MAX) {
        if (!counting_sort(s->v, s->n))
            radix_sort(s->v, s->n);
    } else if (s->n > 1) {
        qsort(s->v, s->n, sizeof(double), cmp_double);
    }
    s->sorted = true;
}

size_t lv_percentile_rank(size_t n, uint32_t p_milli)
{
    if (n == 0)
        return 0;
    if (p_milli > 100000)
        p_milli = 100000;
    /* ceil(n·p / 100000) without overflow: n = q·100000 + r gives
     * q·p + ceil(r·p / 100000), and r·p < 10^10 fits in 64 bits. */
    const uint64_t D = 100000;
    uint64_t q = (uint64_t)n / D, r = (uint64_t)n % D;
    uint64_t rank = q * p_milli + (r * p_milli + D - 1) / D;
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (size_t)rank;
}

int lv_sample_percentile(lv_sample *s, uint32_t p_milli, double *out)
{
    *out = 0.0;
    if (s->n == 0)
        return -1;
    lv_sample_sort(s);
    *out = s->v[lv_percentile_rank(s->n, p_milli) - 1];
    return 0;
}

int lv_sample_median(lv_sample *s, double *out)
{
    return lv_sample_percentile(s, LV_P50, out);
}

/* Neumaier's compensated sum of v[0..n), in that order. */
static double neumaier_sum(const double *v, size_t n, double scale)
{
    lv_neumaier acc = {0.0, 0.0};
    for (size_t i = 0; i < n; i++)
        lv_neumaier_add(&acc, v[i] * scale);
    return lv_neumaier_sum(&acc);
}

void lv_sample_summarize(lv_sample *s, lv_summary *out)
{
    memset(out, 0, sizeof *out);
    out->n = s->n;
    out->empty = s->n == 0;
    if (s->n == 0)
        return;
    lv_sample_sort(s);
    const double *v = s->v;
    size_t n = s->n;
    double mean = neumaier_sum(v, n, 1.0) / (double)n;
    if (!isfinite(mean))   /* the sum overflowed: average the scaled values */
        mean = neumaier_sum(v, n, 1.0 / (double)n);
    out->min = v[0];
    out->max = v[n - 1];
    /* Rounding cannot take the mean outside the values (0.1 three times
     * must not average to 0.10000000000000002 > max). */
    out->mean = mean < out->min ? out->min : mean > out->max ? out->max : mean;
    out->p50 = v[lv_percentile_rank(n, LV_P50) - 1];
    out->p90 = v[lv_percentile_rank(n, LV_P90) - 1];
    out->p95 = v[lv_percentile_rank(n, LV_P95) - 1];
    out->p99 = v[lv_percentile_rank(n, LV_P99) - 1];
}
