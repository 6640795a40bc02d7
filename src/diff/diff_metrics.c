/* The figure comparisons of the diff: snapshot metrics per phase, the deltas
 * from the baseline, and the HTTP status counts. Lists are matched by name:
 * A's items in A's order, then B's items that A lacks; an item missing on
 * one side has unknown (null) figures there. */
#include <stdio.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/jsonutil.h"
#include "diff_int.h"

/* {"a": qa, "b": qb, "delta": b - a, "pct": % change} from two quantities. */
static json_t *figure(const json_t *qa, const json_t *qb, const char *unit)
{
    return json_pack("{s:o,s:o,s:o,s:o}", "a", lv_dx_qty(qa, unit), "b", lv_dx_qty(qb, unit),
                     "delta", lv_dx_delta(qa, qb, unit), "pct", lv_dx_pct(qa, qb));
}

/* ---- snapshots ---- */

static json_t *snap_value(const json_t *m, const char *phase, const char *metric)
{
    char name[600];
    snprintf(name, sizeof name, "snap.%s.%s", phase, metric);
    return json_object_get(json_object_get(m, "metrics"), name);
}

static json_t *phase_rows(const json_t *a, const json_t *b, const char *phase,
                          const json_t *metrics)
{
    json_t *ra = json_object_get(json_object_get(a, "snapshot_table"), "rows");
    json_t *rb = json_object_get(json_object_get(b, "snapshot_table"), "rows");
    json_t *rows = json_array(), *name;
    size_t i;
    json_array_foreach(metrics, i, name) {
        const char *metric = json_string_value(name);
        json_t *row = lv_dx_find(ra, "metric", metric);
        if (!row)
            row = lv_dx_find(rb, "metric", metric);
        const char *unit = lv_dx_str(row, "unit", NULL);
        if (unit && strcmp(unit, "pid") == 0)   /* a name, not a quantity */
            continue;
        json_t *o = json_pack("{s:s,s:s,s:s?}", "metric", metric, "group",
                              lv_dx_str(row, "group", ""), "unit", unit);
        json_t *f = figure(snap_value(a, phase, metric), snap_value(b, phase, metric), unit);
        json_object_update(o, f);
        json_decref(f);
        json_array_append_new(rows, o);
    }
    return rows;
}

json_t *lv_dx_snapshots(const json_t *a, const json_t *b)
{
    json_t *ta = json_object_get(a, "snapshot_table"), *tb = json_object_get(b, "snapshot_table");
    json_t *ca = json_object_get(ta, "columns"), *cb = json_object_get(tb, "columns");
    json_t *phases = lv_dx_union(ca, cb, "phase");
    json_t *metrics = lv_dx_union(json_object_get(ta, "rows"), json_object_get(tb, "rows"),
                                  "metric");
    json_t *out = json_array(), *p;
    size_t i;
    json_array_foreach(phases, i, p) {
        const char *phase = json_string_value(p);
        json_t *col = lv_dx_find(ca, "phase", phase);
        if (!col)
            col = lv_dx_find(cb, "phase", phase);
        json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "phase", phase, "label",
                                             lv_dx_str(col, "label", phase), "rows",
                                             phase_rows(a, b, phase, metrics)));
    }
    json_decref(phases);
    json_decref(metrics);
    return out;
}

/* ---- deltas ---- */

/* Delta blocks carry no single key: name them "from>to" for matching. */
static json_t *keyed_blocks(const json_t *m)
{
    json_t *out = json_array(), *d;
    size_t i;
    json_array_foreach(json_object_get(m, "deltas"), i, d) {
        char key[300];
        snprintf(key, sizeof key, "%s>%s", lv_dx_str(d, "from", "?"), lv_dx_str(d, "to", "?"));
        json_t *c = json_copy(d);
        json_object_set_new(c, "key", json_string(key));
        json_array_append_new(out, c);
    }
    return out;
}

static json_t *delta_side(const json_t *row, const char *unit)
{
    int reset = json_is_true(json_object_get(row, "reset"));
    return json_pack("{s:o,s:o,s:b}", "delta", lv_dx_qty(json_object_get(row, "delta"), unit),
                     "pct", lv_dx_qty(json_object_get(row, "pct"), "%"), "reset", reset);
}

static json_t *delta_rows(const json_t *da, const json_t *db)
{
    json_t *ra = json_object_get(da, "rows"), *rb = json_object_get(db, "rows");
    json_t *names = lv_dx_union(ra, rb, "metric"), *rows = json_array(), *n;
    size_t i;
    json_array_foreach(names, i, n) {
        const char *metric = json_string_value(n);
        json_t *xa = lv_dx_find(ra, "metric", metric), *xb = lv_dx_find(rb, "metric", metric);
        json_t *any = xa ? xa : xb;
        const char *unit = lv_dx_str(json_object_get(any, "delta"), "unit", NULL);
        json_t *sa = delta_side(xa, unit), *sb = delta_side(xb, unit);
        int reset = json_is_true(json_object_get(sa, "reset")) ||
                    json_is_true(json_object_get(sb, "reset"));
        json_t *qa = json_object_get(sa, "delta"), *qb = json_object_get(sb, "delta");
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:s?,s:o,s:o,s:o,s:o}", "metric", metric, "kind",
            lv_dx_str(any, "kind", ""), "unit", unit, "a", sa, "b", sb, "delta",
            reset ? lv_qty(NULL, unit) : lv_dx_delta(qa, qb, unit), "pct",
            reset ? lv_qty(NULL, "%") : lv_dx_pct(qa, qb)));
    }
    json_decref(names);
    return rows;
}

json_t *lv_dx_deltas(const json_t *a, const json_t *b)
{
    json_t *ba = keyed_blocks(a), *bb = keyed_blocks(b);
    json_t *keys = lv_dx_union(ba, bb, "key"), *out = json_array(), *k;
    size_t i;
    json_array_foreach(keys, i, k) {
        json_t *da = lv_dx_find(ba, "key", json_string_value(k));
        json_t *db = lv_dx_find(bb, "key", json_string_value(k));
        json_t *any = da ? da : db;
        json_array_append_new(out, json_pack(
            "{s:s,s:s,s:s,s:s,s:o}", "from", lv_dx_str(any, "from", "?"), "to",
            lv_dx_str(any, "to", "?"), "from_label", lv_dx_str(any, "from_label", "?"),
            "to_label", lv_dx_str(any, "to_label", "?"), "rows", delta_rows(da, db)));
    }
    json_decref(keys);
    json_decref(ba);
    json_decref(bb);
    return out;
}

/* ---- HTTP status counts ---- */

/* Into o: n and n5xx as figures, and the status distributions of both
 * sides. Returns o. */
static json_t *counts(json_t *o, const json_t *xa, const json_t *xb)
{
    json_t *sa = json_object_get(xa, "status_text"), *sb = json_object_get(xb, "status_text");
    json_object_set_new(o, "n", figure(json_object_get(xa, "n"), json_object_get(xb, "n"),
                                       "count"));
    json_object_set_new(o, "n5xx", figure(json_object_get(xa, "n5xx"),
                                          json_object_get(xb, "n5xx"), "count"));
    json_object_set_new(o, "status", json_pack("{s:O?,s:O?}", "a",
                                               json_is_string(sa) ? sa : NULL, "b",
                                               json_is_string(sb) ? sb : NULL));
    return o;
}

static json_t *client(const json_t *a, const json_t *b)
{
    json_t *la = json_object_get(a, "latency"), *lb = json_object_get(b, "latency");
    json_t *names = lv_dx_union(la, lb, "name"), *out = json_array(), *n;
    size_t i;
    json_array_foreach(names, i, n) {
        json_t *xa = lv_dx_find(la, "name", json_string_value(n));
        json_t *xb = lv_dx_find(lb, "name", json_string_value(n));
        json_t *o = json_pack("{s:O,s:s}", "name", n, "label",
                              lv_dx_str(xa ? xa : xb, "label", json_string_value(n)));
        json_array_append_new(out, counts(o, xa, xb));
    }
    json_decref(names);
    return out;
}

static json_t *endpoints(const json_t *sa, const json_t *sb)
{
    json_t *ea = json_object_get(sa, "endpoints"), *eb = json_object_get(sb, "endpoints");
    json_t *names = lv_dx_union(ea, eb, "endpoint"), *out = json_array(), *n;
    size_t i;
    json_array_foreach(names, i, n) {
        json_t *o = json_pack("{s:O}", "endpoint", n);
        json_array_append_new(out, counts(o, lv_dx_find(ea, "endpoint", json_string_value(n)),
                                          lv_dx_find(eb, "endpoint", json_string_value(n))));
    }
    json_decref(names);
    return out;
}

static json_t *kql(const json_t *a, const json_t *b)
{
    json_t *la = json_object_get(json_object_get(a, "kql_http"), "scopes");
    json_t *lb = json_object_get(json_object_get(b, "kql_http"), "scopes");
    json_t *names = lv_dx_union(la, lb, "scope"), *out = json_array(), *n;
    size_t i;
    json_array_foreach(names, i, n) {
        json_t *xa = lv_dx_find(la, "scope", json_string_value(n));
        json_t *xb = lv_dx_find(lb, "scope", json_string_value(n));
        json_t *o = json_pack("{s:O,s:s}", "scope", n, "label",
                              lv_dx_str(xa ? xa : xb, "label", json_string_value(n)));
        counts(o, xa, xb);
        json_object_del(o, "status");
        json_object_set_new(o, "share_2xx", json_pack(
            "{s:o,s:o}", "a", lv_dx_qty(json_object_get(xa, "share_2xx"), "%"), "b",
            lv_dx_qty(json_object_get(xb, "share_2xx"), "%")));
        json_object_set_new(o, "endpoints", endpoints(xa, xb));
        json_array_append_new(out, o);
    }
    json_decref(names);
    return out;
}

json_t *lv_dx_http(const json_t *a, const json_t *b)
{
    return json_pack("{s:o,s:o}", "client", client(a, b), "kql", kql(a, b));
}
