/* Analysis: from a run folder to the model. The steps run in a fixed order
 * (each may read what an earlier one put in the model) and every one turns
 * missing or broken evidence into unknown values and warnings, never into a
 * failure of the whole run. See include/lv/analyze.h. */
#include "lv/analyze.h"

#include <stdlib.h>
#include <string.h>

#include "lv/jsonutil.h"
#include "lv/snapshot.h"

json_t *lv_qty(json_t *v, const char *unit)
{
    json_t *q = json_object();
    json_object_set_new(q, "value", v ? v : json_null());
    json_object_set_new(q, "unit", unit ? json_string(unit) : json_null());
    return q;
}

json_t *lv_qty_int(json_int_t v, const char *unit)
{
    return lv_qty(json_integer(v), unit);
}

json_t *lv_qty_real(double v, const char *unit)
{
    return lv_qty(json_real(v), unit);
}

json_t *lv_source(const char *file, const char *pointer)
{
    json_t *s = json_object();
    json_object_set_new(s, "file", file ? lv_json_string(file) : json_null());
    if (pointer)
        json_object_set_new(s, "pointer", lv_json_string(pointer));
    return s;
}

const char *lv_an_baseline(const lv_an *an)
{
    return json_string_value(json_object_get(
        json_array_get(json_object_get(an->rules, "phases"), 0), "phase"));
}

/* Run context from app-config (and app-state for what config lacks). */
void lv_an_context(lv_an *an)
{
    json_t *ctx = json_object();
    static const char *const roles[] = {"app-config", "app-state"};
    json_t *files = json_array();
    for (int i = 0; i < 2; i++) {
        const lv_artifact *a = lv_inventory_pick(an->inv, roles[i], lv_an_baseline(an));
        if (!a)
            a = lv_inventory_pick(an->inv, roles[i], NULL);
        json_t *c = a ? lv_load_snapshot(a->full, a->full, a->format, an->app_counters, an->d) : NULL;
        if (!c)
            continue;
        json_array_append_new(files, lv_json_string(a->path));
        const char *k;
        json_t *v;
        json_object_foreach(c, k, v) if (!json_object_get(ctx, k))
            json_object_set(ctx, k, v);
        json_decref(c);
    }
    json_t *fx = json_object_get(ctx, "linuxFxVersion");
    if (json_is_string(fx)) {
        char rt[256];
        snprintf(rt, sizeof rt, "%s", json_string_value(fx));
        char *bar = strchr(rt, '|');
        if (bar)
            *bar = ' ';
        json_object_set_new(ctx, "runtime", lv_json_string(rt));
    }
    if (json_array_size(files) == 0)
        lv_diag_file(an->d, LV_SEV_WARNING, an->inv->root,
                     "no readable app-config or app-state: the run context is unknown");
    json_object_set_new(ctx, "files", files);
    json_object_set_new(an->model, "context", ctx);
}

static json_t *inventory_section(const lv_inventory *inv)
{
    json_t *files = json_array();
    for (size_t i = 0; i < inv->n; i++)
        json_array_append_new(files, lv_artifact_json(inv, &inv->v[i]));
    return files;
}

static json_t *warnings_json(const lv_diag *d, size_t from)
{
    json_t *w = json_array();
    for (size_t i = from; i < d->n; i++) {
        const lv_diag_entry *e = &d->v[i];
        char *text = lv_diag_format(e);
        json_t *o = json_object();
        json_object_set_new(o, "severity", json_string(e->sev == LV_SEV_ERROR ? "error" : "warning"));
        json_object_set_new(o, "file", e->file ? lv_json_string(e->file) : json_null());
        json_object_set_new(o, "line", e->line > 0 ? json_integer(e->line) : json_null());
        json_object_set_new(o, "column", e->col > 0 ? json_integer(e->col) : json_null());
        json_object_set_new(o, "byte", e->byte >= 0 ? json_integer(e->byte) : json_null());
        json_object_set_new(o, "message", lv_json_string(e->msg));
        json_object_set_new(o, "text", lv_json_string(text));
        json_array_append_new(w, o);
        free(text);
    }
    return w;
}

/* Artifacts of the plain "json" format (diag-env, health) feed no figure,
 * but a broken one must not pass for "ok": each selected one is parsed, and
 * one that is not JSON gets its error like any other artifact. */
static void check_plain_json(const lv_an *an)
{
    for (size_t i = 0; i < an->inv->n; i++) {
        const lv_artifact *a = &an->inv->v[i];
        if (a->selected && a->status == LV_ART_OK && a->format &&
            strcmp(a->format, "json") == 0)
            json_decref(lv_load_snapshot(a->full, a->path, a->format, an->app_counters, an->d));
    }
}

static int any_artifact(const lv_inventory *inv)
{
    for (size_t i = 0; i < inv->n; i++)
        if (inv->v[i].format)
            return 1;
    return 0;
}

json_t *lv_analyze(const char *dir, const lv_profile *p, const lv_criteria *c,
                   lv_diag *d)
{
    return lv_analyze_with(dir, p, c, NULL, d);
}

json_t *lv_analyze_with(const char *dir, const lv_profile *p, const lv_criteria *c,
                        const lv_analyze_opts *o, lv_diag *d)
{
    int samples = o ? o->samples : 1, one_thread = o ? o->one_thread : 0;
    size_t first_diag = d->n;
    if (lv_analysis_rules_check(p, d) != 0)
        return NULL;
    lv_inventory inv;
    if (lv_inventory_scan(dir, p, &inv, d) != 0) {
        lv_inventory_free(&inv);
        return NULL;
    }
    if (!any_artifact(&inv)) {
        lv_diag_file(d, LV_SEV_ERROR, inv.root,
                     "holds no artifact of the %s lab (nothing matches its file roles)",
                     p->name);
        lv_inventory_free(&inv);
        return NULL;
    }
    lv_an an = {p, &inv, d, json_object(), json_object(), p->rules, 0, 0, 0,
                samples ? lv_samples_section() : NULL, !samples, NULL, one_thread,
                lv_profile_app_counters(p)};
    json_object_set_new(an.model, "schema_version", json_integer(LV_SCHEMA_VERSION));
    json_object_set_new(an.model, "tool", json_pack("{s:s,s:s}", "name", "labverdict",
                                                    "version", LV_VERSION));
    json_object_set_new(an.model, "profile", json_pack("{s:s,s:s?}", "name", p->name,
                                                       "title", p->title));
    json_object_set_new(an.model, "folder", lv_json_string(inv.root));
    json_object_set_new(an.model, "inventory", inventory_section(&inv));
    check_plain_json(&an);
    lv_an_context(&an);
    lv_an_snapshots(&an);
    lv_an_window(&an);
    lv_an_kql_start(&an);   /* the long read, beside the response CSVs */
    lv_an_latency(&an);
    lv_an_kql(&an);
    lv_an_verdict(&an, c);
    json_object_set_new(an.model, "metrics", an.metrics);
    if (samples)
        json_object_set_new(an.model, "samples", an.samples);
    json_object_set_new(an.model, "warnings", warnings_json(d, first_diag));
    free(an.app_counters);
    lv_inventory_free(&inv);
    return an.model;
}
