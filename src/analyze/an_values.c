/* Flattening of one phase's snapshots (diag-proc + diag-stats) into named
 * values in display order, shared by the snapshot and delta tables. */
#include "an_values.h"

#include <stdlib.h>
#include <string.h>

#include <stdint.h>

#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/jsonutil.h"
#include "lv/snapshot.h"

static const char *const group_names[] = {"meminfo", "vmstat", "sum", "psi",
                                          "loadavg", "app", "endpoint"};

static void put(json_t *vals, const char *name, int group, const char *unit,
                const char *kind, json_t *value, const char *file,
                const char *pointer)
{
    json_t *e = json_object();
    json_object_set_new(e, "group", json_string(group_names[group]));
    json_object_set_new(e, "order", json_integer(group));
    json_object_set_new(e, "unit", json_string(unit));
    json_object_set_new(e, "kind", json_string(kind));
    json_object_set_new(e, "value", value);
    json_object_set_new(e, "source", lv_source(file, pointer));
    json_object_set_new(vals, name, e);
}

static void from_proc(json_t *vals, json_t *proc, const char *file,
                      json_t *sums)
{
    const char *k;
    json_t *v;
    char ptr[600];
    json_object_foreach(json_object_get(proc, "meminfo"), k, v) {
        json_t *unit = json_object_get(v, "unit");
        snprintf(ptr, sizeof ptr, "/meminfo/%s", k);
        put(vals, k, 0, json_is_string(unit) ? json_string_value(unit) : "",
            "gauge", json_copy(json_object_get(v, "value")), file, ptr);
    }
    json_object_foreach(json_object_get(proc, "vmstat"), k, v) {
        snprintf(ptr, sizeof ptr, "/vmstat/%s", k);
        put(vals, k, 1, "count", "counter", json_copy(v), file, ptr);
    }
    size_t i;
    json_t *s;
    json_array_foreach(sums, i, s) {
        const char *prefix = json_string_value(json_object_get(s, "prefix"));
        json_int_t total = 0;
        int any = 0;
        json_object_foreach(json_object_get(proc, "vmstat"), k, v) {
            if (prefix && strncmp(k, prefix, strlen(prefix)) == 0 &&
                json_integer_value(v) <= INT64_MAX - total) {
                total += json_integer_value(v);
                any = 1;
            }
        }
        if (any)
            put(vals, json_string_value(json_object_get(s, "name")), 2, "count",
                "counter", json_integer(total), file, NULL);
    }
    static const char *const psi[] = {"some", "full"};
    static const char *const avg[] = {"avg10", "avg60", "avg300"};
    for (int a = 0; a < 2; a++) {
        json_t *o = json_object_get(json_object_get(proc, "psi"), psi[a]);
        if (!o)
            continue;
        for (int b = 0; b < 3; b++) {
            char name[40];
            snprintf(name, sizeof name, "psi_%s_%s", psi[a], avg[b]);
            snprintf(ptr, sizeof ptr, "/pressure_memory/%s", psi[a]);
            put(vals, name, 3, "%", "gauge", json_copy(json_object_get(o, avg[b])),
                file, ptr);
        }
        char name[40];
        snprintf(name, sizeof name, "psi_%s_total", psi[a]);
        put(vals, name, 3, "us", "counter", json_copy(json_object_get(o, "total")),
            file, ptr);
    }
    static const char *const la[] = {"load1", "load5", "load15", "runnable", "threads"};
    json_t *l = json_object_get(proc, "loadavg");
    for (int b = 0; l && b < 5; b++)
        put(vals, la[b], 4, b < 3 ? "load" : "count", "gauge",
            json_copy(json_object_get(l, la[b])), file, "/loadavg");
}

/* The app values: the pid and the profile's app counters, as the loader
 * read them (a counter the loader left out has no value). */
static void from_stats(json_t *vals, json_t *stats, const char *file,
                       const char *const *counters)
{
    if (!counters)
        counters = lv_diag_stats_default_counters;
    for (size_t i = 0; counters[i]; i++) {
        json_t *v = json_object_get(stats, counters[i]);
        if (!v || lv_diag_stats_member(counters[i]))
            continue;
        lv_buf ptr;
        lv_buf_init(&ptr);
        lv_buf_printf(&ptr, "/%s", counters[i]);
        put(vals, counters[i], 5, "count", "worker-counter", json_copy(v), file, ptr.data);
        lv_buf_free(&ptr);
    }
    json_t *pid = json_object_get(stats, "pid");
    if (pid)
        put(vals, "pid", 5, "pid", "id", json_copy(pid), file, "/pid");
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(stats, "endpoint_counters"), k, v) {
        char name[600], ptr[620];
        snprintf(name, sizeof name, "endpoint.%s", k);
        snprintf(ptr, sizeof ptr, "/endpoint_counters/%s", k);
        put(vals, name, 6, "count", "worker-counter", json_copy(v), file, ptr);
    }
}

json_t *lv_an_phase_values(json_t *proc, const char *proc_file, json_t *stats,
                           const char *stats_file, json_t *sums,
                           const char *const *counters)
{
    json_t *vals = json_object();
    if (proc)
        from_proc(vals, proc, proc_file, sums);
    if (stats)
        from_stats(vals, stats, stats_file, counters);
    return vals;
}

/* Display order: group, then the profile's row_order, then (app values)
 * the app counters' order with the pid last, then name. */
static json_t *g_order;
static const char *const *g_counters;

static long rank_in(const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(g_order, i, v)
        if (strcmp(json_string_value(v), name) == 0)
            return (long)i;
    return 1L << 30;
}

static long app_rank(const char *name)
{
    long i = 0;
    while (g_counters[i] && strcmp(g_counters[i], name) != 0)
        i++;
    return strcmp(name, "pid") == 0 ? 1L << 30 : i;
}

static int cmp_rows(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t gx = json_integer_value(json_object_get(x, "order"));
    json_int_t gy = json_integer_value(json_object_get(y, "order"));
    if (gx != gy)
        return gx < gy ? -1 : 1;
    const char *nx = json_string_value(json_object_get(x, "name"));
    const char *ny = json_string_value(json_object_get(y, "name"));
    long rx = rank_in(nx), ry = rank_in(ny);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    if (gx == 5) {   /* the app group */
        rx = app_rank(nx);
        ry = app_rank(ny);
        if (rx != ry)
            return rx < ry ? -1 : 1;
    }
    return strcmp(nx, ny);
}

json_t *lv_an_value_names(json_t *const *phase_vals, size_t nphases,
                          json_t *row_order, const char *const *counters)
{
    json_t *seen = json_object();
    for (size_t p = 0; p < nphases; p++) {
        const char *k;
        json_t *v;
        json_object_foreach(phase_vals[p], k, v) {
            if (!json_object_get(seen, k)) {
                json_t *r = json_pack("{s:s,s:O}", "name", k, "order",
                                      json_object_get(v, "order"));
                json_object_set_new(seen, k, r);
            }
        }
    }
    size_t n = json_object_size(seen), i = 0;
    json_t **rows = calloc(n ? n : 1, sizeof *rows);
    const char *k;
    json_t *v;
    json_object_foreach(seen, k, v) rows[i++] = v;
    g_order = row_order;
    g_counters = counters ? counters : lv_diag_stats_default_counters;
    qsort(rows, n, sizeof *rows, cmp_rows);
    json_t *names = json_array();
    for (i = 0; i < n; i++)
        json_array_append(names, json_object_get(rows[i], "name"));
    free(rows);
    json_decref(seen);
    return names;
}
