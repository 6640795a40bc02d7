/* The latency comparison: every samples set (analyze.h, "The samples
 * section") present in both models, matched by id, summarized with the
 * report's code and tested with the two-sided Mann–Whitney U test. */
#include <stdio.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/stats.h"
#include "diff_int.h"

/* The values of a samples set into s: -1 when one is not a finite number. */
static int load(const json_t *set, lv_sample *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(set, "values"), i, v)
        if (!json_is_number(v) || lv_sample_push(s, json_number_value(v)) != 0)
            return -1;
    return 0;
}

/* The set's true size: its "n", unless that is missing or below the values kept. */
static json_t *true_n(const json_t *set, const lv_sample *s)
{
    json_t *n = json_object_get(set, "n");
    json_int_t kept = (json_int_t)lv_sample_n(s);
    return lv_qty_int(json_is_integer(n) && json_integer_value(n) >= kept
                          ? json_integer_value(n) : kept, "count");
}

static json_t *summary_value(const lv_summary *s, double v, const char *unit)
{
    return lv_qty(s->empty ? NULL : json_real(v), unit);
}

/* {"a": qa, "b": qb} (both stolen), with "pct" (the % change) when asked. */
static json_t *pair(json_t *qa, json_t *qb, int with_pct)
{
    json_t *o = json_pack("{s:o,s:o}", "a", qa, "b", qb);
    if (with_pct)
        json_object_set_new(o, "pct", lv_dx_pct(qa, qb));
    return o;
}

static json_t *test_json(const lv_mw_result *r)
{
    return json_pack("{s:f,s:f,s:f,s:f,s:s,s:b}", "u1", r->u1, "u", r->u, "z", r->z, "p",
                     r->p, "method", lv_mw_method_name(r->method), "ties", r->ties);
}

/* Test a against b; returns the warning (NULL when the test may speak). */
static const char *run_test(json_t *o, lv_sample *a, lv_sample *b, int usable,
                            double alpha, char *why, size_t whylen)
{
    lv_mw_result r;
    if (!usable) {
        json_object_set_new(o, "test", json_null());
        json_object_set_new(o, "significant", json_false());
        return why;
    }
    lv_mann_whitney(a, b, LV_MW_AUTO, &r);
    json_object_set_new(o, "test", test_json(&r));
    json_object_set_new(o, "significant", json_boolean(!r.too_small && lv_mw_changed(&r, alpha)));
    if (!r.too_small)
        return NULL;
    snprintf(why, whylen, "fewer than %d values (A %zu, B %zu): no verdict of change",
             LV_MW_MIN_N, r.n1, r.n2);
    return why;
}

static json_t *compare(const json_t *sa, const json_t *sb, double alpha)
{
    const char *unit = lv_dx_str(sa, "unit", NULL), *ub = lv_dx_str(sb, "unit", NULL);
    lv_sample a, b;
    lv_sample_init(&a);
    lv_sample_init(&b);
    char why[200] = "";
    int usable = 1;
    if (load(sa, &a) != 0 || load(sb, &b) != 0) {
        snprintf(why, sizeof why, "a value that is not a finite number: no test");
        usable = 0;
    } else if (!unit || !ub || strcmp(unit, ub) != 0) {
        snprintf(why, sizeof why, "the units differ (%s in A, %s in B): no test",
                 unit ? unit : "none", ub ? ub : "none");
        usable = 0;
    }
    lv_summary xa, xb;
    lv_sample_summarize(&a, &xa);
    lv_sample_summarize(&b, &xb);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_copy(json_object_get(sa, "id")));
    json_object_set_new(o, "label", json_string(lv_dx_str(sa, "label", lv_dx_str(sa, "id", ""))));
    json_object_set_new(o, "unit", unit ? json_string(unit) : json_null());
    json_object_set_new(o, "n", pair(true_n(sa, &a), true_n(sb, &b), 0));
    json_object_set_new(o, "median", pair(summary_value(&xa, xa.p50, unit),
                                          summary_value(&xb, xb.p50, ub), 1));
    json_object_set_new(o, "p95", pair(summary_value(&xa, xa.p95, unit),
                                       summary_value(&xb, xb.p95, ub), 1));
    json_object_set_new(o, "subsampled",
                        json_boolean(json_is_true(json_object_get(sa, "subsampled")) ||
                                     json_is_true(json_object_get(sb, "subsampled"))));
    const char *warn = run_test(o, &a, &b, usable, alpha, why, sizeof why);
    json_object_set_new(o, "too_small", json_boolean(warn != NULL));
    json_object_set_new(o, "warning", warn ? json_string(warn) : json_null());
    lv_sample_free(&a);
    lv_sample_free(&b);
    return o;
}

static json_t *one_side(const json_t *s)
{
    json_t *n = json_object_get(s, "n");
    return json_pack("{s:O,s:s,s:s?,s:o}", "id", json_object_get(s, "id"), "label",
                     lv_dx_str(s, "label", lv_dx_str(s, "id", "")), "unit",
                     lv_dx_str(s, "unit", NULL), "n",
                     lv_qty(json_is_integer(n) ? json_copy(n) : NULL, "count"));
}

json_t *lv_dx_latency(const json_t *a, const json_t *b, double alpha)
{
    json_t *la = json_object_get(json_object_get(a, "samples"), "sets");
    json_t *lb = json_object_get(json_object_get(b, "samples"), "sets");
    json_t *sets = json_array(), *only_a = json_array(), *only_b = json_array(), *s;
    size_t i;
    json_array_foreach(la, i, s) {
        const char *id = json_string_value(json_object_get(s, "id"));
        if (!id || lv_dx_find(la, "id", id) != s)   /* no id, or a repeated one */
            continue;
        json_t *sb = lv_dx_find(lb, "id", id);
        json_array_append_new(sb ? sets : only_a, sb ? compare(s, sb, alpha) : one_side(s));
    }
    json_array_foreach(lb, i, s) {
        const char *id = json_string_value(json_object_get(s, "id"));
        if (id && lv_dx_find(lb, "id", id) == s && !lv_dx_find(la, "id", id))
            json_array_append_new(only_b, one_side(s));
    }
    return json_pack("{s:o,s:o,s:o}", "sets", sets, "only_a", only_a, "only_b", only_b);
}
