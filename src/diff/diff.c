/* The comparison of two models: verdict, criteria, summary, and the shared
 * helpers. See include/lv/diff.h and docs/diff.md. */
#include "lv/diff.h"

#include <math.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/common.h"
#include "lv/jsonutil.h"
#include "lv/stats.h"
#include "diff_int.h"

/* ---- helpers ---- */

int lv_dx_num(const json_t *q, double *out)
{
    const json_t *v = json_is_object(q) ? json_object_get(q, "value") : q;
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return 0;
    *out = json_number_value(v);
    return 1;
}

static json_t *value_of(const json_t *q)
{
    return json_is_object(q) ? json_object_get(q, "value") : (json_t *)q;
}

json_t *lv_dx_qty(const json_t *q, const char *unit)
{
    double x;
    if (!lv_dx_num(q, &x))
        return lv_qty(NULL, unit);
    return lv_qty(json_copy(value_of(q)), unit);
}

json_t *lv_dx_delta(const json_t *qa, const json_t *qb, const char *unit)
{
    double a, b;
    if (!lv_dx_num(qa, &a) || !lv_dx_num(qb, &b))
        return lv_qty(NULL, unit);
    const json_t *va = value_of(qa), *vb = value_of(qb);
    if (json_is_integer(va) && json_is_integer(vb)) {
        json_int_t x = json_integer_value(va), y = json_integer_value(vb);
        const json_int_t big = (json_int_t)1 << 62;   /* y - x cannot overflow */
        if (x > -big && x < big && y > -big && y < big)
            return lv_qty_int(y - x, unit);
    }
    return lv_qty_real(b - a, unit);
}

json_t *lv_dx_pct(const json_t *qa, const json_t *qb)
{
    double a, b;
    if (!lv_dx_num(qa, &a) || !lv_dx_num(qb, &b) || a == 0)
        return lv_qty(NULL, "%");
    return lv_qty_real((b - a) / fabs(a) * 100.0, "%");
}

json_t *lv_dx_find(const json_t *arr, const char *key, const char *val)
{
    size_t i;
    json_t *e;
    if (!val)
        return NULL;
    json_array_foreach(arr, i, e) {
        const char *s = json_string_value(json_object_get(e, key));
        if (s && strcmp(s, val) == 0)
            return e;
    }
    return NULL;
}

json_t *lv_dx_union(const json_t *arr_a, const json_t *arr_b, const char *key)
{
    json_t *out = json_array(), *seen = json_object();
    const json_t *arrs[2] = {arr_a, arr_b};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *e;
        json_array_foreach(arrs[k], i, e) {
            const char *s = json_string_value(json_object_get(e, key));
            if (!s || json_object_get(seen, s))
                continue;
            json_object_set_new(seen, s, json_true());
            json_array_append_new(out, json_string(s));
        }
    }
    json_decref(seen);
    return out;
}

const char *lv_dx_str(const json_t *o, const char *key, const char *dflt)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : dflt;
}

/* ---- checking a model ---- */

int lv_diff_check_model(const json_t *m, const char *label, lv_diag *d)
{
    json_t *v = json_object_get(m, "schema_version");
    if (!json_is_integer(v)) {
        lv_diag_file(d, LV_SEV_ERROR, label,
                     "not a labverdict model (no schema_version); give a run folder "
                     "or a file written by 'labverdict report --format json'");
        return -1;
    }
    if (json_integer_value(v) != LV_SCHEMA_VERSION) {
        lv_diag_file(d, LV_SEV_ERROR, label,
                     "a model of schema version %lld; this labverdict reads version %d "
                     "(write it again with 'labverdict report --format json')",
                     (long long)json_integer_value(v), LV_SCHEMA_VERSION);
        return -1;
    }
    if (!json_is_object(json_object_get(m, "verdict"))) {
        lv_diag_file(d, LV_SEV_ERROR, label, "a model without a verdict");
        return -1;
    }
    if (!json_is_object(json_object_get(m, "samples")))
        lv_diag_file(d, LV_SEV_WARNING, label,
                     "a model without a samples section (written by an older labverdict): "
                     "its latency cannot be tested");
    return 0;
}

/* ---- sides, verdict, criteria ---- */

static json_t *side(const lv_diff_input *in)
{
    const json_t *m = in->model;
    json_t *s = json_object();
    json_object_set_new(s, "input", in->input ? lv_json_string(in->input) : json_null());
    json_object_set_new(s, "kind", in->kind ? json_string(in->kind) : json_null());
    const char *keys[] = {"folder", "criteria_source"};
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(m, keys[i]);
        json_object_set_new(s, keys[i], json_is_string(v) ? json_copy(v) : json_null());
    }
    json_t *p = json_object_get(m, "profile");
    json_object_set_new(s, "profile", lv_json_string(lv_dx_str(p, "name", "unknown")));
    json_t *t = json_object_get(json_object_get(m, "tool"), "version");
    json_object_set_new(s, "tool_version", json_is_string(t) ? json_copy(t) : json_null());
    return s;
}

static json_t *verdict_side(const json_t *m)
{
    json_t *v = json_object_get(m, "verdict");
    json_t *signals = json_array(), *e;
    size_t i;
    json_array_foreach(json_object_get(v, "failure_signals"), i, e)
        if (json_is_string(e))
            json_array_append(signals, e);
    return json_pack("{s:s,s:s,s:s,s:o}", "result", lv_dx_str(v, "result", "unknown"),
                     "stage", lv_dx_str(v, "stage", "unknown"), "summary",
                     lv_dx_str(v, "summary", ""), "failure_signals", signals);
}

static json_t *verdict(const json_t *a, const json_t *b)
{
    json_t *va = verdict_side(a), *vb = verdict_side(b);
    int rc = strcmp(lv_dx_str(va, "result", ""), lv_dx_str(vb, "result", "")) != 0;
    int sc = strcmp(lv_dx_str(va, "stage", ""), lv_dx_str(vb, "stage", "")) != 0;
    return json_pack("{s:o,s:o,s:b,s:b,s:b}", "a", va, "b", vb, "result_changed", rc,
                     "stage_changed", sc, "changed", rc || sc);
}

/* A condition's value as a quantity. Criteria values are reals; a whole
 * number in a unit that counts (count, kB, us) becomes an integer, so that it
 * reads 1,983,208 and not 1,983,208.00. */
static json_t *cond_value(const json_t *c, const char *unit)
{
    double x;
    json_t *v = json_object_get(c, "value");
    int counts = unit && (!strcmp(unit, "count") || !strcmp(unit, "kB") || !strcmp(unit, "us"));
    if (counts && lv_dx_num(v, &x) && x == floor(x) && fabs(x) < 9007199254740992.0)
        return lv_qty_int((json_int_t)x, unit);
    return lv_dx_qty(v, unit);
}

/* A condition's side: its value (a quantity) and state; absent: null, "absent". */
static json_t *cond_side(const json_t *c)
{
    const char *unit = lv_dx_str(c, "value_unit", lv_dx_str(c, "unit", NULL));
    return json_pack("{s:o,s:s}", "value", cond_value(c, unit),
                     "state", c ? lv_dx_str(c, "state", "unknown") : "absent");
}

static json_t *conditions(const json_t *ca, const json_t *cb)
{
    json_t *ka = json_object_get(ca, "conditions"), *kb = json_object_get(cb, "conditions");
    json_t *names = lv_dx_union(ka, kb, "metric"), *out = json_array(), *n;
    size_t i;
    json_array_foreach(names, i, n) {
        const char *metric = json_string_value(n);
        json_t *a = lv_dx_find(ka, "metric", metric), *b = lv_dx_find(kb, "metric", metric);
        json_t *any = a ? a : b;
        json_t *thr = json_object_get(any, "threshold");
        json_array_append_new(out, json_pack(
            "{s:s,s:s,s:O?,s:s?,s:o,s:o}", "metric", metric, "comparator",
            lv_dx_str(any, "comparator", "?"), "threshold", json_is_number(thr) ? thr : NULL,
            "unit", lv_dx_str(any, "unit", NULL), "a", cond_side(a), "b", cond_side(b)));
    }
    json_decref(names);
    return out;
}

static json_t *crit_side(const json_t *c)
{
    return json_pack("{s:s,s:s}", "state", c ? lv_dx_str(c, "state", "unknown") : "absent",
                     "evidence", lv_dx_str(c, "evidence", ""));
}

static json_t *criteria(const json_t *a, const json_t *b)
{
    json_t *la = json_object_get(a, "criteria"), *lb = json_object_get(b, "criteria");
    json_t *ids = lv_dx_union(la, lb, "id"), *changed = json_array(), *id;
    size_t i, same = 0;
    json_array_foreach(ids, i, id) {
        const char *name = json_string_value(id);
        json_t *ca = lv_dx_find(la, "id", name), *cb = lv_dx_find(lb, "id", name);
        json_t *sa = crit_side(ca), *sb = crit_side(cb);
        if (strcmp(lv_dx_str(sa, "state", ""), lv_dx_str(sb, "state", "")) == 0) {
            same++;
            json_decref(sa);
            json_decref(sb);
            continue;
        }
        json_t *any = ca ? ca : cb;
        json_array_append_new(changed, json_pack(
            "{s:s,s:s,s:s,s:o,s:o,s:o}", "id", name, "kind", lv_dx_str(any, "kind", ""),
            "title", lv_dx_str(any, "title", name), "a", sa, "b", sb, "conditions",
            conditions(ca, cb)));
    }
    json_decref(ids);
    return json_pack("{s:o,s:i}", "changed", changed, "unchanged", (json_int_t)same);
}

static json_t *summary(const json_t *diff)
{
    json_t *lat = json_object_get(diff, "latency"), *s;
    size_t i, sig = 0, warn = 0;
    json_array_foreach(json_object_get(lat, "sets"), i, s) {
        sig += json_is_true(json_object_get(s, "significant"));
        warn += json_is_string(json_object_get(s, "warning"));
    }
    json_t *crit = json_object_get(diff, "criteria");
    json_int_t changed = (json_int_t)json_array_size(json_object_get(crit, "changed"));
    return json_pack("{s:O,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "verdict_changed",
                     json_object_get(json_object_get(diff, "verdict"), "changed"),
                     "criteria_compared",
                     changed + json_integer_value(json_object_get(crit, "unchanged")),
                     "criteria_changed", changed,
                     "latency_compared", (json_int_t)json_array_size(json_object_get(lat, "sets")),
                     "latency_changed", (json_int_t)sig, "latency_warnings", (json_int_t)warn,
                     "only_a", (json_int_t)json_array_size(json_object_get(lat, "only_a")),
                     "only_b", (json_int_t)json_array_size(json_object_get(lat, "only_b")));
}

json_t *lv_diff(const lv_diff_input *ia, const lv_diff_input *ib, double alpha)
{
    const json_t *a = ia->model, *b = ib->model;
    json_t *d = json_object();
    json_object_set_new(d, "diff_version", json_integer(LV_DIFF_VERSION));
    json_object_set_new(d, "tool", json_pack("{s:s,s:s}", "name", "labverdict", "version",
                                             LV_VERSION));
    const json_t *title = json_object_get(json_object_get(a, "profile"), "title");
    json_object_set_new(d, "title", lv_json_string(json_is_string(title)
                                                       ? json_string_value(title) : "lab runs"));
    json_object_set_new(d, "alpha", json_real(alpha));
    json_object_set_new(d, "a", side(ia));
    json_object_set_new(d, "b", side(ib));
    const char *pa = lv_dx_str(json_object_get(d, "a"), "profile", "");
    const char *pb = lv_dx_str(json_object_get(d, "b"), "profile", "");
    json_object_set_new(d, "same_profile", json_boolean(strcmp(pa, pb) == 0));
    json_object_set_new(d, "verdict", verdict(a, b));
    json_object_set_new(d, "criteria", criteria(a, b));
    json_object_set_new(d, "latency", lv_dx_latency(a, b, alpha));
    json_object_set_new(d, "snapshots", lv_dx_snapshots(a, b));
    json_object_set_new(d, "deltas", lv_dx_deltas(a, b));
    json_object_set_new(d, "http", lv_dx_http(a, b));
    json_object_set_new(d, "summary", summary(d));
    return d;
}

int lv_diff_exit_code(const json_t *diff)
{
    json_t *c = json_object_get(json_object_get(diff, "verdict"), "changed");
    return json_is_false(c) ? LV_EXIT_OK : LV_EXIT_GATE;
}
