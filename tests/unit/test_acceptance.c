/* Acceptance on the real run (../shared/lab-artifacts/memory-pressure):
 * the seed's figures one by one, from the model labverdict builds out of
 * the files alone, and the verdict. Skips visibly where ../shared is not
 * on the machine. Also checks, on our own fixture runs, the verdicts they
 * were designed for and that hostile text cannot break the report. */
#include "lvtest.h"

#include <math.h>

#include "lv/analyze.h"
#include "lv/criteria.h"
#include "lv/mdcheck.h"
#include "lv/report.h"

static json_t *model_of(const char *dir)
{
    lv_profile p;
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_load_builtin("memory-pressure", &p, &d), 0);
    lv_criteria *c = lv_criteria_profile(&p, &d);
    assert_non_null(c);
    json_t *m = lv_analyze(dir, &p, c, &d);
    lv_criteria_free(c);
    lv_profile_free(&p);
    lv_diag_free(&d);
    assert_non_null(m);
    return m;
}

static json_t *real_run(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/lab-artifacts/memory-pressure", lvtest_shared());
    return model_of(dir);
}

static double metric(json_t *m, const char *name)
{
    json_t *v = json_object_get(json_object_get(json_object_get(m, "metrics"), name), "value");
    if (!json_is_number(v))
        fail_msg("metric %s is missing", name);
    return json_number_value(v);
}

#define EQ(m, name, want) assert_true(metric(m, name) == (double)(want))
#define NEAR(m, name, want, tol)                                               \
    do {                                                                       \
        double got_ = metric(m, name);                                         \
        if (fabs(got_ - (want)) > (tol))                                       \
            fail_msg("%s = %.9g, expected %.9g", name, got_, (double)(want));  \
    } while (0)

static void seed_4_2_baseline(void **state)
{
    LV_NEED_SHARED();
    json_t *m = real_run();
    EQ(m, "snap.baseline.MemTotal", 1955532);
    EQ(m, "snap.baseline.MemFree", 102240);
    EQ(m, "snap.baseline.MemAvailable", 523896);
    EQ(m, "snap.baseline.Cached", 486820);
    EQ(m, "snap.baseline.SwapTotal", 4194300);
    EQ(m, "snap.baseline.SwapFree", 3809772);
    EQ(m, "snap.baseline.pgscan_kswapd", 6114788);
    EQ(m, "snap.baseline.pgscan_direct", 214825);
    EQ(m, "snap.baseline.pgsteal_kswapd", 2839945);
    EQ(m, "snap.baseline.pswpin", 163021);
    EQ(m, "snap.baseline.pswpout", 223248);
    EQ(m, "snap.baseline.allocstall_normal", 1122);
    EQ(m, "snap.baseline.allocstall_movable", 867);
    EQ(m, "snap.baseline.psi_some_avg10", 0.02);
    EQ(m, "snap.baseline.psi_full_avg300", 0.56);
    EQ(m, "snap.baseline.load15", 0.35);
    EQ(m, "snap.baseline.request_count", 4);
    EQ(m, "snap.baseline.leak_block_count", 0);
    EQ(m, "snap.postheavy.endpoint.heavy", 14);
    json_decref(m);
}

static void seed_4_5_and_4_6_deltas(void **state)
{
    LV_NEED_SHARED();
    json_t *m = real_run();
    EQ(m, "delta.midleak.MemAvailable", -479136);
    EQ(m, "delta.midleak.SwapFree", -1350516);
    EQ(m, "delta.midleak.pgscan_kswapd", 1674998);
    EQ(m, "delta.midleak.pgscan_direct", 329946);
    EQ(m, "delta.midleak.pswpout", 392455);
    EQ(m, "delta.midleak.allocstall_movable", 1328);
    EQ(m, "delta.postheavy.MemAvailable", -460520);
    EQ(m, "delta.postheavy.SwapFree", -1433376);
    EQ(m, "delta.postheavy.pgscan_kswapd", 1776127);
    EQ(m, "delta.postheavy.pgscan_direct", 399168);
    EQ(m, "delta.postheavy.pswpin", 111048);
    EQ(m, "delta.postheavy.pswpout", 428527);
    EQ(m, "delta.postheavy.allocstall_movable", 1594);
    EQ(m, "reset.postheavy.pswpout", 0);
    json_decref(m);
}

static void seed_4_7_client_latency(void **state)
{
    LV_NEED_SHARED();
    json_t *m = real_run();
    EQ(m, "client.leak.n", 100);
    EQ(m, "client.leak.n5xx", 0);
    NEAR(m, "client.leak.mean", 1.010, 0.0005);
    NEAR(m, "client.leak.p95", 1.784, 0.0005);
    NEAR(m, "client.leak.max", 3.317, 0.0005);
    /* The glued heavy stream, recovered exactly: 50 requests, all 200. */
    EQ(m, "client.heavy.n", 50);
    EQ(m, "client.heavy.n2xx", 50);
    NEAR(m, "client.heavy.max", 5.711980, 1e-9);
    json_decref(m);
}

static void seed_4_7_4_8_kql_and_the_run_window(void **state)
{
    LV_NEED_SHARED();
    json_t *m = real_run();
    EQ(m, "kql.whole.n", 314);
    EQ(m, "kql.whole.n5xx", 0);
    EQ(m, "kql.whole.endpoint./heavy.n", 100);
    NEAR(m, "kql.whole.endpoint./heavy.mean", 4983.5, 0.05);
    EQ(m, "kql.whole.endpoint./heavy.p95", 14815);
    EQ(m, "kql.whole.endpoint./heavy.max", 15630);
    EQ(m, "kql.whole.endpoint./leak.n", 200);
    EQ(m, "kql.whole.endpoint./diag/stats.n", 6);
    EQ(m, "kql.whole.endpoint./diag/proc.n", 4);
    EQ(m, "kql.whole.endpoint./health.n", 2);
    EQ(m, "kql.whole.endpoint./diag/env.n", 1);
    EQ(m, "kql.whole.endpoint./.n", 1);
    /* The seed mixes in the day-before run; the run window does not. */
    EQ(m, "kql.window.endpoint./heavy.n", 50);
    EQ(m, "kql.window.endpoint./heavy.p95", 3339);
    EQ(m, "kql.window.endpoint./leak.n", 100);
    json_t *out = json_object_get(json_object_get(m, "kql_http"), "outside");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "before"), "value")), 156);
    assert_string_equal(json_string_value(json_object_get(out, "earliest")),
                        "2026-04-03T15:16:02.506047Z");
    json_decref(m);
}

static void seed_4_9_logs_and_4_11_verdict(void **state)
{
    LV_NEED_SHARED();
    json_t *m = real_run();
    EQ(m, "console.whole.worker_timeout", 0);
    EQ(m, "console.window.oom", 0);
    EQ(m, "platform.window.restart", 0);
    EQ(m, "platform.window.stop", 0);
    assert_true(metric(m, "platform.whole.start") > 0);
    json_t *v = json_object_get(m, "verdict");
    assert_string_equal(json_string_value(json_object_get(v, "result")), "supported");
    assert_string_equal(json_string_value(json_object_get(v, "stage")), "pre-failure");
    json_t *w = json_object_get(m, "workers");
    assert_true(json_is_true(json_object_get(w, "different")));
    assert_int_equal(json_integer_value(json_object_get(json_array_get(
                         json_object_get(w, "pids"), 0), "pid")), 1901);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(
                         json_object_get(w, "pids"), 2), "pid")), 1897);
    json_decref(m);
}

static char *render(json_t *m, const char *format, size_t *len)
{
    lv_render_opts o = {format, NULL, 0, NULL, 1, 1};
    lv_buf b;
    lv_buf_init(&b);
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_report_render(m, &o, &b, &d), 0);
    lv_diag_free(&d);
    *len = b.len;
    return lv_buf_steal(&b);
}

static void real_run_markdown_says_the_seed_numbers(void **state)
{
    LV_NEED_SHARED();
    json_t *m = real_run();
    size_t len;
    char *md = render(m, "md", &len);
    assert_int_equal(lv_md_table_mismatches(md, len), 0);
    assert_non_null(strstr(md, "| MemAvailable | kB | 523,896 | 44,760 | -479,136 | -91.5% |"));
    assert_non_null(strstr(md, "| pswpout | count | 223,248 | 651,775 | +428,527 |"));
    assert_non_null(strstr(md, "| 1.010 | 0.866 | 1.472 | 1.784 | 3.010 | 3.317 |"));
    assert_non_null(strstr(md, "4,983.5 |"));
    assert_non_null(strstr(md, "14,815.0 |"));
    assert_non_null(strstr(md, "**Result: supported. Stage: pre-failure.**"));
    free(md);
    json_decref(m);
}

static const char *const designed[][3] = {
    {"example", "supported", "pre-failure"},
    {"falsified", "falsified", "pre-failure"},
    {"missing-evidence", "inconclusive", "unknown"},
    {"counter-reset", "supported", "pre-failure"},
    {"failure-stage", "supported", "failure"},
    {"flat-kql", "supported", "pre-failure"},
    {"earlier-run", "supported", "pre-failure"},
    {"hostile", "supported", "pre-failure"},
};

static void fixture_runs_give_their_designed_verdicts(void **state)
{
    for (size_t i = 0; i < sizeof designed / sizeof designed[0]; i++) {
        char dir[256];
        snprintf(dir, sizeof dir, "fixtures/runs/%s", designed[i][0]);
        json_t *m = model_of(dir);
        json_t *v = json_object_get(m, "verdict");
        const char *r = json_string_value(json_object_get(v, "result"));
        const char *s = json_string_value(json_object_get(v, "stage"));
        if (strcmp(r, designed[i][1]) || strcmp(s, designed[i][2]))
            fail_msg("%s: %s/%s, designed %s/%s", designed[i][0], r, s, designed[i][1],
                     designed[i][2]);
        json_decref(m);
    }
}

static void counter_reset_is_never_a_negative_delta(void **state)
{
    json_t *m = model_of("fixtures/runs/counter-reset");
    EQ(m, "reset.postheavy.pgscan_kswapd", 1);
    json_t *d = json_object_get(json_object_get(m, "metrics"), "delta.postheavy.pgscan_kswapd");
    assert_true(json_is_null(json_object_get(d, "value")));
    EQ(m, "reset.midleak.pgscan_kswapd", 0);
    assert_true(metric(m, "delta.midleak.pgscan_kswapd") > 0);
    json_decref(m);
}

static void flat_kql_shape_gives_the_same_figures(void **state)
{
    json_t *a = model_of("fixtures/runs/example"), *b = model_of("fixtures/runs/flat-kql");
    static const char *const names[] = {"kql.whole.n", "kql.window.n",
                                        "kql.window.endpoint./heavy.p95",
                                        "kql.whole.endpoint./heavy.p95",
                                        "kql.window.endpoint./leak.mean", "console.whole.sigkill"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (metric(a, names[i]) != metric(b, names[i]))
            fail_msg("%s: %g (tables) vs %g (flat)", names[i], metric(a, names[i]),
                     metric(b, names[i]));
    json_decref(a);
    json_decref(b);
}

static void hostile_text_stays_inert(void **state)
{
    json_t *m = model_of("fixtures/runs/hostile");
    size_t len, hlen;
    char *md = render(m, "md", &len);
    assert_int_equal(lv_md_table_mismatches(md, len), 0);
    char *html = render(m, "html", &hlen);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "onerror=\""));
    assert_non_null(strstr(html, "&lt;script&gt;"));
    free(md);
    free(html);
    json_decref(m);
}

static void same_folder_same_bytes(void **state)
{
    json_t *a = model_of("fixtures/runs/example"), *b = model_of("fixtures/runs/example");
    size_t la, lb;
    char *x = render(a, "html", &la), *y = render(b, "html", &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    free(x);
    free(y);
    json_decref(a);
    json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_4_2_baseline),
        cmocka_unit_test(seed_4_5_and_4_6_deltas),
        cmocka_unit_test(seed_4_7_client_latency),
        cmocka_unit_test(seed_4_7_4_8_kql_and_the_run_window),
        cmocka_unit_test(seed_4_9_logs_and_4_11_verdict),
        cmocka_unit_test(real_run_markdown_says_the_seed_numbers),
        cmocka_unit_test(fixture_runs_give_their_designed_verdicts),
        cmocka_unit_test(counter_reset_is_never_a_negative_delta),
        cmocka_unit_test(flat_kql_shape_gives_the_same_figures),
        cmocka_unit_test(hostile_text_stays_inert),
        cmocka_unit_test(same_folder_same_bytes),
    };
    return cmocka_run_group_tests_name("acceptance", tests, NULL, NULL);
}
