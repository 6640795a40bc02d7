/* Client latency from the response CSVs (leak, and heavy through the
 * recovery of glued streams). Percentiles are nearest-rank (stats.h). */
#include <string.h>

#include "lv/analyze.h"
#include "lv/jsonutil.h"
#include "lv/metrics.h"
#include "lv/responses.h"
#include "lv/stats.h"

typedef struct {
    size_t n, n2xx, n5xx;
} counts;

static void metric(lv_an *an, const char *set, const char *what, json_t *v,
                   const char *unit, const char *file)
{
    char name[200];
    snprintf(name, sizeof name, "client.%s.%s", set, what);
    lv_metric_set(an->metrics, name, v, unit, file, NULL);
}

/* "200: 95, 502: 5", statuses in ascending order ("000" = no response). */
static json_t *status_text(const lv_response_set *s, counts *c)
{
    size_t seen[1000] = {0};
    for (size_t i = 0; i < s->n; i++) {
        int st = s->v[i].status;
        if (st >= 0 && st < 1000)
            seen[st]++;
        c->n2xx += st >= 200 && st < 300;
        c->n5xx += st >= 500 && st < 600;
    }
    c->n = s->n;
    char buf[2048];
    size_t len = 0;
    buf[0] = '\0';
    for (int st = 0; st < 1000 && len < sizeof buf - 32; st++)
        if (seen[st])
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%03d: %zu",
                                    len ? ", " : "", st, seen[st]);
    return json_string(buf);
}

static double mean_of(const lv_response_set *s, size_t from, size_t to)
{
    double sum = 0;
    for (size_t i = from; i < to; i++)
        sum += s->v[i].seconds;
    return to > from ? sum / (double)(to - from) : 0;
}

/* Latency by request index for the charts: at most LV_CHART_POINTS points;
 * with more requests each point is the slowest of a bucket of consecutive
 * indexes, so the tail spikes a person looks for stay visible. */
#define LV_CHART_POINTS 200

static json_t *by_index(const lv_response_set *s)
{
    json_t *pts = json_array();
    size_t buckets = s->n < LV_CHART_POINTS ? s->n : LV_CHART_POINTS;
    for (size_t b = 0; b < buckets; b++) {
        size_t from = b * s->n / buckets, to = (b + 1) * s->n / buckets;
        double worst = s->v[from].seconds;
        for (size_t i = from + 1; i < to; i++)
            if (s->v[i].seconds > worst)
                worst = s->v[i].seconds;
        json_array_append_new(pts, json_pack("{s:I,s:I,s:f}", "from",
                                             (json_int_t)s->v[from].index, "to",
                                             (json_int_t)s->v[to - 1].index, "seconds", worst));
    }
    return pts;
}

static json_t *one_set(lv_an *an, json_t *def, counts *all)
{
    const char *name = json_string_value(json_object_get(def, "name"));
    const char *role = json_string_value(json_object_get(def, "role"));
    json_t *o = json_pack("{s:s,s:O}", "name", name, "label", json_object_get(def, "label"));
    const lv_artifact *a = lv_inventory_pick_any(an->inv, role);
    lv_response_set s = {0};
    if (!a || lv_responses_load(a->full, a->full, &s, an->d) != 0) {
        if (!a)
            lv_diag_file(an->d, LV_SEV_WARNING, an->inv->root,
                         "no usable %s file: its latency is unknown", role);
        json_object_set_new(o, "file", a ? lv_json_string(a->path) : json_null());
        json_object_set_new(o, "known", json_false());
        lv_response_set_free(&s);
        return o;
    }
    counts c = {0};
    json_object_set_new(o, "file", lv_json_string(a->path));
    json_object_set_new(o, "known", json_true());
    json_object_set_new(o, "glued", json_boolean(s.glued));
    json_object_set_new(o, "decimals", s.decimals >= 0 ? json_integer(s.decimals) : json_null());
    json_object_set_new(o, "status_text", status_text(&s, &c));
    lv_sample smp;
    lv_sample_init(&smp);
    lv_sample_reserve(&smp, s.n);
    for (size_t i = 0; i < s.n; i++)
        lv_sample_push(&smp, s.v[i].seconds);
    lv_summary sum;
    lv_sample_summarize(&smp, &sum);
    lv_an_samples_add(an, json_pack("{s:s+,s:s,s:s,s:O?,s:s,s:s}", "id", "client.", name,
                                    "source", "client", "name", name, "label",
                                    json_object_get(def, "label"), "unit", "s", "file",
                                    a->path), &smp);
    json_t *q[] = {json_integer((json_int_t)c.n), json_integer((json_int_t)c.n5xx),
                   json_integer((json_int_t)c.n2xx),
                   c.n ? json_real(100.0 * (double)c.n2xx / (double)c.n) : NULL,
                   sum.empty ? NULL : json_real(sum.mean), sum.empty ? NULL : json_real(sum.p50),
                   sum.empty ? NULL : json_real(sum.p90), sum.empty ? NULL : json_real(sum.p95),
                   sum.empty ? NULL : json_real(sum.p99), sum.empty ? NULL : json_real(sum.max),
                   s.n >= 4 && mean_of(&s, 0, s.n / 4) > 0
                       ? json_real(mean_of(&s, s.n - s.n / 4, s.n) / mean_of(&s, 0, s.n / 4))
                       : NULL};
    static const char *const keys[] = {"n", "n5xx", "n2xx", "share_2xx", "mean", "p50",
                                       "p90", "p95", "p99", "max", "tail_ratio"};
    static const char *const units[] = {"count", "count", "count", "%", "s", "s",
                                        "s", "s", "s", "s", "ratio"};
    for (size_t k = 0; k < 11; k++) {
        metric(an, name, keys[k], q[k] ? json_copy(q[k]) : NULL, units[k], a->path);
        json_object_set_new(o, keys[k], lv_qty(q[k], units[k]));
    }
    json_object_set_new(o, "by_index", by_index(&s));
    all->n += c.n;
    all->n2xx += c.n2xx;
    all->n5xx += c.n5xx;
    lv_sample_free(&smp);
    lv_response_set_free(&s);
    return o;
}

void lv_an_latency(lv_an *an)
{
    json_t *out = json_array(), *def;
    size_t i, known = 0;
    counts all = {0};
    json_array_foreach(json_object_get(an->rules, "latency_sets"), i, def) {
        json_t *o = one_set(an, def, &all);
        known += json_is_true(json_object_get(o, "known"));
        json_array_append_new(out, o);
    }
    int ok = known > 0 && known == json_array_size(out);
    metric(an, "all", "n", ok ? json_integer((json_int_t)all.n) : NULL, "count", NULL);
    metric(an, "all", "n5xx", ok ? json_integer((json_int_t)all.n5xx) : NULL, "count", NULL);
    metric(an, "all", "n2xx", ok ? json_integer((json_int_t)all.n2xx) : NULL, "count", NULL);
    metric(an, "all", "share_2xx",
           ok && all.n ? json_real(100.0 * (double)all.n2xx / (double)all.n) : NULL, "%", NULL);
    json_object_set_new(an->model, "latency", out);
}
