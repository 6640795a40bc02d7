/* Per-endpoint reduction of HTTP log rows: see kql_reduce.h. */
#include "kql_reduce.h"

#include <stdlib.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/jsonutil.h"

void lv_ep_init(lv_ep_table *t, size_t max)
{
    memset(t, 0, sizeof *t);
    t->max = max ? max : 1000;
    t->nslots = 64;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    t->other.name = strdup("(other endpoints)");
    t->other.len = strlen(t->other.name);
    lv_tally_init(&t->other.taken);
    if (!t->slots || !t->other.name)
        abort();
}

static void ep_free(lv_ep *e)
{
    free(e->name);
    free(e->st);
    lv_tally_free(&e->taken);
}

void lv_ep_free(lv_ep_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        ep_free(&t->v[i]);
    ep_free(&t->other);
    free(t->v);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static void rehash(lv_ep_table *t)
{
    free(t->slots);
    t->nslots *= 2;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots)
        abort();
    for (size_t i = 0; i < t->n; i++) {
        size_t s = hash(t->v[i].name, t->v[i].len) & (t->nslots - 1);
        while (t->slots[s])
            s = (s + 1) & (t->nslots - 1);
        t->slots[s] = i + 1;
    }
}

static lv_ep *find(lv_ep_table *t, const char *name, size_t len)
{
    if (len > LV_EP_NAME_MAX)
        len = LV_EP_NAME_MAX;
    size_t s = hash(name, len) & (t->nslots - 1);
    for (; t->slots[s]; s = (s + 1) & (t->nslots - 1)) {
        lv_ep *e = &t->v[t->slots[s] - 1];
        if (e->len == len && memcmp(e->name, name, len) == 0)
            return e;
    }
    if (t->n >= t->max)
        return &t->other;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        lv_ep *v = realloc(t->v, t->cap * sizeof *v);
        if (!v)
            abort();
        t->v = v;
    }
    lv_ep *e = &t->v[t->n];
    memset(e, 0, sizeof *e);
    e->name = malloc(len + 1);
    if (!e->name)
        abort();
    memcpy(e->name, name, len);
    e->name[len] = '\0';
    e->len = len;
    lv_tally_init(&e->taken);
    t->slots[s] = ++t->n;
    if (t->n * 2 > t->nslots)
        rehash(t);
    return &t->v[t->n - 1];
}

static void count_status(lv_ep *e, int code)
{
    for (size_t i = 0; i < e->nst; i++)
        if (e->st[i].code == code) {
            e->st[i].n++;
            return;
        }
    if (e->nst == e->capst) {
        e->capst = e->capst ? e->capst * 2 : 4;
        lv_status_count *v = realloc(e->st, e->capst * sizeof *v);
        if (!v)
            abort();
        e->st = v;
    }
    e->st[e->nst++] = (lv_status_count){code, 1};
}

void lv_ep_add(lv_ep_table *t, const char *name, size_t len, int status,
               int have_taken, double taken)
{
    lv_ep *e = find(t, name, len);
    e->rows++;
    t->rows++;
    int is2 = status >= 200 && status < 300, is5 = status >= 500 && status < 600;
    e->n2xx += is2;
    e->n5xx += is5;
    t->n2xx += is2;
    t->n5xx += is5;
    count_status(e, status);
    if (have_taken)
        lv_tally_push(&e->taken, taken);
}

static int by_code(const void *a, const void *b)
{
    const lv_status_count *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

static json_t *status_text(lv_ep *e)
{
    qsort(e->st, e->nst, sizeof *e->st, by_code);
    lv_buf b;
    lv_buf_init(&b);
    for (size_t i = 0; i < e->nst; i++) {
        if (e->st[i].code < 0)
            lv_buf_printf(&b, "%s?: %llu", i ? ", " : "", (unsigned long long)e->st[i].n);
        else
            lv_buf_printf(&b, "%s%d: %llu", i ? ", " : "", e->st[i].code,
                          (unsigned long long)e->st[i].n);
    }
    json_t *s = json_string(b.data ? b.data : "");
    lv_buf_free(&b);
    return s;
}

static json_t *ep_json(lv_ep *e)
{
    lv_summary s;
    lv_tally_summarize(&e->taken, &s);
    json_t *o = json_object();
    json_object_set_new(o, "endpoint", lv_json_stringn(e->name, e->len));
    json_object_set_new(o, "n", lv_qty_int((json_int_t)e->rows, "count"));
    json_object_set_new(o, "status_text", status_text(e));
    json_object_set_new(o, "n5xx", lv_qty_int((json_int_t)e->n5xx, "count"));
    json_object_set_new(o, "timed", lv_qty_int((json_int_t)s.n, "count"));
    json_object_set_new(o, "mean", lv_qty(s.empty ? NULL : json_real(s.mean), "ms"));
    json_object_set_new(o, "p50", lv_qty(s.empty ? NULL : json_real(s.p50), "ms"));
    json_object_set_new(o, "p95", lv_qty(s.empty ? NULL : json_real(s.p95), "ms"));
    json_object_set_new(o, "p99", lv_qty(s.empty ? NULL : json_real(s.p99), "ms"));
    json_object_set_new(o, "max", lv_qty(s.empty ? NULL : json_real(s.max), "ms"));
    return o;
}

static int by_rows(const void *a, const void *b)
{
    const lv_ep *x = *(lv_ep *const *)a, *y = *(lv_ep *const *)b;
    if (x->rows != y->rows)
        return x->rows < y->rows ? 1 : -1;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The endpoints in the order of the summary; *n is set. Free the result. */
static lv_ep **ordered(lv_ep_table *t, size_t *n_out)
{
    size_t n = t->n + (t->other.rows > 0);
    lv_ep **order = calloc(n + 1, sizeof *order);
    if (!order)
        abort();
    for (size_t i = 0; i < t->n; i++)
        order[i] = &t->v[i];
    if (t->other.rows)
        order[t->n] = &t->other;
    qsort(order, n, sizeof *order, by_rows);
    *n_out = n;
    return order;
}

void lv_ep_each(lv_ep_table *t, void (*fn)(void *ctx, lv_ep *e), void *ctx)
{
    size_t n;
    lv_ep **order = ordered(t, &n);
    for (size_t i = 0; i < n; i++)
        fn(ctx, order[i]);
    free(order);
}

json_t *lv_ep_summary(lv_ep_table *t)
{
    size_t n;
    lv_ep **order = ordered(t, &n);
    json_t *eps = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(eps, ep_json(order[i]));
    free(order);
    json_t *o = json_object();
    json_object_set_new(o, "n", lv_qty_int((json_int_t)t->rows, "count"));
    json_object_set_new(o, "n5xx", lv_qty_int((json_int_t)t->n5xx, "count"));
    json_object_set_new(o, "share_2xx",
                        lv_qty(t->rows ? json_real(100.0 * (double)t->n2xx / (double)t->rows)
                                       : NULL, "%"));
    json_object_set_new(o, "endpoints", eps);
    return o;
}
