/* The verdict: the criteria evaluated on the metric dictionary, with the
 * sentence that sums it up and the interpretation boundary of its stage. */
#include <string.h>

#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/jsonutil.h"

static size_t count_state(json_t *criteria, const char *kind, const char *state)
{
    size_t i, n = 0;
    json_t *c;
    json_array_foreach(criteria, i, c)
        n += strcmp(json_string_value(json_object_get(c, "kind")), kind) == 0 &&
             strcmp(json_string_value(json_object_get(c, "state")), state) == 0;
    return n;
}

static json_t *summary(json_t *criteria, const char *result)
{
    lv_buf b;
    lv_buf_init(&b);
    size_t pm = count_state(criteria, "proof", "met");
    size_t pn = count_state(criteria, "proof", "not_met");
    size_t pu = count_state(criteria, "proof", "unknown");
    size_t dm = count_state(criteria, "disproof", "met");
    size_t du = count_state(criteria, "disproof", "unknown");
    lv_buf_printf(&b, "%zu of %zu proof criteria met", pm, pm + pn + pu);
    if (pu)
        lv_buf_printf(&b, ", %zu unknown (evidence missing)", pu);
    lv_buf_printf(&b, "; %zu disproof criteria met", dm);
    if (du)
        lv_buf_printf(&b, ", %zu could not be checked", du);
    lv_buf_printf(&b, ": the hypothesis is %s.", result);
    json_t *s = json_string(b.data);
    lv_buf_free(&b);
    return s;
}

void lv_an_verdict(lv_an *an, const lv_criteria *c)
{
    json_t *ev = lv_criteria_evaluate(c, an->metrics);
    json_t *criteria = json_object_get(ev, "criteria");
    json_t *verdict = json_deep_copy(json_object_get(ev, "verdict"));
    const char *result = json_string_value(json_object_get(verdict, "result"));
    const char *stage = json_string_value(json_object_get(verdict, "stage"));
    json_t *http = json_object_get(an->model, "kql_http");
    json_t *scope = json_object_get(http, "verdict_scope");
    json_object_set_new(verdict, "kql_scope",
                        json_string(!http ? "none (no usable HTTP export)"
                                    : scope && strcmp(json_string_value(scope), "window") == 0
                                        ? "in the run window"
                                        : "whole export (no run window)"));
    json_object_set_new(verdict, "summary", summary(criteria, result ? result : "unknown"));
    json_t *b = json_object_get(json_object_get(an->rules, "boundary"), stage ? stage : "unknown");
    json_object_set_new(verdict, "boundary", b ? json_copy(b) : json_string(""));
    json_object_set(an->model, "hypothesis", json_object_get(ev, "hypothesis"));
    size_t i;
    json_t *cr;
    json_array_foreach(criteria, i, cr) {
        const char *st = json_string_value(json_object_get(cr, "state"));
        json_object_set_new(cr, "state_text",
                            json_string(st && strcmp(st, "not_met") == 0 ? "not met" : st ? st : "unknown"));
    }
    json_object_set(an->model, "criteria", criteria);
    json_object_set_new(an->model, "verdict", verdict);
    json_object_set_new(an->model, "criteria_source", lv_json_string(lv_criteria_label(c)));
    json_decref(ev);
}
