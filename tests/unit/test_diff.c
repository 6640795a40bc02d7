/* Unit tests for `labverdict diff`: the samples section's subsampling, the
 * latency comparison through the diff code path (U, p-value, the "~" rule,
 * too few values), criteria changes, verdict and stage exit codes, figures,
 * model checks, and the rendering.
 *
 * p-values are checked against values that do not come from our code: the
 * exact two-sided p of small samples counted here by enumerating every way
 * to split the pooled values into two samples of the same sizes. */
#include "lvtest.h"

#include <math.h>

#include "lv/analyze.h"
#include "lv/common.h"
#include "lv/criteria.h"
#include "lv/diff.h"
#include "lv/jsonutil.h"
#include "lv/mdcheck.h"
#include "lv/profile.h"
#include "lv/stats.h"

/* ---- hand-made models ---- */

static json_t *model(const char *result, const char *stage)
{
    return json_pack("{s:i,s:{s:s,s:s,s:s},s:[],s:{s:i,s:[]}}", "schema_version",
                     LV_SCHEMA_VERSION, "verdict", "result", result, "stage", stage, "summary",
                     "", "criteria", "samples", "max_values", LV_SAMPLES_MAX, "sets");
}

static void add_set(json_t *m, const char *id, const char *unit, const double *v, size_t n)
{
    json_t *values = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(values, json_real(v[i]));
    json_array_append_new(json_object_get(json_object_get(m, "samples"), "sets"),
                          json_pack("{s:s,s:s,s:s,s:I,s:b,s:o}", "id", id, "label", id, "unit",
                                    unit, "n", (json_int_t)n, "subsampled", 0, "values", values));
}

static json_t *diff_of(const json_t *a, const json_t *b, double alpha)
{
    lv_diff_input ia = {a, "A", "model"}, ib = {b, "B", "model"};
    return lv_diff(&ia, &ib, alpha);
}

/* The latency entry `id` of a diff. */
static json_t *set_of(const json_t *d, const char *id)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(json_object_get(d, "latency"), "sets"), i, s)
        if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0)
            return s;
    fail_msg("no latency set %s", id);
    return NULL;
}

static double num(const json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);
    if (b)
        v = json_object_get(v, b);
    if (json_is_object(v))
        v = json_object_get(v, "value");
    assert_true(json_is_number(v));
    return json_number_value(v);
}

/* The diff of two one-set models, A = a[0..na), B = b[0..nb). */
static json_t *diff_sets(const double *a, size_t na, const double *b, size_t nb, double alpha)
{
    json_t *ma = model("supported", "pre-failure"), *mb = model("supported", "pre-failure");
    add_set(ma, "client.leak", "s", a, na);
    add_set(mb, "client.leak", "s", b, nb);
    json_t *d = diff_of(ma, mb, alpha);
    json_decref(ma);
    json_decref(mb);
    return d;
}

/* ---- an independent exact p-value ---- */

/* U1 of x against y: pairs with x above y, plus 1/2 for each tie. */
static double brute_u1(const double *x, size_t nx, const double *y, size_t ny)
{
    double u = 0;
    for (size_t i = 0; i < nx; i++)
        for (size_t j = 0; j < ny; j++)
            u += x[i] > y[j] ? 1.0 : x[i] == y[j] ? 0.5 : 0.0;
    return u;
}

/* Two-sided exact p by enumerating every split of the pooled values
 * (N <= 20): p = min(1, 2·P(U <= min(U1, U2))) over all C(N, n1) splits. */
static double brute_p(const double *a, size_t na, const double *b, size_t nb)
{
    double pool[20], x[20], y[20];
    size_t big_n = na + nb;
    assert_true(big_n <= 20);
    memcpy(pool, a, na * sizeof *a);
    memcpy(pool + na, b, nb * sizeof *b);
    double u1 = brute_u1(a, na, b, nb), u = fmin(u1, (double)(na * nb) - u1);
    unsigned long below = 0, total = 0;
    for (unsigned mask = 0; mask < (1u << big_n); mask++) {
        if ((size_t)__builtin_popcount(mask) != na)
            continue;
        size_t nx = 0, ny = 0;
        for (size_t k = 0; k < big_n; k++) {
            if (mask & (1u << k))
                x[nx++] = pool[k];
            else
                y[ny++] = pool[k];
        }
        below += brute_u1(x, nx, y, ny) <= u + 1e-9;
        total++;
    }
    return fmin(1.0, 2.0 * (double)below / (double)total);
}

/* ---- samples section ---- */

static void test_subsample_keeps_percentiles(void **state)
{
    static const size_t sizes[] = {100001, 100007, 199999, 250003, 333333};
    uint64_t r = 12345;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        lv_sample all, kept;
        lv_sample_init(&all);
        lv_sample_init(&kept);
        for (size_t i = 0; i < sizes[k]; i++) {
            r = r * 6364136223846793005u + 1442695040888963407u;
            lv_sample_push(&all, (double)(r >> 40) / 1000.0);
        }
        int sub = 0;
        json_t *v = lv_samples_values(&all, LV_SAMPLES_MAX, &sub);
        assert_true(sub);
        assert_int_equal(json_array_size(v), LV_SAMPLES_MAX);
        size_t i;
        json_t *x;
        double prev = -1;
        json_array_foreach(v, i, x) {
            assert_true(json_real_value(x) >= prev);   /* still ascending */
            prev = json_real_value(x);
            lv_sample_push(&kept, prev);
        }
        static const uint32_t pcts[] = {LV_P50, LV_P90, LV_P95, LV_P99, 99900, 100000, 12345};
        for (size_t p = 0; p < sizeof pcts / sizeof pcts[0]; p++) {
            double want, got;
            lv_sample_percentile(&all, pcts[p], &want);
            lv_sample_percentile(&kept, pcts[p], &got);
            assert_true(want == got);
        }
        json_decref(v);
        lv_sample_free(&all);
        lv_sample_free(&kept);
    }
}

static void test_small_sample_kept_whole(void **state)
{
    lv_sample s;
    lv_sample_init(&s);
    double v[] = {3, 1, 2};
    for (int i = 0; i < 3; i++)
        lv_sample_push(&s, v[i]);
    int sub = 1;
    json_t *a = lv_samples_values(&s, LV_SAMPLES_MAX, &sub);
    assert_false(sub);
    assert_int_equal(json_array_size(a), 3);
    assert_true(json_real_value(json_array_get(a, 0)) == 1.0);
    assert_true(json_real_value(json_array_get(a, 2)) == 3.0);
    json_decref(a);
    lv_sample_free(&s);
}

/* ---- latency through the diff ---- */

static void test_identical_samples_no_change(void **state)
{
    double a[20];
    for (int i = 0; i < 20; i++)
        a[i] = 0.5 + 0.01 * ((i * 7) % 20);
    json_t *d = diff_sets(a, 20, a, 20, LV_MW_ALPHA);
    json_t *s = set_of(d, "client.leak");
    assert_false(json_is_true(json_object_get(s, "significant")));
    assert_false(json_is_true(json_object_get(s, "too_small")));
    assert_true(json_is_null(json_object_get(s, "warning")));
    assert_true(num(s, "test", "p") == 1.0);
    assert_true(num(s, "median", "pct") == 0.0);
    assert_int_equal(num(json_object_get(d, "summary"), "latency_changed", NULL), 0);
    assert_int_equal(lv_diff_exit_code(d), LV_EXIT_OK);
    json_decref(d);
}

static void test_shifted_samples_change(void **state)
{
    double a[8], b[9];
    for (int i = 0; i < 8; i++)
        a[i] = 1.0 + 0.1 * i;
    for (int i = 0; i < 9; i++)
        b[i] = 3.05 + 0.1 * i;
    json_t *d = diff_sets(a, 8, b, 9, LV_MW_ALPHA);
    json_t *s = set_of(d, "client.leak");
    assert_true(json_is_true(json_object_get(s, "significant")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(s, "test"), "method")),
                        "exact");
    assert_true(num(s, "test", "u1") == 0.0);
    assert_true(num(s, "test", "p") < 0.05);
    assert_true(fabs(num(s, "test", "p") - brute_p(a, 8, b, 9)) < 1e-12);
    /* medians are nearest-rank: a[ceil(8/2)] = a[4th], b[5th] */
    assert_true(num(s, "median", "a") == a[3]);
    assert_true(num(s, "median", "b") == b[4]);
    assert_true(fabs(num(s, "median", "pct") - (b[4] - a[3]) / a[3] * 100.0) < 1e-9);
    assert_int_equal(num(json_object_get(d, "summary"), "latency_changed", NULL), 1);
    json_decref(d);
}

/* The diff's p against enumeration, on samples with and without ties. */
static void test_p_against_enumeration(void **state)
{
    static const double sets[][2][7] = {
        {{1, 2, 3, 4, 5, 6, 7}, {3.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5}},
        {{1, 2, 2, 3, 3, 3, 9}, {2, 3, 4, 4, 5, 6, 7}},       /* ties: normal */
        {{10, 20, 30, 40, 50, 60, 70}, {15, 25, 35, 45, 55, 65, 75}},
    };
    for (size_t k = 0; k < 3; k++) {
        const double *a = sets[k][0], *b = sets[k][1];
        json_t *d = diff_sets(a, 7, b, 6, LV_MW_ALPHA);
        json_t *s = set_of(d, "client.leak");
        assert_true(fabs(num(s, "test", "u1") - brute_u1(a, 7, b, 6)) < 1e-12);
        const char *method = json_string_value(json_object_get(json_object_get(s, "test"), "method"));
        if (strcmp(method, "exact") == 0)
            assert_true(fabs(num(s, "test", "p") - brute_p(a, 7, b, 6)) < 1e-12);
        else   /* the normal approximation stays near the exact value */
            assert_true(fabs(num(s, "test", "p") - brute_p(a, 7, b, 6)) < 0.05);
        json_decref(d);
    }
}

/* benchstat's rule: p = 0.0207 (by enumeration) is a change at alpha 0.05
 * and "~" at alpha 0.01. */
static void test_alpha_rule(void **state)
{
    double a[] = {1, 2, 3, 4, 5, 6, 7, 8};
    double b[] = {4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5};
    double want = brute_p(a, 8, b, 8);
    assert_true(want > 0.01 && want < 0.05);
    json_t *d = diff_sets(a, 8, b, 8, 0.05);
    json_t *s = set_of(d, "client.leak");
    assert_true(fabs(num(s, "test", "p") - want) < 1e-12);
    assert_true(json_is_true(json_object_get(s, "significant")));
    json_decref(d);
    d = diff_sets(a, 8, b, 8, 0.01);
    s = set_of(d, "client.leak");
    assert_false(json_is_true(json_object_get(s, "significant")));
    assert_false(json_is_true(json_object_get(s, "too_small")));
    assert_true(num(d, "alpha", NULL) == 0.01);
    json_decref(d);
}

static void test_four_values_warn(void **state)
{
    double a[] = {1, 2, 3, 4};
    double b[30];
    for (int i = 0; i < 30; i++)
        b[i] = 100 + i;
    json_t *d = diff_sets(a, 4, b, 30, LV_MW_ALPHA);
    json_t *s = set_of(d, "client.leak");
    assert_true(json_is_true(json_object_get(s, "too_small")));
    assert_false(json_is_true(json_object_get(s, "significant")));
    assert_non_null(strstr(json_string_value(json_object_get(s, "warning")),
                           "fewer than 5 values (A 4, B 30)"));
    assert_true(num(s, "test", "p") < 0.05);   /* reported, but no verdict */
    json_t *sum = json_object_get(d, "summary");
    assert_int_equal(num(sum, "latency_changed", NULL), 0);
    assert_int_equal(num(sum, "latency_warnings", NULL), 1);
    json_decref(d);
}

static void test_one_side_sets(void **state)
{
    double v[] = {1, 2, 3, 4, 5, 6};
    json_t *ma = model("supported", "pre-failure"), *mb = model("supported", "pre-failure");
    add_set(ma, "client.leak", "s", v, 6);
    add_set(ma, "kql.window.endpoint./only-a", "ms", v, 6);
    add_set(mb, "client.leak", "s", v, 6);
    add_set(mb, "kql.whole.endpoint./only-b", "ms", v, 3);
    json_t *d = diff_of(ma, mb, LV_MW_ALPHA), *lat = json_object_get(d, "latency");
    assert_int_equal(json_array_size(json_object_get(lat, "sets")), 1);
    json_t *oa = json_object_get(lat, "only_a"), *ob = json_object_get(lat, "only_b");
    assert_int_equal(json_array_size(oa), 1);
    assert_int_equal(json_array_size(ob), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(oa, 0), "id")),
                        "kql.window.endpoint./only-a");
    assert_int_equal(num(json_array_get(ob, 0), "n", NULL), 3);
    json_decref(d);
    json_decref(ma);
    json_decref(mb);
}

/* ---- verdict, criteria, figures ---- */

static void test_exit_codes(void **state)
{
    static const struct {
        const char *ra, *sa, *rb, *sb;
        int rc, result_changed, stage_changed;
    } cases[] = {
        {"supported", "pre-failure", "supported", "pre-failure", LV_EXIT_OK, 0, 0},
        {"supported", "pre-failure", "falsified", "pre-failure", LV_EXIT_GATE, 1, 0},
        {"supported", "pre-failure", "supported", "failure", LV_EXIT_GATE, 0, 1},
        {"inconclusive", "unknown", "supported", "failure", LV_EXIT_GATE, 1, 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        json_t *a = model(cases[k].ra, cases[k].sa), *b = model(cases[k].rb, cases[k].sb);
        json_t *d = diff_of(a, b, LV_MW_ALPHA), *v = json_object_get(d, "verdict");
        assert_int_equal(lv_diff_exit_code(d), cases[k].rc);
        assert_int_equal(json_is_true(json_object_get(v, "result_changed")),
                         cases[k].result_changed);
        assert_int_equal(json_is_true(json_object_get(v, "stage_changed")),
                         cases[k].stage_changed);
        json_decref(d);
        json_decref(a);
        json_decref(b);
    }
}

static json_t *criterion(const char *id, const char *state, double value)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:[{s:s,s:s,s:f,s:s,s:f,s:s,s:s}]}", "id", id,
                     "kind", "proof", "title", id, "state", state, "evidence", "e",
                     "conditions", "metric", "max.delta.pgscan_total", "comparator", ">=",
                     "threshold", 100000.0, "unit", "count", "value", value, "value_unit",
                     "count", "state", state);
}

static void test_criteria_changes(void **state)
{
    json_t *a = model("supported", "pre-failure"), *b = model("supported", "pre-failure");
    json_t *ca = json_object_get(a, "criteria"), *cb = json_object_get(b, "criteria");
    json_array_append_new(ca, criterion("same", "met", 200000));
    json_array_append_new(ca, criterion("flip", "met", 1983208));
    json_array_append_new(ca, criterion("gone", "unknown", 0));
    json_array_append_new(cb, criterion("same", "met", 300000));
    json_array_append_new(cb, criterion("flip", "not_met", 7));
    json_array_append_new(cb, criterion("new", "met", 1));
    json_t *d = diff_of(a, b, LV_MW_ALPHA), *c = json_object_get(d, "criteria");
    json_t *changed = json_object_get(c, "changed");
    assert_int_equal(num(c, "unchanged", NULL), 1);
    assert_int_equal(json_array_size(changed), 3);
    static const char *const want[][3] = {
        {"flip", "met", "not_met"}, {"gone", "unknown", "absent"}, {"new", "absent", "met"}};
    for (size_t i = 0; i < 3; i++) {
        json_t *e = json_array_get(changed, i);
        assert_string_equal(json_string_value(json_object_get(e, "id")), want[i][0]);
        assert_string_equal(json_string_value(json_object_get(json_object_get(e, "a"), "state")),
                            want[i][1]);
        assert_string_equal(json_string_value(json_object_get(json_object_get(e, "b"), "state")),
                            want[i][2]);
    }
    /* the numbers of both sides; whole counts stay whole */
    json_t *cond = json_array_get(json_object_get(json_array_get(changed, 0), "conditions"), 0);
    json_t *va = json_object_get(json_object_get(json_object_get(cond, "a"), "value"), "value");
    assert_true(json_is_integer(va));
    assert_int_equal(json_integer_value(va), 1983208);
    assert_true(num(json_object_get(cond, "b"), "value", NULL) == 7);
    assert_int_equal(num(json_object_get(d, "summary"), "criteria_changed", NULL), 3);
    json_decref(d);
    json_decref(a);
    json_decref(b);
}

static void test_figures(void **state)
{
    json_t *a = model("supported", "pre-failure"), *b = model("supported", "pre-failure");
    json_object_set_new(a, "snapshot_table", json_pack(
        "{s:[{s:s,s:s}],s:[{s:s,s:s,s:s},{s:s,s:s,s:s},{s:s,s:s,s:s}]}", "columns", "phase",
        "baseline", "label", "Baseline", "rows", "metric", "MemAvailable", "group", "meminfo",
        "unit", "kB", "metric", "leak_block_count", "group", "app", "unit", "count", "metric",
        "pid", "group", "app", "unit", "pid"));
    json_object_set_new(a, "metrics", json_pack(
        "{s:{s:i,s:s},s:{s:i,s:s},s:{s:i,s:s}}", "snap.baseline.MemAvailable", "value", 612408,
        "unit", "kB", "snap.baseline.leak_block_count", "value", 0, "unit", "count",
        "snap.baseline.pid", "value", 2113, "unit", "pid"));
    json_object_set_new(b, "metrics", json_pack(
        "{s:{s:i,s:s},s:{s:i,s:s}}", "snap.baseline.MemAvailable", "value", 604516, "unit",
        "kB", "snap.baseline.leak_block_count", "value", 3, "unit", "count"));
    json_t *d = diff_of(a, b, LV_MW_ALPHA);
    json_t *rows = json_object_get(json_array_get(json_object_get(d, "snapshots"), 0), "rows");
    assert_int_equal(json_array_size(rows), 2);   /* the pid is not a quantity */
    json_t *mem = json_array_get(rows, 0), *leak = json_array_get(rows, 1);
    assert_true(json_is_integer(json_object_get(json_object_get(mem, "delta"), "value")));
    assert_true(num(mem, "delta", NULL) == -7892.0);   /* not assert_int_equal: it takes unsigned */
    assert_true(fabs(num(mem, "pct", NULL) - (-7892.0 / 612408 * 100)) < 1e-9);
    assert_int_equal(num(leak, "delta", NULL), 3);
    assert_true(json_is_null(json_object_get(json_object_get(leak, "pct"), "value")));   /* of 0 */
    json_decref(d);
    json_decref(a);
    json_decref(b);
}

static void test_delta_reset_not_compared(void **state)
{
    json_t *a = model("supported", "pre-failure"), *b = model("supported", "pre-failure");
    const char *fmt = "[{s:s,s:s,s:s,s:s,s:[{s:s,s:s,s:{s:i,s:s},s:{s:f,s:s},s:b}]}]";
    json_object_set_new(a, "deltas", json_pack(fmt, "from", "baseline", "to", "postheavy",
                                               "from_label", "Baseline", "to_label", "Post",
                                               "rows", "metric", "pswpin", "kind", "counter",
                                               "delta", "value", 103189, "unit", "count", "pct",
                                               "value", 73.5, "unit", "%", "reset", 0));
    json_object_set_new(b, "deltas", json_pack(fmt, "from", "baseline", "to", "postheavy",
                                               "from_label", "Baseline", "to_label", "Post",
                                               "rows", "metric", "pswpin", "kind", "counter",
                                               "delta", "value", -148811, "unit", "count", "pct",
                                               "value", -100.0, "unit", "%", "reset", 1));
    json_t *d = diff_of(a, b, LV_MW_ALPHA);
    json_t *row = json_array_get(json_object_get(json_array_get(json_object_get(d, "deltas"), 0),
                                                 "rows"), 0);
    assert_int_equal(num(row, "a", "delta"), 103189);
    assert_true(json_is_true(json_object_get(json_object_get(row, "b"), "reset")));
    assert_true(json_is_null(json_object_get(json_object_get(row, "delta"), "value")));
    json_decref(d);
    json_decref(a);
    json_decref(b);
}

static void test_check_model(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *m = json_pack("{s:i}", "x", 1);
    assert_int_equal(lv_diff_check_model(m, "m.json", &d), -1);
    json_decref(m);
    m = json_pack("{s:i,s:{}}", "schema_version", LV_SCHEMA_VERSION + 1, "verdict");
    assert_int_equal(lv_diff_check_model(m, "m.json", &d), -1);
    assert_non_null(strstr(d.v[d.n - 1].msg, "schema version 2"));
    json_decref(m);
    m = json_pack("{s:i}", "schema_version", LV_SCHEMA_VERSION);
    assert_int_equal(lv_diff_check_model(m, "m.json", &d), -1);
    json_decref(m);
    assert_int_equal(d.errors, 3);
    m = json_pack("{s:i,s:{}}", "schema_version", LV_SCHEMA_VERSION, "verdict");
    assert_int_equal(lv_diff_check_model(m, "m.json", &d), 0);   /* no samples: a warning */
    assert_int_equal(d.warnings, 1);
    json_decref(m);
    m = model("supported", "pre-failure");
    assert_int_equal(lv_diff_check_model(m, "m.json", &d), 0);
    assert_int_equal(d.warnings, 1);
    json_decref(m);
    lv_diag_free(&d);
}

/* ---- rendering ---- */

/* The Markdown row of set `label`. */
static const char *row_of(const char *md, const char *label)
{
    char key[200];
    snprintf(key, sizeof key, "\n| %s |", label);
    const char *p = strstr(md, key);
    if (!p)
        fail_msg("no row for %s", label);
    return p + 1;
}

static int row_has(const char *row, const char *what)
{
    const char *end = strchr(row, '\n');
    const char *p = strstr(row, what);
    return p && (!end || p < end);
}

static void test_render_tilde_rule(void **state)
{
    double a[] = {1, 2, 3, 4, 5, 6, 7, 8}, b[] = {4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5};
    double same[] = {1, 2, 3, 4, 5, 6}, tiny[] = {1, 2, 3, 4};
    json_t *ma = model("supported", "pre-failure"), *mb = model("supported", "pre-failure");
    add_set(ma, "shifted", "s", a, 8);
    add_set(mb, "shifted", "s", b, 8);
    add_set(ma, "steady", "s", same, 6);
    add_set(mb, "steady", "s", same, 6);
    add_set(ma, "tiny", "s", tiny, 4);
    add_set(mb, "tiny", "s", same, 6);
    static const double alphas[] = {0.05, 0.01};
    for (int k = 0; k < 2; k++) {
        json_t *d = diff_of(ma, mb, alphas[k]);
        lv_render_opts o = {"md", NULL, 0, NULL, 0, 0};
        lv_buf out;
        lv_buf_init(&out);
        lv_diag dg;
        lv_diag_init(&dg, NULL);
        assert_int_equal(lv_diff_render(d, &o, &out, &dg), 0);
        const char *shifted = row_of(out.data, "shifted");
        /* median (nearest rank, the 4th of 8) 4 -> 7.5: +87.5% at 0.05;
         * "~" at 0.01 (p = 0.0207) */
        assert_int_equal(row_has(shifted, "| +87.5% |"), k == 0);
        assert_int_equal(row_has(shifted, "| \\~ |"), k == 1);
        assert_true(row_has(shifted, "| 0.021 |"));
        assert_true(row_has(row_of(out.data, "steady"), "| \\~ |"));
        assert_true(row_has(row_of(out.data, "tiny"), "| ⚠ |"));
        assert_false(row_has(row_of(out.data, "tiny"), "\\~"));
        assert_non_null(strstr(out.data, "- ⚠ tiny: fewer than 5 values"));
        assert_int_equal(lv_md_table_mismatches(out.data, out.len), 0);
        lv_buf_free(&out);
        lv_diag_free(&dg);
        json_decref(d);
    }
    json_decref(ma);
    json_decref(mb);
}

static void test_render_bad_template(void **state)
{
    json_t *a = model("supported", "pre-failure");
    json_t *d = diff_of(a, a, LV_MW_ALPHA);
    lv_render_opts o = {"md", "{{#x}}", 6, "t.mustache", 0, 0};
    lv_buf out;
    lv_buf_init(&out);
    lv_diag dg;
    lv_diag_init(&dg, NULL);
    assert_int_equal(lv_diff_render(d, &o, &out, &dg), -1);
    assert_int_equal(dg.errors, 1);
    lv_buf_reset(&out);
    o.format = "json";
    assert_int_equal(lv_diff_render(d, &o, &out, &dg), 0);
    json_t *back = lv_json_load_mem(out.data, out.len, "out", &dg);
    assert_true(json_equal(back, d));
    json_decref(back);
    lv_buf_free(&out);
    lv_diag_free(&dg);
    json_decref(d);
    json_decref(a);
}

/* ---- fixture runs ---- */

static json_t *analyze(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        fprintf(stderr, "SKIP: %s is not here (run from the repository root)\n", dir);
        skip();
    }
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_builtin("memory-pressure", &p, &d), 0);
    lv_criteria *c = lv_criteria_profile(&p, &d);
    assert_non_null(c);
    json_t *m = lv_analyze(dir, &p, c, &d);
    assert_non_null(m);
    lv_criteria_free(c);
    lv_profile_free(&p);
    lv_diag_free(&d);
    return m;
}

/* A run against itself: exit 0, nothing significant; every median and p95
 * is the report's (the metric named by the set's id). */
static void test_fixture_self_and_report_percentiles(void **state)
{
    json_t *m = analyze("fixtures/runs/example");
    json_t *d = diff_of(m, m, LV_MW_ALPHA);
    assert_int_equal(lv_diff_exit_code(d), LV_EXIT_OK);
    json_t *sets = json_object_get(json_object_get(d, "latency"), "sets"), *s;
    assert_int_equal(json_array_size(sets), 15);
    size_t i;
    json_array_foreach(sets, i, s) {
        assert_false(json_is_true(json_object_get(s, "significant")));
        char name[300];
        const char *id = json_string_value(json_object_get(s, "id"));
        json_t *metrics = json_object_get(m, "metrics");
        snprintf(name, sizeof name, "%s.p50", id);
        assert_true(num(s, "median", "a") == num(metrics, name, NULL));
        snprintf(name, sizeof name, "%s.p95", id);
        assert_true(num(s, "p95", "b") == num(metrics, name, NULL));
    }
    json_decref(d);
    json_decref(m);
}

/* Hostile endpoint names keep every table's shape and add no markup. */
static void test_fixture_hostile_tables(void **state)
{
    json_t *a = analyze("fixtures/runs/example"), *b = analyze("fixtures/runs/hostile");
    json_t *d = diff_of(a, b, LV_MW_ALPHA);
    assert_true(json_array_size(json_object_get(json_object_get(d, "latency"), "only_b")) > 0);
    lv_render_opts o = {"md", NULL, 0, NULL, 0, 0};
    lv_buf out;
    lv_buf_init(&out);
    lv_diag dg;
    lv_diag_init(&dg, NULL);
    assert_int_equal(lv_diff_render(d, &o, &out, &dg), 0);
    assert_int_equal(lv_md_table_mismatches(out.data, out.len), 0);
    json_t *tables = lv_md_tables_json(out.data, out.len), *t, *r;
    size_t i, j;
    json_array_foreach(tables, i, t) json_array_foreach(json_object_get(t, "rows"), j, r)
        assert_int_equal(json_array_size(json_object_get(r, "markup")), 0);
    json_decref(tables);
    lv_buf_reset(&out);
    o.format = "html";
    assert_int_equal(lv_diff_render(d, &o, &out, &dg), 0);
    assert_null(strstr(out.data, "<script"));
    assert_null(strstr(out.data, "<img"));
    assert_non_null(strstr(out.data, "&lt;script&gt;"));
    lv_buf_free(&out);
    lv_diag_free(&dg);
    json_decref(d);
    json_decref(a);
    json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subsample_keeps_percentiles),
        cmocka_unit_test(test_small_sample_kept_whole),
        cmocka_unit_test(test_identical_samples_no_change),
        cmocka_unit_test(test_shifted_samples_change),
        cmocka_unit_test(test_p_against_enumeration),
        cmocka_unit_test(test_alpha_rule),
        cmocka_unit_test(test_four_values_warn),
        cmocka_unit_test(test_one_side_sets),
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_criteria_changes),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_delta_reset_not_compared),
        cmocka_unit_test(test_check_model),
        cmocka_unit_test(test_render_tilde_rule),
        cmocka_unit_test(test_render_bad_template),
        cmocka_unit_test(test_fixture_self_and_report_percentiles),
        cmocka_unit_test(test_fixture_hostile_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
