/* Unit tests of the metric-name patterns: their syntax check, the places
 * in JSON text that errors are reported at, and (with the profile) which
 * names a lab's criteria may use. */
#include "lvtest.h"

#include "lv/buf.h"
#include "lv/criteria.h"
#include "lv/jsonplace.h"
#include "lv/metricpat.h"
#include "lv/profile.h"

/* ---- the syntax ---------------------------------------------------------- */

static void well_formed_patterns_pass(void **state)
{
    static const char *const good[] = {
        "snap.baseline|midleak|postheavy.**", "a", "*", "**", "a.*.b",
        "kql.window|whole.endpoint.**.n|p95", "x.(other endpoints)|/a.b",
        "client.leak|heavy.n|tail_ratio"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (lv_metric_pattern_error(good[i]))
            fail_msg("\"%s\": %s", good[i], lv_metric_pattern_error(good[i]));
    for (size_t i = 0; lv_metric_patterns_generic[i]; i++)
        assert_null(lv_metric_pattern_error(lv_metric_patterns_generic[i]));
    for (size_t i = 0; lv_metric_patterns_fallback[i]; i++)
        assert_null(lv_metric_pattern_error(lv_metric_patterns_fallback[i]));
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

/* ---- places in JSON text ------------------------------------------------- */

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

/* ---- the profile's "metric_patterns" ------------------------------------- */

/* A profile document of lab `name` with `patterns` (JSON text, or NULL for
 * none) after its roles and phases. */
static char *profile_doc(const char *name, const char *patterns)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    fprintf(f,
            "{\n"
            "  \"profile\": \"%s\",\n"
            "  \"roles\": [{\"role\": \"r\", \"glob\": \"*.json\", \"format\": \"json\"}],\n"
            "  \"phases\": [{\"phase\": \"idle\"}, {\"phase\": \"burst\"}]%s%s\n"
            "}\n",
            name, patterns ? ",\n  \"metric_patterns\": " : "",
            patterns ? patterns : "");
    fclose(f);
    return s;
}

/* The 1-based line and byte column of the first `needle` in `text`. */
static void place_of(const char *text, const char *needle, long *line,
                     long *col)
{
    const char *at = strstr(text, needle);
    if (!at)
        fail_msg("\"%s\" is not in the text", needle);
    *line = 1;
    *col = 1;
    for (const char *q = text; q < at; q++) {
        if (*q == '\n') {
            ++*line;
            *col = 1;
        } else {
            ++*col;
        }
    }
}

/* Diagnostic i is an error in `file` at the first `needle` of `text`,
 * whose message is `message`. */
static void assert_error(const lv_diag *d, size_t i, const char *file,
                         const char *text, const char *needle,
                         const char *message)
{
    long line, col;
    place_of(text, needle, &line, &col);
    assert_true(i < d->n);
    assert_int_equal(d->v[i].sev, LV_SEV_ERROR);
    assert_string_equal(d->v[i].file, file);
    assert_string_equal(d->v[i].msg, message);
    if (d->v[i].line != line || d->v[i].col != col)
        fail_msg("\"%s\" at %ld:%ld, expected %ld:%ld", message,
                 d->v[i].line, d->v[i].col, line, col);
}

static void profile_patterns_are_kept(void **state)
{
    char *t = profile_doc("x", "[\"snap.idle|burst.**\", \"console.*.panic\"]");
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_parse(t, strlen(t), "p.json", &p, &d), 0);
    assert_string_equal(p.metric_patterns[0], "snap.idle|burst.**");
    assert_string_equal(p.metric_patterns[1], "console.*.panic");
    assert_null(p.metric_patterns[2]);
    lv_profile_free(&p);
    free(t);

    /* none: NULL; an empty list is a list (the lab has no names of its own) */
    t = profile_doc("x", NULL);
    assert_int_equal(lv_profile_parse(t, strlen(t), "p.json", &p, &d), 0);
    assert_null(p.metric_patterns);
    lv_profile_free(&p);
    free(t);
    t = profile_doc("x", "[]");
    assert_int_equal(lv_profile_parse(t, strlen(t), "p.json", &p, &d), 0);
    assert_non_null(p.metric_patterns);
    assert_null(p.metric_patterns[0]);
    lv_profile_free(&p);
    free(t);
    assert_int_equal(d.n, 0);
    lv_diag_free(&d);

    /* the built-in profile has its lab's names */
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_load_builtin("memory-pressure", &p, &d), 0);
    assert_non_null(p.metric_patterns);
    for (size_t i = 0; p.metric_patterns[i]; i++)
        assert_null(lv_metric_pattern_error(p.metric_patterns[i]));
    lv_profile_free(&p);
    lv_diag_free(&d);
}

static void malformed_patterns_are_errors_at_their_place(void **state)
{
    char *t = profile_doc("x", "\"snap.**\"");
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_parse(t, strlen(t), "p.json", &p, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_error(&d, 0, "p.json", t, "\"snap.**\"",
                 "/metric_patterns: \"metric_patterns\" must be an array of "
                 "metric-name patterns, not a string");
    assert_null(p.name); /* freed, as on every error */
    lv_diag_free(&d);
    free(t);

    /* every bad element, each at its place; the good ones pass */
    t = profile_doc("x", "[\"snap.*.**\", 7, \"\",\n    \"snap..x\", \"a.mid*\", "
                         "\"a|b|\", \"**.**\", {\"p\": 1}]");
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_parse(t, strlen(t), "p.json", &p, &d), -1);
    assert_int_equal(d.errors, 7);
    assert_error(&d, 0, "p.json", t, "7,",
                 "/metric_patterns/1: a metric pattern is a non-empty string, "
                 "not a number");
    assert_error(&d, 1, "p.json", t, "\"\",",
                 "/metric_patterns/2: a metric pattern is a non-empty string, "
                 "not \"\"");
    assert_error(&d, 2, "p.json", t, "\"snap..x\"",
                 "/metric_patterns/3: pattern \"snap..x\" has an empty segment "
                 "(two dots, or a dot at an end)");
    assert_error(&d, 3, "p.json", t, "\"a.mid*\"",
                 "/metric_patterns/4: pattern \"a.mid*\" has '*' inside a word "
                 "('*' and '**' are whole segments)");
    assert_error(&d, 4, "p.json", t, "\"a|b|\"",
                 "/metric_patterns/5: pattern \"a|b|\" has an empty word in a|b "
                 "(a '|' at an end, or two together)");
    assert_error(&d, 5, "p.json", t, "\"**.**\"",
                 "/metric_patterns/6: pattern \"**.**\" has more than one '**'");
    assert_error(&d, 6, "p.json", t, "{\"p\"",
                 "/metric_patterns/7: a metric pattern is a non-empty string, "
                 "not an object");
    lv_diag_free(&d);
    free(t);
}

/* ---- which names a lab's criteria may use ---------------------------------- */

/* A criteria document with one proof condition on `m1` and one disproof
 * condition on `m2`. */
static char *criteria_doc(const char *m1, const char *m2)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    fprintf(f,
            "{\n"
            "  \"criteria_version\": 1, \"lab\": \"cpu\", \"hypothesis\": \"H\",\n"
            "  \"proof\": [{\"id\": \"p\", \"title\": \"P\", \"why\": \"w\", \"all\": [\n"
            "    {\"metric\": \"%s\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}]}],\n"
            "  \"disproof\": [{\"id\": \"d\", \"title\": \"D\", \"why\": \"w\", \"all\": [\n"
            "    {\"metric\": \"%s\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}]}]\n"
            "}\n",
            m1, m2);
    fclose(f);
    return s;
}

/* A profile of lab `name` with `patterns` (NULL: none), loaded. */
static void load_profile(const char *name, const char *patterns, lv_profile *p)
{
    char *t = profile_doc(name, patterns);
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_parse(t, strlen(t), "p.json", p, &d), 0);
    lv_diag_free(&d);
    free(t);
}

/* The criteria with metrics m1 and m2 load under profile p's patterns. */
static int loads(const lv_profile *p, const char *m1, const char *m2)
{
    char *t = criteria_doc(m1, m2);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_criteria *c = lv_criteria_parse_with(
        t, strlen(t), "c.json", (const char *const *)p->metric_patterns, &d);
    int ok = c != NULL && d.n == 0;
    lv_criteria_free(c);
    lv_diag_free(&d);
    free(t);
    return ok;
}

#define UNKNOWN(m) "unknown metric \"" m "\" (no metric of the dictionary " \
                   "has this name; see docs/criteria.md)"

static void another_lab_uses_its_own_names(void **state)
{
    lv_profile cpu;
    load_profile("cpu", "[\"snap.idle|burst.**\", \"delta.burst.**\", "
                        "\"console.window|whole.throttled\"]", &cpu);
    /* its own words, and the names every lab has */
    assert_true(loads(&cpu, "snap.burst.nr_throttled", "console.window.throttled"));
    assert_true(loads(&cpu, "delta.burst.usage_usec", "kql.window.n5xx"));
    assert_true(loads(&cpu, "min.pct.usage_usec", "client.all.n"));
    assert_false(loads(&cpu, "snap.bursty.x", "kql.window.n5xx"));

    /* the memory-pressure lab's are not its own: each is an error at its
     * place */
    char *t = criteria_doc("snap.midleak.MemAvailable", "console.window.worker_timeout");
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_null(lv_criteria_parse_with(t, strlen(t), "c.json",
                                       (const char *const *)cpu.metric_patterns, &d));
    assert_int_equal(d.errors, 2);
    assert_error(&d, 0, "c.json", t, "\"snap.midleak",
                 "/proof/0/all/0/metric: " UNKNOWN("snap.midleak.MemAvailable"));
    assert_error(&d, 1, "c.json", t, "\"console.window",
                 "/disproof/0/all/0/metric: " UNKNOWN("console.window.worker_timeout"));
    lv_diag_free(&d);
    free(t);
    assert_false(loads(&cpu, "client.leak.p95", "kql.window.n5xx"));
    assert_false(loads(&cpu, "platform.window.restart", "kql.window.n5xx"));

    /* the same through a file */
    char path[] = "/tmp/lv-criteria-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    t = criteria_doc("snap.idle.nr_throttled", "delta.midleak.MemAvailable");
    assert_int_equal(write(fd, t, strlen(t)), (ssize_t)strlen(t));
    close(fd);
    lv_diag_init(&d, NULL);
    assert_null(lv_criteria_load(path, "c.json", &cpu, &d));
    assert_int_equal(d.errors, 1);
    assert_error(&d, 0, "c.json", t, "\"delta.midleak",
                 "/disproof/0/all/0/metric: " UNKNOWN("delta.midleak.MemAvailable"));
    lv_diag_free(&d);
    free(t);
    unlink(path);
    lv_profile_free(&cpu);
}

static void builtin_criteria_follow_the_profile(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_builtin("memory-pressure", &p, &d), 0);
    lv_criteria *c = lv_criteria_profile(&p, &d);
    assert_non_null(c);
    assert_int_equal(d.n, 0);
    lv_criteria_free(c);
    lv_profile_free(&p);

    /* a profile of that name whose words are other (a roles file alone,
     * which takes the built-in criteria of its name): the built-in criteria
     * name phases it does not have */
    load_profile("memory-pressure", "[\"snap.idle|burst.**\"]", &p);
    assert_int_equal(lv_profile_use_builtin(&p, &d), 0);
    assert_null(lv_criteria_profile(&p, &d));
    assert_true(d.errors > 0);
    for (size_t i = 0; i < d.n; i++) {
        assert_string_equal(d.v[i].file, "profiles/memory-pressure/criteria.json");
        assert_non_null(strstr(d.v[i].msg, "unknown metric"));
        assert_true(d.v[i].line > 1);
    }
    lv_profile_free(&p);
    lv_diag_free(&d);
}

static void without_patterns_only_the_form_is_checked(void **state)
{
    lv_profile p;
    load_profile("x", NULL, &p);
    assert_null(p.metric_patterns);
    assert_true(loads(&p, "snap.midleak.MemAvailable", "snap.whatever.x.y"));
    assert_true(loads(&p, "pct.burst.x", "reset.burst.x"));
    assert_true(loads(&p, "client.leak.p95", "console.whole.anything"));
    assert_true(loads(&p, "platform.window.reboot", "kql.whole.endpoint./a.b.p99"));
    assert_false(loads(&p, "snp.midleak.x", "kql.window.n5xx"));
    assert_false(loads(&p, "client.leak.p42", "kql.window.n5xx"));
    assert_false(loads(&p, "console.window.a.b", "kql.window.n5xx"));
    assert_false(loads(&p, "snap.midleak", "kql.window.n5xx"));
    lv_profile_free(&p);

    /* an empty list: the lab has no words of its own, only the generic
     * names pass */
    load_profile("x", "[]", &p);
    assert_true(loads(&p, "min.delta.x", "kql.window.n5xx"));
    assert_false(loads(&p, "snap.midleak.MemAvailable", "kql.window.n5xx"));
    lv_profile_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(well_formed_patterns_pass),
        cmocka_unit_test(malformed_patterns_say_why),
        cmocka_unit_test(json_places_follow_the_path),
        cmocka_unit_test(profile_patterns_are_kept),
        cmocka_unit_test(malformed_patterns_are_errors_at_their_place),
        cmocka_unit_test(another_lab_uses_its_own_names),
        cmocka_unit_test(builtin_criteria_follow_the_profile),
        cmocka_unit_test(without_patterns_only_the_form_is_checked),
    };
    return cmocka_run_group_tests_name("criteria_patterns", tests, NULL, NULL);
}
