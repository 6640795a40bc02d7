/* The KQL exports, streamed and reduced as they come: HTTP rows into
 * per-endpoint status counts and TimeTaken samples, for the whole export and
 * for the run window; console and platform rows into signature counts and a
 * few representative rows. No row is kept. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/jsonutil.h"
#include "lv/kql.h"
#include "lv/metrics.h"
#include "lv/stats.h"
#include "lv/timeutil.h"
#include "kql_reduce.h"

/* Where a row's time falls. */
enum { T_IN, T_BEFORE, T_AFTER, T_UNDATED };

/* The run window, copied out of lv_an: the HTTP rows are reduced on another
 * thread, which reads nothing the analysis goes on writing. */
typedef struct {
    int have;
    int64_t start, end;   /* ns since the epoch, inclusive */
} window;

static window window_of(const lv_an *an)
{
    return (window){an->have_window, an->win_start, an->win_end};
}

static int place(const window *w, const lv_kql_value *t, int64_t *ns,
                 lv_time_memo *memo)
{
    if (t->kind != LV_KV_STRING ||
        lv_time_parse_iso_memo(t->text, t->len, ns, memo) != 0)
        return T_UNDATED;
    if (!w->have)
        return T_IN;
    return *ns < w->start ? T_BEFORE : *ns > w->end ? T_AFTER : T_IN;
}

/* ---- HTTP ---- */

/* Cells that could not be used: how many, and the first one, to name. */
typedef struct {
    uint64_t n, row;
    long long byte;
    char text[48];
} bad_cells;

typedef struct {
    window win;
    lv_ep_table scope[2];     /* 0: whole export, 1: run window */
    uint64_t outside[4];
    int64_t earliest, latest; /* outside the window */
    int have_outside;
    lv_time_memo memo;        /* rows come minute after minute */
    bad_cells bad_status, bad_taken;
} http_ctx;

static void note_bad(bad_cells *b, const lv_kql_value *v, uint64_t row, long long off)
{
    if (b->n++)
        return;
    b->row = row;
    b->byte = off;
    switch (v->kind) {
    case LV_KV_NULL: snprintf(b->text, sizeof b->text, "null"); break;
    case LV_KV_OTHER: snprintf(b->text, sizeof b->text, "an array or object"); break;
    case LV_KV_STRING:
        snprintf(b->text, sizeof b->text, "\"%.*s%s\"", v->len > 30 ? 30 : (int)v->len,
                 v->text, v->len > 30 ? "..." : "");
        break;
    default:
        snprintf(b->text, sizeof b->text, "%.*s%s", v->len > 30 ? 30 : (int)v->len, v->text,
                 v->len > 30 ? "..." : "");
    }
}

static void warn_bad(lv_an *an, const char *file, const bad_cells *b, const char *col,
                     const char *effect)
{
    if (b->n)
        lv_diag_byte(an->d, LV_SEV_WARNING, file, b->byte,
                     "%llu row%s with no usable %s (the first: row %llu, %s): %s",
                     (unsigned long long)b->n, b->n == 1 ? "" : "s", col,
                     (unsigned long long)b->row, b->text, effect);
}

static int http_row(void *vctx, const lv_kql_value *v, size_t n, uint64_t row,
                    long long off)
{
    http_ctx *c = vctx;
    (void)n;
    int64_t t = 0, status = -1;
    double taken;
    int where = place(&c->win, &v[0], &t, &c->memo);
    /* A duration is a number >= 0 (lv_kql_double has already refused NaN,
     * Infinity and values past double's range); a status is 100..599: never
     * truncate 4294967496 into an int, which would read as 200. */
    int have_taken = lv_kql_double(&v[3], &taken) == 0 && taken >= 0;
    if (!have_taken)
        note_bad(&c->bad_taken, &v[3], row, off);
    if (lv_kql_int64(&v[2], &status) != 0 || status < 100 || status > 599) {
        note_bad(&c->bad_status, &v[2], row, off);
        status = -1;
    }
    const char *ep = v[1].kind == LV_KV_STRING ? v[1].text : "(none)";
    size_t eplen = v[1].kind == LV_KV_STRING ? v[1].len : 6;
    lv_ep_add(&c->scope[0], ep, eplen, (int)status, have_taken, taken);
    if (where == T_IN && c->win.have)
        lv_ep_add(&c->scope[1], ep, eplen, (int)status, have_taken, taken);
    if (where != T_IN) {
        c->outside[where]++;
        if (where != T_UNDATED) {
            if (!c->have_outside || t < c->earliest)
                c->earliest = t;
            if (!c->have_outside || t > c->latest)
                c->latest = t;
            c->have_outside = 1;
        }
    }
    return 0;
}

static void scope_metrics(lv_an *an, const char *scope, json_t *summary,
                          const char *file)
{
    char name[1200];
    static const char *const top[] = {"n", "n5xx", "share_2xx"};
    for (int i = 0; i < 3; i++) {
        json_t *q = json_object_get(summary, top[i]);
        snprintf(name, sizeof name, "kql.%s.%s", scope, top[i]);
        lv_metric_set(an->metrics, name, json_copy(json_object_get(q, "value")),
                      json_string_value(json_object_get(q, "unit")), file, NULL);
    }
    size_t i;
    json_t *e;
    static const char *const keys[] = {"n", "n5xx", "mean", "p50", "p95", "p99", "max"};
    json_array_foreach(json_object_get(summary, "endpoints"), i, e) {
        const char *ep = json_string_value(json_object_get(e, "endpoint"));
        for (int k = 0; k < 7; k++) {
            json_t *q = json_object_get(e, keys[k]);
            snprintf(name, sizeof name, "kql.%s.endpoint.%s.%s", scope, ep, keys[k]);
            lv_metric_set(an->metrics, name, json_copy(json_object_get(q, "value")),
                          json_string_value(json_object_get(q, "unit")), file, NULL);
        }
    }
}

/* One samples set per endpoint of a scope (see analyze.h). */
typedef struct {
    lv_an *an;
    const char *scope, *where, *file;
} sets_ctx;

static void add_set(void *vctx, lv_ep *e)
{
    sets_ctx *c = vctx;
    json_t *set = json_object();
    lv_buf id;
    lv_buf_init(&id);
    lv_buf_printf(&id, "kql.%s.endpoint.", c->scope);
    lv_buf_put(&id, e->name, e->len);
    json_object_set_new(set, "id", lv_json_stringn(id.data, id.len));
    json_object_set_new(set, "source", json_string("kql"));
    json_object_set_new(set, "scope", json_string(c->scope));
    json_object_set_new(set, "endpoint", lv_json_stringn(e->name, e->len));
    lv_buf_reset(&id);
    lv_buf_put(&id, e->name, e->len);
    lv_buf_printf(&id, " (%s)", c->where);
    json_object_set_new(set, "label", lv_json_stringn(id.data, id.len));
    json_object_set_new(set, "unit", json_string("ms"));
    json_object_set_new(set, "file", lv_json_string(c->file));
    lv_buf_free(&id);
    lv_an_samples_add(c->an, set, &e->taken);
}

/* The HTTP export's stream and its reduction: what lv_an_kql_start hands
 * to a second thread, so that the 86 MB of a 500,000-row export are read
 * while this thread reads the response CSVs (lv_an_latency). It records
 * its messages in its own list, moved into the analysis's list when
 * lv_an_kql reaches the HTTP export: the messages keep their order. */
struct lv_an_http {
    const lv_artifact *a;
    http_ctx c;
    lv_kql_info info;
    lv_diag d;
    int rc, threaded;
    pthread_t tid;
};

static void *http_stream(void *arg)
{
    static const lv_kql_column want[] = {
        {"TimeGenerated", 1}, {"CsUriStem", 1}, {"ScStatus", 1}, {"TimeTaken", 1}};
    struct lv_an_http *h = arg;
    h->rc = lv_kql_stream_file(h->a->full, h->a->full, want, 4, http_row, &h->c,
                               &h->info, &h->d);
    return NULL;
}

static const char *export_role(const lv_an *an, const char *which)
{
    return json_string_value(json_object_get(json_object_get(an->rules, "kql"), which));
}

void lv_an_kql_start(lv_an *an)
{
    const char *role = export_role(an, "http");
    const lv_artifact *a = role ? lv_inventory_pick_any(an->inv, role) : NULL;
    if (!a || an->http)
        return;
    struct lv_an_http *h = calloc(1, sizeof *h);
    if (!h)
        abort();
    size_t cap = (size_t)json_integer_value(json_object_get(
        json_object_get(an->rules, "kql"), "max_endpoints"));
    h->a = a;
    h->c.win = window_of(an);
    lv_ep_init(&h->c.scope[0], cap);
    lv_ep_init(&h->c.scope[1], cap);
    lv_diag_init(&h->d, NULL);
    /* Without a second thread the stream runs in lv_an_kql instead. */
    h->threaded = pthread_create(&h->tid, NULL, http_stream, h) == 0;
    an->http = h;
}

static void http_free(struct lv_an_http *h)
{
    lv_kql_info_free(&h->info);
    lv_ep_free(&h->c.scope[0]);
    lv_ep_free(&h->c.scope[1]);
    lv_diag_free(&h->d);
    free(h);
}

static void http_model(lv_an *an, const lv_artifact *a, http_ctx *c, const lv_kql_info *info)
{
    warn_bad(an, a->path, &c->bad_status, "ScStatus",
             "counted as requests of unknown status, neither 2xx nor 5xx");
    warn_bad(an, a->path, &c->bad_taken, "TimeTaken", "left out of the TimeTaken figures");
    json_t *o = json_object();
    json_object_set_new(o, "file", lv_json_string(a->path));
    json_object_set_new(o, "shape", json_string(info->shape == LV_KQL_SHAPE_FLAT
                                                    ? "flat array" : "tables"));
    json_object_set_new(o, "rows", lv_qty_int((json_int_t)info->rows, "count"));
    json_object_set_new(o, "window_rows",
                        lv_qty(an->have_window ? json_integer((json_int_t)c->scope[1].rows)
                                               : NULL, "count"));
    char iso[40];
    json_t *out = json_object();
    json_object_set_new(out, "before", lv_qty_int((json_int_t)c->outside[T_BEFORE], "count"));
    json_object_set_new(out, "after", lv_qty_int((json_int_t)c->outside[T_AFTER], "count"));
    json_object_set_new(out, "undated", lv_qty_int((json_int_t)c->outside[T_UNDATED], "count"));
    lv_time_format_iso(c->earliest, iso);
    json_object_set_new(out, "earliest", c->have_outside ? json_string(iso) : json_null());
    lv_time_format_iso(c->latest, iso);
    json_object_set_new(out, "latest", c->have_outside ? json_string(iso) : json_null());
    json_object_set_new(o, "outside", out);
    json_t *scopes = json_array();
    if (an->have_window) {
        json_t *w = lv_ep_summary(&c->scope[1]);
        json_object_set_new(w, "scope", json_string("window"));
        json_object_set_new(w, "label", json_string("In the run window"));
        scope_metrics(an, "window", w, a->path);
        lv_ep_each(&c->scope[1], add_set, &(sets_ctx){an, "window", "run window", a->path});
        json_array_append_new(scopes, w);
    }
    json_t *wh = lv_ep_summary(&c->scope[0]);
    json_object_set_new(wh, "scope", json_string("whole"));
    json_object_set_new(wh, "label", json_string("Whole export"));
    scope_metrics(an, "whole", wh, a->path);
    lv_ep_each(&c->scope[0], add_set, &(sets_ctx){an, "whole", "whole export", a->path});
    json_array_append_new(scopes, wh);
    json_object_set_new(o, "scopes", scopes);
    json_object_set_new(o, "verdict_scope", json_string(an->have_window ? "window" : "whole"));
    json_object_set_new(an->model, "kql_http", o);
}

static void http(lv_an *an)
{
    struct lv_an_http *h = an->http;
    if (h->threaded)
        pthread_join(h->tid, NULL);
    else
        http_stream(h);
    lv_diag_move(an->d, &h->d);
    if (h->rc == 0)
        http_model(an, h->a, &h->c, &h->info);
    http_free(h);
    an->http = NULL;
}

/* ---- console and platform ---- */

/* A profile string to look for: its text and length (strlen). */
typedef struct {
    const char *s;
    size_t n;
} needle;

/* A signature or event of the profile, read once before the rows: the
 * texts it matches in the message and the levels it matches exactly. */
typedef struct {
    needle *match, *levels;
    size_t nmatch, nlevels;
} log_def;

typedef struct {
    lv_an *an;
    json_t *defs;       /* the profile's signatures or events */
    uint64_t *counts;   /* [def * 2 + (in window ? 0 : 1)] */
    json_t *samples;
    size_t per_def, *kept;
    int has_level;
    log_def *cdefs;     /* defs, compiled */
    lv_time_memo memo;
} log_ctx;

static needle *needles(json_t *list, size_t *n)
{
    *n = json_array_size(list);
    needle *v = calloc(*n ? *n : 1, sizeof *v);
    if (!v)
        abort();
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) {
        const char *t = json_string_value(m);
        v[i].s = t ? t : "";
        v[i].n = t ? strlen(t) : 0;
    }
    return v;
}

static log_def *compile_defs(json_t *defs)
{
    size_t nd = json_array_size(defs), i;
    log_def *v = calloc(nd ? nd : 1, sizeof *v);
    if (!v)
        abort();
    json_t *def;
    json_array_foreach(defs, i, def) {
        v[i].match = needles(json_object_get(def, "match"), &v[i].nmatch);
        v[i].levels = needles(json_object_get(def, "levels"), &v[i].nlevels);
    }
    return v;
}

static void free_defs(log_def *v, size_t nd)
{
    for (size_t i = 0; i < nd; i++) {
        free(v[i].match);
        free(v[i].levels);
    }
    free(v);
}

/* Whether hay[0..n) holds needle (never an empty one). */
static int contains(const char *hay, size_t n, const needle *nd)
{
    size_t k = nd->n;
    if (!k || k > n)
        return 0;
    const char *p = hay, *last = hay + (n - k);
    while (p <= last) {
        p = memchr(p, (unsigned char)nd->s[0], (size_t)(last - p) + 1);
        if (!p)
            return 0;
        if (memcmp(p, nd->s, k) == 0)
            return 1;
        p++;
    }
    return 0;
}

static int matches(const log_def *def, const lv_kql_value *msg, const lv_kql_value *level)
{
    if (msg->kind == LV_KV_STRING)
        for (size_t i = 0; i < def->nmatch; i++)
            if (contains(msg->text, msg->len, &def->match[i]))
                return 1;
    if (level && level->kind == LV_KV_STRING)
        for (size_t i = 0; i < def->nlevels; i++)
            if (def->levels[i].n == level->len &&
                memcmp(level->text, def->levels[i].s, level->len) == 0)
                return 1;
    return 0;
}

#define SAMPLE_CHARS 300

static void keep_sample(log_ctx *c, const lv_kql_value *v, int where, uint64_t row)
{
    json_t *s = json_object();
    json_object_set_new(s, "row", json_integer((json_int_t)row));
    json_object_set_new(s, "time", v[0].kind == LV_KV_STRING
                                       ? lv_json_stringn(v[0].text, v[0].len) : json_null());
    json_object_set_new(s, "in_window", json_boolean(where == T_IN && c->an->have_window));
    if (c->has_level)
        json_object_set_new(s, "level", v[2].kind == LV_KV_STRING
                                            ? lv_json_stringn(v[2].text, v[2].len) : json_null());
    size_t n = v[1].len > SAMPLE_CHARS ? SAMPLE_CHARS : v[1].len;
    json_object_set_new(s, "text", lv_json_stringn(v[1].text, n));
    json_object_set_new(s, "truncated", json_boolean(n < v[1].len));
    json_array_append_new(c->samples, s);
}

static int log_row(void *vctx, const lv_kql_value *v, size_t n, uint64_t row,
                   long long off)
{
    log_ctx *c = vctx;
    (void)n;
    (void)off;
    int64_t t;
    window w = window_of(c->an);
    int where = place(&w, &v[0], &t, &c->memo);
    int in = where == T_IN && w.have;
    size_t nd = json_array_size(c->defs);
    for (size_t i = 0; i < nd; i++) {
        if (!matches(&c->cdefs[i], &v[1], c->has_level ? &v[2] : NULL))
            continue;
        c->counts[i * 2 + (in ? 0 : 1)]++;
        if (c->kept[i] < c->per_def) {
            c->kept[i]++;
            keep_sample(c, v, where, row);
        }
    }
    return 0;
}

static void logs(lv_an *an, const lv_artifact *a, const char *key, const char *defs_key,
                 const char *list_key, const lv_kql_column *want, size_t nwant)
{
    json_t *defs = json_object_get(an->rules, defs_key);
    size_t nd = json_array_size(defs);
    log_ctx c = {an, defs, calloc(nd * 2 + 1, sizeof(uint64_t)), json_array(),
                 (size_t)json_integer_value(json_object_get(an->rules, "samples_per_signature")),
                 calloc(nd + 1, sizeof(size_t)), nwant > 2, compile_defs(defs),
                 {{0}, 0, 0}};
    lv_kql_info info;
    if (lv_kql_stream_file(a->full, a->full, want, nwant, log_row, &c, &info, an->d) == 0) {
        json_t *o = json_object(), *list = json_array();
        json_object_set_new(o, "file", lv_json_string(a->path));
        json_object_set_new(o, "rows", lv_qty_int((json_int_t)info.rows, "count"));
        size_t i;
        json_t *def;
        json_array_foreach(defs, i, def) {
            const char *name = json_string_value(json_object_get(def, "name"));
            json_array_append_new(list, json_pack(
                "{s:s,s:O,s:o,s:o}", "name", name, "label", json_object_get(def, "label"),
                "window", lv_qty(an->have_window ? json_integer((json_int_t)c.counts[i * 2]) : NULL,
                                 "count"),
                "outside", lv_qty_int((json_int_t)c.counts[i * 2 + 1], "count")));
            char m[300];
            snprintf(m, sizeof m, "%s.window.%s", key, name);
            lv_metric_set(an->metrics, m, an->have_window ? json_integer((json_int_t)c.counts[i * 2])
                                                          : NULL, "count", a->path, NULL);
            snprintf(m, sizeof m, "%s.whole.%s", key, name);
            lv_metric_set(an->metrics, m, json_integer((json_int_t)(c.counts[i * 2] + c.counts[i * 2 + 1])),
                          "count", a->path, NULL);
        }
        json_object_set_new(o, list_key, list);
        json_object_set(o, "samples", c.samples);
        json_object_set_new(an->model, key, o);
    }
    lv_kql_info_free(&info);
    json_decref(c.samples);
    free(c.counts);
    free(c.kept);
    free_defs(c.cdefs, nd);
}

static const lv_artifact *export_of(lv_an *an, const char *which)
{
    const char *role = export_role(an, which);
    const lv_artifact *a = role ? lv_inventory_pick_any(an->inv, role) : NULL;
    if (!a && role)
        lv_diag_file(an->d, LV_SEV_WARNING, an->inv->root,
                     "no usable %s export (empty or missing): its evidence is unknown", role);
    return a;
}

void lv_an_kql(lv_an *an)
{
    static const lv_kql_column console[] = {{"TimeGenerated", 1}, {"ResultDescription", 1}};
    static const lv_kql_column platform[] = {{"TimeGenerated", 1}, {"Message", 1}, {"Level", 0}};
    const lv_artifact *a;
    if ((a = export_of(an, "http"))) {
        lv_an_kql_start(an);   /* a no-op when lv_analyze has started it */
        http(an);
    }
    if ((a = export_of(an, "console")))
        logs(an, a, "console", "console_signatures", "signatures", console, 2);
    if ((a = export_of(an, "platform")))
        logs(an, a, "platform", "platform_events", "events", platform, 3);
}
