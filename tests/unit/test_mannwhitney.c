/* Unit tests for the two-sided Mann–Whitney U test.
 *
 * References that do not come from this module:
 *   - exact p-values counted here by enumerating every assignment of the
 *     pooled ranks to the two samples (all C(n1+n2, n1) subsets);
 *   - published examples (sources and arithmetic in the comments). */
#include "lvtest.h"

#include <math.h>

#include "lv/stats.h"

static void fill(lv_sample *s, const double *v, size_t n)
{
    lv_sample_init(s);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(lv_sample_push(s, v[i]), 0);
}

static void run(const double *a, size_t na, const double *b, size_t nb,
                lv_mw_method want, lv_mw_result *r)
{
    lv_sample sa, sb;
    fill(&sa, a, na);
    fill(&sb, b, nb);
    lv_mann_whitney(&sa, &sb, want, r);
    lv_sample_free(&sa);
    lv_sample_free(&sb);
}

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g, want %.17g (tolerance %g)\n", got, want, tol);
        fail();
    }
}

/* U of the subset `mask` of positions 0..N-1 (sample a) against the rest:
 * the pairs (a, b) with a's position above b's. */
static unsigned brute_u(unsigned mask, unsigned big_n)
{
    unsigned u = 0, below_b = 0;
    for (unsigned k = 0; k < big_n; k++) {
        if (mask & (1u << k))
            u += below_b;
        else
            below_b++;
    }
    return u;
}

/* For sizes n1, n2 (N <= 20): the histogram of U over all subsets, then for
 * each observed subset (every one when `every`, else a spread of them) the
 * module's U and exact p against the count. */
static void check_against_enumeration(unsigned n1, unsigned n2, bool every)
{
    unsigned big_n = n1 + n2, mn = n1 * n2;
    unsigned long *hist = calloc(mn + 1, sizeof *hist);
    unsigned long total = 0;
    assert_non_null(hist);
    for (unsigned mask = 0; mask < (1u << big_n); mask++) {
        if ((unsigned)__builtin_popcount(mask) != n1)
            continue;
        hist[brute_u(mask, big_n)]++;
        total++;
    }
    unsigned seen = 0;
    for (unsigned mask = 0; mask < (1u << big_n); mask++) {
        if ((unsigned)__builtin_popcount(mask) != n1)
            continue;
        if (!every && (seen++ % 97) != 0)
            continue;
        double a[32], b[32];
        unsigned na = 0, nb = 0;
        for (unsigned k = 0; k < big_n; k++) {
            /* distinct values whose order is the position order */
            double x = 10.0 + 0.5 * k;
            if (mask & (1u << k))
                a[na++] = x;
            else
                b[nb++] = x;
        }
        unsigned u1 = brute_u(mask, big_n);
        unsigned umin = u1 < mn - u1 ? u1 : mn - u1;
        unsigned long below = 0;
        for (unsigned u = 0; u <= umin; u++)
            below += hist[u];
        double want = 2.0 * (double)below / (double)total;
        if (want > 1.0)
            want = 1.0;
        lv_mw_result r;
        run(a, na, b, nb, LV_MW_AUTO, &r);
        assert_int_equal(r.method, LV_MW_EXACT);
        assert_false(r.ties);
        assert_true(r.u1 == (double)u1);
        assert_true(r.u2 == (double)(mn - u1));
        assert_true(r.u == (double)umin);
        assert_close(r.p, want, 1e-14);
    }
    free(hist);
}

static void exact_matches_enumeration_up_to_7_7(void **state)
{
    for (unsigned n1 = 1; n1 <= 7; n1++)
        for (unsigned n2 = 1; n2 <= 7; n2++)
            check_against_enumeration(n1, n2, true);
}

static void exact_matches_enumeration_larger(void **state)
{
    check_against_enumeration(10, 10, false);
    check_against_enumeration(3, 14, false);
    check_against_enumeration(12, 5, false);
}

/* Wikipedia, "Mann–Whitney U test", section "Illustration of calculation
 * methods": 6 tortoises and 6 hares finish in the order
 * T H H H H H T T T T T H, giving U_T = 11 and U_H = 25 (11 + 25 = 36 = 6·6),
 * "not significant". With finishing positions as times (lower is faster),
 * tortoises 1,7,8,9,10,11 and hares 2,3,4,5,6,12: U1 of the tortoises' times
 * (pairs tortoise time > hare time, i.e. hares beating tortoises) is U_H = 25.
 * Exact two-sided p = 2·P(U <= 11) for n1 = n2 = 6; counting the 924
 * subsets, 143 have U <= 11, so p = 286/924 = 0.30952380952380953. */
static void wikipedia_tortoise_and_hare(void **state)
{
    const double tort[] = {1, 7, 8, 9, 10, 11};
    const double hare[] = {2, 3, 4, 5, 6, 12};
    lv_mw_result r;
    run(tort, 6, hare, 6, LV_MW_AUTO, &r);
    assert_true(r.u1 == 25.0);
    assert_true(r.u2 == 11.0);
    assert_true(r.u == 11.0);
    assert_true(r.r1 == 46.0);   /* 1+7+8+9+10+11; U1 = 46 - 21 */
    assert_int_equal(r.method, LV_MW_EXACT);
    assert_false(r.too_small);
    assert_close(r.p, 286.0 / 924.0, 1e-15);
    assert_false(lv_mw_changed(&r, LV_MW_ALPHA));
}

/* scipy.stats.mannwhitneyu documentation example, after Rosie Shier,
 * "Statistics: 2.3 The Mann-Whitney U Test", Mathematics Learning Support
 * Centre, 2004: diagnosis ages, males 19 22 16 29 24, females 20 11 17 12.
 * Published: U1 = 17, U2 = 3; exact p = 0.1111111111111111;
 * method="asymptotic" (continuity-corrected) p = 0.11134688653314041.
 * By hand: mu = 5·4/2 = 10, sigma^2 = 5·4·10/12 = 16.667 (no ties),
 * z = (17 - 10 - 0.5)/4.0825 = 1.59217, p = erfc(1.59217/sqrt 2) = 0.111347;
 * exact: 7 of the C(9,4) = 126 subsets have U <= 3, p = 14/126. */
static void scipy_diabetes_example(void **state)
{
    const double males[] = {19, 22, 16, 29, 24};
    const double females[] = {20, 11, 17, 12};
    lv_mw_result r;
    run(males, 5, females, 4, LV_MW_AUTO, &r);
    assert_true(r.u1 == 17.0);
    assert_true(r.u2 == 3.0);
    assert_int_equal(r.method, LV_MW_EXACT);
    assert_close(r.p, 0.1111111111111111, 1e-15);
    assert_true(r.too_small);   /* 4 females */

    run(males, 5, females, 4, LV_MW_NORMAL, &r);
    assert_int_equal(r.method, LV_MW_NORMAL);
    assert_true(r.u1 == 17.0);
    assert_close(r.z, 1.5921683328090657, 1e-12);
    assert_close(r.p, 0.11134688653314041, 1e-12);
}

/* R, ?wilcox.test, Hollander & Wolfe (1973), p. 69f: permeability constants
 * of the human chorioamnion, at term (x) and at 12-26 weeks (y).
 * R prints "Wilcoxon rank sum exact test ... W = 35, p-value = 0.1272" for
 * alternative = "greater". W is our U1. Our test is two-sided: exact
 * p = 2·P(U1 >= 35) = 2·P(U <= 15); 382 of the C(15,5) = 3003 subsets have
 * U <= 15 (382/3003 = 0.12720, R's 0.1272), so p = 764/3003 = 0.25441. */
static void r_hollander_wolfe_example(void **state)
{
    const double x[] = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    const double y[] = {1.15, 0.88, 0.90, 0.74, 1.21};
    lv_mw_result r;
    run(x, 10, y, 5, LV_MW_AUTO, &r);
    assert_true(r.u1 == 35.0);
    assert_int_equal(r.method, LV_MW_EXACT);
    assert_close(r.p, 764.0 / 3003.0, 1e-15);
    assert_close(r.p / 2, 0.1272, 5e-5);
}

/* R's wilcox.test with ties (normal approximation, continuity correction),
 * as published at endmemo.com/r/wilcoxon.php:
 *   x <- c(1,5,9,24,56,21,3,7,21,4)
 *   y <- c(12,15,5,9,9,14,56,22,3,7,32,5)
 *   wilcox.test(x, y)  ->  W = 51.5, p-value = 0.5966
 * By hand: tie groups 3(×2) 5(×3) 7(×2) 9(×3) 21(×2) 56(×2), so
 * sum(t^3 - t) = 6+24+6+24+6+6 = 72; N = 22;
 * sigma^2 = 10·12/12 · (23 - 72/(22·21)) = 10 · 22.844156 = 228.44156;
 * z = (|51.5 - 60| - 0.5)/15.11429 = 0.529301; p = erfc(z/sqrt 2) = 0.59660.
 *   y2 <- c(1233,4356,987,39999,1111,200000)
 *   wilcox.test(x, y2)  ->  W = 0, p-value = 0.001364
 * By hand: only 21 is tied, sum(t^3 - t) = 6, N = 16;
 * sigma^2 = 60/12 · (17 - 6/240) = 84.875; z = (30 - 0.5)/9.21276 = 3.20208;
 * p = 0.0013644. */
static void r_ties_examples(void **state)
{
    const double x[] = {1, 5, 9, 24, 56, 21, 3, 7, 21, 4};
    const double y[] = {12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5};
    const double y2[] = {1233, 4356, 987, 39999, 1111, 200000};
    lv_mw_result r;
    run(x, 10, y, 12, LV_MW_AUTO, &r);
    assert_true(r.ties);
    assert_int_equal(r.method, LV_MW_NORMAL);
    assert_true(r.u1 == 51.5);
    assert_close(r.z, 0.529301, 5e-7);
    assert_close(r.p, 0.5966, 5e-5);
    assert_false(lv_mw_changed(&r, LV_MW_ALPHA));

    run(x, 10, y2, 6, LV_MW_AUTO, &r);
    assert_true(r.ties);
    assert_int_equal(r.method, LV_MW_NORMAL);
    assert_true(r.u1 == 0.0);
    assert_true(r.u == 0.0);
    assert_close(r.p, 0.001364, 5e-7);
    assert_true(lv_mw_changed(&r, LV_MW_ALPHA));
}

/* NAG Library, g08amc (nag_mann_whitney) example program: two groups of
 * 16 and 23 with heavy ties. Published: test statistic 86.0000, normal
 * statistic -2.8039, approximate (one-)tail probability 0.0025. Our z is
 * its absolute value and our p two-sided: 2·0.0025 = 0.0050 (to the
 * rounding of 0.0025; by hand 0.0050488). */
static void nag_g08amc_example(void **state)
{
    const double g1[] = {13, 6, 12, 7, 12, 7, 10, 7, 10, 7, 16, 7, 10, 8, 9, 8};
    const double g2[] = {17, 6, 10, 8, 15, 8, 15, 10, 15, 10, 14, 10, 14, 11,
                         14, 11, 13, 12, 13, 12, 13, 12, 12};
    lv_mw_result r;
    run(g1, 16, g2, 23, LV_MW_AUTO, &r);
    assert_true(r.u1 == 86.0);
    assert_int_equal(r.method, LV_MW_NORMAL);
    assert_close(r.z, 2.8039, 5e-5);
    assert_close(r.p / 2, 0.0025, 5e-5);
    assert_true(lv_mw_changed(&r, LV_MW_ALPHA));
}

static void identical_samples_do_not_change(void **state)
{
    double v[10];
    for (int i = 0; i < 10; i++)
        v[i] = 100.0 + i;
    lv_mw_result r;
    /* every value tied across the two samples: U1 = 50 = n1·n2/2, p = 1 */
    run(v, 10, v, 10, LV_MW_AUTO, &r);
    assert_true(r.ties);
    assert_int_equal(r.method, LV_MW_NORMAL);
    assert_true(r.u1 == 50.0);
    assert_true(r.p == 1.0);
    assert_false(lv_mw_changed(&r, LV_MW_ALPHA));
}

static void all_values_equal(void **state)
{
    const double five[] = {3, 3, 3, 3, 3};
    const double seven[] = {3, 3, 3, 3, 3, 3, 3};
    lv_mw_result r;
    run(five, 5, seven, 7, LV_MW_AUTO, &r);   /* sigma = 0: no division */
    assert_true(r.p == 1.0);
    assert_true(r.z == 0.0);
    assert_true(r.u1 == 17.5);
    assert_false(lv_mw_changed(&r, LV_MW_ALPHA));
    run(five, 1, seven, 1, LV_MW_AUTO, &r);
    assert_true(r.p == 1.0);
    assert_true(r.too_small);
}

static void empty_sample_makes_no_test(void **state)
{
    const double v[] = {1, 2, 3, 4, 5};
    lv_mw_result r;
    run(v, 5, v, 0, LV_MW_AUTO, &r);
    assert_int_equal(r.method, LV_MW_NONE);
    assert_true(r.p == 1.0);
    assert_true(r.too_small);
    assert_false(lv_mw_changed(&r, 1.0));
    assert_string_equal(lv_mw_method_name(r.method), "none");
}

static void small_samples_are_flagged(void **state)
{
    const double a[] = {1, 2, 3, 4};
    const double b[] = {5, 6, 7, 8, 9};
    lv_mw_result r;
    run(a, 4, b, 5, LV_MW_AUTO, &r);
    assert_true(r.too_small);
    /* complete separation: 1 of C(9,4) = 126 subsets has U = 0, p = 2/126 */
    assert_close(r.p, 2.0 / 126.0, 1e-16);
    run(a, 4, b, 4, LV_MW_AUTO, &r);
    /* 4 vs 4 can never reach 0.05: the smallest p is 2/C(8,4) = 2/70 */
    assert_close(r.p, 2.0 / 70.0, 1e-16);
    run(b, 5, b, 5, LV_MW_AUTO, &r);
    assert_false(r.too_small);
}

static void switch_rule_and_symmetry(void **state)
{
    /* 49 vs 49 without ties: exact. Complete separation has
     * p = 2/C(98,49), computed here as a product of ratios. */
    double a[50], b[50];
    for (int i = 0; i < 50; i++) {
        a[i] = i;
        b[i] = 100 + i;
    }
    lv_mw_result r;
    run(a, 49, b, 49, LV_MW_AUTO, &r);
    assert_int_equal(r.method, LV_MW_EXACT);
    double c = 1.0;   /* C(98,49) = prod_{k=1..49} (49+k)/k */
    for (int k = 1; k <= 49; k++)
        c = c * (49.0 + k) / k;
    assert_true(r.p > 0.0);
    assert_close(r.p / (2.0 / c), 1.0, 1e-12);
    /* 50 values in one sample: normal approximation */
    run(a, 50, b, 49, LV_MW_AUTO, &r);
    assert_int_equal(r.method, LV_MW_NORMAL);
    /* asking for exact with ties still gives the approximation */
    const double t1[] = {1, 2, 2, 3, 4};
    const double t2[] = {2, 5, 6, 7, 8};
    run(t1, 5, t2, 5, LV_MW_EXACT, &r);
    assert_int_equal(r.method, LV_MW_NORMAL);
    assert_string_equal(lv_mw_method_name(r.method), "normal");
    /* swapping the samples swaps U1 and U2, keeps p */
    const double x[] = {1.5, 2.5, 9, 11, 12.5, 3};
    const double y[] = {4, 5, 6, 7, 8, 10, 13};
    lv_mw_result r1, r2;
    run(x, 6, y, 7, LV_MW_AUTO, &r1);
    run(y, 7, x, 6, LV_MW_AUTO, &r2);
    assert_true(r1.u1 == r2.u2 && r1.u2 == r2.u1);
    assert_true(r1.p == r2.p);
    assert_string_equal(lv_mw_method_name(r1.method), "exact");
}

static void changed_rule_is_p_at_most_alpha(void **state)
{
    lv_mw_result r = {0};
    r.method = LV_MW_EXACT;
    r.p = 0.05;
    assert_true(lv_mw_changed(&r, LV_MW_ALPHA));   /* p == alpha: changed */
    r.p = 0.0500001;
    assert_false(lv_mw_changed(&r, LV_MW_ALPHA));
    r.p = 0.009;
    assert_true(lv_mw_changed(&r, 0.01));
    r.method = LV_MW_NONE;
    r.p = 0.0;
    assert_false(lv_mw_changed(&r, LV_MW_ALPHA));
}

static void large_samples_use_the_approximation(void **state)
{
    /* 200,000 vs 200,000 values with a small shift: no crash, normal
     * method, clearly changed; the unshifted copy of itself is not. */
    lv_sample a, b;
    lv_sample_init(&a);
    lv_sample_init(&b);
    for (uint64_t i = 0; i < 200000; i++) {
        lv_sample_push(&a, (double)((i * 7919) % 200000));
        lv_sample_push(&b, (double)((i * 104729) % 200000) + 2000.0);
    }
    lv_mw_result r;
    lv_mann_whitney(&a, &b, LV_MW_AUTO, &r);
    assert_int_equal(r.method, LV_MW_NORMAL);
    assert_true(r.ties);
    assert_true(r.p < 1e-6);
    assert_true(lv_mw_changed(&r, LV_MW_ALPHA));
    lv_mann_whitney(&a, &a, LV_MW_AUTO, &r);
    assert_true(r.p == 1.0);
    lv_sample_free(&a);
    lv_sample_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_matches_enumeration_up_to_7_7),
        cmocka_unit_test(exact_matches_enumeration_larger),
        cmocka_unit_test(wikipedia_tortoise_and_hare),
        cmocka_unit_test(scipy_diabetes_example),
        cmocka_unit_test(r_hollander_wolfe_example),
        cmocka_unit_test(r_ties_examples),
        cmocka_unit_test(nag_g08amc_example),
        cmocka_unit_test(identical_samples_do_not_change),
        cmocka_unit_test(all_values_equal),
        cmocka_unit_test(empty_sample_makes_no_test),
        cmocka_unit_test(small_samples_are_flagged),
        cmocka_unit_test(switch_rule_and_symmetry),
        cmocka_unit_test(changed_rule_is_p_at_most_alpha),
        cmocka_unit_test(large_samples_use_the_approximation),
    };
    return cmocka_run_group_tests_name("mannwhitney", tests, NULL, NULL);
}
