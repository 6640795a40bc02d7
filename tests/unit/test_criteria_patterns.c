/* Unit tests of the metric-name patterns: their syntax check, the places
 * in JSON text that errors are reported at, and (with the profile) which
 * names a lab's criteria may use. */
#include "lvtest.h"

#include "lv/buf.h"
#include "lv/criteria.h"
#include "lv/jsonplace.h"
#include "lv/metricpat.h"

/* ---- the syntax ------------------------------------------------------------ */

static void well_formed_patterns_pass(void **state)
{
    static const char *const good[] = {
        "snap.baseline|midleak|postheavy.**", "a", "*", "**", "a.*.b",
        "kql.window|whole.endpoint.**.n|p95", "x.(other endpoints)|/a.b",
        "client.leak|heavy.n|tail_ratio"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (lv_metric_pattern_error(good[i]))
            fail_msg("\"%s\": %s", good[i], lv_metric_pattern_error(good[i]));
    for (size_t i = 0; lv_metric_patterns_default[i]; i++)
        assert_null(lv_metric_pattern_error(lv_metric_patterns_default[i]));
}

static void malformed_patterns_say_why(void **state)
{
    static const struct {
        const char *pattern, *why;
    } bad[] = {
        {"", "an empty pattern"},
        {"snap..x", "empty segment"},
        {".snap", "empty segment"},
        {"snap.", "empty segment"},
        {"snap.mid*.x", "'*' inside a word"},
        {"snap.a|*.x", "'*' inside a word"},
        {"snap.***", "'*' inside a word"},
        {"snap.a||b", "empty word"},
        {"snap.|a", "empty word"},
        {"snap.a|", "empty word"},
        {"**.x.**", "more than one '**'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *why = lv_metric_pattern_error(bad[i].pattern);
        if (!why || !strstr(why, bad[i].why))
            fail_msg("\"%s\": %s, expected %s", bad[i].pattern,
                     why ? why : "well-formed", bad[i].why);
    }
    assert_non_null(lv_metric_pattern_error(NULL));
}

/* ---- places in JSON text ---------------------------------------------------- */

static size_t at(const char *text, const lv_json_step *path, size_t n,
                 int at_key)
{
    return lv_json_locate(text, strlen(text), path, n, at_key);
}

static void json_places_follow_the_path(void **state)
{
    const char *t = "{\"a\": 1, \"b\": [10, {\"c\": \"x\"}], \"\\u0064\": 2}";
    lv_json_step p[] = {{"b", 0}, {NULL, 1}, {"c", 0}};
    assert_int_equal(at(t, p, 0, 0), 0);
    assert_int_equal(at(t, p, 1, 1), strstr(t, "\"b\"") - t);
    assert_int_equal(at(t, p, 1, 0), strstr(t, "[10") - t);
    assert_int_equal(at(t, p, 2, 0), strstr(t, "{\"c\"") - t);
    assert_int_equal(at(t, p, 3, 0), strstr(t, "\"x\"") - t);
    lv_json_step d[] = {{"d", 0}};   /* written with an escape */
    assert_int_equal(at(t, d, 1, 1), strstr(t, "\"\\u0064\"") - t);
    /* not there: the deepest container found */
    lv_json_step missing[] = {{"b", 0}, {NULL, 5}};
    assert_int_equal(at(t, missing, 2, 0), strstr(t, "[10") - t);
    lv_json_step wrong[] = {{"a", 0}, {"z", 0}};
    assert_int_equal(at(t, wrong, 2, 0), strstr(t, "1,") - t);
    /* past a byte order mark */
    const char *bom = "\xef\xbb\xbf{\"a\": 1}";
    assert_int_equal(at(bom, p, 0, 0), 3);
    lv_json_step a[] = {{"a", 0}};
    assert_int_equal(at(bom, a, 1, 0), 9);

    lv_buf b;
    lv_buf_init(&b);
    lv_json_step ptr[] = {{"proof", 0}, {NULL, 2}, {"a/b~c", 0}};
    lv_json_pointer(&b, ptr, 3);
    assert_string_equal(b.data, "/proof/2/a~1b~0c");
    lv_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(well_formed_patterns_pass),
        cmocka_unit_test(malformed_patterns_say_why),
        cmocka_unit_test(json_places_follow_the_path),
    };
    return cmocka_run_group_tests_name("criteria_patterns", tests, NULL, NULL);
}
