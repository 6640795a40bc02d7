/* Unit tests for tallies (src/base/tally.c): whatever is pushed, a tally's
 * summary is lv_sample_summarize's on the same values, bit for bit, and its
 * sample is the values sorted; whole numbers in a narrow range are counted,
 * not kept one by one, once there are enough of them. */
#include <float.h>
#include <math.h>

#include "lvtest.h"

#include "lv/stats.h"
#include "lv/tally.h"

/* A tally and a sample fed the same values agree on every figure (compared
 * as bits: -0.0 and 0.0 differ, and so would a mean one ulp off). */
static void assert_same_summary(lv_tally *t, lv_sample *s)
{
    lv_summary a, b;
    lv_tally_summarize(t, &a);
    lv_sample_summarize(s, &b);
    assert_int_equal(a.n, b.n);
    assert_int_equal(a.empty, b.empty);
    double fa[] = {a.mean, a.min, a.max, a.p50, a.p90, a.p95, a.p99};
    double fb[] = {b.mean, b.min, b.max, b.p50, b.p90, b.p95, b.p99};
    for (size_t i = 0; i < sizeof fa / sizeof fa[0]; i++) {
        if (memcmp(&fa[i], &fb[i], sizeof fa[i]) != 0)
            fail_msg("figure %zu: tally %.17g, sample %.17g", i, fa[i], fb[i]);
    }
    /* the walk gives the sorted values, bits and all */
    lv_sample_sort(s);
    assert_int_equal(lv_tally_n(t), s->n);
    lv_tally_walk w;
    lv_tally_walk_init(&w, t);
    for (size_t i = 0; i < s->n; i++) {
        double x = lv_tally_walk_next(&w);
        if (memcmp(&x, &s->v[i], sizeof x) != 0)
            fail_msg("value %zu: walk %.17g, sorted %.17g", i, x, s->v[i]);
    }
}

/* Push x into both. */
static void both(lv_tally *t, lv_sample *s, double x)
{
    assert_int_equal(lv_tally_push(t, x), lv_sample_push(s, x));
}

static void empty_and_one(void **state)
{
    lv_tally t;
    lv_sample s;
    lv_tally_init(&t);
    lv_sample_init(&s);
    assert_same_summary(&t, &s);
    both(&t, &s, 7.0);
    assert_same_summary(&t, &s);
    /* a small sample stays doubles */
    assert_int_equal(t.counted, 0);
    assert_int_equal(t.rest.n, 1);
    assert_null(t.count);
    lv_tally_free(&t);
    lv_sample_free(&s);
}

/* Whole milliseconds, as KQL's TimeTaken: nearly all counted (only values
 * past what the counts could hold when they were made stay apart), and the
 * counts take the range, not the rows. */
static void whole_milliseconds_are_counted(void **state)
{
    lv_tally t;
    lv_sample s;
    lv_tally_init(&t);
    lv_sample_init(&s);
    for (size_t i = 0; i < 200000; i++)
        both(&t, &s, (double)((i * 7919 + i / 13) % 15631));
    /* only values too far for the first few thousand pushes wait beside */
    assert_int_equal(t.counted + t.rest.n, 200000);
    assert_true(t.rest.n < 200000 / 50);
    assert_true(t.ncount < 2 * 15631);
    assert_same_summary(&t, &s);
    lv_tally_free(&t);
    lv_sample_free(&s);
}

/* Values the counts do not take: -0.0 beside +0.0, fractions, negatives,
 * past LV_TALLY_MAX, one far above the rest early on; NaN and infinities
 * refused by both. The figures still agree. */
static void other_values_go_beside(void **state)
{
    static const double odd[] = {-0.0, 0.5, -3.0, 1e12, LV_TALLY_MAX + 1.0,
                                 62922.0, 4.839467, DBL_MIN, -DBL_MAX};
    size_t nodd = sizeof odd / sizeof odd[0];
    for (size_t variant = 0; variant <= nodd; variant++) {
        lv_tally t;
        lv_sample s;
        lv_tally_init(&t);
        lv_sample_init(&s);
        both(&t, &s, 62922.0);   /* too far for the counts at first */
        for (size_t i = 0; i < 50000; i++) {
            double x = (double)((i * 7919) % 5000);
            if (variant < nodd && i % 97 == 5)
                x = odd[variant];
            both(&t, &s, x);
        }
        both(&t, &s, 0.0);
        assert_int_equal(lv_tally_push(&t, NAN), -1);
        assert_int_equal(lv_tally_push(&t, INFINITY), -1);
        assert_int_equal(lv_tally_push(&t, -INFINITY), -1);
        assert_true(t.rest.n >= 1);
        assert_same_summary(&t, &s);
        lv_tally_free(&t);
        lv_sample_free(&s);
    }
}

/* Values too far for the counts wait beside them until enough values
 * have been pushed for the counts to reach them; then they are counted.
 * The walk over both gives the sample's figures. */
static void far_values_are_counted_once_reachable(void **state)
{
    lv_tally t;
    lv_sample s;
    lv_tally_init(&t);
    lv_sample_init(&s);
    for (size_t i = 0; i < 600000; i++)
        both(&t, &s, i % 10 == 3 ? 0.25 : i % 2 ? 1000000.0 : 999998.0);
    assert_true(t.rest.n > 0 && t.counted > 0);
    assert_same_summary(&t, &s);
    lv_tally_free(&t);
    lv_sample_free(&s);
}

/* The counts never outweigh the values: with half the values narrow and
 * half spread over ten million, the counts cover the narrow ones and what
 * two slots a value allow; the spread ones stay beside. */
static void counts_stay_within_the_values(void **state)
{
    lv_tally t;
    lv_sample s;
    lv_tally_init(&t);
    lv_sample_init(&s);
    for (size_t i = 0; i < 100000; i++) {
        both(&t, &s, (double)(i % 2 ? (i * 7919) % 1000 : (i * 104729) % 10000000));
        if (t.ncount * sizeof *t.count > 8 * (i + 1) + 256)
            fail_msg("%zu slots for %zu values", t.ncount, i + 1);
    }
    assert_true(t.counted > 50000 && t.rest.n > 0);
    assert_same_summary(&t, &s);
    lv_tally_free(&t);
    lv_sample_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_and_one),
        cmocka_unit_test(whole_milliseconds_are_counted),
        cmocka_unit_test(other_values_go_beside),
        cmocka_unit_test(far_values_are_counted_once_reachable),
        cmocka_unit_test(counts_stay_within_the_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
