/* Analysis of the /diag snapshots: the snapshot table, the deltas from
 * baseline (with counter resets), the PSI stall share between snapshots,
 * and which Gunicorn worker answered each snapshot. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_values.h"
#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/jsonutil.h"
#include "lv/metrics.h"
#include "lv/snapshot.h"
#include "lv/timeutil.h"

typedef struct {
    const char *phase, *label;
    const char *proc_file, *stats_file;
    json_t *proc, *stats, *vals;
    int have_time;
    int64_t time_ns;
} phase_data;

static json_t *load_role(lv_an *an, const char *role, const char *phase,
                         const char **file)
{
    const lv_artifact *a = lv_inventory_pick(an->inv, role, phase);
    *file = a ? a->path : NULL;
    if (!a) {
        lv_diag_file(an->d, LV_SEV_WARNING, an->inv->root,
                     "no usable %s file for phase %s: its evidence is unknown",
                     role, phase);
        return NULL;
    }
    json_t *v = lv_load_snapshot(a->full, a->full, a->format, an->app_counters, an->d);
    if (!v)
        *file = NULL;
    return v;
}

static void load_phase(lv_an *an, phase_data *p)
{
    p->proc = load_role(an, "diag-proc", p->phase, &p->proc_file);
    p->stats = load_role(an, "diag-stats", p->phase, &p->stats_file);
    p->vals = lv_an_phase_values(p->proc, p->proc_file, p->stats, p->stats_file,
                                 json_object_get(an->rules, "sums"), an->app_counters);
    json_t *t = json_object_get(p->stats, "snapshot_time");
    p->have_time = json_is_string(t) &&
                   lv_time_parse_iso(json_string_value(t), json_string_length(t),
                                     &p->time_ns) == 0;
}

static json_t *snapshot_json(const phase_data *p)
{
    json_t *s = json_object();
    json_object_set_new(s, "phase", json_string(p->phase));
    json_object_set_new(s, "label", json_string(p->label));
    json_object_set_new(s, "proc_file", p->proc_file ? lv_json_string(p->proc_file) : json_null());
    json_object_set_new(s, "stats_file", p->stats_file ? lv_json_string(p->stats_file) : json_null());
    json_t *t = json_object_get(p->stats, "snapshot_time");
    json_object_set_new(s, "snapshot_time", t ? json_copy(t) : json_null());
    json_t *pid = json_object_get(p->stats, "pid");
    json_object_set_new(s, "pid", pid ? json_copy(pid) : json_null());
    return s;
}

static void snapshot_metrics(lv_an *an, const phase_data *p)
{
    const char *k;
    json_t *v;
    json_object_foreach(p->vals, k, v) {
        char name[700];
        snprintf(name, sizeof name, "snap.%s.%s", p->phase, k);
        json_t *src = json_object_get(v, "source");
        lv_metric_set(an->metrics, name, json_copy(json_object_get(v, "value")),
                      json_string_value(json_object_get(v, "unit")),
                      json_string_value(json_object_get(src, "file")), NULL);
    }
}

static json_t *table(phase_data *ph, size_t n, json_t *names)
{
    json_t *rows = json_array();
    size_t i;
    json_t *nm;
    json_array_foreach(names, i, nm) {
        const char *name = json_string_value(nm);
        json_t *cells = json_array(), *unit = NULL, *group = NULL;
        for (size_t p = 0; p < n; p++) {
            json_t *e = json_object_get(ph[p].vals, name);
            if (e && !unit) {
                unit = json_object_get(e, "unit");
                group = json_object_get(e, "group");
            }
            json_array_append_new(cells, e ? lv_qty(json_copy(json_object_get(e, "value")),
                                                    json_string_value(json_object_get(e, "unit")))
                                           : lv_qty(NULL, NULL));
        }
        json_array_append_new(rows, json_pack("{s:s,s:O,s:O,s:o}", "metric", name,
                                              "group", group, "unit", unit,
                                              "values", cells));
    }
    json_t *cols = json_array();
    for (size_t p = 0; p < n; p++)
        json_array_append_new(cols, json_pack("{s:s,s:s}", "phase", ph[p].phase,
                                              "label", ph[p].label));
    return json_pack("{s:o,s:o}", "columns", cols, "rows", rows);
}

static json_t *interpret(lv_an *an, const char *name, const char *unit,
                         double to, double delta, int have_pct, double pct)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(an->rules, "interpretations"), i, r) {
        const char *m = json_string_value(json_object_get(r, "metric"));
        const char *pre = json_string_value(json_object_get(r, "prefix"));
        if ((m && strcmp(m, name) != 0) ||
            (pre && strncmp(name, pre, strlen(pre)) != 0) || (!m && !pre))
            continue;
        json_t *c = json_object_get(r, "unit");
        if (c && strcmp(json_string_value(c), unit) != 0)
            continue;
        if ((c = json_object_get(r, "pct_at_most")) && !(have_pct && pct <= json_number_value(c)))
            continue;
        if ((c = json_object_get(r, "pct_at_least")) && !(have_pct && pct >= json_number_value(c)))
            continue;
        if ((c = json_object_get(r, "pct_below")) && !(have_pct && pct < json_number_value(c)))
            continue;
        if ((c = json_object_get(r, "delta_above")) && !(delta > json_number_value(c)))
            continue;
        if ((c = json_object_get(r, "delta_equal")) && !(delta == json_number_value(c)))
            continue;
        if ((c = json_object_get(r, "to_at_least")) && !(to >= json_number_value(c)))
            continue;
        return json_copy(json_object_get(r, "text"));
    }
    return json_string("");
}

static void delta_metrics(lv_an *an, const char *phase, const char *name,
                          json_t *delta, json_t *pct, int reset,
                          const char *unit, const char *f1, const char *f2)
{
    char m[700];
    snprintf(m, sizeof m, "delta.%s.%s", phase, name);
    lv_metric_set(an->metrics, m, json_copy(delta), unit, f1, f2);
    snprintf(m, sizeof m, "pct.%s.%s", phase, name);
    lv_metric_set(an->metrics, m, json_copy(pct), "%", f1, f2);
    snprintf(m, sizeof m, "reset.%s.%s", phase, name);
    lv_metric_set(an->metrics, m, json_integer(reset), "count", f1, f2);
}

static const char *reset_text(const char *kind)
{
    return strcmp(kind, "counter") == 0
               ? "Counter reset (host or kernel restart): no delta"
               : "Counter reset (worker restarted): no delta";
}

/* One delta row, or NULL when either side is missing. */
static json_t *delta_row(lv_an *an, const phase_data *b, const phase_data *p,
                         const char *name, int same_pid)
{
    json_t *eb = json_object_get(b->vals, name), *ep = json_object_get(p->vals, name);
    json_t *vb = json_object_get(eb, "value"), *vp = json_object_get(ep, "value");
    if (!json_is_number(vb) || !json_is_number(vp))
        return NULL;
    const char *kind = json_string_value(json_object_get(eb, "kind"));
    const char *unit = json_string_value(json_object_get(eb, "unit"));
    if (strcmp(kind, "id") == 0)
        return NULL;
    int ints = json_is_integer(vb) && json_is_integer(vp);
    double from = json_number_value(vb), to = json_number_value(vp);
    int reset = to < from && (strcmp(kind, "counter") == 0 ||
                              (strcmp(kind, "worker-counter") == 0 && same_pid));
    json_t *delta = reset ? json_null()
                   : ints ? json_integer(json_integer_value(vp) - json_integer_value(vb))
                          : json_real(to - from);
    /* A percentage (PSI) changes by points; a % of a % would mislead. */
    int have_pct = !reset && from != 0 && strcmp(unit, "%") != 0;
    double pct = have_pct ? (to - from) / fabs(from) * 100.0 : 0;
    json_t *pctv = have_pct ? json_real(pct) : json_null();
    const char *f1 = json_string_value(json_object_get(json_object_get(eb, "source"), "file"));
    const char *f2 = json_string_value(json_object_get(json_object_get(ep, "source"), "file"));
    delta_metrics(an, p->phase, name, delta, pctv, reset, unit, f1, f2);
    json_t *row = json_object();
    json_object_set_new(row, "metric", json_string(name));
    json_object_set_new(row, "kind", json_string(kind));
    json_object_set_new(row, "from", lv_qty(json_copy(vb), unit));
    json_object_set_new(row, "to", lv_qty(json_copy(vp), unit));
    json_object_set_new(row, "delta", lv_qty(delta, unit));
    json_object_set_new(row, "pct", lv_qty(pctv, "%"));
    json_object_set_new(row, "reset", json_boolean(reset));
    if (reset)
        json_object_set_new(row, "interpretation", json_string(reset_text(kind)));
    else if (strcmp(kind, "worker-counter") == 0 && !same_pid)
        json_object_set_new(row, "interpretation",
                            json_string("Different worker pids: one worker's view, not the app's"));
    else
        json_object_set_new(row, "interpretation",
                            interpret(an, name, unit, to, to - from, have_pct, pct));
    json_object_set_new(row, "sources", json_pack("{s:O,s:O}", "from",
                                                  json_object_get(eb, "source"), "to",
                                                  json_object_get(ep, "source")));
    return row;
}

static int same_pid(const phase_data *a, const phase_data *b)
{
    json_t *x = json_object_get(a->stats, "pid"), *y = json_object_get(b->stats, "pid");
    return x && y && json_equal(x, y);
}

static json_t *deltas(lv_an *an, phase_data *ph, size_t n, json_t *names)
{
    json_t *out = json_array();
    for (size_t p = 1; p < n; p++) {
        json_t *rows = json_array();
        size_t i;
        json_t *nm;
        int sp = same_pid(&ph[0], &ph[p]);
        json_array_foreach(names, i, nm) {
            json_t *r = delta_row(an, &ph[0], &ph[p], json_string_value(nm), sp);
            if (r)
                json_array_append_new(rows, r);
        }
        json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:s,s:b,s:o}", "from", ph[0].phase,
                                             "to", ph[p].phase, "from_label", ph[0].label,
                                             "to_label", ph[p].label, "same_worker", sp,
                                             "rows", rows));
    }
    return out;
}

/* Append the files of `more` not yet in `files`. */
static void add_files(json_t *files, json_t *more)
{
    size_t i, j;
    json_t *f, *g;
    json_array_foreach(more, i, f) {
        int seen = 0;
        json_array_foreach(files, j, g) seen |= json_equal(f, g);
        if (!seen)
            json_array_append(files, f);
    }
}

/* min/max over the later phases of pct and delta, per name. */
static void extremes(lv_an *an, phase_data *ph, size_t n, json_t *names)
{
    static const char *const kinds[] = {"pct", "delta"};
    size_t i;
    json_t *nm;
    json_array_foreach(names, i, nm) {
        const char *name = json_string_value(nm);
        for (int k = 0; k < 2; k++) {
            double lo = 0, hi = 0;
            int any = 0;
            const char *unit = NULL;
            json_t *files = json_array();
            for (size_t p = 1; p < n; p++) {
                char m[700];
                int known;
                snprintf(m, sizeof m, "%s.%s.%s", kinds[k], ph[p].phase, name);
                double v = lv_metric_value(an->metrics, m, &known);
                if (!known)
                    continue;
                add_files(files, json_object_get(json_object_get(an->metrics, m), "files"));
                unit = json_string_value(json_object_get(json_object_get(an->metrics, m), "unit"));
                lo = any && lo < v ? lo : v;
                hi = any && hi > v ? hi : v;
                any = 1;
            }
            char m[700];
            snprintf(m, sizeof m, "min.%s.%s", kinds[k], name);
            lv_metric_set(an->metrics, m, any ? json_real(lo) : NULL, unit, NULL, NULL);
            json_object_set(json_object_get(an->metrics, m), "files", files);
            snprintf(m, sizeof m, "max.%s.%s", kinds[k], name);
            lv_metric_set(an->metrics, m, any ? json_real(hi) : NULL, unit, NULL, NULL);
            json_object_set(json_object_get(an->metrics, m), "files", files);
            json_decref(files);
        }
    }
}

/* Share of wall time stalled on memory between two snapshots, from the PSI
 * `total` counters (microseconds) and the snapshot times. */
static json_t *psi_stall(phase_data *ph, size_t n)
{
    json_t *out = json_array();
    for (size_t p = 1; p < n; p++) {
        const phase_data *a = &ph[p - 1], *b = &ph[p];
        json_t *row = json_pack("{s:s,s:s,s:s,s:s}", "from", a->phase, "to", b->phase,
                                "from_label", a->label, "to_label", b->label);
        int timed = a->have_time && b->have_time;
        /* Subtract in integers (exact to the nanosecond); only a span
         * past int64 (hostile times near the ends of the range) is refused. */
        int64_t span = 0;
        timed = timed && !__builtin_sub_overflow(b->time_ns, a->time_ns, &span);
        double secs = timed ? (double)span / 1e9 : 0;
        timed = timed && secs > 0;
        json_object_set_new(row, "seconds", lv_qty(timed ? json_real(secs) : NULL, "s"));
        static const char *const k[] = {"psi_some_total", "psi_full_total"};
        static const char *const out_k[] = {"some", "full"};
        for (int i = 0; i < 2; i++) {
            json_t *x = json_object_get(json_object_get(a->vals, k[i]), "value");
            json_t *y = json_object_get(json_object_get(b->vals, k[i]), "value");
            json_t *share = NULL;
            if (timed && json_is_integer(x) && json_is_integer(y) &&
                json_integer_value(y) >= json_integer_value(x))
                share = json_real((double)(json_integer_value(y) - json_integer_value(x)) /
                                  1e6 / secs * 100.0);
            json_object_set_new(row, out_k[i], lv_qty(share, "%"));
        }
        json_array_append_new(out, row);
    }
    return out;
}

static json_t *workers(phase_data *ph, size_t n)
{
    json_t *pids = json_array(), *distinct = json_object();
    for (size_t p = 0; p < n; p++) {
        json_t *pid = json_object_get(ph[p].stats, "pid");
        json_array_append_new(pids, json_pack("{s:s,s:s,s:O}", "phase", ph[p].phase,
                                              "label", ph[p].label, "pid",
                                              pid ? pid : json_null()));
        if (json_is_integer(pid)) {
            char key[32];
            snprintf(key, sizeof key, "%lld", (long long)json_integer_value(pid));
            json_object_set_new(distinct, key, json_true());
        }
    }
    size_t nd = json_object_size(distinct);
    json_decref(distinct);
    lv_buf text;
    lv_buf_init(&text);
    for (size_t p = 0; p < n; p++) {
        json_t *pid = json_object_get(ph[p].stats, "pid");
        lv_buf_printf(&text, "%s%s: ", p ? ", " : "", ph[p].label);
        if (json_is_integer(pid))
            lv_buf_printf(&text, "pid %lld", (long long)json_integer_value(pid));
        else
            lv_buf_puts(&text, "unknown");
    }
    json_t *w = json_pack("{s:o,s:s,s:I,s:b}", "pids", pids, "text", text.data ? text.data : "",
                          "distinct", (json_int_t)nd, "different", nd > 1);
    lv_buf_free(&text);
    return w;
}

void lv_an_snapshots(lv_an *an)
{
    phase_data ph[LV_AN_MAX_PHASES];
    size_t n = 0, i;
    json_t *p;
    json_array_foreach(json_object_get(an->rules, "phases"), i, p) {
        if (n == LV_AN_MAX_PHASES)
            break;
        memset(&ph[n], 0, sizeof ph[n]);
        ph[n].phase = json_string_value(json_object_get(p, "phase"));
        ph[n].label = json_string_value(json_object_get(p, "label"));
        load_phase(an, &ph[n]);
        n++;
    }
    json_t *snaps = json_array(), *vals[LV_AN_MAX_PHASES];
    for (i = 0; i < n; i++) {
        json_array_append_new(snaps, snapshot_json(&ph[i]));
        snapshot_metrics(an, &ph[i]);
        vals[i] = ph[i].vals;
    }
    json_t *names = lv_an_value_names(vals, n, json_object_get(an->rules, "row_order"),
                                      an->app_counters);
    json_object_set_new(an->model, "snapshots", snaps);
    json_object_set_new(an->model, "snapshot_table", table(ph, n, names));
    json_object_set_new(an->model, "deltas", deltas(an, ph, n, names));
    extremes(an, ph, n, names);
    json_object_set_new(an->model, "psi_stall", psi_stall(ph, n));
    json_object_set_new(an->model, "workers", workers(ph, n));
    json_decref(names);
    for (i = 0; i < n; i++) {
        json_decref(ph[i].proc);
        json_decref(ph[i].stats);
        json_decref(ph[i].vals);
    }
}
