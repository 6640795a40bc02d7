/* Unit tests of lab profiles as folders (include/lv/profile.h): what a
 * built-in profile, a profile folder and a roles file alone provide (the
 * analysis rules, criteria and template, and where each came from), and
 * what a folder with a missing or broken file gives: every error at its
 * place in the file that has it. Scratch folders are copies of
 * fixtures/profiles/disk-full with one file changed. */
#include "lvtest.h"

#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/criteria.h"
#include "lv/fileio.h"
#include "lv/profile.h"

#define DISK_FULL "fixtures/profiles/disk-full"

static char root[512];

static int setup(void **state)
{
    (void)state;
    return lvtest_scratch(root, sizeof root, "profile");
}

static int teardown(void **state)
{
    (void)state;
    lvtest_remove_tree(root);
    return 0;
}

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A copy of the disk-full profile in root/NAME, without the files named in
 * `drop` (NULL-terminated); its path in out. */
static void copy_profile(const char *name, const char *const *drop, char *out, size_t size)
{
    static const char *const files[] = {"roles.json", "analysis.json", "criteria.json"};
    snprintf(out, size, "%s/%s", root, name);
    assert_int_equal(mkdir(out, 0755), 0);
    for (size_t i = 0; i < 3; i++) {
        int skip = 0;
        for (size_t j = 0; drop && drop[j]; j++)
            skip |= strcmp(drop[j], files[i]) == 0;
        if (skip)
            continue;
        char src[600], *text;
        size_t len;
        lv_diag d;
        lv_diag_init(&d, NULL);
        snprintf(src, sizeof src, DISK_FULL "/%s", files[i]);
        assert_int_equal(lv_read_file(src, NULL, LV_READ_LIMIT, &text, &len, &d), 0);
        write_file(out, files[i], text, len);
        free(text);
        lv_diag_free(&d);
    }
}

/* The label FOLDER/NAME as the profile names its files. */
static const char *label_of(const char *dir, const char *name)
{
    static char l[1024];
    snprintf(l, sizeof l, "%s/%s", dir, name);
    return l;
}

/* Entry i of d: an error in `file` at line:col whose message has `what`. */
static void assert_error_at(const lv_diag *d, size_t i, const char *file, long line, long col,
                            const char *what)
{
    assert_true(i < d->n);
    const lv_diag_entry *e = &d->v[i];
    if (e->sev != LV_SEV_ERROR || !e->file || strcmp(e->file, file) != 0 ||
        e->line != line || e->col != col || !strstr(e->msg, what))
        fail_msg("entry %zu: %s:%ld:%ld: %s (wanted %s:%ld:%ld: ...%s...)", i,
                 e->file ? e->file : "(none)", e->line, e->col, e->msg, file, line, col, what);
}

/* ---- what a profile provides -------------------------------------------- */

static void folder_complete(void **state)
{
    (void)state;
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_dir(DISK_FULL, &p, &d), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(p.name, "disk-full");
    assert_string_equal(p.source, DISK_FULL);
    assert_string_equal(p.roles_file.label, DISK_FULL "/roles.json");
    assert_string_equal(p.analysis.label, DISK_FULL "/analysis.json");
    assert_string_equal(p.criteria.label, DISK_FULL "/criteria.json");
    assert_non_null(p.rules);
    assert_null(p.report_template.text);   /* the generic template */
    assert_null(p.report_template.label);
    assert_int_equal(lv_analysis_rules_check(&p, &d), 0);
    lv_criteria *c = lv_criteria_profile(&p, &d);
    assert_non_null(c);
    assert_string_equal(lv_criteria_lab(c), "disk-full");
    assert_string_equal(lv_criteria_label(c), DISK_FULL "/criteria.json");
    lv_criteria_free(c);
    assert_int_equal(d.n, 0);
    lv_profile_free(&p);
    /* the same through what --profile takes: a path is a folder */
    assert_int_equal(lv_profile_load(DISK_FULL, &p, &d), 0);
    assert_string_equal(p.name, "disk-full");
    lv_profile_free(&p);
    /* a trailing slash is not doubled in the labels */
    assert_int_equal(lv_profile_load(DISK_FULL "/", &p, &d), 0);
    assert_string_equal(p.criteria.label, DISK_FULL "/criteria.json");
    lv_profile_free(&p);
    assert_int_equal(d.n, 0);
    lv_diag_free(&d);
}

static void builtin_has_the_same_shape(void **state)
{
    (void)state;
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load("memory-pressure", &p, &d), 0);
    assert_string_equal(p.source, "memory-pressure");
    assert_string_equal(p.analysis.label, "profiles/memory-pressure/analysis.json");
    assert_string_equal(p.criteria.label, "profiles/memory-pressure/criteria.json");
    assert_string_equal(p.report_template.label, "profiles/memory-pressure/report.md.mustache");
    assert_non_null(strstr(p.report_template.text, "Gunicorn workers"));
    assert_int_equal(strlen(p.report_template.text), p.report_template.len);
    assert_int_equal(lv_analysis_rules_check(&p, &d), 0);
    lv_profile_free(&p);
    /* and through the command line's loader, which checks all of it */
    assert_int_equal(lv_cli_profile(NULL, &p, &d), 0);
    assert_string_equal(p.name, "memory-pressure");
    lv_profile_free(&p);
    assert_int_equal(d.n, 0);
    lv_diag_free(&d);
}

static void template_present(void **state)
{
    (void)state;
    char dir[600];
    copy_profile("with-template", NULL, dir, sizeof dir);
    static const char t[] = "# {{profile.title}}\n{{#verdict}}{{result}}{{/verdict}}\n";
    write_file(dir, "report.md.mustache", t, sizeof t - 1);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_cli_profile(dir, &p, &d), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(p.report_template.text, t);
    assert_int_equal(p.report_template.len, sizeof t - 1);
    assert_string_equal(p.report_template.label, label_of(dir, "report.md.mustache"));
    lv_profile_free(&p);
    lv_diag_free(&d);
}

static void roles_file_alone(void **state)
{
    (void)state;
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    /* a roles file of a lab with no built-in profile: roles only */
    assert_int_equal(lv_profile_load(DISK_FULL "/roles.json", &p, &d), 0);
    assert_string_equal(p.name, "disk-full");
    assert_true(p.nroles > 0);
    assert_null(p.rules);
    assert_null(p.criteria.text);
    assert_null(p.report_template.text);
    assert_int_equal(d.n, 0);
    assert_int_equal(lv_analysis_rules_check(&p, &d), -1);
    assert_null(lv_criteria_profile(&p, &d));
    assert_int_equal(d.errors, 2);
    assert_string_equal(d.v[0].file, DISK_FULL "/roles.json");
    assert_non_null(strstr(d.v[0].msg, "no analysis rules"));
    assert_non_null(strstr(d.v[1].msg, "no criteria"));
    lv_profile_free(&p);
    lv_diag_free(&d);

    /* one named as a built-in profile takes the built-in's rest, as before
     * profiles were folders */
    static const char roles[] =
        "{\"profile\": \"memory-pressure\", \"phases\": [],\n"
        " \"roles\": [{\"role\": \"diag-proc\", \"glob\": \"*.json\", \"format\": \"diag-proc\"}]}\n";
    write_file(root, "mp-roles.json", roles, sizeof roles - 1);
    char path[600];
    snprintf(path, sizeof path, "%s/mp-roles.json", root);
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_load(path, &p, &d), 0);
    assert_int_equal(p.nroles, 1);
    assert_string_equal(p.roles_file.label, path);
    assert_string_equal(p.criteria.label, "profiles/memory-pressure/criteria.json");
    assert_string_equal(p.report_template.label, "profiles/memory-pressure/report.md.mustache");
    assert_non_null(p.rules);
    /* the built-in rules name phases this roles file does not have */
    assert_int_equal(lv_analysis_rules_check(&p, &d), -1);
    assert_non_null(strstr(d.v[0].msg, "\"baseline\" is not a phase of"));
    lv_profile_free(&p);
    lv_diag_free(&d);
}

static void names_and_paths(void **state)
{
    (void)state;
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load("no-such-lab", &p, &d), -1);
    assert_non_null(strstr(d.v[0].msg, "no built-in profile 'no-such-lab'"));
    assert_null(strstr(d.v[0].msg, "write ./"));
    /* a bare name is a built-in name even where a folder has that name */
    assert_int_equal(chdir("fixtures/profiles"), 0);
    int rc = lv_profile_load("disk-full", &p, &d);
    assert_int_equal(chdir("../.."), 0);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(d.v[1].msg, "(for the profile folder, write ./disk-full)"));
    /* a missing path is a roles file that cannot be read */
    assert_int_equal(lv_profile_load("fixtures/profiles/nope", &p, &d), -1);
    assert_string_equal(d.v[2].file, "fixtures/profiles/nope");
    assert_non_null(strstr(d.v[2].msg, "cannot open"));
    assert_int_equal(d.errors, 3);
    lv_diag_free(&d);
}

/* ---- missing and broken files ------------------------------------------- */

static void folder_missing_files(void **state)
{
    (void)state;
    char dir[600];
    static const char *const drop[] = {"analysis.json", "criteria.json", NULL};
    copy_profile("missing", drop, dir, sizeof dir);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), -1);
    assert_int_equal(d.errors, 2);   /* each missing file, not only the first */
    assert_string_equal(d.v[0].file, label_of(dir, "analysis.json"));
    assert_string_equal(d.v[1].file, label_of(dir, "criteria.json"));
    for (size_t i = 0; i < 2; i++) {
        assert_non_null(strstr(d.v[i].msg, "missing: a profile folder holds"));
        assert_int_equal(d.v[i].line, 0);
    }
    assert_null(p.name);   /* freed, nothing left */
    assert_null(p.rules);
    /* a folder without roles.json is no profile either */
    static const char *const all[] = {"roles.json", "analysis.json", "criteria.json", NULL};
    copy_profile("empty", all, dir, sizeof dir);
    assert_int_equal(lv_cli_profile(dir, &p, &d), LV_EXIT_USAGE);
    assert_int_equal(d.errors, 5);
    assert_string_equal(d.v[2].file, label_of(dir, "roles.json"));
    lv_diag_free(&d);
}

static void broken_roles_at_their_place(void **state)
{
    (void)state;
    char dir[600];
    copy_profile("bad-roles", NULL, dir, sizeof dir);
    static const char roles[] =
        "{\n"
        "  \"profile\": \"x\",\n"
        "  \"phases\": [{\"phase\": \"baseline\"}, 7],\n"
        "  \"roles\": [\n"
        "    {\"role\": \"a\", \"glob\": \"a*\", \"format\": \"csv\"},\n"
        "    {\"role\": \"b\", \"format\": \"json\"}\n"
        "  ]\n"
        "}\n";
    write_file(dir, "roles.json", roles, sizeof roles - 1);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), -1);
    const char *f = label_of(dir, "roles.json");
    char file[1024];
    snprintf(file, sizeof file, "%s", f);
    assert_int_equal(d.errors, 3);
    assert_error_at(&d, 0, file, 5, 43, "/roles/0/format: unknown format \"csv\"");
    assert_error_at(&d, 1, file, 6, 5, "/roles/1: missing \"glob\"");
    assert_error_at(&d, 2, file, 3, 37, "/phases/1: a phase is an object");
    lv_diag_free(&d);

    /* invalid JSON: jansson's place */
    write_file(dir, "roles.json", "{\"profile\": \"x\",\n  \"roles\": [}\n", 30);
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, file);
    assert_int_equal(d.v[0].line, 2);
    assert_true(d.v[0].col > 0);
    lv_diag_free(&d);
}

static void broken_analysis_at_its_place(void **state)
{
    (void)state;
    char dir[600], file[1024];
    copy_profile("bad-analysis", NULL, dir, sizeof dir);
    snprintf(file, sizeof file, "%s", label_of(dir, "analysis.json"));
    lv_diag d;
    lv_profile p;

    /* invalid JSON: found when the folder loads */
    static const char syntax[] = "{\n  \"phases\": [,]\n}\n";
    write_file(dir, "analysis.json", syntax, sizeof syntax - 1);
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, file, 2, 14, "invalid JSON");
    lv_diag_free(&d);

    /* valid JSON, wrong rules: found by the check, every one at its place */
    static const char rules[] =
        "{\n"
        "  \"phases\": [{\"phase\": \"baseline\", \"label\": \"B\"},\n"
        "             {\"phase\": \"later\", \"label\": \"L\"}],\n"
        "  \"window\": {\"slack_seconds\": -1},\n"
        "  \"latency_sets\": [{\"name\": \"fill\", \"role\": \"nope\", \"label\": \"F\"}],\n"
        "  \"samples\": 3\n"
        "}\n";
    write_file(dir, "analysis.json", rules, sizeof rules - 1);
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), 0);
    assert_int_equal(lv_analysis_rules_check(&p, &d), -1);
    assert_int_equal(d.errors, 4);
    assert_error_at(&d, 0, file, 6, 3, "unknown key \"samples\"");
    assert_error_at(&d, 1, file, 3, 24, "/phases/1/phase: \"later\" is not a phase of");
    assert_error_at(&d, 2, file, 4, 31, "/window/slack_seconds: \"slack_seconds\" must be between 0 and 86400");
    assert_error_at(&d, 3, file, 5, 45, "/latency_sets/0/role: \"nope\" is not a role of");
    lv_profile_free(&p);
    /* the command line's loader reports them and fails */
    assert_int_equal(lv_cli_profile(dir, &p, &d), LV_EXIT_USAGE);
    assert_int_equal(d.errors, 8);
    lv_diag_free(&d);
}

/* ---- the app counters (analysis.json "app_counters") ---------------------- */

/* Every error of a malformed "app_counters" at its element's place. */
static void broken_app_counters_at_their_place(void **state)
{
    (void)state;
    char dir[600], file[1024];
    copy_profile("bad-app-counters", NULL, dir, sizeof dir);
    snprintf(file, sizeof file, "%s", label_of(dir, "analysis.json"));
    static const char rules[] =
        "{\n"
        "  \"phases\": [{\"phase\": \"baseline\", \"label\": \"B\"}],\n"
        "  \"window\": {\"slack_seconds\": 5},\n"
        "  \"app_counters\": [\"request_count\", 7, \"fill.files\",\n"
        "                   \"pid\", \"uptime_seconds\", \"request_count\", \"\"]\n"
        "}\n";
    write_file(dir, "analysis.json", rules, sizeof rules - 1);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), 0);
    assert_int_equal(lv_analysis_rules_check(&p, &d), -1);
    assert_int_equal(d.errors, 6);
    assert_error_at(&d, 0, file, 4, 37, "/app_counters/1: an app counter is a string, not a number");
    assert_error_at(&d, 1, file, 4, 40, "/app_counters/2: an app counter is a word of metric "
                    "names: letters, digits, '-' and '_' only, not \"fill.files\"");
    assert_error_at(&d, 2, file, 5, 20, "/app_counters/3: \"pid\" is read from every /diag/stats "
                    "answer; it is not listed among the app counters");
    assert_error_at(&d, 3, file, 5, 27, "/app_counters/4: \"uptime_seconds\" is a member of every "
                    "/diag/stats answer, not an app counter");
    assert_error_at(&d, 4, file, 5, 45, "/app_counters/5: duplicate app counter \"request_count\"");
    assert_error_at(&d, 5, file, 5, 62, "/app_counters/6: an app counter is a word of metric names");
    lv_profile_free(&p);
    lv_diag_free(&d);

    /* not an array: at the member's value; an empty one is fine (the pid only) */
    static const char scalar[] =
        "{\"phases\": [{\"phase\": \"baseline\", \"label\": \"B\"}],\n"
        " \"window\": {\"slack_seconds\": 5},\n"
        " \"app_counters\": \"request_count\"}\n";
    write_file(dir, "analysis.json", scalar, sizeof scalar - 1);
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), 0);
    assert_int_equal(lv_analysis_rules_check(&p, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, file, 3, 18, "/app_counters: \"app_counters\" must be an array, not a string");
    lv_profile_free(&p);
    static const char empty[] =
        "{\"phases\": [{\"phase\": \"baseline\", \"label\": \"B\"}],\n"
        " \"window\": {\"slack_seconds\": 5},\n"
        " \"app_counters\": []}\n";
    write_file(dir, "analysis.json", empty, sizeof empty - 1);
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), 0);
    assert_int_equal(lv_analysis_rules_check(&p, &d), 0);
    const char **c = lv_profile_app_counters(&p);
    assert_non_null(c);
    assert_null(c[0]);
    free(c);
    lv_profile_free(&p);
    assert_int_equal(d.n, 1);
    lv_diag_free(&d);
}

/* A copy of disk-full whose analysis.json has `line` (a whole member, or
 * "" for none) where its "app_counters" line is. */
static void with_app_counters(const char *name, const char *line, char *out, size_t size)
{
    copy_profile(name, NULL, out, size);
    size_t len;
    char *text = lvtest_slurp_or_fail(DISK_FULL "/analysis.json", &len);
    char *at = strstr(text, "  \"app_counters\":");
    assert_non_null(at);
    char *end = strchr(at, '\n') + 1;
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_printf(&b, "%.*s%s%s", (int)(at - text), text, line, end);
    write_file(out, "analysis.json", b.data, b.len);
    lv_buf_free(&b);
    free(text);
}

/* The app rows of the snapshot table of the disk-full run analysed with the
 * profile in `dir`, "a,b,c"; the count of warnings that name `word`. */
static void app_rows(const char *dir, char *rows, size_t size, const char *word,
                     size_t *warned)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load(dir, &p, &d), 0);
    lv_criteria *c = lv_criteria_profile(&p, &d);
    assert_non_null(c);
    json_t *m = lv_analyze("fixtures/disk-full-runs/example", &p, c, &d);
    assert_non_null(m);
    rows[0] = '\0';
    size_t i, n = 0;
    json_t *r;
    json_array_foreach(json_object_get(json_object_get(m, "snapshot_table"), "rows"), i, r) {
        if (strcmp(json_string_value(json_object_get(r, "group")), "app") != 0)
            continue;
        n += (size_t)snprintf(rows + n, size - n, "%s%s", n ? "," : "",
                              json_string_value(json_object_get(r, "metric")));
        assert_true(n < size);
    }
    *warned = 0;
    for (i = 0; i < d.n; i++)
        *warned += strstr(d.v[i].msg, word) != NULL;
    json_decref(m);
    lv_criteria_free(c);
    lv_profile_free(&p);
    lv_diag_free(&d);
}

/* The profile's app counters are what the loader checks and the tables
 * show, in their order, the pid after them: disk-full's fill_file_count is
 * read and tabulated, memory-pressure's leak_block_count is neither
 * required nor shown. */
static void app_counters_are_the_profiles(void **state)
{
    (void)state;
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_builtin("memory-pressure", &p, &d), 0);
    const char **c = lv_profile_app_counters(&p);
    assert_string_equal(c[0], "request_count");
    assert_string_equal(c[1], "leak_block_count");
    assert_null(c[2]);
    free(c);
    lv_profile_free(&p);
    assert_int_equal(lv_profile_load_dir(DISK_FULL, &p, &d), 0);
    c = lv_profile_app_counters(&p);
    assert_string_equal(c[0], "request_count");
    assert_string_equal(c[1], "fill_file_count");
    assert_null(c[2]);
    free(c);
    lv_profile_free(&p);
    lv_diag_free(&d);

    char rows[200], dir[600];
    size_t warned;
    app_rows(DISK_FULL, rows, sizeof rows, "leak_block_count", &warned);
    assert_string_equal(rows, "request_count,fill_file_count,pid");
    assert_int_equal(warned, 0);

    /* the profile's order, the pid last */
    with_app_counters("reordered", "  \"app_counters\": [\"fill_file_count\", \"request_count\"],\n",
                      dir, sizeof dir);
    app_rows(dir, rows, sizeof rows, "missing", &warned);
    assert_string_equal(rows, "fill_file_count,request_count,pid");
    assert_int_equal(warned, 0);

    /* a counter the run lacks: warned about once per snapshot, no row */
    with_app_counters("other", "  \"app_counters\": [\"leak_block_count\"],\n", dir, sizeof dir);
    app_rows(dir, rows, sizeof rows, "/leak_block_count: missing", &warned);
    assert_string_equal(rows, "pid");
    assert_int_equal(warned, 3);

    /* none named: the default, request_count; fill_file_count is not read */
    with_app_counters("default", "", dir, sizeof dir);
    app_rows(dir, rows, sizeof rows, "missing", &warned);
    assert_string_equal(rows, "request_count,pid");
    assert_int_equal(warned, 0);
}

static void broken_criteria_at_its_place(void **state)
{
    (void)state;
    char dir[600], file[1024];
    copy_profile("bad-criteria", NULL, dir, sizeof dir);
    snprintf(file, sizeof file, "%s", label_of(dir, "criteria.json"));
    static const char crit[] =
        "{\"criteria_version\": 1, \"lab\": \"disk-full\", \"hypothesis\": \"H\",\n"
        " \"proof\": [{\"id\": \"p\", \"title\": \"P\", \"why\": \"w\", \"all\": [\n"
        "   {\"metric\": \"client.leak.p95\", \"comparator\": \">\", \"threshold\": 1, \"unit\": \"s\"}]}],\n"
        " \"disproof\": [{\"id\": \"d\", \"title\": \"D\", \"why\": \"w\", \"all\": [\n"
        "   {\"metric\": \"client.fill.p95\", \"comparator\": \"<\", \"threshold\": 1, \"unit\": \"s\"}]}]}\n";
    write_file(dir, "criteria.json", crit, sizeof crit - 1);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    /* the folder loads (its criteria are text), the check finds the error:
     * client.leak is the memory-pressure lab's word, not this lab's */
    assert_int_equal(lv_cli_profile(dir, &p, &d), LV_EXIT_USAGE);
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, file, 3, 15, "unknown metric \"client.leak.p95\"");
    lv_diag_free(&d);
}

static void broken_template_at_its_place(void **state)
{
    (void)state;
    char dir[600], file[1024];
    copy_profile("bad-template", NULL, dir, sizeof dir);
    snprintf(file, sizeof file, "%s", label_of(dir, "report.md.mustache"));
    static const char t[] = "# {{profile.title}}\n\n{{#criteria}}\n- {{title}}\n";
    write_file(dir, "report.md.mustache", t, sizeof t - 1);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    assert_int_equal(lv_profile_load_dir(dir, &p, &d), 0);   /* read as text */
    assert_non_null(p.report_template.text);
    lv_profile_free(&p);
    assert_int_equal(lv_cli_profile(dir, &p, &d), LV_EXIT_USAGE);   /* compiled */
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, file);
    assert_int_equal(d.v[0].line, 3);
    assert_non_null(strstr(d.v[0].msg, "criteria"));
    lv_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folder_complete),
        cmocka_unit_test(builtin_has_the_same_shape),
        cmocka_unit_test(template_present),
        cmocka_unit_test(roles_file_alone),
        cmocka_unit_test(names_and_paths),
        cmocka_unit_test(folder_missing_files),
        cmocka_unit_test(broken_roles_at_their_place),
        cmocka_unit_test(broken_analysis_at_its_place),
        cmocka_unit_test(broken_app_counters_at_their_place),
        cmocka_unit_test(app_counters_are_the_profiles),
        cmocka_unit_test(broken_criteria_at_its_place),
        cmocka_unit_test(broken_template_at_its_place),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
