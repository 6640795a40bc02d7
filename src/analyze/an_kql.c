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
#include "an_kql.h"
#include "kql_reduce.h"

lv_an_window_t lv_an_window_of(const lv_an *an)
{
    return (lv_an_window_t){an->have_window, an->win_start, an->win_end};
}

int lv_an_place(const lv_an_window_t *w, const lv_kql_value *t, int64_t *ns,
                lv_time_memo *memo)
{
    if (t->kind != LV_KV_STRING ||
        lv_time_parse_iso_memo(t->text, t->len, ns, memo) != 0)
        return LV_T_UNDATED;
    if (!w->have)
        return LV_T_IN;
    return *ns < w->start ? LV_T_BEFORE : *ns > w->end ? LV_T_AFTER : LV_T_IN;
}

const lv_artifact *lv_an_export(lv_an *an, const char *which, int warn)
{
    const char *role = json_string_value(json_object_get(json_object_get(an->rules, "kql"), which));
    const lv_artifact *a = role ? lv_inventory_pick_any(an->inv, role) : NULL;
    if (!a && role && warn)
        lv_diag_file(an->d, LV_SEV_WARNING, an->inv->root,
                     "no usable %s export (empty or missing): its evidence is unknown", role);
    return a;
}

/* ---- HTTP ---- */

/* Cells that could not be used: how many, and the first one, to name. */
typedef struct {
    uint64_t n, row;
    long long byte;
    char text[48];
} bad_cells;

typedef struct {
    lv_an_window_t win;
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
    int where = lv_an_place(&c->win, &v[0], &t, &c->memo);
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
    if (where == LV_T_IN && c->win.have)
        lv_ep_add(&c->scope[1], ep, eplen, (int)status, have_taken, taken);
    if (where != LV_T_IN) {
        c->outside[where]++;
        if (where != LV_T_UNDATED) {
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
    lv_an_samples_add_tally(c->an, set, &e->taken);
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

void lv_an_kql_start(lv_an *an)
{
    const lv_artifact *a = lv_an_export(an, "http", 0);
    if (!a || an->http)
        return;
    struct lv_an_http *h = calloc(1, sizeof *h);
    if (!h)
        abort();
    size_t cap = (size_t)json_integer_value(json_object_get(
        json_object_get(an->rules, "kql"), "max_endpoints"));
    h->a = a;
    h->c.win = lv_an_window_of(an);
    lv_ep_init(&h->c.scope[0], cap);
    lv_ep_init(&h->c.scope[1], cap);
    lv_diag_init(&h->d, NULL);
    /* Without a second thread the stream runs in lv_an_kql instead. */
    h->threaded = !an->one_thread && pthread_create(&h->tid, NULL, http_stream, h) == 0;
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
    json_object_set_new(out, "before", lv_qty_int((json_int_t)c->outside[LV_T_BEFORE], "count"));
    json_object_set_new(out, "after", lv_qty_int((json_int_t)c->outside[LV_T_AFTER], "count"));
    json_object_set_new(out, "undated", lv_qty_int((json_int_t)c->outside[LV_T_UNDATED], "count"));
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

void lv_an_kql(lv_an *an)
{
    /* The logs are read here while the HTTP export may still be read on
     * the other thread; their models and messages follow the HTTP
     * export's, in the order of the model. */
    lv_an_log *console = lv_an_log_read(an, LV_AN_CONSOLE);
    lv_an_log *platform = lv_an_log_read(an, LV_AN_PLATFORM);
    if (lv_an_export(an, "http", 1))
        lv_an_kql_start(an);   /* a no-op when lv_analyze has started it */
    if (an->http)              /* always joined once started */
        http(an);
    lv_an_log_model(an, LV_AN_CONSOLE, console);
    lv_an_log_model(an, LV_AN_PLATFORM, platform);
}
