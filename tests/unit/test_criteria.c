/* Unit tests of the criteria: patterns, the loader's errors and their
 * places, the evaluator's truth tables, the verdict rules, and the built-in
 * memory-pressure criteria on the reference run, a flat run and a run with
 * missing snapshots. */
#include "lvtest.h"

#include <math.h>

#include "lv/criteria.h"
#include "lv/jsonutil.h"
#include "lv/embedded.h"
#include "lv/profile.h"

/* ---- helpers -------------------------------------------------------------- */

/* The built-in memory-pressure profile (loaded by the group setup): the
 * tests' criteria are for its lab, checked against its metric patterns. */
static lv_profile mp;

static int load_profile(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    int rc = lv_profile_load_builtin("memory-pressure", &mp, &d);
    lv_diag_free(&d);
    return rc;
}

static int free_profile(void **state)
{
    lv_profile_free(&mp);
    return 0;
}

static const char *const *mp_patterns(void)
{
    return (const char *const *)mp.metric_patterns;
}

static lv_criteria *mp_parse(const char *text, size_t len, const char *label,
                             lv_diag *d)
{
    return lv_criteria_parse_with(text, len, label, mp_patterns(), d);
}

static lv_criteria *parse(const char *text, lv_diag *d)
{
    lv_diag_init(d, NULL);
    return mp_parse(text, strlen(text), "c.json", d);
}

/* A metric name of the memory-pressure lab? */
static int known(const char *name)
{
    return lv_metric_name_allowed(name, mp_patterns());
}

static const char *msg(const lv_diag *d, size_t i)
{
    return i < d->n ? d->v[i].msg : "";
}

/* The place of the `nth` (0-based) occurrence of `needle` in `text`. */
static void where(const char *text, const char *needle, int nth, long *line,
                  long *col)
{
    size_t off = 0, n = strlen(needle), len = strlen(text);
    for (int i = 0;; off++) {
        if (off + n > len)
            fail_msg("\"%s\" #%d is not in the text", needle, nth);
        if (memcmp(text + off, needle, n) == 0 && i++ == nth)
            break;
    }
    long l = 1, c = 1;
    for (size_t q = 0; q < off; q++) {
        if (text[q] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Diagnostic i is an error at the nth `needle` of `text` and its message
 * holds `words`. */
static void assert_error_at(const lv_diag *d, size_t i, const char *text,
                            const char *needle, int nth, const char *words)
{
    long line, col;
    where(text, needle, nth, &line, &col);
    assert_true(i < d->n);
    assert_int_equal(d->v[i].sev, LV_SEV_ERROR);
    assert_string_equal(d->v[i].file, "c.json");
    if (d->v[i].line != line || d->v[i].col != col)
        fail_msg("error %zu \"%s\" at %ld:%ld, expected %ld:%ld", i,
                 msg(d, i), d->v[i].line, d->v[i].col, line, col);
    if (!strstr(msg(d, i), words))
        fail_msg("error \"%s\" does not say \"%s\"", msg(d, i), words);
}

/* A criteria document around one proof condition list and one disproof. */
static char *doc(const char *proof_mode, const char *proof_conds,
                 const char *disproof_conds, const char *failure)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    fprintf(f,
            "{\n"
            "  \"criteria_version\": 1,\n"
            "  \"lab\": \"t\",\n"
            "  \"hypothesis\": \"H\",\n"
            "  \"proof\": [\n"
            "    {\"id\": \"p1\", \"title\": \"P1\", \"why\": \"w\",\n"
            "     \"%s\": [%s]}\n"
            "  ],\n"
            "  \"disproof\": [\n"
            "    {\"id\": \"d1\", \"title\": \"D1\", \"why\": \"w\",\n"
            "     \"all\": [%s]}\n"
            "  ]%s%s\n"
            "}\n",
            proof_mode, proof_conds, disproof_conds, failure ? ",\n  " : "",
            failure ? failure : "");
    fclose(f);
    return s;
}

#define NEVER "{\"metric\": \"snap.baseline.Never\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}"

/* metrics[name] = {"value": v (NAN: null), "unit": unit, "files": [file,
 * file2]} (NULL files left out) */
static void put2(json_t *m, const char *name, double v, const char *unit,
                 const char *file, const char *file2)
{
    json_t *e = json_object();
    json_object_set_new(e, "value", isnan(v) ? json_null()
                        : v == floor(v) && fabs(v) < 1e15 ? json_integer((json_int_t)v)
                        : json_real(v));
    json_object_set_new(e, "unit", unit ? json_string(unit) : json_null());
    json_t *files = json_array();
    if (file)
        json_array_append_new(files, json_string(file));
    if (file2)
        json_array_append_new(files, json_string(file2));
    json_object_set_new(e, "files", files);
    json_object_set_new(m, name, e);
}

static void put(json_t *m, const char *name, double v, const char *unit,
                const char *file)
{
    put2(m, name, v, unit, file, NULL);
}

static const char *get_s(const json_t *o, const char *path)
{
    /* "a/b/0/c" */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const json_t *v = o;
    for (char *t = strtok(buf, "/"); t && v; t = strtok(NULL, "/")) {
        if (json_is_array(v))
            v = json_array_get(v, (size_t)atoi(t));
        else
            v = json_object_get(v, t);
    }
    return v && json_is_string(v) ? json_string_value(v) : "(none)";
}

static const json_t *crit_by_id(const json_t *ev, const char *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(ev, "criteria"), i, c)
        if (strcmp(get_s(c, "id"), id) == 0)
            return c;
    fail_msg("no criterion %s", id);
    return NULL;
}

static int reasons_have(const json_t *ev, const char *words)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(json_object_get(ev, "verdict"), "reasons"), i, r)
        if (strstr(json_string_value(r), words))
            return 1;
    return 0;
}

/* ---- patterns ------------------------------------------------------------- */

static void patterns_match_per_segment(void **state)
{
    assert_true(known("snap.baseline.MemAvailable"));
    assert_true(known("snap.postheavy.Active(anon)"));
    assert_true(known("snap.midleak.endpoint.leak"));
    assert_false(known("snap.midlesk.MemAvailable"));
    assert_false(known("snap.baseline"));
    assert_false(known("delta.baseline.MemAvailable"));
    assert_true(known("delta.postheavy.pgscan_total"));
    assert_true(known("reset.midleak.pswpin"));
    assert_true(known("min.pct.MemAvailable"));
    assert_true(known("max.delta.allocstall_total"));
    assert_false(known("min.pct"));
    assert_false(known("mid.pct.MemAvailable"));
    assert_true(known("client.all.share_2xx"));
    assert_true(known("client.leak.tail_ratio"));
    assert_false(known("client.all.p42"));
    assert_false(known("client.all.share_2xx.x"));
    assert_true(known("kql.window.n5xx"));
    assert_true(known("kql.window.endpoint./heavy.p95"));
    assert_true(known("kql.whole.endpoint./favicon.ico.n"));
    assert_true(known("kql.whole.endpoint./.max"));
    assert_false(known("kql.window.endpoint.p95"));
    assert_false(known("kql.window.endpoint./heavy.p42"));
    assert_true(known("console.window.worker_timeout"));
    assert_true(known("platform.whole.restart"));
    assert_false(known("platform.window.reboot"));
    assert_false(known(""));
    assert_false(known("snap..MemAvailable"));

    assert_true(lv_metric_pattern_match("a.*.c", "a.b.c"));
    assert_false(lv_metric_pattern_match("a.*.c", "a..c"));
    assert_false(lv_metric_pattern_match("a.*.c", "a.b.b.c"));
    assert_true(lv_metric_pattern_match("a.**.c", "a.b.b.c"));
    assert_true(lv_metric_pattern_match("a.**", "a.b.c"));
    assert_false(lv_metric_pattern_match("a.**", "a"));
    assert_true(lv_metric_pattern_match("x|y.z", "y.z"));
    assert_false(lv_metric_pattern_match("x|y.z", "xy.z"));

    /* a profile's patterns give the lab's words; generic names stay */
    const char *const mine[] = {"rps.*", NULL};
    assert_true(lv_metric_name_allowed("rps.peak", mine));
    assert_false(lv_metric_name_allowed("snap.baseline.MemAvailable", mine));
    assert_true(lv_metric_name_allowed("kql.window.n5xx", mine));
    /* none (a profile without them): any word where the lab's stand */
    assert_true(lv_metric_name_allowed("snap.baseline.MemAvailable", NULL));
}

/* ---- loading: a valid document ------------------------------------------- */

static void parse_valid_document_and_json(void **state)
{
    char *t = doc("any",
                  "{\"metric\": \"min.pct.MemAvailable\", \"comparator\": \"<=\", \"threshold\": -25, \"unit\": \"%\"},\n"
                  "      {\"metric\": \"kql.window.share_2xx\", \"comparator\": \"between\", \"threshold\": [95, 100.5], \"unit\": \"%\"}",
                  "{\"metric\": \"max.delta.pswp_total\", \"comparator\": \"unchanged\"}",
                  "\"failure_stage\": {\"any\": [{\"metric\": \"client.all.n5xx\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}]}");
    lv_diag d;
    lv_criteria *c = parse(t, &d);
    assert_non_null(c);
    assert_int_equal(d.n, 0);
    assert_string_equal(lv_criteria_lab(c), "t");
    assert_string_equal(lv_criteria_label(c), "c.json");
    json_t *j = lv_criteria_json(c);
    assert_int_equal(json_array_size(json_object_get(j, "proof")), 1);
    json_t *p1 = json_array_get(json_object_get(j, "proof"), 0);
    assert_string_equal(get_s(p1, "kind"), "proof");
    json_t *any = json_object_get(p1, "any");
    assert_int_equal(json_array_size(any), 2);
    /* thresholds as written: -25 stays an integer, the pair stays a pair */
    assert_true(json_is_integer(json_object_get(json_array_get(any, 0), "threshold")));
    assert_true(json_is_array(json_object_get(json_array_get(any, 1), "threshold")));
    assert_null(json_object_get(json_array_get(json_object_get(
        json_array_get(json_object_get(j, "disproof"), 0), "all"), 0), "threshold"));
    assert_int_equal(json_array_size(json_object_get(json_object_get(j, "failure_stage"), "any")), 1);
    assert_string_equal(get_s(j, "source"), "c.json");
    json_decref(j);
    lv_criteria_free(c);
    lv_diag_free(&d);
    free(t);
}

/* ---- loading: errors and their places ------------------------------------ */

static void bad_json_has_line_and_col(void **state)
{
    const char *t = "{\n  \"lab\": \"x\",\n  \"proof\": [ , ]\n}\n";
    lv_diag d;
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, t, ",", 1, "invalid JSON");
    lv_diag_free(&d);

    /* a non-ASCII byte before the error: columns are bytes */
    const char *u = "{\"lab\": \"\xc3\xa9\", \"x\": tru}";
    assert_null(parse(u, &d));
    assert_error_at(&d, 0, u, "u}", 0, "invalid JSON"); /* jansson: the token's end */
    lv_diag_free(&d);

    const char *dup = "{\"lab\": 1,\n \"lab\": 2}";
    assert_null(parse(dup, &d));
    assert_non_null(strstr(msg(&d, 0), "duplicate"));
    assert_int_equal(d.v[0].line, 2);
    lv_diag_free(&d);

    lv_diag_init(&d, NULL);
    assert_null(mp_parse("", 0, "c.json", &d));
    assert_non_null(strstr(msg(&d, 0), "empty"));
    lv_diag_free(&d);

    assert_null(parse("[1, 2]", &d));
    assert_error_at(&d, 0, "[1, 2]", "[", 0, "a JSON object");
    lv_diag_free(&d);
}

/* A UTF-8 byte order mark (Notepad writes one) is skipped; places count
 * its bytes. The same for a profile file. */
static void byte_order_mark_is_skipped(void **state)
{
    const lv_embedded_file *f = lv_embedded_find("profiles/memory-pressure/criteria.json");
    assert_non_null(f);
    const char *plain = f->data;
    size_t len = f->size;
    char *with = malloc(len + 3);
    memcpy(with, "\xef\xbb\xbf", 3);
    memcpy(with + 3, plain, len);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_criteria *a = mp_parse(plain, len, "a.json", &d);
    lv_criteria *b = mp_parse(with, len + 3, "b.json", &d);
    assert_int_equal(d.n, 0);
    json_t *ja = lv_criteria_json(a), *jb = lv_criteria_json(b);
    json_object_del(ja, "source");
    json_object_del(jb, "source");
    assert_true(json_equal(ja, jb));
    json_decref(ja);
    json_decref(jb);
    lv_criteria_free(a);
    lv_criteria_free(b);
    free(with);
    const char *bad = "\xef\xbb\xbf{\"lab\": tru}";
    assert_null(mp_parse(bad, strlen(bad), "c.json", &d));
    assert_int_equal(d.v[0].line, 1);
    assert_int_equal(d.v[0].col, 14); /* the end of "tru", as without the mark + 3 */
    lv_diag_free(&d);
    /* the places of the other errors are found past the mark too */
    const char *wrong = "\xef\xbb\xbf{\"criteria_version\": 2}";
    lv_diag_init(&d, NULL);
    assert_null(mp_parse(wrong, strlen(wrong), "c.json", &d));
    assert_string_equal(msg(&d, 0), "/criteria_version: unsupported criteria_version "
                                    "(this labverdict reads 1)");
    assert_int_equal(d.v[0].line, 1);
    assert_int_equal(d.v[0].col, 25); /* the 2: 22 without the mark, + 3 */
    lv_diag_free(&d);

    lv_diag_init(&d, NULL);
    lv_profile p;
    const char *prof = "\xef\xbb\xbf{\"profile\": \"x\", \"roles\": "
                       "[{\"role\": \"r\", \"glob\": \"*.json\", \"format\": \"json\"}], "
                       "\"phases\": []}";
    assert_int_equal(lv_profile_parse(prof, strlen(prof), "p.json", &p, &d), 0);
    assert_string_equal(p.name, "x");
    lv_profile_free(&p);
    assert_int_equal(lv_profile_parse("\xef\xbb\xbf{,", 5, "p.json", &p, &d), -1);
    assert_int_equal(d.v[0].line, 1);
    assert_int_equal(d.v[0].col, 3); /* BOM 1, { 2, the comma 3 */
    lv_diag_free(&d);
}

static void unknown_comparator_at_its_value(void **state)
{
    char *t = doc("all",
                  "{\"metric\": \"min.pct.MemAvailable\", \"comparator\": \"=>\", \"threshold\": -25, \"unit\": \"%\"}",
                  NEVER, NULL);
    lv_diag d;
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, t, "\"=>\"", 0, "unknown comparator \"=>\"");
    assert_non_null(strstr(msg(&d, 0), "/proof/0/all/0/comparator"));
    lv_diag_free(&d);
    free(t);
}

static void unknown_metric_at_its_value(void **state)
{
    char *t = doc("all", NEVER,
                  "{\"metric\": \"min.pct.MemAvailable\", \"comparator\": \"<\", \"threshold\": 1, \"unit\": \"%\"},\n"
                  "      {\"metric\": \"snap.midlesk.MemAvailable\", \"comparator\": \"<\", \"threshold\": 1, \"unit\": \"kB\"}",
                  NULL);
    lv_diag d;
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, t, "\"snap.midlesk", 0, "unknown metric \"snap.midlesk.MemAvailable\"");
    assert_non_null(strstr(msg(&d, 0), "/disproof/0/all/1/metric"));
    lv_diag_free(&d);
    free(t);

    /* the caller's patterns decide */
    const char *const mine[] = {"snap.*.*", NULL};
    t = doc("all", NEVER,
            "{\"metric\": \"snap.midlesk.MemAvailable\", \"comparator\": \"<\", \"threshold\": 1, \"unit\": \"kB\"}",
            NULL);
    lv_diag_init(&d, NULL);
    lv_criteria *c = lv_criteria_parse_with(t, strlen(t), "c.json", mine, &d);
    assert_non_null(c);
    lv_criteria_free(c);
    lv_diag_free(&d);
    free(t);
}

static void between_needs_an_ordered_pair(void **state)
{
    static const char *const bad[] = {"[95]", "[1, \"2\"]", "95", "[1, 2, 3]",
                                      "{\"lo\": 1}", "[5, 1]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char cond[300];
        snprintf(cond, sizeof cond,
                 "{\"metric\": \"client.all.share_2xx\", \"comparator\": \"between\",\n"
                 "       \"threshold\": %s, \"unit\": \"%%\"}", bad[i]);
        char *t = doc("all", cond, NEVER, NULL);
        lv_diag d;
        assert_null(parse(t, &d));
        assert_int_equal(d.errors, 1);
        assert_error_at(&d, 0, t, bad[i], 0, i == 5 ? "lo > hi" : "[lo, hi]");
        lv_diag_free(&d);
        free(t);
    }
}

static void duplicate_id_at_the_second(void **state)
{
    const char *t =
        "{\"criteria_version\": 1, \"lab\": \"t\", \"hypothesis\": \"H\",\n"
        " \"proof\": [{\"id\": \"same\", \"title\": \"A\", \"why\": \"w\", \"all\": [" NEVER "]}],\n"
        " \"disproof\": [{\"title\": \"B\", \"why\": \"w\",\n"
        "   \"id\": \"same\", \"all\": [" NEVER "]}]}\n";
    lv_diag d;
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, t, "\"same\"", 1, "duplicate id \"same\" (first at c.json:2:");
    lv_diag_free(&d);
}

static void criterion_shape_errors(void **state)
{
    /* all and any both: the second written is the error */
    const char *t =
        "{\"criteria_version\": 1, \"lab\": \"t\", \"hypothesis\": \"H\",\n"
        " \"proof\": [{\"id\": \"a\", \"title\": \"A\", \"why\": \"w\",\n"
        "   \"any\": [" NEVER "],\n"
        "   \"all\": [" NEVER "]}],\n"
        " \"disproof\": [{\"id\": \"b\", \"title\": \"B\", \"why\": \"w\", \"all\": [" NEVER "]}]}\n";
    lv_diag d;
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, t, "\"all\"", 0, "not both");
    lv_diag_free(&d);

    /* missing id and title: at the criterion's brace */
    t = "{\"criteria_version\": 1, \"lab\": \"t\", \"hypothesis\": \"H\",\n"
        " \"proof\": [\n"
        "   {\"why\": \"w\", \"all\": [" NEVER "]}],\n"
        " \"disproof\": [{\"id\": \"b\", \"title\": \"B\", \"why\": \"w\", \"all\": [" NEVER "]}]}\n";
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 2);
    assert_error_at(&d, 0, t, "{\"why\"", 0, "missing \"id\"");
    assert_error_at(&d, 1, t, "{\"why\"", 0, "missing \"title\"");
    lv_diag_free(&d);

    /* unknown key at the key; a typo of "threshold" leaves the comparator
     * without one */
    char *u = doc("all",
                  "{\"metric\": \"client.all.n\", \"comparator\": \">\", \"threshhold\": 1, \"unit\": \"count\"}",
                  NEVER, NULL);
    assert_null(parse(u, &d));
    assert_int_equal(d.errors, 2);
    assert_error_at(&d, 0, u, "\"threshhold\"", 0, "unknown key \"threshhold\"");
    assert_error_at(&d, 1, u, "{\"metric\": \"client.all.n\"", 0, "needs a number \"threshold\"");
    lv_diag_free(&d);
    free(u);

    /* changed takes no threshold; a threshold needs a unit; a number */
    u = doc("all",
            "{\"metric\": \"delta.midleak.pswpin\", \"comparator\": \"changed\", \"threshold\": 0},\n"
            "      {\"metric\": \"client.all.n\", \"comparator\": \">\", \"threshold\": 1},\n"
            "      {\"metric\": \"client.all.n\", \"comparator\": \"<\", \"threshold\": \"5\", \"unit\": \"count\"},\n"
            "      {\"metric\": \"client.all.n\", \"comparator\": \"<\", \"threshold\": 5, \"unit\": \"\"}",
            NEVER, NULL);
    assert_null(parse(u, &d));
    assert_int_equal(d.errors, 4);
    assert_error_at(&d, 0, u, "\"threshold\": 0", 0, "takes no threshold");
    assert_error_at(&d, 1, u, "{\"metric\": \"client.all.n\", \"comparator\": \">\"", 0, "needs its \"unit\"");
    assert_error_at(&d, 2, u, "\"5\"", 0, "needs a number threshold, not a string");
    assert_error_at(&d, 3, u, "\"\"}", 0, "non-empty string");
    lv_diag_free(&d);
    free(u);

    /* empty lists, a condition that is not an object, a bad need */
    t = "{\"criteria_version\": 1, \"lab\": \"t\", \"hypothesis\": \"H\",\n"
        " \"proof\": [{\"id\": \"a\", \"title\": \"A\", \"why\": \"w\", \"all\": [],\n"
        "   \"needs\": [\"diag-proc/\"]}],\n"
        " \"disproof\": [{\"id\": \"b\", \"title\": \"B\", \"why\": \"w\", \"any\": [7]}]}\n";
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 3);
    assert_error_at(&d, 0, t, "\"diag-proc/\"", 0, "role/phase");
    assert_error_at(&d, 1, t, "[]", 0, "empty array");
    assert_error_at(&d, 2, t, "7", 0, "a condition must be an object");
    lv_diag_free(&d);
}

static void document_level_errors(void **state)
{
    const char *t = "{\"criteria_version\": 2,\n \"lab\": \"\",\n \"proof\": [], \"extra\": 1}\n";
    lv_diag d;
    assert_null(parse(t, &d));
    assert_int_equal(d.errors, 6);
    assert_error_at(&d, 0, t, "\"extra\"", 0, "unknown key \"extra\"");
    assert_error_at(&d, 1, t, "2", 0, "unsupported criteria_version");
    assert_error_at(&d, 2, t, "\"\"", 0, "non-empty string");
    assert_error_at(&d, 3, t, "{", 0, "missing \"hypothesis\"");
    assert_error_at(&d, 4, t, "[]", 0, "\"proof\" must be a non-empty array");
    assert_error_at(&d, 5, t, "{", 0, "missing \"disproof\"");
    lv_diag_free(&d);

    char *u = doc("all", NEVER, NEVER, "\"failure_stage\": {\"all\": [" NEVER "]}");
    assert_null(parse(u, &d));
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, u, "\"all\": [{\"metric\": \"snap.baseline.Never\"", 2, "takes \"any\"");
    lv_diag_free(&d);
    free(u);
    u = doc("all", NEVER, NEVER, "\"failure_stage\": {\"why\": \"w\"}");
    assert_null(parse(u, &d));
    assert_int_equal(d.errors, 1);
    assert_error_at(&d, 0, u, "{\"why\": \"w\"}", 0, "missing \"any\"");
    lv_diag_free(&d);
    free(u);

    /* a key spelled with an escape is still found */
    const char *e = "{\"criteria_version\": 1, \"l\\u0061b\": 5}";
    assert_null(parse(e, &d));
    assert_error_at(&d, 0, e, "5", 0, "\"lab\" must be a non-empty string, not a number");
    lv_diag_free(&d);

    lv_diag_init(&d, NULL);
    assert_null(lv_criteria_load("/nonexistent/criteria.json", NULL, &mp, &d));
    assert_int_equal(d.errors, 1);
    lv_diag_free(&d);
}

/* ---- evaluation: comparators and unknowns ---------------------------------- */

/* The state of a one-condition proof criterion on `value` (NAN: null) with
 * metric unit `munit`; `present` 0 leaves the metric out. */
static const char *one(const char *cmp, const char *threshold, const char *unit,
                       double value, const char *munit, int present)
{
    static char state_s[32];
    char cond[300];
    if (threshold)
        snprintf(cond, sizeof cond,
                 "{\"metric\": \"snap.baseline.X\", \"comparator\": \"%s\", "
                 "\"threshold\": %s, \"unit\": \"%s\"}", cmp, threshold, unit);
    else
        snprintf(cond, sizeof cond,
                 "{\"metric\": \"snap.baseline.X\", \"comparator\": \"%s\"}", cmp);
    char *t = doc("all", cond, NEVER, NULL);
    lv_diag d;
    lv_criteria *c = parse(t, &d);
    if (!c)
        fail_msg("%s: %s", t, msg(&d, 0));
    json_t *m = json_object();
    if (present)
        put(m, "snap.baseline.X", value, munit, "baseline/diag-proc.json");
    json_t *ev = lv_criteria_evaluate(c, m);
    snprintf(state_s, sizeof state_s, "%s", get_s(ev, "criteria/0/state"));
    /* the condition's own state is the criterion's */
    assert_string_equal(get_s(ev, "criteria/0/conditions/0/state"), state_s);
    json_decref(ev);
    json_decref(m);
    lv_criteria_free(c);
    lv_diag_free(&d);
    free(t);
    return state_s;
}

static void comparator_truth_tables(void **state)
{
    static const struct {
        const char *cmp;
        const char *lo, *at, *hi;  /* at 4.5, 5, 5.5 against threshold 5 */
    } tab[] = {
        {">", "not_met", "not_met", "met"},
        {">=", "not_met", "met", "met"},
        {"<", "met", "not_met", "not_met"},
        {"<=", "met", "met", "not_met"},
    };
    for (size_t i = 0; i < sizeof tab / sizeof *tab; i++) {
        assert_string_equal(one(tab[i].cmp, "5", "kB", 4.5, "kB", 1), tab[i].lo);
        assert_string_equal(one(tab[i].cmp, "5", "kB", 5, "kB", 1), tab[i].at);
        assert_string_equal(one(tab[i].cmp, "5", "kB", 5.5, "kB", 1), tab[i].hi);
        assert_string_equal(one(tab[i].cmp, "5", "kB", NAN, "kB", 1), "unknown");
        assert_string_equal(one(tab[i].cmp, "5", "kB", 0, "kB", 0), "unknown");
        assert_string_equal(one(tab[i].cmp, "5", "kB", 9, "%", 1), "unknown");
    }
    /* between is inclusive at both ends */
    assert_string_equal(one("between", "[-5, 5]", "%", -5.0001, "%", 1), "not_met");
    assert_string_equal(one("between", "[-5, 5]", "%", -5, "%", 1), "met");
    assert_string_equal(one("between", "[-5, 5]", "%", 0, "%", 1), "met");
    assert_string_equal(one("between", "[-5, 5]", "%", 5, "%", 1), "met");
    assert_string_equal(one("between", "[-5, 5]", "%", 5.0001, "%", 1), "not_met");
    assert_string_equal(one("between", "[2, 2]", "%", 2, "%", 1), "met");
    assert_string_equal(one("between", "[-5, 5]", "%", NAN, "%", 1), "unknown");
    /* changed / unchanged compare with zero, whatever the unit */
    assert_string_equal(one("changed", NULL, NULL, 3, "count", 1), "met");
    assert_string_equal(one("changed", NULL, NULL, -1, "kB", 1), "met");
    assert_string_equal(one("changed", NULL, NULL, 0, "count", 1), "not_met");
    assert_string_equal(one("unchanged", NULL, NULL, 0, "count", 1), "met");
    assert_string_equal(one("unchanged", NULL, NULL, 0.5, NULL, 1), "not_met");
    assert_string_equal(one("unchanged", NULL, NULL, NAN, "count", 1), "unknown");
    assert_string_equal(one("changed", NULL, NULL, 0, NULL, 0), "unknown");
    /* a metric without a unit is compared as the threshold's */
    assert_string_equal(one(">", "1", "ratio", 1.5, NULL, 1), "met");
    assert_string_equal(one(">", "1", "ratio", 1.5, "", 1), "met");
}

static void unit_mismatch_is_unknown_with_its_place(void **state)
{
    char *t = doc("all",
                  "{\"metric\": \"min.pct.MemAvailable\", \"comparator\": \"<=\",\n"
                  "       \"threshold\": -25, \"unit\": \"%\"}",
                  NEVER, NULL);
    lv_diag d;
    lv_criteria *c = parse(t, &d);
    assert_non_null(c);
    json_t *m = json_object();
    put(m, "min.pct.MemAvailable", -479136, "kB", "trigger/diag-proc-midleak.json");
    json_t *ev = lv_criteria_evaluate(c, m);
    assert_string_equal(get_s(ev, "criteria/0/state"), "unknown");
    const char *r = get_s(ev, "criteria/0/conditions/0/reason");
    long line, col;
    where(t, "\"%\"", 0, &line, &col);
    char place[64];
    snprintf(place, sizeof place, "c.json:%ld:%ld: unit mismatch", line, col);
    if (!strstr(r, place))
        fail_msg("\"%s\" does not hold \"%s\"", r, place);
    assert_non_null(strstr(r, "the metric is in kB, the threshold in %"));
    assert_string_equal(get_s(ev, "criteria/0/conditions/0/value_unit"), "kB");
    /* the value is shown, not compared */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(
        json_array_get(json_object_get(ev, "criteria"), 0), "conditions"), 0), "value")), -479136);
    assert_string_equal(get_s(ev, "verdict/result"), "inconclusive");
    assert_true(reasons_have(ev, "unit mismatch"));
    json_decref(ev);
    json_decref(m);
    lv_criteria_free(c);
    lv_diag_free(&d);
    free(t);
}

static void all_and_any_truth_tables(void **state)
{
    /* A and B: > 0; value 1 met, 0 not met, NAN unknown */
    static const double vals[] = {1, 0, NAN};
    static const char *const names[] = {"met", "not_met", "unknown"};
    /* expected[a][b] */
    static const char *const all_tab[3][3] = {
        {"met", "not_met", "unknown"},
        {"not_met", "not_met", "not_met"},
        {"unknown", "not_met", "unknown"},
    };
    static const char *const any_tab[3][3] = {
        {"met", "met", "met"},
        {"met", "not_met", "unknown"},
        {"met", "unknown", "unknown"},
    };
    const char *conds =
        "{\"metric\": \"snap.baseline.A\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"},"
        "{\"metric\": \"snap.baseline.B\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}";
    for (int mode = 0; mode < 2; mode++) {
        char *t = doc(mode ? "any" : "all", conds, NEVER, NULL);
        lv_diag d;
        lv_criteria *c = parse(t, &d);
        assert_non_null(c);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) {
                json_t *m = json_object();
                put(m, "snap.baseline.A", vals[a], "count", NULL);
                put(m, "snap.baseline.B", vals[b], "count", NULL);
                json_t *ev = lv_criteria_evaluate(c, m);
                const char *want = mode ? any_tab[a][b] : all_tab[a][b];
                const char *got = get_s(ev, "criteria/0/state");
                if (strcmp(got, want) != 0)
                    fail_msg("%s(%s, %s) is %s, expected %s", mode ? "any" : "all",
                             names[a], names[b], got, want);
                assert_string_equal(get_s(ev, "criteria/0/mode"), mode ? "any" : "all");
                json_decref(ev);
                json_decref(m);
            }
        lv_criteria_free(c);
        lv_diag_free(&d);
        free(t);
    }
}

/* ---- the verdict ----------------------------------------------------------- */

#define FAIL_STAGE                                                              \
    "\"failure_stage\": {\"any\": ["                                            \
    "{\"metric\": \"client.all.n5xx\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"},"  \
    "{\"metric\": \"platform.window.restart\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}]}"

static json_t *verdict_of(const lv_criteria *c, double p, double dsp,
                          double n5xx, double restart)
{
    json_t *m = json_object();
    put(m, "snap.baseline.P", p, "count", "baseline/p.json");
    put(m, "snap.baseline.D", dsp, "count", "baseline/d.json");
    put(m, "client.all.n5xx", n5xx, "count", "trigger/leak.csv");
    put(m, "platform.window.restart", restart, "count", "trigger/kql-platform.json");
    json_t *ev = lv_criteria_evaluate(c, m);
    json_decref(m);
    return ev;
}

static void verdict_rules(void **state)
{
    char *t = doc("all",
                  "{\"metric\": \"snap.baseline.P\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}",
                  "{\"metric\": \"snap.baseline.D\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}",
                  FAIL_STAGE);
    lv_diag d;
    lv_criteria *c = parse(t, &d);
    assert_non_null(c);

    json_t *ev = verdict_of(c, 1, 0, 0, 0);
    assert_string_equal(get_s(ev, "verdict/result"), "supported");
    assert_string_equal(get_s(ev, "verdict/stage"), "pre-failure");
    assert_true(reasons_have(ev, "every proof criterion is met (1 of 1)"));
    assert_true(reasons_have(ev, "stage pre-failure: none of the 2"));
    assert_int_equal(json_array_size(json_object_get(json_object_get(ev, "verdict"), "failure_signals")), 0);
    assert_string_equal(get_s(ev, "hypothesis"), "H");
    assert_string_equal(get_s(ev, "criteria/0/files/0"), "baseline/p.json");
    assert_string_equal(get_s(ev, "criteria/1/kind"), "disproof");
    assert_string_equal(get_s(ev, "failure_stage/state"), "not_met");
    json_decref(ev);

    /* a met disproof decides, even with every proof met */
    ev = verdict_of(c, 1, 1, 0, 0);
    assert_string_equal(get_s(ev, "verdict/result"), "falsified");
    assert_true(reasons_have(ev, "disproof \"d1\" (D1) is met: D at baseline 1 > 0"));
    json_decref(ev);

    /* proof not met */
    ev = verdict_of(c, 0, 0, 0, 0);
    assert_string_equal(get_s(ev, "verdict/result"), "inconclusive");
    assert_true(reasons_have(ev, "proof \"p1\" (P1) is not met: P at baseline 0, not > 0"));
    json_decref(ev);

    /* proof evidence missing; a disproof without evidence is said */
    ev = verdict_of(c, NAN, NAN, 0, 0);
    assert_string_equal(get_s(ev, "verdict/result"), "inconclusive");
    assert_true(reasons_have(ev, "proof \"p1\" (P1) is unknown, evidence missing"));
    assert_true(reasons_have(ev, "disproof \"d1\" (D1) could not be checked"));
    json_decref(ev);

    /* stage: failure with its signals; unknown when a signal is missing */
    ev = verdict_of(c, 1, 0, 3, NAN);
    assert_string_equal(get_s(ev, "verdict/result"), "supported");
    assert_string_equal(get_s(ev, "verdict/stage"), "failure");
    assert_string_equal(get_s(ev, "verdict/failure_signals/0"), "client.all.n5xx 3 > 0");
    json_decref(ev);
    ev = verdict_of(c, 1, 0, 0, NAN);
    assert_string_equal(get_s(ev, "verdict/stage"), "unknown");
    assert_true(reasons_have(ev, "these have no evidence: platform.window.restart"));
    json_decref(ev);
    ev = verdict_of(c, 1, 0, 0, 2);
    assert_string_equal(get_s(ev, "verdict/stage"), "failure");
    json_decref(ev);

    /* nothing at all: never a crash, never a pass */
    ev = lv_criteria_evaluate(c, NULL);
    assert_string_equal(get_s(ev, "verdict/result"), "inconclusive");
    assert_string_equal(get_s(ev, "verdict/stage"), "unknown");
    json_decref(ev);
    json_t *junk = json_pack("{s:i,s:{s:s},s:{s:b}}", "snap.baseline.P", 1,
                             "snap.baseline.D", "value", "1",
                             "client.all.n5xx", "value", 0);
    ev = lv_criteria_evaluate(c, junk);
    assert_string_equal(get_s(ev, "criteria/0/state"), "unknown");
    assert_string_equal(get_s(ev, "criteria/1/conditions/0/reason"),
                        "D at baseline: the value is not a number");
    json_decref(ev);
    json_decref(junk);
    lv_criteria_free(c);
    lv_diag_free(&d);
    free(t);

    /* no failure stage defined */
    t = doc("all",
            "{\"metric\": \"snap.baseline.P\", \"comparator\": \">\", \"threshold\": 0, \"unit\": \"count\"}",
            NEVER, NULL);
    c = parse(t, &d);
    ev = verdict_of(c, 1, 0, 0, 0);
    assert_string_equal(get_s(ev, "verdict/result"), "supported");
    assert_string_equal(get_s(ev, "verdict/stage"), "unknown");
    assert_true(reasons_have(ev, "define no failure stage"));
    assert_null(json_object_get(ev, "failure_stage"));
    json_decref(ev);
    lv_criteria_free(c);
    lv_diag_free(&d);
    free(t);
}

/* ---- the built-in memory-pressure criteria --------------------------------- */

/* One snapshot value in three phases (NAN: missing). Counters that go below
 * baseline are resets: their delta and % change are null. */
typedef struct {
    const char *name, *unit;
    int counter;
    double v[3];
} snapv;

static void put_phase_metrics(json_t *m, const snapv *s, size_t n,
                              int drop_later_phases)
{
    static const char *const ph[] = {"baseline", "midleak", "postheavy"};
    static const char *const file[] = {"baseline/diag-proc.json",
                                       "trigger/diag-proc-midleak.json",
                                       "trigger/diag-proc-postheavy.json"};
    for (size_t i = 0; i < n; i++) {
        double v[3] = {s[i].v[0], s[i].v[1], s[i].v[2]};
        if (drop_later_phases)
            v[1] = v[2] = NAN;
        char name[128];
        for (int p = 0; p < 3; p++) {
            snprintf(name, sizeof name, "snap.%s.%s", ph[p], s[i].name);
            put(m, name, v[p], s[i].unit, file[p]);
        }
        double dmin = NAN, dmax = NAN, pmin = NAN, pmax = NAN;
        for (int p = 1; p < 3; p++) {
            double dl = NAN, pc = NAN;
            int reset = s[i].counter && v[p] < v[0];
            if (!isnan(v[p]) && !isnan(v[0]) && !reset) {
                dl = v[p] - v[0];
                if (v[0] != 0)
                    pc = dl / v[0] * 100;
            }
            snprintf(name, sizeof name, "delta.%s.%s", ph[p], s[i].name);
            put(m, name, dl, s[i].unit, file[p]);
            snprintf(name, sizeof name, "pct.%s.%s", ph[p], s[i].name);
            put(m, name, pc, "%", file[p]);
            snprintf(name, sizeof name, "reset.%s.%s", ph[p], s[i].name);
            put(m, name, isnan(v[p]) || isnan(v[0]) ? NAN : reset, "count", file[p]);
            if (!isnan(dl)) {
                dmin = isnan(dmin) || dl < dmin ? dl : dmin;
                dmax = isnan(dmax) || dl > dmax ? dl : dmax;
            }
            if (!isnan(pc)) {
                pmin = isnan(pmin) || pc < pmin ? pc : pmin;
                pmax = isnan(pmax) || pc > pmax ? pc : pmax;
            }
        }
        snprintf(name, sizeof name, "min.delta.%s", s[i].name);
        put2(m, name, dmin, s[i].unit, file[0], file[1]);
        snprintf(name, sizeof name, "max.delta.%s", s[i].name);
        put2(m, name, dmax, s[i].unit, file[0], file[2]);
        snprintf(name, sizeof name, "min.pct.%s", s[i].name);
        put2(m, name, pmin, "%", file[0], file[1]);
        snprintf(name, sizeof name, "max.pct.%s", s[i].name);
        put2(m, name, pmax, "%", file[0], file[2]);
    }
}

/* The reference run (seed 4.2-4.9). */
static const snapv real_run[] = {
    {"MemAvailable", "kB", 0, {523896, 44760, 63376}},
    {"SwapFree", "kB", 0, {3809772, 2459256, 2376396}},
    {"pgscan_kswapd", "count", 1, {6114788, 7789786, 7890915}},
    {"pgscan_direct", "count", 1, {214825, 544771, 613993}},
    {"pgscan_total", "count", 1, {6114788 + 214825, 7789786 + 544771, 7890915 + 613993}},
    {"allocstall_movable", "count", 1, {867, 2195, 2461}},
    {"allocstall_normal", "count", 1, {1122, 1214, 1234}},
    {"allocstall_total", "count", 1, {867 + 1122, 2195 + 1214, 2461 + 1234}},
    {"pswpin", "count", 1, {163021, 248242, 274069}},
    {"pswpout", "count", 1, {223248, 615703, 651775}},
    {"pswp_total", "count", 1, {163021 + 223248, 248242 + 615703, 274069 + 651775}},
    {"leak_block_count", "count", 1, {0, 30, 30}},
};

/* The rest of the run: client CSVs, KQL, console, platform. */
static void put_run_rest(json_t *m, double tail_ratio, double heavy_p95)
{
    put(m, "client.leak.n", 100, "count", "trigger/leak-responses.csv");
    put(m, "client.leak.n2xx", 100, "count", "trigger/leak-responses.csv");
    put(m, "client.leak.n5xx", 0, "count", "trigger/leak-responses.csv");
    put(m, "client.leak.mean", 1.0099, "s", "trigger/leak-responses.csv");
    put(m, "client.leak.tail_ratio", tail_ratio, "ratio", "trigger/leak-responses.csv");
    put(m, "client.all.n", 150, "count", "trigger/leak-responses.csv");
    put(m, "client.all.n2xx", 150, "count", "trigger/leak-responses.csv");
    put(m, "client.all.n5xx", 0, "count", "trigger/leak-responses.csv");
    put(m, "client.all.share_2xx", 100, "%", "trigger/leak-responses.csv");
    put(m, "kql.window.n", 160, "count", "trigger/kql-http.json");
    put(m, "kql.window.n5xx", 0, "count", "trigger/kql-http.json");
    put(m, "kql.window.share_2xx", 100, "%", "trigger/kql-http.json");
    put(m, "kql.window.endpoint./heavy.p95", heavy_p95, "ms", "trigger/kql-http.json");
    static const char *const cons[] = {"worker_timeout", "oom", "killed", "sigkill", "worker_boot"};
    for (size_t i = 0; i < 5; i++) {
        char name[64];
        snprintf(name, sizeof name, "console.window.%s", cons[i]);
        put(m, name, 0, "count", "trigger/kql-console.json");
    }
    put(m, "platform.window.restart", 0, "count", "trigger/kql-platform.json");
}

static json_t *eval_builtin(const json_t *m)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_criteria *c = lv_criteria_profile(&mp, &d);
    if (!c)
        fail_msg("built-in criteria: %s", msg(&d, 0));
    assert_int_equal(d.n, 0);
    json_t *ev = lv_criteria_evaluate(c, m);
    lv_criteria_free(c);
    lv_diag_free(&d);
    return ev;
}

static void builtin_loads_and_lists_itself(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_criteria *c = lv_criteria_profile(&mp, &d);
    assert_non_null(c);
    assert_string_equal(lv_criteria_lab(c), "memory-pressure");
    assert_string_equal(lv_criteria_label(c), "profiles/memory-pressure/criteria.json");
    json_t *j = lv_criteria_json(c);
    assert_int_equal(json_array_size(json_object_get(j, "proof")), 5);
    assert_int_equal(json_array_size(json_object_get(j, "disproof")), 4);
    assert_int_equal(json_array_size(json_object_get(json_object_get(j, "failure_stage"), "any")), 7);
    size_t i;
    json_t *cr;
    json_array_foreach(json_object_get(j, "proof"), i, cr) {
        assert_string_equal(get_s(cr, "seed"), "2.3");
        assert_true(strlen(get_s(cr, "why")) > 40);
    }
    json_array_foreach(json_object_get(j, "disproof"), i, cr)
        assert_string_equal(get_s(cr, "seed"), "2.4");
    json_decref(j);
    lv_criteria_free(c);
    lv_profile other = {.name = (char *)"no-such-lab"};
    assert_null(lv_criteria_profile(&other, &d));
    other.name = (char *)"../memory-pressure";
    assert_null(lv_criteria_profile(&other, &d));
    assert_int_equal(d.errors, 2);
    lv_diag_free(&d);
}

static void builtin_reference_run_is_supported_pre_failure(void **state)
{
    json_t *m = json_object();
    put_phase_metrics(m, real_run, sizeof real_run / sizeof *real_run, 0);
    put_run_rest(m, 1.607, 14815);
    json_t *ev = eval_builtin(m);
    assert_string_equal(get_s(ev, "verdict/result"), "supported");
    assert_string_equal(get_s(ev, "verdict/stage"), "pre-failure");
    static const char *const proof[] = {"headroom-collapse", "reclaim-growth",
                                        "swap-growth", "leak-progression",
                                        "requests-mostly-succeed"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(get_s(crit_by_id(ev, proof[i]), "state"), "met");
    static const char *const disproof[] = {"memavailable-near-baseline",
                                           "reclaim-flat-while-leak-grows",
                                           "swap-and-reclaim-unchanged",
                                           "no-latency-impact-while-flat"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(get_s(crit_by_id(ev, disproof[i]), "state"), "not_met");
    const json_t *h = crit_by_id(ev, "headroom-collapse");
    const char *e = get_s(h, "evidence");
    if (!strstr(e, "MemAvailable min % change -91.4563 % <= -25 %") ||
        !strstr(e, "MemAvailable min change -479136 kB <= -102400 kB"))
        fail_msg("evidence: %s", e);
    assert_string_equal(get_s(h, "files/0"), "baseline/diag-proc.json");
    assert_string_equal(get_s(h, "files/1"), "trigger/diag-proc-midleak.json");
    assert_string_equal(get_s(h, "files/2"), "(none)"); /* each file once */
    e = get_s(crit_by_id(ev, "reclaim-growth"), "evidence");
    if (!strstr(e, "pgscan_total max change 2175295 >= 100000"))
        fail_msg("evidence: %s", e);
    json_decref(ev);

    /* the margins: a run half as strong still passes every proof */
    json_t *m2 = json_object();
    snapv half[sizeof real_run / sizeof *real_run];
    memcpy(half, real_run, sizeof half);
    for (size_t i = 0; i < sizeof half / sizeof *half; i++)
        for (int p = 1; p < 3; p++)
            half[i].v[p] = half[i].v[0] + (half[i].v[p] - half[i].v[0]) / 2;
    put_phase_metrics(m2, half, sizeof half / sizeof *half, 0);
    put_run_rest(m2, 1.3, 7400);
    ev = eval_builtin(m2);
    assert_string_equal(get_s(ev, "verdict/result"), "supported");
    json_decref(ev);
    json_decref(m2);

    /* a 5xx in the window makes it the failure stage */
    put(m, "kql.window.n5xx", 2, "count", "trigger/kql-http.json");
    ev = eval_builtin(m);
    assert_string_equal(get_s(ev, "verdict/stage"), "failure");
    assert_string_equal(get_s(ev, "verdict/failure_signals/0"), "kql.window.n5xx 2 > 0");
    json_decref(ev);
    json_decref(m);
}

static void builtin_flat_run_is_falsified(void **state)
{
    /* MemAvailable -2.6%, reclaim and swap counters flat, the leak grew */
    static const snapv flat[] = {
        {"MemAvailable", "kB", 0, {523896, 512000, 510300}},
        {"SwapFree", "kB", 0, {3809772, 3809772, 3809772}},
        {"pgscan_total", "count", 1, {6329613, 6329613, 6329613}},
        {"allocstall_total", "count", 1, {1989, 1989, 1989}},
        {"pswp_total", "count", 1, {386269, 386269, 386269}},
        {"leak_block_count", "count", 1, {0, 30, 30}},
    };
    json_t *m = json_object();
    put_phase_metrics(m, flat, sizeof flat / sizeof *flat, 0);
    put_run_rest(m, 1.02, 1100);
    json_t *ev = eval_builtin(m);
    assert_string_equal(get_s(ev, "verdict/result"), "falsified");
    assert_string_equal(get_s(ev, "verdict/stage"), "pre-failure");
    static const char *const disproof[] = {"memavailable-near-baseline",
                                           "reclaim-flat-while-leak-grows",
                                           "swap-and-reclaim-unchanged",
                                           "no-latency-impact-while-flat"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(get_s(crit_by_id(ev, disproof[i]), "state"), "met");
    assert_true(reasons_have(ev, "disproof \"memavailable-near-baseline\""));
    assert_string_equal(get_s(crit_by_id(ev, "headroom-collapse"), "state"), "not_met");
    json_decref(ev);
    json_decref(m);

    /* counters that move a little, and no client or KQL evidence at all:
     * still falsified, by the flat reclaim while the leak grew */
    static const snapv noisy[] = {
        {"MemAvailable", "kB", 0, {523896, 520000, 519000}},
        {"SwapFree", "kB", 0, {3809772, 3809700, 3809650}},
        {"pgscan_total", "count", 1, {6329613, 6329900, 6330100}},
        {"allocstall_total", "count", 1, {1989, 1990, 1991}},
        {"pswp_total", "count", 1, {386269, 386300, 386310}},
        {"leak_block_count", "count", 1, {0, 28, 30}},
    };
    m = json_object();
    put_phase_metrics(m, noisy, sizeof noisy / sizeof *noisy, 0);
    ev = eval_builtin(m);
    assert_string_equal(get_s(ev, "verdict/result"), "falsified");
    assert_string_equal(get_s(crit_by_id(ev, "reclaim-flat-while-leak-grows"), "state"), "met");
    assert_string_equal(get_s(crit_by_id(ev, "memavailable-near-baseline"), "state"), "unknown");
    assert_string_equal(get_s(ev, "verdict/stage"), "unknown");
    json_decref(ev);
    json_decref(m);
}

static void builtin_missing_snapshots_is_inconclusive(void **state)
{
    json_t *m = json_object();
    put_phase_metrics(m, real_run, sizeof real_run / sizeof *real_run, 1);
    put_run_rest(m, 1.607, 14815);
    json_t *ev = eval_builtin(m);
    assert_string_equal(get_s(ev, "verdict/result"), "inconclusive");
    assert_string_equal(get_s(ev, "verdict/stage"), "pre-failure");
    static const char *const unknown[] = {"headroom-collapse", "reclaim-growth",
                                          "swap-growth", "leak-progression"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(get_s(crit_by_id(ev, unknown[i]), "state"), "unknown");
    assert_string_equal(get_s(crit_by_id(ev, "requests-mostly-succeed"), "state"), "met");
    assert_true(reasons_have(ev, "4 of 5") == 0);
    assert_true(reasons_have(ev, "1 of 5 proof criteria are met"));
    assert_true(reasons_have(ev, "proof \"headroom-collapse\" (Memory headroom collapse) "
                                 "is unknown, evidence missing: MemAvailable min % change: "
                                 "no value (evidence missing)"));
    assert_true(reasons_have(ev, "it needs diag-proc/baseline, diag-proc/midleak|postheavy"));
    json_decref(ev);

    /* and with the metrics absent altogether, not just null */
    json_t *rest = json_object();
    put_run_rest(rest, 1.607, 14815);
    ev = eval_builtin(rest);
    assert_string_equal(get_s(ev, "verdict/result"), "inconclusive");
    assert_true(reasons_have(ev, "the metric is missing from the evidence"));
    json_decref(ev);
    json_decref(rest);
    json_decref(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patterns_match_per_segment),
        cmocka_unit_test(parse_valid_document_and_json),
        cmocka_unit_test(bad_json_has_line_and_col),
        cmocka_unit_test(byte_order_mark_is_skipped),
        cmocka_unit_test(unknown_comparator_at_its_value),
        cmocka_unit_test(unknown_metric_at_its_value),
        cmocka_unit_test(between_needs_an_ordered_pair),
        cmocka_unit_test(duplicate_id_at_the_second),
        cmocka_unit_test(criterion_shape_errors),
        cmocka_unit_test(document_level_errors),
        cmocka_unit_test(comparator_truth_tables),
        cmocka_unit_test(unit_mismatch_is_unknown_with_its_place),
        cmocka_unit_test(all_and_any_truth_tables),
        cmocka_unit_test(verdict_rules),
        cmocka_unit_test(builtin_loads_and_lists_itself),
        cmocka_unit_test(builtin_reference_run_is_supported_pre_failure),
        cmocka_unit_test(builtin_flat_run_is_falsified),
        cmocka_unit_test(builtin_missing_snapshots_is_inconclusive),
    };
    return cmocka_run_group_tests_name("criteria", tests, load_profile,
                                       free_profile);
}
