/* libFuzzer target: tallies (src/base/tally.c) against plain samples. The
 * input is a program of values: each byte picks a kind of value (a small or
 * large whole number, a fraction, -0.0, a negative, a huge one, a raw
 * double from the next 8 bytes, or a run of one value) and the following
 * bytes give it. Every value goes into a tally and a sample; then the two
 * must agree on every figure, bit for bit, and the tally's walk must give
 * the sample's sorted values. An abort marks a difference. */
#include <math.h>
#include <string.h>

#include "fuzz_common.h"
#include "lv/stats.h"
#include "lv/tally.h"

/* Bytes read from the input, 0 past its end. */
typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static uint64_t take(input *in, size_t bytes)
{
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; i++) {
        v = v << 8 | (in->n ? *in->p : 0);
        if (in->n) {
            in->p++;
            in->n--;
        }
    }
    return v;
}

/* The next value, and how many times to push it. */
static double next_value(input *in, size_t *times)
{
    *times = 1;
    switch (take(in, 1) % 9) {
    case 0: return (double)take(in, 1);                  /* 0..255 */
    case 1: return (double)take(in, 2);                  /* 0..65535 */
    case 2: return (double)(take(in, 3) % 16777300);     /* around LV_TALLY_MAX */
    case 3: return (double)take(in, 2) / 8.0;            /* fractions */
    case 4: return -0.0;
    case 5: return -(double)take(in, 1);                 /* negatives */
    case 6: return (double)take(in, 1) * 1e15;           /* past 2^53 sums */
    case 7: {                                            /* any double */
        uint64_t u = take(in, 8);
        double x;
        memcpy(&x, &u, sizeof x);
        return x;
    }
    default:                                             /* a run */
        *times = 1 + (size_t)take(in, 2) % 5000;
        return (double)take(in, 2);
    }
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    lv_tally t;
    lv_sample s;
    lv_tally_init(&t);
    lv_sample_init(&s);
    size_t pushed = 0;
    while (in.n > 0 && pushed < 200000) {
        size_t times;
        double x = next_value(&in, &times);
        for (size_t i = 0; i < times; i++, pushed++)
            if (lv_tally_push(&t, x) != lv_sample_push(&s, x))
                abort();
    }
    lv_summary a, b;
    lv_tally_summarize(&t, &a);
    lv_sample_summarize(&s, &b);
    if (a.n != b.n || a.empty != b.empty || !same_bits(a.mean, b.mean) ||
        !same_bits(a.min, b.min) || !same_bits(a.max, b.max) ||
        !same_bits(a.p50, b.p50) || !same_bits(a.p90, b.p90) ||
        !same_bits(a.p95, b.p95) || !same_bits(a.p99, b.p99))
        abort();
    if (lv_tally_n(&t) != s.n)
        abort();
    lv_tally_walk w;
    lv_tally_walk_init(&w, &t);
    for (size_t i = 0; i < s.n; i++)
        if (!same_bits(lv_tally_walk_next(&w), s.v[i]))
            abort();
    /* the counts never outweigh the doubles they replace */
    if (t.ncount * sizeof *t.count > 8 * lv_tally_n(&t) + 256)
        abort();
    lv_tally_free(&t);
    lv_sample_free(&s);
    return 0;
}
