/* Unit tests for samples, nearest-rank percentiles and summaries.
 * Expected values are worked out by hand in the comments, not taken from the
 * module. */
#include "lvtest.h"

#include <float.h>
#include <math.h>

#include "lv/stats.h"

/* Push 1..n in a scrambled order (i·k mod n for k coprime with n). */
static void push_scrambled(lv_sample *s, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(lv_sample_push(s, (double)((i * k) % n + 1)), 0);
}

static void sample_grows_and_sorts(void **state)
{
    lv_sample s;
    lv_sample_init(&s);
    assert_int_equal(lv_sample_n(&s), 0);
    /* the KQL loader pushes up to 500,000 values */
    push_scrambled(&s, 500000, 7919);
    assert_int_equal(lv_sample_n(&s), 500000);
    assert_false(s.sorted);
    lv_sample_sort(&s);
    assert_true(s.sorted);
    for (size_t i = 0; i < s.n; i++)
        assert_true(s.v[i] == (double)(i + 1));
    lv_sample_reset(&s);
    assert_int_equal(lv_sample_n(&s), 0);
    lv_sample_free(&s);
    assert_null(s.v);
}

static void sample_rejects_non_finite(void **state)
{
    lv_sample s;
    lv_sample_init(&s);
    assert_int_equal(lv_sample_push(&s, NAN), -1);
    assert_int_equal(lv_sample_push(&s, INFINITY), -1);
    assert_int_equal(lv_sample_push(&s, -INFINITY), -1);
    assert_int_equal(lv_sample_push(&s, 2.0), 0);
    assert_int_equal(lv_sample_n(&s), 1);
    lv_sample_free(&s);
}

static void sample_sorted_flag_tracks_pushes(void **state)
{
    lv_sample s;
    lv_sample_init(&s);
    lv_sample_push(&s, 1.0);
    lv_sample_push(&s, 1.0);
    lv_sample_push(&s, 2.0);
    assert_true(s.sorted);
    lv_sample_push(&s, 0.0);
    assert_false(s.sorted);
    lv_sample_sort(&s);
    assert_true(s.v[0] == 0.0 && s.v[3] == 2.0);
    lv_sample_free(&s);
}

static void negative_zero_sorts_first(void **state)
{
    /* -0.0 == +0.0, but the order is total so the sorted bits do not depend
     * on the push order */
    lv_sample a, b;
    lv_sample_init(&a);
    lv_sample_init(&b);
    double va[] = {0.0, 1.0, -0.0, -1.0};
    double vb[] = {-0.0, -1.0, 1.0, 0.0};
    for (int i = 0; i < 4; i++) {
        lv_sample_push(&a, va[i]);
        lv_sample_push(&b, vb[i]);
    }
    lv_sample_sort(&a);
    lv_sample_sort(&b);
    assert_memory_equal(a.v, b.v, 4 * sizeof(double));
    assert_true(signbit(a.v[1]) && !signbit(a.v[2]));
    lv_sample_free(&a);
    lv_sample_free(&b);
}

/* The order of a large sample (which is sorted another way than a small
 * one): every kind of finite double, many repeated, pushed in a scrambled
 * order, must come out as the same bits as qsort with a total order that
 * puts -0.0 before +0.0. */
static int total_order(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    if (a != b)
        return a < b ? -1 : 1;
    return (signbit(b) != 0) - (signbit(a) != 0);
}

static void large_sample_sorts_every_kind_of_double(void **state)
{
    static const double kinds[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1393.0, -1393.0, 0.783594,
        4.839467, 1e-300, -1e-300, DBL_MIN, -DBL_MIN, DBL_MIN / 4,
        -DBL_MIN / 4, DBL_MAX, -DBL_MAX, 1e300, -1e300, 62922.0, 3.0,
        2.0, 0.1, -0.1, 1e-7};
    size_t nk = sizeof kinds / sizeof kinds[0], n = 20000;
    double *want = malloc(n * sizeof *want);
    assert_non_null(want);
    lv_sample s;
    lv_sample_init(&s);
    for (size_t i = 0; i < n; i++) {
        double x = kinds[(i * 7919 + i / 3) % nk] * (i % 5 ? 1.0 : 0.5);
        want[i] = x;
        assert_int_equal(lv_sample_push(&s, x), 0);
    }
    qsort(want, n, sizeof *want, total_order);
    lv_sample_sort(&s);
    assert_true(s.sorted);
    assert_memory_equal(s.v, want, n * sizeof *want);
    size_t z = 0;   /* both zeros are there, -0.0 first */
    while (z < n && s.v[z] != 0.0)
        z++;
    assert_true(z + 1 < n && signbit(s.v[z]) && !signbit(s.v[n - 1]));
    free(want);
    lv_sample_free(&s);
}

/* Samples of whole numbers (sorted by counting when their range is narrow)
 * and near misses (-0.0, a fraction, a wide range, past 2^31) come out as
 * the same bits as qsort with the total order. */
static void whole_number_samples_sort_like_any_other(void **state)
{
    static const double odd[] = {-0.0, 0.5, 1e12, 2147483649.0, -3.0};
    size_t n = 5000;
    double *want = malloc(n * sizeof *want);
    assert_non_null(want);
    for (int variant = -1; variant < 5; variant++) {
        lv_sample s;
        lv_sample_init(&s);
        for (size_t i = 0; i < n; i++) {
            /* whole milliseconds in 0..4999, one odd value at i == 77 */
            double x = (double)((i * 7919) % 5000);
            if (variant >= 0 && i == 77)
                x = odd[variant];
            want[i] = x;
            assert_int_equal(lv_sample_push(&s, x), 0);
        }
        qsort(want, n, sizeof *want, total_order);
        lv_sample_sort(&s);
        assert_memory_equal(s.v, want, n * sizeof *want);
        lv_sample_free(&s);
    }
    /* zeros only, and a range exactly at the limit */
    lv_sample s;
    lv_sample_init(&s);
    for (size_t i = 0; i < 300; i++)
        lv_sample_push(&s, i % 2 ? 0.0 : (double)(2 * 300 + 1024 - 1));
    lv_sample_sort(&s);
    assert_true(s.v[0] == 0.0 && !signbit(s.v[0]) && s.v[149] == 0.0 &&
                s.v[150] == 1623.0 && s.v[299] == 1623.0);
    lv_sample_free(&s);
    free(want);
}

static void percentiles_of_1_to_100(void **state)
{
    /* nearest rank: ceil(p/100 · 100) = p, so P_p = p for whole p */
    lv_sample s;
    lv_sample_init(&s);
    push_scrambled(&s, 100, 37);
    lv_summary sm;
    lv_sample_summarize(&s, &sm);
    assert_false(sm.empty);
    assert_int_equal(sm.n, 100);
    assert_true(sm.p50 == 50.0);
    assert_true(sm.p90 == 90.0);
    assert_true(sm.p95 == 95.0);
    assert_true(sm.p99 == 99.0);
    assert_true(sm.min == 1.0);
    assert_true(sm.max == 100.0);
    assert_true(sm.mean == 50.5);   /* 5050 / 100 */
    double v;
    assert_int_equal(lv_sample_percentile(&s, 100000, &v), 0);
    assert_true(v == 100.0);
    assert_int_equal(lv_sample_percentile(&s, 0, &v), 0);   /* rank clamped to 1 */
    assert_true(v == 1.0);
    assert_int_equal(lv_sample_percentile(&s, 99900, &v), 0);   /* ceil(99.9) = 100 */
    assert_true(v == 100.0);
    assert_int_equal(lv_sample_percentile(&s, 1, &v), 0);   /* 0.001 %: ceil(0.001) = 1 */
    assert_true(v == 1.0);
    assert_int_equal(lv_sample_percentile(&s, LV_PCT(95) + 1, &v), 0);   /* ceil(95.001) */
    assert_true(v == 96.0);
    lv_sample_free(&s);
}

static void percentiles_of_50_values(void **state)
{
    /* values 10, 20, ..., 500: p95 rank ceil(47.5) = 48 -> 480;
     * p50 rank 25 -> 250; p90 rank 45 -> 450; p99 rank ceil(49.5) = 50 */
    lv_sample s;
    lv_sample_init(&s);
    for (int i = 50; i >= 1; i--)
        lv_sample_push(&s, 10.0 * i);
    lv_summary sm;
    lv_sample_summarize(&s, &sm);
    assert_true(sm.p95 == 480.0);
    assert_true(sm.p50 == 250.0);
    assert_true(sm.p90 == 450.0);
    assert_true(sm.p99 == 500.0);
    assert_true(sm.mean == 255.0);   /* 10 · 1275 / 50 */
    lv_sample_free(&s);
}

static void percentiles_of_one_value(void **state)
{
    lv_sample s;
    lv_sample_init(&s);
    lv_sample_push(&s, -3.25);
    lv_summary sm;
    lv_sample_summarize(&s, &sm);
    assert_int_equal(sm.n, 1);
    assert_true(sm.p50 == -3.25 && sm.p90 == -3.25 && sm.p95 == -3.25 &&
                sm.p99 == -3.25 && sm.min == -3.25 && sm.max == -3.25 &&
                sm.mean == -3.25);
    lv_sample_free(&s);
}

static void empty_sample_says_no_values(void **state)
{
    lv_sample s;
    lv_sample_init(&s);
    lv_summary sm;
    lv_sample_summarize(&s, &sm);
    assert_true(sm.empty);
    assert_int_equal(sm.n, 0);
    /* zeros, never NaN */
    assert_true(sm.mean == 0.0 && sm.min == 0.0 && sm.max == 0.0 &&
                sm.p50 == 0.0 && sm.p99 == 0.0);
    double v = 42.0;
    assert_int_equal(lv_sample_percentile(&s, LV_P95, &v), -1);
    assert_true(v == 0.0);
    assert_int_equal(lv_sample_median(&s, &v), -1);
    assert_int_equal(lv_percentile_rank(0, LV_P50), 0);
    lv_sample_free(&s);
}

static void rank_is_exact_integer_arithmetic(void **state)
{
    /* Reference: the smallest r with r · 100000 >= p_milli · n, found by
     * counting up — a different computation from the module's. */
    const uint32_t ps[] = {1, 50000, 90000, 95000, 99000, 99900, 99999, 100000};
    for (size_t n = 1; n <= 1000; n++) {
        for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
            uint64_t target = (uint64_t)ps[k] * n, r = 1;
            while (r * 100000 < target)
                r++;
            assert_int_equal(lv_percentile_rank(n, ps[k]), r);
        }
    }
    /* the float trap: 0.95·100 etc. must not become rank 96 */
    assert_int_equal(lv_percentile_rank(100, LV_P95), 95);
    assert_int_equal(lv_percentile_rank(20, LV_P95), 19);
    assert_int_equal(lv_percentile_rank(1000, 99900), 999);
    assert_int_equal(lv_percentile_rank(7, LV_P50), 4);
    assert_int_equal(lv_percentile_rank(3, 200000), 3);   /* p over 100 clamps */
    /* no overflow at the top of size_t: ceil(SIZE_MAX / 2) = SIZE_MAX/2 + 1 */
    assert_true(lv_percentile_rank(SIZE_MAX, LV_P50) == SIZE_MAX / 2 + 1);
    assert_true(lv_percentile_rank(SIZE_MAX, 100000) == SIZE_MAX);
    assert_int_equal(LV_PCT(99), LV_P99);
}

static void median_is_nearest_rank_p50(void **state)
{
    lv_sample s;
    lv_sample_init(&s);
    double m;
    /* odd n: the middle value */
    lv_sample_push(&s, 3.0);
    lv_sample_push(&s, 1.0);
    lv_sample_push(&s, 2.0);
    assert_int_equal(lv_sample_median(&s, &m), 0);
    assert_true(m == 2.0);
    /* even n: the lower middle value, v[ceil(4/2)] = v[2] = 2 (not 2.5) */
    lv_sample_push(&s, 4.0);
    assert_int_equal(lv_sample_median(&s, &m), 0);
    assert_true(m == 2.0);
    lv_summary sm;
    lv_sample_summarize(&s, &sm);
    assert_true(sm.p50 == m);
    lv_sample_free(&s);
}

static void mean_is_compensated_and_order_free(void **state)
{
    lv_sample a, b;
    lv_sample_init(&a);
    lv_sample_init(&b);
    /* sorted: -1e16, 1, 1e16. A plain sum loses the 1 (-1e16 + 1 rounds to
     * -1e16) and gives 0; the compensated sum keeps it: mean 1/3. */
    lv_sample_push(&a, 1e16);
    lv_sample_push(&a, 1.0);
    lv_sample_push(&a, -1e16);
    lv_summary sm;
    lv_sample_summarize(&a, &sm);
    assert_true(sm.mean == 1.0 / 3.0);
    lv_sample_reset(&a);

    /* same values, two push orders: the same bits */
    for (int i = 0; i < 1000; i++) {
        double x = 0.1 * i + 1e-3 * (i % 7);
        lv_sample_push(&a, x);
        lv_sample_push(&b, 0.1 * (999 - i) + 1e-3 * ((999 - i) % 7));
    }
    lv_summary sa, sb;
    lv_sample_summarize(&a, &sa);
    lv_sample_summarize(&b, &sb);
    assert_memory_equal(&sa.mean, &sb.mean, sizeof(double));
    lv_sample_reset(&a);

    /* 0.1 three times: the correctly rounded sum 0.30000000000000004 / 3 is
     * 0.10000000000000002, above every value; the mean is kept in [min, max] */
    for (int i = 0; i < 3; i++)
        lv_sample_push(&a, 0.1);
    lv_sample_summarize(&a, &sm);
    assert_true(sm.mean == 0.1);
    lv_sample_reset(&a);

    /* a sum that overflows still averages: DBL_MAX twice has mean DBL_MAX */
    lv_sample_push(&a, DBL_MAX);
    lv_sample_push(&a, DBL_MAX);
    lv_sample_summarize(&a, &sm);
    assert_true(sm.mean == DBL_MAX);
    lv_sample_free(&a);
    lv_sample_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_grows_and_sorts),
        cmocka_unit_test(sample_rejects_non_finite),
        cmocka_unit_test(sample_sorted_flag_tracks_pushes),
        cmocka_unit_test(negative_zero_sorts_first),
        cmocka_unit_test(large_sample_sorts_every_kind_of_double),
        cmocka_unit_test(whole_number_samples_sort_like_any_other),
        cmocka_unit_test(percentiles_of_1_to_100),
        cmocka_unit_test(percentiles_of_50_values),
        cmocka_unit_test(percentiles_of_one_value),
        cmocka_unit_test(empty_sample_says_no_values),
        cmocka_unit_test(rank_is_exact_integer_arithmetic),
        cmocka_unit_test(median_is_nearest_rank_p50),
        cmocka_unit_test(mean_is_compensated_and_order_free),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
