/* Criteria files: parsing and validation. See include/lv/criteria.h and
 * docs/criteria.md. The places of the errors are found by
 * criteria_place.c, metric-name patterns are in criteria_metrics.c, the
 * criteria as JSON in criteria_json.c, evaluation in criteria_eval.c. */
#include "criteria_int.h"

#include <stdlib.h>
#include <string.h>

#include "lv/fileio.h"
#include "lv/jsonutil.h"

/* ---- comparators ------------------------------------------------------- */

static const char *const cmp_names[] = {">", ">=", "<", "<=", "between",
                                        "changed", "unchanged"};

const char *lv_cmp_name(lv_cmp c) { return cmp_names[c]; }

static int cmp_parse(const char *s, lv_cmp *out)
{
    for (size_t i = 0; i < sizeof cmp_names / sizeof *cmp_names; i++)
        if (strcmp(s, cmp_names[i]) == 0) {
            *out = (lv_cmp)i;
            return 0;
        }
    return -1;
}

/* ---- validation ---------------------------------------------------------- */

static void unknown_keys(crit_parser *p, json_t *obj,
                         const char *const *allowed, const char *expected)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], k) != 0)
            i++;
        if (!allowed[i])
            crit_err_member(p, k, AT_KEY, "unknown key \"%s\" (expected %s)", k,
                            expected);
    }
}

/* A string member: required (missing is an error at the object) or not;
 * non-empty when present. NULL when absent or wrong. */
static char *str_member(crit_parser *p, json_t *obj, const char *key,
                        int required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            crit_err(p, AT_VALUE, "missing \"%s\"", key);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        crit_err_member(p, key, AT_VALUE,
                        "\"%s\" must be a non-empty string, not %s", key,
                        json_is_string(v) ? "\"\"" : lv_json_kind(v));
        return NULL;
    }
    return strdup(json_string_value(v));
}

static int num_pair(json_t *v, double *lo, double *hi)
{
    if (!json_is_array(v) || json_array_size(v) != 2 ||
        !json_is_number(json_array_get(v, 0)) ||
        !json_is_number(json_array_get(v, 1)))
        return -1;
    *lo = json_number_value(json_array_get(v, 0));
    *hi = json_number_value(json_array_get(v, 1));
    return 0;
}

static void parse_cond(crit_parser *p, json_t *o, lv_cond *cd)
{
    static const char *const keys[] = {"metric", "comparator", "threshold",
                                       "unit", "note", NULL};
    if (!json_is_object(o)) {
        crit_err(p, AT_VALUE, "a condition must be an object {\"metric\", "
                 "\"comparator\", \"threshold\", \"unit\"}, not %s",
                 lv_json_kind(o));
        return;
    }
    unknown_keys(p, o, keys, "metric, comparator, threshold, unit, note");
    cd->metric = str_member(p, o, "metric", 1);
    if (cd->metric && !lv_metric_name_allowed(cd->metric, p->patterns))
        crit_err_member(p, "metric", AT_VALUE,
                        "unknown metric \"%s\" (no metric of the dictionary "
                        "has this name; see docs/criteria.md)", cd->metric);
    char *cmp = str_member(p, o, "comparator", 1);
    int cmp_ok = 0;
    if (cmp) {
        if (cmp_parse(cmp, &cd->cmp) == 0)
            cmp_ok = 1;
        else
            crit_err_member(p, "comparator", AT_VALUE,
                            "unknown comparator \"%s\" (expected >, >=, <, <=, "
                            "between, changed or unchanged)", cmp);
        free(cmp);
    }
    json_t *t = json_object_get(o, "threshold");
    json_t *u = json_object_get(o, "unit");
    if (u) {
        cd->unit = str_member(p, o, "unit", 0);
        crit_push_key(p, "unit");
        crit_place(p, AT_VALUE, &cd->line, &cd->col);
        crit_pop(p);
    } else {
        crit_push_key(p, "comparator");
        crit_place(p, AT_VALUE, &cd->line, &cd->col);
        crit_pop(p);
    }
    if (!cmp_ok)
        return;
    switch (cd->cmp) {
    case LV_CMP_GT:
    case LV_CMP_GE:
    case LV_CMP_LT:
    case LV_CMP_LE:
        if (!t)
            crit_err(p, AT_VALUE,
                     "comparator \"%s\" needs a number \"threshold\"",
                     lv_cmp_name(cd->cmp));
        else if (!json_is_number(t))
            crit_err_member(p, "threshold", AT_VALUE,
                            "comparator \"%s\" needs a number threshold, "
                            "not %s", lv_cmp_name(cd->cmp), lv_json_kind(t));
        else
            cd->lo = cd->hi = json_number_value(t);
        break;
    case LV_CMP_BETWEEN:
        if (!t)
            crit_err(p, AT_VALUE, "comparator \"between\" needs a "
                     "\"threshold\" [lo, hi]");
        else if (num_pair(t, &cd->lo, &cd->hi) != 0)
            crit_err_member(p, "threshold", AT_VALUE,
                            "comparator \"between\" needs a threshold [lo, hi] "
                            "of two numbers, not %s%s", lv_json_kind(t),
                            json_is_array(t) ? " of another shape" : "");
        else if (cd->lo > cd->hi)
            crit_err_member(p, "threshold", AT_VALUE,
                            "\"between\" threshold [lo, hi] has lo > hi");
        break;
    case LV_CMP_CHANGED:
    case LV_CMP_UNCHANGED:
        if (t)
            crit_err_member(p, "threshold", AT_KEY,
                            "comparator \"%s\" takes no threshold (it compares "
                            "the value with 0)", lv_cmp_name(cd->cmp));
        cd->lo = cd->hi = 0;
        break;
    }
    if (t && (cd->cmp != LV_CMP_CHANGED && cd->cmp != LV_CMP_UNCHANGED))
        cd->threshold = json_deep_copy(t);
    if (t && !u && cd->cmp != LV_CMP_CHANGED && cd->cmp != LV_CMP_UNCHANGED)
        crit_err(p, AT_VALUE, "a threshold needs its \"unit\" (the metric's "
                 "unit: \"kB\", \"%%\", \"count\", \"s\", \"ms\", ...)");
}

static void parse_conds(crit_parser *p, json_t *obj, const char *mode,
                        lv_crit *cr)
{
    json_t *arr = json_object_get(obj, mode);
    crit_push_key(p, mode);
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        crit_err(p, AT_VALUE, "\"%s\" must be a non-empty array of conditions, "
                              "not %s", mode,
                 json_is_array(arr) ? "an empty array" : lv_json_kind(arr));
        crit_pop(p);
        return;
    }
    cr->conds = calloc(json_array_size(arr), sizeof *cr->conds);
    if (!cr->conds)
        abort();
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        crit_push_idx(p, i);
        parse_cond(p, o, &cr->conds[cr->nconds++]);
        crit_pop(p);
    }
    crit_pop(p);
}

/* "role", or "role/phase" with alternatives "role/a|b". */
static int needs_ok(const char *s)
{
    const char *slash = strchr(s, '/');
    if (slash == s || *s == '\0')
        return 0;
    if (!slash)
        return strchr(s, '|') == NULL;
    const char *ph = slash + 1;
    if (strchr(ph, '/'))
        return 0;
    for (const char *a = ph;;) {
        const char *bar = strchr(a, '|');
        size_t al = bar ? (size_t)(bar - a) : strlen(a);
        if (al == 0)
            return 0;
        if (!bar)
            return 1;
        a = bar + 1;
    }
}

static void parse_needs(crit_parser *p, json_t *arr, lv_crit *cr)
{
    crit_push_key(p, "needs");
    if (!json_is_array(arr)) {
        crit_err(p, AT_VALUE, "\"needs\" must be an array of \"role/phase\" "
                              "strings, not %s", lv_json_kind(arr));
        crit_pop(p);
        return;
    }
    cr->needs = calloc(json_array_size(arr) + 1, sizeof *cr->needs);
    if (!cr->needs)
        abort();
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v) || !needs_ok(json_string_value(v))) {
            crit_push_idx(p, i);
            crit_err(p, AT_VALUE, "a need is \"role\" or \"role/phase\" "
                     "(phases as alternatives a|b), not %s%s%s",
                     json_is_string(v) ? "\"" : lv_json_kind(v),
                     json_is_string(v) ? json_string_value(v) : "",
                     json_is_string(v) ? "\"" : "");
            crit_pop(p);
            continue;
        }
        cr->needs[cr->nneeds++] = strdup(json_string_value(v));
    }
    crit_pop(p);
}

static int id_ok(const char *s)
{
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.'))
            return 0;
    return *s != '\0';
}

/* The id at the current path: well-formed, and not the id of an earlier
 * criterion (whose place the message gives). */
static void check_id(crit_parser *p, const char *id)
{
    if (!id_ok(id)) {
        crit_err(p, AT_VALUE, "id \"%s\" may hold only letters, digits, "
                 "'-', '_' and '.'", id);
        return;
    }
    json_t *first = json_object_get(p->ids, id);
    if (first) {
        crit_err(p, AT_VALUE, "duplicate id \"%s\" (first at %s:%lld:%lld)",
                 id, p->label,
                 (long long)json_integer_value(json_array_get(first, 0)),
                 (long long)json_integer_value(json_array_get(first, 1)));
        return;
    }
    long line, col;
    crit_place(p, AT_VALUE, &line, &col);
    json_object_set_new(p->ids, id, json_pack("[I,I]", (json_int_t)line,
                                              (json_int_t)col));
}

static void parse_crit(crit_parser *p, json_t *o, lv_crit *cr,
                       const char *kind)
{
    static const char *const keys[] = {"id", "title", "seed", "all", "any",
                                       "needs", "why", "note", NULL};
    cr->kind = kind;
    if (!json_is_object(o)) {
        crit_err(p, AT_VALUE, "a criterion must be an object, not %s",
                 lv_json_kind(o));
        return;
    }
    unknown_keys(p, o, keys, "id, title, seed, all or any, needs, why, note");
    cr->id = str_member(p, o, "id", 1);
    if (cr->id) {
        crit_push_key(p, "id");
        check_id(p, cr->id);
        crit_pop(p);
    }
    cr->title = str_member(p, o, "title", 1);
    cr->seed = str_member(p, o, "seed", 0);
    cr->why = str_member(p, o, "why", 1);
    json_t *needs = json_object_get(o, "needs");
    if (needs)
        parse_needs(p, needs, cr);
    json_t *all = json_object_get(o, "all"), *any = json_object_get(o, "any");
    if (all && any) {
        /* the one written second is the offending one */
        int all_last =
            crit_member_offset(p, "all") > crit_member_offset(p, "any");
        crit_err_member(p, all_last ? "all" : "any", AT_KEY,
                             "a criterion has \"all\" or \"any\", not both");
    } else if (!all && !any) {
        crit_err(p, AT_VALUE,
                 "missing \"all\" or \"any\" (a list of conditions)");
    } else {
        cr->any = any != NULL;
        parse_conds(p, o, any ? "any" : "all", cr);
    }
}

static void parse_list(crit_parser *p, json_t *doc, const char *key,
                       lv_crit **out, size_t *n)
{
    json_t *arr = json_object_get(doc, key);
    if (!arr) {
        crit_err(p, AT_VALUE, "missing \"%s\" (a non-empty array of criteria)",
                 key);
        return;
    }
    crit_push_key(p, key);
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        crit_err(p, AT_VALUE,
                 "\"%s\" must be a non-empty array of criteria, not %s", key,
                 json_is_array(arr) ? "an empty array" : lv_json_kind(arr));
        crit_pop(p);
        return;
    }
    *out = calloc(json_array_size(arr), sizeof **out);
    if (!*out)
        abort();
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        crit_push_idx(p, i);
        parse_crit(p, o, &(*out)[(*n)++], key);
        crit_pop(p);
    }
    crit_pop(p);
}

static void parse_failure(crit_parser *p, json_t *o, lv_criteria *c)
{
    static const char *const keys[] = {"title", "why", "any", "all", "note",
                                       NULL};
    crit_push_key(p, "failure_stage");
    c->has_failure = 1;
    c->failure.kind = "failure_stage";
    c->failure.any = 1;
    if (!json_is_object(o)) {
        crit_err(p, AT_VALUE, "\"failure_stage\" must be an object {\"any\": "
                              "[conditions]}, not %s", lv_json_kind(o));
        crit_pop(p);
        return;
    }
    unknown_keys(p, o, keys, "title, why, any, note");
    if (json_object_get(o, "all"))
        crit_err_member(p, "all", AT_KEY,
                        "\"failure_stage\" takes \"any\": a run has failed "
                        "when any one signal is present");
    c->failure.title = str_member(p, o, "title", 0);
    c->failure.why = str_member(p, o, "why", 0);
    if (json_object_get(o, "any"))
        parse_conds(p, o, "any", &c->failure);
    else if (!json_object_get(o, "all"))
        crit_err(p, AT_VALUE, "missing \"any\" (the failure signals)");
    crit_pop(p);
}

static void crit_free(lv_crit *cr)
{
    free(cr->id);
    free(cr->title);
    free(cr->seed);
    free(cr->why);
    for (size_t i = 0; i < cr->nconds; i++) {
        free(cr->conds[i].metric);
        free(cr->conds[i].unit);
        json_decref(cr->conds[i].threshold);
    }
    free(cr->conds);
    for (size_t i = 0; i < cr->nneeds; i++)
        free(cr->needs[i]);
    free(cr->needs);
}

void lv_criteria_free(lv_criteria *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nproof; i++)
        crit_free(&c->proof[i]);
    for (size_t i = 0; i < c->ndisproof; i++)
        crit_free(&c->disproof[i]);
    crit_free(&c->failure);
    free(c->proof);
    free(c->disproof);
    free(c->label);
    free(c->lab);
    free(c->title);
    free(c->hypothesis);
    free(c);
}

static void parse_doc(crit_parser *p, json_t *doc, lv_criteria *c)
{
    static const char *const keys[] = {"criteria_version", "lab", "title",
                                       "about", "hypothesis", "proof",
                                       "disproof", "failure_stage", NULL};
    if (!json_is_object(doc)) {
        crit_err(p, AT_VALUE, "a criteria file is a JSON object, not %s",
                 lv_json_kind(doc));
        return;
    }
    unknown_keys(p, doc, keys, "criteria_version, lab, title, about, "
                               "hypothesis, proof, disproof, failure_stage");
    json_t *ver = json_object_get(doc, "criteria_version");
    if (!ver)
        crit_err(p, AT_VALUE, "missing \"criteria_version\" (%d)",
                 LV_CRITERIA_VERSION);
    else if (!json_is_integer(ver) ||
             json_integer_value(ver) != LV_CRITERIA_VERSION)
        crit_err_member(p, "criteria_version", AT_VALUE,
                        "unsupported criteria_version (this labverdict "
                        "reads %d)", LV_CRITERIA_VERSION);
    c->lab = str_member(p, doc, "lab", 1);
    c->title = str_member(p, doc, "title", 0);
    free(str_member(p, doc, "about", 0));
    c->hypothesis = str_member(p, doc, "hypothesis", 1);
    parse_list(p, doc, "proof", &c->proof, &c->nproof);
    parse_list(p, doc, "disproof", &c->disproof, &c->ndisproof);
    json_t *f = json_object_get(doc, "failure_stage");
    if (f)
        parse_failure(p, f, c);
}

lv_criteria *lv_criteria_parse_with(const char *text, size_t len,
                                    const char *label,
                                    const char *const *patterns, lv_diag *d)
{
    if (!label)
        label = "criteria";
    if (len == 0) {
        lv_diag_file(d, LV_SEV_ERROR, label, "empty criteria file");
        return NULL;
    }
    json_error_t je;
    /* a UTF-8 byte order mark (Windows editors write one) is skipped */
    size_t bom = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    json_t *doc = json_loadb(text + bom, len - bom, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        /* jansson counts columns in characters; ours are bytes, as are the
         * places of every other error: take its byte position. */
        long line, col;
        size_t off = bom + (je.position > 0 ? (size_t)je.position - 1 : 0);
        lv_line_col(text, len, off, &line, &col);
        lv_diag_at(d, LV_SEV_ERROR, label, line, col, "invalid JSON: %s",
                   je.text);
        return NULL;
    }
    lv_criteria *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->label = strdup(label);
    crit_parser p = {.text = text, .len = len, .label = label, .d = d,
           .patterns = patterns, .ids = json_object()};
    parse_doc(&p, doc, c);
    json_decref(p.ids);
    json_decref(doc);
    if (p.errors) {
        lv_criteria_free(c);
        return NULL;
    }
    return c;
}

/* The profile's patterns as the parser takes them (its strings are not
 * changed; C has no implicit char ** to const char *const *). */
static const char *const *patterns_of(const lv_profile *profile)
{
    return (const char *const *)profile->metric_patterns;
}

lv_criteria *lv_criteria_load(const char *path, const char *label,
                              const lv_profile *profile, lv_diag *d)
{
    char *text;
    size_t len;
    if (!label)
        label = path;
    if (lv_read_file(path, label, LV_READ_LIMIT, &text, &len, d) != 0)
        return NULL;
    lv_criteria *c = lv_criteria_parse_with(text, len, label,
                                            patterns_of(profile), d);
    free(text);
    return c;
}

lv_criteria *lv_criteria_profile(const lv_profile *profile, lv_diag *d)
{
    if (!profile->criteria.text) {
        lv_diag_file(d, LV_SEV_ERROR, profile->source,
                     "the profile '%s' has no criteria (a roles file alone takes "
                     "them from the built-in profile of its name; give a profile "
                     "folder, or --criteria FILE)", profile->name ? profile->name : "?");
        return NULL;
    }
    return lv_criteria_parse_with(profile->criteria.text, profile->criteria.len,
                                  profile->criteria.label, patterns_of(profile), d);
}

const char *lv_criteria_lab(const lv_criteria *c) { return c->lab; }
const char *lv_criteria_label(const lv_criteria *c) { return c->label; }

