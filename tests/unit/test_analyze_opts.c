/* lv_analyze_opts (include/lv/analyze.h).
 *
 * one_thread: the analysis reads the HTTP export on a second thread, and
 * the console and platform exports before its model is built
 * (src/analyze/an_kql.c, an_logs.c). These tests check that this changes
 * nothing a user can see: the model and the messages, in their order, are
 * the same bytes as when everything runs on one thread, on every fixture
 * run, on a run whose every input gives a message, and on the real run
 * (skipped visibly without ../shared).
 *
 * samples: report leaves the samples section out for md and html; the
 * model is otherwise the same and so are the rendered bytes. */
#include "lvtest.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/criteria.h"
#include "lv/report.h"

static lv_profile profile;
static lv_criteria *criteria;

/* The model's bytes and the messages' lines of one analysis. */
typedef struct {
    char *model;
    lv_buf messages;
} outcome;

static void analyse_with(const char *dir, int samples, int one_thread, outcome *o)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_analyze_opts opts = {samples, one_thread};
    json_t *m = lv_analyze_with(dir, &profile, criteria, &opts, &d);
    o->model = m ? json_dumps(m, JSON_INDENT(1)) : NULL;
    json_decref(m);
    lv_buf_init(&o->messages);
    for (size_t i = 0; i < d.n; i++) {
        char *s = lv_diag_format(&d.v[i]);
        lv_buf_printf(&o->messages, "%s\n", s);
        free(s);
    }
    lv_diag_free(&d);
}

static void analyse(const char *dir, int one_thread, outcome *o)
{
    analyse_with(dir, 1, one_thread, o);
}

static void outcome_free(outcome *o)
{
    free(o->model);
    lv_buf_free(&o->messages);
}

static void assert_same(const outcome *a, const outcome *b)
{
    assert_non_null(a->model);
    assert_non_null(b->model);
    assert_string_equal(a->model, b->model);
    assert_string_equal(a->messages.data ? a->messages.data : "",
                        b->messages.data ? b->messages.data : "");
}

/* The report's bytes in `format` from a model given as text. */
static char *render(const char *model_text, const char *format)
{
    json_t *m = json_loads(model_text, 0, NULL);
    assert_non_null(m);
    lv_render_opts ro = {format, NULL, 0, NULL, 1, 1};
    lv_buf b;
    lv_buf_init(&b);
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_report_render(m, &ro, &b, &d), 0);
    lv_diag_free(&d);
    json_decref(m);
    return b.data ? lv_buf_steal(&b) : strdup("");
}

/* Without samples: the same model but for "samples", the same md and html. */
static void check_no_samples(const char *dir)
{
    outcome with, without;
    analyse_with(dir, 1, 0, &with);
    analyse_with(dir, 0, 0, &without);
    json_t *a = json_loads(with.model, 0, NULL), *b = json_loads(without.model, 0, NULL);
    assert_non_null(json_object_get(a, "samples"));
    assert_null(json_object_get(b, "samples"));
    json_object_del(a, "samples");
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    static const char *const formats[] = {"md", "html"};
    for (int f = 0; f < 2; f++) {
        char *x = render(with.model, formats[f]), *y = render(without.model, formats[f]);
        assert_true(strlen(x) > 1000);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    assert_string_equal(with.messages.data ? with.messages.data : "",
                        without.messages.data ? without.messages.data : "");
    outcome_free(&with);
    outcome_free(&without);
}

/* Threaded (several times: a race would show as a difference) against one
 * thread. */
static void check_dir(const char *dir)
{
    outcome one;
    analyse(dir, 1, &one);
    for (int i = 0; i < 5; i++) {
        outcome two;
        analyse(dir, 0, &two);
        assert_same(&one, &two);
        outcome_free(&two);
    }
    outcome_free(&one);
}

static void every_fixture_run(void **state)
{
    (void)state;
    DIR *dp = opendir("fixtures/runs");
    assert_non_null(dp);
    struct dirent *e;
    size_t runs = 0;
    while ((e = readdir(dp))) {
        char dir[512];
        if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
            continue;
        snprintf(dir, sizeof dir, "fixtures/runs/%s", e->d_name);
        check_dir(dir);
        check_no_samples(dir);
        runs++;
    }
    closedir(dp);
    assert_true(runs >= 8);
}

static void the_real_run(void **state)
{
    (void)state;
    LV_NEED_SHARED();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/lab-artifacts/memory-pressure", lvtest_shared());
    check_dir(dir);
}

/* ---- a run where every input the threads touch gives a message ---- */

static char root[256];

/* Each file of trigger/ whose name starts with `prefix` gets `text`. */
static void overwrite(const char *prefix, const char *text)
{
    char dir[400], path[700];
    snprintf(dir, sizeof dir, "%s/run/trigger", root);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    while ((e = readdir(dp)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            lvtest_put(path, text, strlen(text));
        }
    closedir(dp);
}

/* The position of the first message line naming `what`, or -1. */
static long first_line_naming(const char *messages, const char *what)
{
    long line = 0;
    for (const char *p = messages; *p; line++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *copy = strndup(p, n);
        int hit = strstr(copy, what) != NULL;
        free(copy);
        if (hit)
            return line;
        p += n + (nl ? 1 : 0);
    }
    return -1;
}

static void messages_keep_the_pipeline_order(void **state)
{
    (void)state;
    char run[300];
    assert_int_equal(lvtest_scratch(root, sizeof root, "threads"), 0);
    snprintf(run, sizeof run, "%s/run", root);
    assert_int_equal(lvtest_copy_run("fixtures/runs/example", run), 0);
    /* main thread, before the join: a response CSV with a fallback record */
    overwrite("leak-responses-", "index,status,seconds\n1,200,0.5\n2,200,0.7\n2,000,0\n3,502,1.5\n");
    /* the second thread: an HTTP export cut short */
    overwrite("kql-http-", "{\"tables\": [{\"name\": \"PrimaryResult\", \"columns\": [");
    /* read while that thread runs, shown after it */
    overwrite("kql-console-", "{\"tables\": 7}");
    overwrite("kql-platform-", "[1, 2]");
    outcome o;
    analyse(run, 0, &o);
    const char *m = o.messages.data ? o.messages.data : "";
    long leak = first_line_naming(m, "leak-responses-"),
         heavy = first_line_naming(m, "heavy-responses-"),
         http = first_line_naming(m, "kql-http-"),
         console = first_line_naming(m, "kql-console-"),
         platform = first_line_naming(m, "kql-platform-");
    if (leak < 0 || heavy < 0 || http < 0 || console < 0 || platform < 0)
        fail_msg("a message is missing:\n%s", m);
    if (!(leak < heavy && heavy < http && http < console && console < platform))
        fail_msg("messages out of the pipeline's order:\n%s", m);
    outcome_free(&o);
    check_dir(run);
    lvtest_remove_tree(root);
}

static int setup(void **state)
{
    (void)state;
    lv_diag d;
    lv_diag_init(&d, stderr);
    if (lv_profile_load_builtin("memory-pressure", &profile, &d) != 0)
        return -1;
    criteria = lv_criteria_profile(&profile, &d);
    lv_diag_free(&d);
    return criteria ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    lv_criteria_free(criteria);
    lv_profile_free(&profile);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_fixture_run),
        cmocka_unit_test(messages_keep_the_pipeline_order),
        cmocka_unit_test(the_real_run),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
