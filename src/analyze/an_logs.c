/* The console and platform log exports: each row's message is matched
 * against the profile's signatures (console) or events (platform), counted
 * in and outside the run window, and a few matching rows are kept as
 * samples. Reading (lv_an_log_read) is apart from the model
 * (lv_an_log_model), so that these exports can be read while the HTTP
 * export is read on the other thread, and still appear after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv/jsonutil.h"
#include "lv/metrics.h"
#include "an_kql.h"

/* What differs between the two kinds: all profile data but the columns. */
typedef struct {
    const char *which;     /* kql.WHICH in the rules: the export's role */
    const char *key;       /* the model's section, and the metric prefix */
    const char *defs_key;  /* the rules' list of signatures or events */
    const char *list_key;  /* that list's name in the section */
    const lv_kql_column *want;
    size_t nwant;          /* 3: a Level column (platform) */
} log_kind;

static const lv_kql_column console_cols[] = {{"TimeGenerated", 1},
                                             {"ResultDescription", 1}};
static const lv_kql_column platform_cols[] = {
    {"TimeGenerated", 1}, {"Message", 1}, {"Level", 0}};
static const log_kind kinds[] = {
    {"console", "console", "console_signatures", "signatures", console_cols, 2},
    {"platform", "platform", "platform_events", "events", platform_cols, 3},
};

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

/* A cell's bytes (a JSON string may hold NUL), copied. */
typedef struct {
    char *s;              /* NULL: the cell was not a string */
    size_t n;
} text;

/* A row kept as a sample: copies, since the row's cells are not kept. */
typedef struct {
    uint64_t row;
    text time, level, msg;   /* msg: at most SAMPLE_CHARS bytes */
    int in_window, truncated;
} kept_row;

#define SAMPLE_CHARS 300

struct lv_an_log {
    const log_kind *kind;
    const lv_artifact *a;
    lv_an_window_t win;
    json_t *defs;          /* the profile's signatures or events */
    size_t ndefs;
    log_def *cdefs;        /* defs, compiled */
    uint64_t *counts;      /* [def * 2 + (in window ? 0 : 1)] */
    size_t per_def, *kept; /* samples wanted, and kept, per def */
    kept_row *samples;
    size_t nsamples, capsamples;
    lv_time_memo memo;
    lv_kql_info info;
    lv_diag d;
    int rc;
};

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

static needle *needles(json_t *list, size_t *n)
{
    *n = json_array_size(list);
    needle *v = xcalloc(*n, sizeof *v);
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
    size_t i;
    log_def *v = xcalloc(json_array_size(defs), sizeof *v);
    json_t *def;
    json_array_foreach(defs, i, def) {
        v[i].match = needles(json_object_get(def, "match"), &v[i].nmatch);
        v[i].levels = needles(json_object_get(def, "levels"), &v[i].nlevels);
    }
    return v;
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

static text copy(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        abort();
    memcpy(c, s, n);
    c[n] = '\0';
    return (text){c, n};
}

static text copy_string(const lv_kql_value *v)
{
    return v->kind == LV_KV_STRING ? copy(v->text, v->len) : (text){NULL, 0};
}

static json_t *text_json(const text *t)
{
    return t->s ? lv_json_stringn(t->s, t->n) : json_null();
}

static void keep_sample(lv_an_log *l, const lv_kql_value *v, int in, uint64_t row)
{
    if (l->nsamples == l->capsamples) {
        l->capsamples = l->capsamples ? l->capsamples * 2 : 8;
        kept_row *k = realloc(l->samples, l->capsamples * sizeof *k);
        if (!k)
            abort();
        l->samples = k;
    }
    kept_row *k = &l->samples[l->nsamples++];
    size_t n = v[1].len > SAMPLE_CHARS ? SAMPLE_CHARS : v[1].len;
    *k = (kept_row){row, copy_string(&v[0]),
                    l->kind->nwant > 2 ? copy_string(&v[2]) : (text){NULL, 0},
                    copy(v[1].text, n), in, n < v[1].len};
}

static int log_row(void *vctx, const lv_kql_value *v, size_t n, uint64_t row, long long off)
{
    lv_an_log *l = vctx;
    (void)n;
    (void)off;
    int64_t t;
    int in = lv_an_place(&l->win, &v[0], &t, &l->memo) == LV_T_IN && l->win.have;
    const lv_kql_value *level = l->kind->nwant > 2 ? &v[2] : NULL;
    for (size_t i = 0; i < l->ndefs; i++) {
        if (!matches(&l->cdefs[i], &v[1], level))
            continue;
        l->counts[i * 2 + (in ? 0 : 1)]++;
        if (l->kept[i] < l->per_def) {
            l->kept[i]++;
            keep_sample(l, v, in, row);
        }
    }
    return 0;
}

lv_an_log *lv_an_log_read(lv_an *an, lv_an_log_kind kind)
{
    const log_kind *k = &kinds[kind];
    const lv_artifact *a = lv_an_export(an, k->which, 0);
    if (!a)
        return NULL;
    lv_an_log *l = xcalloc(1, sizeof *l);
    l->kind = k;
    l->a = a;
    l->win = lv_an_window_of(an);
    l->defs = json_object_get(an->rules, k->defs_key);
    l->ndefs = json_array_size(l->defs);
    l->cdefs = compile_defs(l->defs);
    l->counts = xcalloc(l->ndefs * 2, sizeof *l->counts);
    l->kept = xcalloc(l->ndefs, sizeof *l->kept);
    l->per_def = (size_t)json_integer_value(json_object_get(an->rules, "samples_per_signature"));
    lv_diag_init(&l->d, NULL);
    l->rc = lv_kql_stream_file(a->full, a->full, k->want, k->nwant, log_row, l, &l->info, &l->d);
    return l;
}

static json_t *samples_json(const lv_an_log *l)
{
    json_t *list = json_array();
    for (size_t i = 0; i < l->nsamples; i++) {
        const kept_row *k = &l->samples[i];
        json_t *s = json_object();
        json_object_set_new(s, "row", json_integer((json_int_t)k->row));
        json_object_set_new(s, "time", text_json(&k->time));
        json_object_set_new(s, "in_window", json_boolean(k->in_window));
        if (l->kind->nwant > 2)
            json_object_set_new(s, "level", text_json(&k->level));
        json_object_set_new(s, "text", text_json(&k->msg));
        json_object_set_new(s, "truncated", json_boolean(k->truncated));
        json_array_append_new(list, s);
    }
    return list;
}

static void section(lv_an *an, const lv_an_log *l)
{
    const char *key = l->kind->key, *path = l->a->path;
    json_t *o = json_object(), *list = json_array();
    json_object_set_new(o, "file", lv_json_string(path));
    json_object_set_new(o, "rows", lv_qty_int((json_int_t)l->info.rows, "count"));
    size_t i;
    json_t *def;
    json_array_foreach(l->defs, i, def) {
        const char *name = json_string_value(json_object_get(def, "name"));
        uint64_t in = l->counts[i * 2], out = l->counts[i * 2 + 1];
        json_array_append_new(list, json_pack(
            "{s:s,s:O,s:o,s:o}", "name", name, "label", json_object_get(def, "label"),
            "window", lv_qty(an->have_window ? json_integer((json_int_t)in) : NULL, "count"),
            "outside", lv_qty_int((json_int_t)out, "count")));
        char m[300];
        snprintf(m, sizeof m, "%s.window.%s", key, name);
        lv_metric_set(an->metrics, m, an->have_window ? json_integer((json_int_t)in) : NULL,
                      "count", path, NULL);
        snprintf(m, sizeof m, "%s.whole.%s", key, name);
        lv_metric_set(an->metrics, m, json_integer((json_int_t)(in + out)), "count", path, NULL);
    }
    json_object_set_new(o, l->kind->list_key, list);
    json_object_set_new(o, "samples", samples_json(l));
    json_object_set_new(an->model, key, o);
}

static void log_free(lv_an_log *l)
{
    for (size_t i = 0; i < l->ndefs; i++) {
        free(l->cdefs[i].match);
        free(l->cdefs[i].levels);
    }
    for (size_t i = 0; i < l->nsamples; i++) {
        free(l->samples[i].time.s);
        free(l->samples[i].level.s);
        free(l->samples[i].msg.s);
    }
    free(l->cdefs);
    free(l->samples);
    free(l->counts);
    free(l->kept);
    lv_kql_info_free(&l->info);
    lv_diag_free(&l->d);
    free(l);
}

void lv_an_log_model(lv_an *an, lv_an_log_kind kind, lv_an_log *l)
{
    if (lv_an_export(an, kinds[kind].which, 1) && l) {
        lv_diag_move(an->d, &l->d);
        if (l->rc == 0)
            section(an, l);
    }
    if (l)
        log_free(l);
}
