/* The analysis rules of a profile (analysis.json): checked before any
 * evidence is read, so that a profile folder with a broken file fails with
 * the place of each error (FILE:LINE:COL, the path as a JSON pointer
 * first) instead of giving a report that quietly leaves things out. See
 * lv_analysis_rules_check in include/lv/analyze.h and docs/criteria.md,
 * "The analysis rules". */
#include <stdarg.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/fileio.h"
#include "lv/jsonplace.h"
#include "lv/jsonutil.h"
#include "lv/snapshot.h"

#define MAX_DEPTH 6

typedef struct {
    const lv_profile *p;
    const char *text;
    size_t len;
    const char *label;
    lv_diag *d;
    lv_json_step path[MAX_DEPTH];
    size_t n;
    int rc;
} checker;

static void push_key(checker *c, const char *key)
{
    c->path[c->n].key = key;
    c->path[c->n].idx = 0;
    c->n++;
}

static void push_idx(checker *c, size_t i)
{
    c->path[c->n].key = NULL;
    c->path[c->n].idx = i;
    c->n++;
}

static void pop(checker *c) { c->n--; }

/* An error at the value (or, at_key, the key) of the current path. */
static void err(checker *c, int at_key, const char *fmt, ...) LV_PRINTF(3, 4);
static void err(checker *c, int at_key, const char *fmt, ...)
{
    lv_buf m;
    lv_buf_init(&m);
    lv_json_pointer(&m, c->path, c->n);
    if (c->n)
        lv_buf_puts(&m, ": ");
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    long line, col;
    lv_line_col(c->text, c->len, lv_json_locate(c->text, c->len, c->path, c->n, at_key),
                &line, &col);
    lv_diag_at(c->d, LV_SEV_ERROR, c->label, line, col, "%s", m.data);
    lv_buf_free(&m);
    c->rc = -1;
}

/* Every key of obj is one of `allowed` (NULL-terminated). */
static void keys(checker *c, json_t *obj, const char *const *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], k) != 0)
            i++;
        if (allowed[i])
            continue;
        lv_buf exp;
        lv_buf_init(&exp);
        for (i = 0; allowed[i]; i++)
            lv_buf_printf(&exp, "%s%s", i ? ", " : "", allowed[i]);
        push_key(c, k);
        err(c, 1, "unknown key \"%s\" (expected %s)", k, exp.data);
        pop(c);
        lv_buf_free(&exp);
    }
}

/* A name that becomes a segment of metric names (client.NAME.p95,
 * console.window.NAME): letters, digits, '-' and '_'. */
static int word_ok(const char *s)
{
    for (const char *q = s; *q; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
              (*q >= '0' && *q <= '9') || *q == '-' || *q == '_'))
            return 0;
    return *s != '\0';
}

enum { OPTIONAL = 0, REQUIRED = 1, EMPTY_OK = 2, WORD = 4 };

/* Member `key` of obj, a string: required or not, non-empty unless
 * EMPTY_OK, a metric-name word with WORD. Its value, or NULL. */
static const char *str(checker *c, json_t *obj, const char *key, int how)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (how & REQUIRED)
            err(c, 0, "missing \"%s\"", key);
        return NULL;
    }
    push_key(c, key);
    const char *s = json_string_value(v);
    if (!s || (!(how & EMPTY_OK) && !*s)) {
        err(c, 0, "\"%s\" must be a%s string, not %s", key,
            how & EMPTY_OK ? "" : " non-empty", s ? "\"\"" : lv_json_kind(v));
        s = NULL;
    } else if ((how & WORD) && !word_ok(s)) {
        err(c, 0, "\"%s\" is a word of metric names: letters, digits, '-' and "
            "'_' only, not \"%s\"", key, s);
        s = NULL;
    }
    pop(c);
    return s;
}

/* Member `key` of obj, a number in [lo, hi] (an integer with `integer`). */
static void num(checker *c, json_t *obj, const char *key, int required,
                int integer, double lo, double hi)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            err(c, 0, "missing \"%s\"", key);
        return;
    }
    push_key(c, key);
    if (integer ? !json_is_integer(v) : !json_is_number(v))
        err(c, 0, "\"%s\" must be %s, not %s", key, integer ? "an integer" : "a number",
            lv_json_kind(v));
    else if (json_number_value(v) < lo || json_number_value(v) > hi)
        err(c, 0, "\"%s\" must be between %g and %g", key, lo, hi);
    pop(c);
}

/* A role the profile's roles.json defines. */
static void role(checker *c, json_t *obj, const char *key, int required)
{
    const char *r = str(c, obj, key, required ? REQUIRED : OPTIONAL);
    size_t i = 0;
    while (r && i < c->p->nroles && strcmp(c->p->roles[i].role, r) != 0)
        i++;
    if (r && i == c->p->nroles) {
        push_key(c, key);
        err(c, 0, "\"%s\" is not a role of %s", r,
            c->p->roles_file.label ? c->p->roles_file.label : "the profile");
        pop(c);
    }
}

/* Member `key` of obj: an array (non-empty with `nonempty`); its size, and
 * the array in *out (NULL when absent or wrong). */
static size_t array(checker *c, json_t *obj, const char *key, int required,
                    int nonempty, json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (required)
            err(c, 0, "missing \"%s\"", key);
        return 0;
    }
    if (!json_is_array(v) || (nonempty && json_array_size(v) == 0)) {
        push_key(c, key);
        err(c, 0, "\"%s\" must be a%s array, not %s", key, nonempty ? " non-empty" : "n",
            json_is_array(v) ? "an empty one" : lv_json_kind(v));
        pop(c);
        return 0;
    }
    *out = v;
    return json_array_size(v);
}

/* Element i of the current array is an object; 1 when it is. */
static int element(checker *c, json_t *e, const char *what)
{
    if (json_is_object(e))
        return 1;
    err(c, 0, "%s is an object, not %s", what, lv_json_kind(e));
    return 0;
}

/* Names must differ within a list: `seen` collects them. */
static void unique(checker *c, json_t *seen, const char *name, const char *key)
{
    if (!name)
        return;
    if (json_object_get(seen, name)) {
        push_key(c, key);
        err(c, 0, "duplicate %s \"%s\"", key, name);
        pop(c);
    }
    json_object_set_new(seen, name, json_true());
}

static void phases(checker *c, json_t *rules)
{
    static const char *const k[] = {"phase", "label", NULL};
    json_t *arr, *e, *seen = json_object();
    size_t n = array(c, rules, "phases", 1, 1, &arr), i;
    if (arr && n > LV_AN_MAX_PHASES) {
        push_key(c, "phases");
        err(c, 0, "at most %d phases are compared, not %zu", LV_AN_MAX_PHASES, n);
        pop(c);
    }
    push_key(c, "phases");
    json_array_foreach(arr, i, e) {
        push_idx(c, i);
        if (element(c, e, "a phase")) {
            keys(c, e, k);
            const char *ph = str(c, e, "phase", REQUIRED | WORD);
            str(c, e, "label", REQUIRED);
            if (ph && !lv_profile_phase(c->p, ph)) {
                push_key(c, "phase");
                err(c, 0, "\"%s\" is not a phase of %s", ph,
                    c->p->roles_file.label ? c->p->roles_file.label : "the profile");
                pop(c);
            }
            unique(c, seen, ph, "phase");
        }
        pop(c);
    }
    pop(c);
    json_decref(seen);
    /* "baseline" names the first phase, the one the deltas start from */
    const char *b = str(c, rules, "baseline", OPTIONAL);
    const char *first = json_string_value(json_object_get(json_array_get(arr, 0), "phase"));
    if (b && first && strcmp(b, first) != 0) {
        push_key(c, "baseline");
        err(c, 0, "the baseline is the first of \"phases\" (\"%s\"), not \"%s\"", first, b);
        pop(c);
    }
}

static void window(checker *c, json_t *rules)
{
    static const char *const k[] = {"slack_seconds", "why", NULL};
    json_t *w = json_object_get(rules, "window");
    if (!w) {
        err(c, 0, "missing \"window\" ({\"slack_seconds\": N})");
        return;
    }
    push_key(c, "window");
    if (element(c, w, "\"window\"")) {
        keys(c, w, k);
        num(c, w, "slack_seconds", 1, 0, 0, 86400);
        str(c, w, "why", OPTIONAL);
    }
    pop(c);
}

static void strings(checker *c, json_t *obj, const char *key, int nonempty_items)
{
    json_t *arr, *e;
    size_t i;
    array(c, obj, key, 0, 0, &arr);
    push_key(c, key);
    json_array_foreach(arr, i, e) {
        push_idx(c, i);
        const char *s = json_string_value(e);
        if (!s || (nonempty_items && !*s))
            err(c, 0, "an element of \"%s\" is a%s string, not %s", key,
                nonempty_items ? " non-empty" : "", s ? "\"\"" : lv_json_kind(e));
        pop(c);
    }
    pop(c);
}

/* The diag app's own counters in /diag/stats besides the pid: each a word
 * (it names the table row and the snap./delta./pct. metrics), once, and
 * neither the pid nor another member of every answer. Absent: the loader's
 * default (request_count). */
static void app_counters(checker *c, json_t *rules)
{
    json_t *arr, *e, *seen = json_object();
    size_t i;
    array(c, rules, "app_counters", 0, 0, &arr);
    push_key(c, "app_counters");
    json_array_foreach(arr, i, e) {
        push_idx(c, i);
        const char *s = json_string_value(e);
        if (!s)
            err(c, 0, "an app counter is a string, not %s", lv_json_kind(e));
        else if (!word_ok(s))
            err(c, 0, "an app counter is a word of metric names: letters, digits, "
                "'-' and '_' only, not \"%s\"", s);
        else if (strcmp(s, "pid") == 0)
            err(c, 0, "\"pid\" is read from every /diag/stats answer; it is not "
                "listed among the app counters");
        else if (lv_diag_stats_member(s))
            err(c, 0, "\"%s\" is a member of every /diag/stats answer, not an app "
                "counter", s);
        else if (json_object_get(seen, s))
            err(c, 0, "duplicate app counter \"%s\"", s);
        else
            json_object_set_new(seen, s, json_true());
        pop(c);
    }
    pop(c);
    json_decref(seen);
}

static void sums(checker *c, json_t *rules)
{
    static const char *const k[] = {"name", "prefix", "what", NULL};
    json_t *arr, *e, *seen = json_object();
    size_t i;
    array(c, rules, "sums", 0, 0, &arr);
    push_key(c, "sums");
    json_array_foreach(arr, i, e) {
        push_idx(c, i);
        if (element(c, e, "a sum")) {
            keys(c, e, k);
            unique(c, seen, str(c, e, "name", REQUIRED), "name");
            str(c, e, "prefix", REQUIRED);
            str(c, e, "what", OPTIONAL);
        }
        pop(c);
    }
    pop(c);
    json_decref(seen);
}

static void interpretations(checker *c, json_t *rules)
{
    static const char *const k[] = {"metric", "prefix", "unit", "text", "pct_at_most",
                                    "pct_at_least", "pct_below", "delta_above",
                                    "delta_equal", "to_at_least", NULL};
    json_t *arr, *e;
    size_t i;
    array(c, rules, "interpretations", 0, 0, &arr);
    push_key(c, "interpretations");
    json_array_foreach(arr, i, e) {
        push_idx(c, i);
        if (element(c, e, "an interpretation")) {
            keys(c, e, k);
            const char *m = str(c, e, "metric", OPTIONAL);
            const char *pre = str(c, e, "prefix", EMPTY_OK);
            if (!m && !pre && !json_object_get(e, "metric") && !json_object_get(e, "prefix"))
                err(c, 0, "an interpretation names a \"metric\" or a \"prefix\" "
                    "(\"\" for every metric)");
            str(c, e, "unit", OPTIONAL);
            str(c, e, "text", REQUIRED | EMPTY_OK);
            for (size_t j = 4; k[j]; j++)
                num(c, e, k[j], 0, 0, -1e300, 1e300);
        }
        pop(c);
    }
    pop(c);
}

static void latency_sets(checker *c, json_t *rules)
{
    static const char *const k[] = {"name", "role", "label", NULL};
    json_t *arr, *e, *seen = json_object();
    size_t i;
    array(c, rules, "latency_sets", 0, 0, &arr);
    push_key(c, "latency_sets");
    json_array_foreach(arr, i, e) {
        push_idx(c, i);
        if (element(c, e, "a latency set")) {
            keys(c, e, k);
            const char *name = str(c, e, "name", REQUIRED | WORD);
            if (name && strcmp(name, "all") == 0) {
                push_key(c, "name");
                err(c, 0, "\"all\" is the name of every set together (client.all.*)");
                pop(c);
            }
            unique(c, seen, name, "name");
            role(c, e, "role", 1);
            str(c, e, "label", REQUIRED);
        }
        pop(c);
    }
    pop(c);
    json_decref(seen);
}

static void kql(checker *c, json_t *rules)
{
    static const char *const k[] = {"http", "console", "platform", "max_endpoints", NULL};
    json_t *q = json_object_get(rules, "kql");
    if (!q)
        return;
    push_key(c, "kql");
    if (element(c, q, "\"kql\"")) {
        keys(c, q, k);
        role(c, q, "http", 0);
        role(c, q, "console", 0);
        role(c, q, "platform", 0);
        num(c, q, "max_endpoints", json_object_get(q, "http") != NULL, 1, 1, 1000000);
    }
    pop(c);
}

/* console_signatures (levels: no, the console export has no Level column)
 * or platform_events. */
static void log_defs(checker *c, json_t *rules, const char *key, int levels)
{
    static const char *const kc[] = {"name", "label", "match", NULL};
    static const char *const kp[] = {"name", "label", "match", "levels", NULL};
    json_t *arr, *e, *seen = json_object();
    size_t i;
    array(c, rules, key, 0, 0, &arr);
    push_key(c, key);
    json_array_foreach(arr, i, e) {
        push_idx(c, i);
        if (element(c, e, levels ? "an event" : "a signature")) {
            keys(c, e, levels ? kp : kc);
            unique(c, seen, str(c, e, "name", REQUIRED | WORD), "name");
            str(c, e, "label", REQUIRED);
            strings(c, e, "match", 1);
            if (levels)
                strings(c, e, "levels", 1);
            if (json_array_size(json_object_get(e, "match")) == 0 &&
                json_array_size(json_object_get(e, "levels")) == 0)
                err(c, 0, "%s matches nothing: give \"match\"%s", levels ? "an event" :
                    "a signature", levels ? " or \"levels\"" : "");
        }
        pop(c);
    }
    pop(c);
    json_decref(seen);
}

static void boundary(checker *c, json_t *rules)
{
    static const char *const k[] = {"pre-failure", "failure", "unknown", NULL};
    json_t *b = json_object_get(rules, "boundary");
    if (!b)
        return;
    push_key(c, "boundary");
    if (element(c, b, "\"boundary\"")) {
        keys(c, b, k);
        for (size_t i = 0; k[i]; i++)
            str(c, b, k[i], OPTIONAL);
    }
    pop(c);
}

int lv_analysis_rules_check(const lv_profile *p, lv_diag *d)
{
    static const char *const k[] = {"about", "baseline", "phases", "window", "row_order",
                                    "app_counters", "sums", "interpretations",
                                    "latency_sets", "kql",
                                    "console_signatures", "platform_events",
                                    "samples_per_signature", "boundary", NULL};
    if (!p->rules) {
        lv_diag_file(d, LV_SEV_ERROR, p->source,
                     "the profile '%s' has no analysis rules (a roles file alone "
                     "takes them from the built-in profile of its name; give a "
                     "profile folder)", p->name ? p->name : "?");
        return -1;
    }
    checker c = {.p = p, .text = p->analysis.text, .len = p->analysis.len,
                 .label = p->analysis.label, .d = d};
    json_t *r = p->rules;
    if (!json_is_object(r)) {
        err(&c, 0, "analysis rules are a JSON object, not %s", lv_json_kind(r));
        return -1;
    }
    keys(&c, r, k);
    str(&c, r, "about", OPTIONAL);
    phases(&c, r);
    window(&c, r);
    strings(&c, r, "row_order", 1);
    app_counters(&c, r);
    sums(&c, r);
    interpretations(&c, r);
    latency_sets(&c, r);
    kql(&c, r);
    log_defs(&c, r, "console_signatures", 0);
    log_defs(&c, r, "platform_events", 1);
    num(&c, r, "samples_per_signature", 0, 1, 0, 1000);
    boundary(&c, r);
    return c.rc;
}
