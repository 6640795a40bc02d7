/* Unit tests of the snapshot loaders: diag-proc, diag-stats, app-config. */
#include "lvtest.h"

#include "lv/jsonutil.h"
#include "lv/snapshot.h"

static json_t *proc(const char *text, lv_diag *d)
{
    lv_diag_init(d, NULL);
    return lv_parse_diag_proc(text, strlen(text), "p.json", d);
}

static const char *msg(const lv_diag *d, size_t i)
{
    return i < d->n ? d->v[i].msg : "";
}

/* The app counters of the memory-pressure profile (its analysis.json). */
static const char *const MP_COUNTERS[] = {"request_count", "leak_block_count", NULL};

static void proc_reads_every_section(void **state)
{
    lv_diag d;
    json_t *j = proc(
        "{\"loadavg\":\"0.10 0.20 0.35 3/751 1941\","
        "\"meminfo\":{\"MemAvailable\":\"523896 kB\",\"MemTotal\":1955532},"
        "\"pressure_memory\":{\"full\":\"full avg10=0.01 avg60=0.58 avg300=0.56 total=120361338\","
        "\"some\":\"some avg10=0.02 avg60=0.72 avg300=0.69 total=141136058\"},"
        "\"vmstat\":{\"pgscan_kswapd\":\"6114788\",\"pswpin\":163021}}", &d);
    assert_non_null(j);
    assert_int_equal(d.n, 0);
    json_int_t v;
    assert_int_equal(json_unpack(json_object_get(j, "meminfo"), "{s:{s:I}}",
                                 "MemAvailable", "value", &v), 0);
    assert_int_equal(v, 523896);
    assert_string_equal(json_string_value(json_object_get(json_object_get(
                            json_object_get(j, "meminfo"), "MemAvailable"), "unit")), "kB");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "vmstat"),
                                                        "pgscan_kswapd")), 6114788);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "vmstat"),
                                                        "pswpin")), 163021);
    double avg10;
    json_int_t total;
    assert_int_equal(json_unpack(json_object_get(j, "psi"), "{s:{s:F,s:I}}", "some",
                                 "avg10", &avg10, "total", &total), 0);
    assert_true(avg10 == 0.02);
    assert_int_equal(total, 141136058);
    json_int_t run, thr, pid;
    double l15;
    assert_int_equal(json_unpack(json_object_get(j, "loadavg"), "{s:F,s:I,s:I,s:I}",
                                 "load15", &l15, "runnable", &run, "threads", &thr,
                                 "last_pid", &pid), 0);
    assert_true(l15 == 0.35);
    assert_int_equal(run, 3);
    assert_int_equal(thr, 751);
    assert_int_equal(pid, 1941);
    json_decref(j);
    lv_diag_free(&d);
}

static void proc_bad_counters_are_left_out_with_place(void **state)
{
    lv_diag d;
    json_t *j = proc("{\"meminfo\":{},\n"
                     "\"vmstat\":{\"a\":\"18446744073709551616\",\n"
                     "  \"b\":\"-5\", \"c\":\"NaN\", \"d\":\"9223372036854775808\","
                     " \"e\":1.5, \"f\":\"12\"},"
                     "\"pressure_memory\":{}}", &d);
    assert_non_null(j);
    json_t *vm = json_object_get(j, "vmstat");
    assert_int_equal(json_object_size(vm), 1);
    assert_int_equal(json_integer_value(json_object_get(vm, "f")), 12);
    assert_int_equal(d.warnings, 5);
    assert_int_equal(d.v[0].line, 2);
    assert_int_equal(d.v[0].col, 11);
    assert_non_null(strstr(msg(&d, 0), "/vmstat/a"));
    assert_non_null(strstr(msg(&d, 0), "out of range"));
    assert_int_equal(d.v[1].line, 3);
    assert_non_null(strstr(msg(&d, 1), "negative"));
    assert_non_null(strstr(msg(&d, 2), "not a plain decimal"));
    assert_non_null(strstr(msg(&d, 3), "out of range"));
    assert_non_null(strstr(msg(&d, 4), "real"));
    json_decref(j);
    lv_diag_free(&d);
}

static void proc_huge_digits_and_bad_memvalues(void **state)
{
    char text[1024];
    char digits[401];
    memset(digits, '9', 400);
    digits[400] = '\0';
    snprintf(text, sizeof text,
             "{\"meminfo\":{\"MemFree\":\"%s kB\",\"X\":\"12 k B\",\"Y\":true},"
             "\"vmstat\":{},\"pressure_memory\":{\"some\":\"some avg10=nan avg60=1 avg300=1 total=1\","
             "\"full\":\"full avg10=1 avg60=1 avg300=1\"},\"loadavg\":\"1 2\"}",
             digits);
    lv_diag d;
    json_t *j = proc(text, &d);
    assert_non_null(j);
    assert_int_equal(json_object_size(json_object_get(j, "meminfo")), 0);
    assert_int_equal(json_object_size(json_object_get(j, "psi")), 0);
    assert_null(json_object_get(j, "loadavg"));
    assert_int_equal(d.warnings, 6);
    json_decref(j);
    lv_diag_free(&d);
}

static void proc_not_json_is_an_error_with_line_col(void **state)
{
    lv_diag d;
    assert_null(proc("{\"meminfo\":\n {\"a\": }", &d));
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.v[0].line, 2);
    assert_true(d.v[0].col > 0);
    lv_diag_free(&d);
    assert_null(proc("[1,2]", &d));
    assert_non_null(strstr(msg(&d, 0), "expected a JSON object"));
    lv_diag_free(&d);
    assert_null(proc("{\"a\":1,\"a\":2}", &d));
    assert_non_null(strstr(msg(&d, 0), "duplicate"));
    lv_diag_free(&d);
    lv_diag_init(&d, NULL);
    assert_null(lv_parse_diag_proc("", 0, "e.json", &d));
    assert_non_null(strstr(msg(&d, 0), "empty"));
    lv_diag_free(&d);
}

/* A UTF-8 byte order mark is skipped (Windows tools write one); a place on
 * line 1 still counts it. */
static void byte_order_mark_is_skipped(void **state)
{
    const char *doc = "{\"pid\":7,\"leak_block_count\":3}";
    char with[100];
    snprintf(with, sizeof with, "\xef\xbb\xbf%s", doc);
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *a = lv_parse_diag_stats(doc, strlen(doc), "a.json", MP_COUNTERS, &d);
    json_t *b = lv_parse_diag_stats(with, strlen(with), "b.json", MP_COUNTERS, &d);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    lv_diag_free(&d);
    lv_diag_init(&d, NULL);
    assert_null(lv_parse_diag_stats("\xef\xbb\xbf", 3, "bom.json", MP_COUNTERS, &d));
    assert_non_null(strstr(msg(&d, 0), "only a byte order mark"));
    lv_diag_free(&d);
    lv_diag_init(&d, NULL);
    assert_null(lv_parse_diag_stats("\xef\xbb\xbf{\"a\" 1}", 11, "bad.json", MP_COUNTERS, &d));
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.v[0].line, 1);
    assert_int_equal(d.v[0].col, 7); /* BOM 1, { 2, "a" 3-5, space 6: the 1 */
    lv_diag_free(&d);
}

static void stats_snapshot_time_is_start_plus_uptime(void **state)
{
    const char *t = "{\"endpoint_counters\":{\"leak\":30,\"bad\":-1},"
                    "\"leak_block_count\":30,\"pid\":1897,"
                    "\"process_start_time\":\"2026-04-04T05:04:40.930931+00:00\","
                    "\"request_count\":\"32\",\"uptime_seconds\":1900.477}";
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *j = lv_parse_diag_stats(t, strlen(t), "s.json", MP_COUNTERS, &d);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "pid")), 1897);
    assert_null(json_object_get(j, "request_count"));
    assert_string_equal(json_string_value(json_object_get(j, "snapshot_time")),
                        "2026-04-04T05:36:21.407931Z");
    assert_int_equal(json_object_size(json_object_get(j, "endpoint_counters")), 1);
    assert_int_equal(d.warnings, 2);
    json_decref(j);
    lv_diag_free(&d);
}

/* An uptime that cannot be used is left out with a message that says why. */
static void stats_bad_uptime_says_why(void **state)
{
    static const char *const cases[][2] = {
        {"1e300", "over 10^9 seconds (31 years): out of range"},
        {"-5", "negative where seconds >= 0 are expected"},
        {"\"12\"", "expected a number of seconds"},
        {"null", "expected a number of seconds"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char t[200];
        snprintf(t, sizeof t, "{\"pid\":1,\"request_count\":1,\"leak_block_count\":0,"
                              "\"uptime_seconds\":%s}", cases[i][0]);
        lv_diag d;
        lv_diag_init(&d, NULL);
        json_t *j = lv_parse_diag_stats(t, strlen(t), "s.json", MP_COUNTERS, &d);
        assert_non_null(j);
        assert_null(json_object_get(j, "uptime_seconds"));
        assert_int_equal(d.warnings, 1);
        assert_non_null(strstr(msg(&d, 0), cases[i][1]));
        json_decref(j);
        lv_diag_free(&d);
    }
}

/* A start near the end of the times handled plus a long uptime: no
 * overflow (UBSan), the snapshot time left out with a warning; at the
 * other end, a start in 1678 is fine. */
static void stats_snapshot_time_at_the_ends(void **state)
{
    const char *late = "{\"pid\":1,\"request_count\":1,\"leak_block_count\":0,"
                       "\"process_start_time\":\"2261-12-31T23:59:59.999999+00:00\","
                       "\"uptime_seconds\":999999999.999}";
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *j = lv_parse_diag_stats(late, strlen(late), "s.json", MP_COUNTERS, &d);
    assert_non_null(j);
    assert_null(json_object_get(j, "snapshot_time"));
    assert_non_null(json_object_get(j, "process_start_time"));
    assert_int_equal(d.warnings, 1);
    assert_non_null(strstr(msg(&d, 0), "falls after 2261"));
    json_decref(j);
    lv_diag_free(&d);
    const char *early = "{\"pid\":1,\"request_count\":1,\"leak_block_count\":0,"
                        "\"process_start_time\":\"1678-01-01T00:00:00Z\","
                        "\"uptime_seconds\":1.5}";
    lv_diag_init(&d, NULL);
    j = lv_parse_diag_stats(early, strlen(early), "s.json", MP_COUNTERS, &d);
    assert_string_equal(json_string_value(json_object_get(j, "snapshot_time")),
                        "1678-01-01T00:00:01.5Z");
    assert_int_equal(d.n, 0);
    json_decref(j);
    lv_diag_free(&d);
}

/* The counters read are the ones given: a counter of another name is read
 * and checked like the others (missing, or not a non-negative integer: a
 * warning at its place, left out); one not given is neither required nor
 * read. */
static void stats_reads_the_counters_given(void **state)
{
    static const char *const disk[] = {"request_count", "fill_file_count", NULL};
    const char *t = "{\"endpoint_counters\":{\"fill\":16},\"fill_file_count\":16,\n"
                    "\"pid\":3121,\"request_count\":22,\"uptime_seconds\":1.5}";
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *j = lv_parse_diag_stats(t, strlen(t), "s.json", disk, &d);
    assert_int_equal(d.n, 0);   /* no leak_block_count asked for, none missed */
    assert_int_equal(json_integer_value(json_object_get(j, "fill_file_count")), 16);
    assert_int_equal(json_integer_value(json_object_get(j, "request_count")), 22);
    assert_int_equal(json_integer_value(json_object_get(j, "pid")), 3121);
    json_decref(j);
    /* the same answer read for memory-pressure's counters misses its own */
    j = lv_parse_diag_stats(t, strlen(t), "s.json", MP_COUNTERS, &d);
    assert_int_equal(d.warnings, 1);
    assert_string_equal(msg(&d, 0), "/leak_block_count: missing");
    assert_null(json_object_get(j, "fill_file_count"));
    assert_null(json_object_get(j, "leak_block_count"));
    json_decref(j);
    lv_diag_free(&d);

    /* a wrong value of a listed counter: left out, at its line and column */
    const char *bad = "{\"pid\":1,\"request_count\":2,\n \"fill_file_count\":-3}";
    lv_diag_init(&d, NULL);
    j = lv_parse_diag_stats(bad, strlen(bad), "b.json", disk, &d);
    assert_int_equal(d.warnings, 1);
    assert_string_equal(msg(&d, 0),
                        "/fill_file_count: expected a non-negative integer; left out");
    assert_int_equal(d.v[0].line, 2);
    assert_int_equal(d.v[0].col, 2);
    assert_null(json_object_get(j, "fill_file_count"));
    json_decref(j);
    lv_diag_free(&d);

    /* no counters at all: the pid only; a name given twice, or a member of
     * the document's own, is not read as a counter */
    static const char *const none[] = {NULL};
    static const char *const odd[] = {"fill_file_count", "fill_file_count",
                                      "uptime_seconds", "pid", NULL};
    lv_diag_init(&d, NULL);
    j = lv_parse_diag_stats(t, strlen(t), "s.json", none, &d);
    assert_int_equal(d.n, 0);
    assert_null(json_object_get(j, "request_count"));
    assert_int_equal(json_integer_value(json_object_get(j, "pid")), 3121);
    json_decref(j);
    const char *missing = "{\"pid\":1,\"uptime_seconds\":2}";
    j = lv_parse_diag_stats(missing, strlen(missing), "m.json", odd, &d);
    assert_int_equal(d.warnings, 1);   /* fill_file_count missing, once */
    assert_string_equal(msg(&d, 0), "/fill_file_count: missing");
    assert_int_equal(json_integer_value(json_object_get(j, "uptime_seconds")), 2);
    json_decref(j);
    lv_diag_free(&d);
}

/* NULL counters: the default, request_count, which every diag app of the
 * lab family reports; leak_block_count is memory-pressure's own, neither
 * required nor read. */
static void stats_default_counters(void **state)
{
    assert_string_equal(lv_diag_stats_default_counters[0], "request_count");
    assert_null(lv_diag_stats_default_counters[1]);
    const char *t = "{\"pid\":5,\"request_count\":3,\"leak_block_count\":9}";
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *j = lv_parse_diag_stats(t, strlen(t), "s.json", NULL, &d);
    assert_int_equal(d.n, 0);
    assert_int_equal(json_integer_value(json_object_get(j, "request_count")), 3);
    assert_null(json_object_get(j, "leak_block_count"));
    json_decref(j);
    t = "{\"pid\":5}";
    j = lv_parse_diag_stats(t, strlen(t), "s.json", NULL, &d);
    assert_int_equal(d.warnings, 1);
    assert_string_equal(msg(&d, 0), "/request_count: missing");
    json_decref(j);
    lv_diag_free(&d);
}

static void app_config_reads_gunicorn_options(void **state)
{
    const char *t = "{\"properties\":{\"appCommandLine\":\"gunicorn -w 3 --timeout 90 -b :8000 app:app\","
                    "\"linuxFxVersion\":\"PYTHON|3.12\",\"alwaysOn\":true,\"numberOfWorkers\":2},"
                    "\"sku\":{\"name\":\"B1\",\"tier\":\"Basic\"}}";
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *j = lv_parse_app_config(t, strlen(t), "c.json", &d);
    json_int_t w, to, n;
    int on;
    const char *sku;
    assert_int_equal(json_unpack(j, "{s:{s:I,s:I},s:b,s:I,s:s}", "gunicorn", "workers", &w,
                                 "timeout", &to, "alwaysOn", &on, "numberOfWorkers", &n,
                                 "sku", &sku), 0);
    assert_int_equal(w, 3);
    assert_int_equal(to, 90);
    assert_true(on);
    assert_int_equal(n, 2);
    assert_string_equal(sku, "B1");
    json_decref(j);
    t = "{\"appCommandLine\":\"gunicorn --workers=x app:app\"}";
    j = lv_parse_app_config(t, strlen(t), "c.json", &d);
    assert_int_equal(d.warnings, 1);
    assert_null(json_object_get(json_object_get(j, "gunicorn"), "workers"));
    json_decref(j);
    lv_diag_free(&d);
}

/* Every JSON loader takes every JSONTestSuite case without crashing; the
 * n_ cases are all refused with a message. */
static void json_test_suite_through_every_loader(void **state)
{
    LV_NEED_SHARED();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/conformance/json-test-suite/test_parsing",
             lvtest_shared());
    static const char *const formats[] = {"diag-proc", "diag-stats", "app-config", "json"};
    FILE *ls;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "ls '%s'", dir);
    assert_non_null(ls = popen(cmd, "r"));
    char name[512];
    int files = 0;
    while (fgets(name, sizeof name, ls)) {
        name[strcspn(name, "\n")] = '\0';
        char path[4700];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        files++;
        for (size_t f = 0; f < 4; f++) {
            lv_diag d;
            lv_diag_init(&d, NULL);
            json_t *j = lv_load_snapshot(path, name, formats[f], MP_COUNTERS, &d);
            if (name[0] == 'n') {
                if (j)
                    fail_msg("%s accepted by %s", name, formats[f]);
                assert_true(d.errors >= 1);
            }
            json_decref(j);
            lv_diag_free(&d);
        }
    }
    pclose(ls);
    assert_int_equal(files, 318);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(proc_reads_every_section),
        cmocka_unit_test(proc_bad_counters_are_left_out_with_place),
        cmocka_unit_test(proc_huge_digits_and_bad_memvalues),
        cmocka_unit_test(proc_not_json_is_an_error_with_line_col),
        cmocka_unit_test(byte_order_mark_is_skipped),
        cmocka_unit_test(stats_snapshot_time_is_start_plus_uptime),
        cmocka_unit_test(stats_bad_uptime_says_why),
        cmocka_unit_test(stats_snapshot_time_at_the_ends),
        cmocka_unit_test(stats_reads_the_counters_given),
        cmocka_unit_test(stats_default_counters),
        cmocka_unit_test(app_config_reads_gunicorn_options),
        cmocka_unit_test(json_test_suite_through_every_loader),
    };
    return cmocka_run_group_tests_name("snapshot", tests, NULL, NULL);
}
