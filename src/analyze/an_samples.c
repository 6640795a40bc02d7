/* The samples section of the model: the latency values `diff` tests.
 * See "The samples section" in include/lv/analyze.h. */
#include <assert.h>

#include "lv/analyze.h"

static_assert(LV_SAMPLES_MAX % 100000 == 0,
              "the cap must keep every milli-percent percentile exact");

json_t *lv_samples_section(void)
{
    return json_pack("{s:i,s:[]}", "max_values", (json_int_t)LV_SAMPLES_MAX, "sets");
}

/* n values, given in ascending order by next(ctx): those to keep (see
 * lv_samples_values). */
static json_t *values_at_ranks(size_t n, size_t cap, double (*next)(void *),
                               void *ctx, int *subsampled)
{
    size_t m = n > cap ? cap : n, taken = 0;
    double x = 0.0;
    json_t *v = json_array();
    *subsampled = m < n;
    for (size_t k = 1; k <= m; k++) {
        /* 1-based rank ceil(k·n/m); k·n < 2^64 for any n below 1.8e14 */
        size_t rank = m == n ? k : (size_t)(((uint64_t)k * n + m - 1) / m);
        for (; taken < rank; taken++)
            x = next(ctx);
        json_array_append_new(v, json_real(x));
    }
    return v;
}

typedef struct {
    const double *v;
} cursor;

static double sample_next(void *ctx)
{
    return *((cursor *)ctx)->v++;
}

static double tally_next(void *ctx)
{
    return lv_tally_walk_next(ctx);
}

json_t *lv_samples_values(lv_sample *s, size_t cap, int *subsampled)
{
    lv_sample_sort(s);
    return values_at_ranks(lv_sample_n(s), cap, sample_next, &(cursor){s->v},
                           subsampled);
}

/* Add `set` (stolen) with the n values next(ctx) gives, ascending. */
static void add_walked(lv_an *an, json_t *set, size_t n,
                       double (*next)(void *), void *ctx)
{
    if (an->no_samples) {
        json_decref(set);
        return;
    }
    if (!an->samples)
        an->samples = lv_samples_section();
    int sub;
    json_t *values = values_at_ranks(n, LV_SAMPLES_MAX, next, ctx, &sub);
    json_object_set_new(set, "n", json_integer((json_int_t)n));
    json_object_set_new(set, "subsampled", json_boolean(sub));
    json_object_set_new(set, "values", values);
    json_array_append_new(json_object_get(an->samples, "sets"), set);
}

void lv_an_samples_add(lv_an *an, json_t *set, lv_sample *s)
{
    lv_sample_sort(s);
    add_walked(an, set, lv_sample_n(s), sample_next, &(cursor){s->v});
}

void lv_an_samples_add_tally(lv_an *an, json_t *set, lv_tally *t)
{
    lv_tally_walk w;
    lv_tally_walk_init(&w, t);
    add_walked(an, set, lv_tally_n(t), tally_next, &w);
}
