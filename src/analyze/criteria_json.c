/* The loaded criteria as JSON, for `labverdict criteria`-style output and
 * the model. See include/lv/criteria.h. */
#include "criteria_int.h"

#include <stdlib.h>
#include <string.h>

#include "lv/jsonutil.h"

/* ---- the criteria as JSON ---------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s ? lv_json_string(s) : json_null();
}

static json_t *cond_json(const lv_cond *cd)
{
    json_t *o = json_object();
    json_object_set_new(o, "metric", lv_json_string(cd->metric));
    json_object_set_new(o, "comparator", json_string(lv_cmp_name(cd->cmp)));
    if (cd->threshold)
        json_object_set_new(o, "threshold", json_deep_copy(cd->threshold));
    if (cd->unit)
        json_object_set_new(o, "unit", lv_json_string(cd->unit));
    return o;
}

static json_t *conds_json(const lv_crit *cr)
{
    json_t *a = json_array();
    for (size_t i = 0; i < cr->nconds; i++)
        json_array_append_new(a, cond_json(&cr->conds[i]));
    return a;
}

static json_t *crit_json(const lv_crit *cr)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", lv_json_string(cr->id));
    json_object_set_new(o, "kind", json_string(cr->kind));
    json_object_set_new(o, "title", lv_json_string(cr->title));
    json_object_set_new(o, "seed", str_or_null(cr->seed));
    json_object_set_new(o, cr->any ? "any" : "all", conds_json(cr));
    json_t *needs = json_array();
    for (size_t i = 0; i < cr->nneeds; i++)
        json_array_append_new(needs, lv_json_string(cr->needs[i]));
    json_object_set_new(o, "needs", needs);
    json_object_set_new(o, "why", lv_json_string(cr->why));
    return o;
}

json_t *lv_criteria_json(const lv_criteria *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "criteria_version", json_integer(LV_CRITERIA_VERSION));
    json_object_set_new(o, "lab", lv_json_string(c->lab));
    if (c->title)
        json_object_set_new(o, "title", lv_json_string(c->title));
    json_object_set_new(o, "hypothesis", lv_json_string(c->hypothesis));
    json_object_set_new(o, "source", lv_json_string(c->label));
    json_t *a = json_array();
    for (size_t i = 0; i < c->nproof; i++)
        json_array_append_new(a, crit_json(&c->proof[i]));
    json_object_set_new(o, "proof", a);
    a = json_array();
    for (size_t i = 0; i < c->ndisproof; i++)
        json_array_append_new(a, crit_json(&c->disproof[i]));
    json_object_set_new(o, "disproof", a);
    if (c->has_failure) {
        json_t *f = json_object();
        if (c->failure.title)
            json_object_set_new(f, "title", lv_json_string(c->failure.title));
        if (c->failure.why)
            json_object_set_new(f, "why", lv_json_string(c->failure.why));
        json_object_set_new(f, "any", conds_json(&c->failure));
        json_object_set_new(o, "failure_stage", f);
    }
    return o;
}
