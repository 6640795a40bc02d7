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

json_t *lv_samples_values(lv_sample *s, size_t cap, int *subsampled)
{
    lv_sample_sort(s);
    size_t n = lv_sample_n(s), m = n > cap ? cap : n;
    json_t *v = json_array();
    *subsampled = m < n;
    for (size_t k = 1; k <= m; k++) {
        /* 1-based rank ceil(k·n/m); k·n < 2^64 for any n below 1.8e14 */
        size_t rank = m == n ? k : (size_t)(((uint64_t)k * n + m - 1) / m);
        json_array_append_new(v, json_real(s->v[rank - 1]));
    }
    return v;
}

void lv_an_samples_add(lv_an *an, json_t *set, lv_sample *s)
{
    if (an->no_samples) {
        json_decref(set);
        return;
    }
    if (!an->samples)
        an->samples = lv_samples_section();
    int sub;
    json_t *values = lv_samples_values(s, LV_SAMPLES_MAX, &sub);
    json_object_set_new(set, "n", json_integer((json_int_t)lv_sample_n(s)));
    json_object_set_new(set, "subsampled", json_boolean(sub));
    json_object_set_new(set, "values", values);
    json_array_append_new(json_object_get(an->samples, "sets"), set);
}
