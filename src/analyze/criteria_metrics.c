/* Metric-name patterns: which names a criteria file may use, besides the
 * lab's own (its profile's "metric_patterns"). See include/lv/criteria.h;
 * the pattern syntax and matching are in src/base/metricpat.c. */
#include "criteria_int.h"

/* What the analysis names alike for every lab: the extremes over the
 * phases, the client totals, the HTTP log (an_snapshots.c, an_latency.c,
 * an_kql.c). Lab words never appear here: they are in the profile. */
const char *const lv_metric_patterns_generic[] = {
    "min.pct|delta.**",
    "max.pct|delta.**",
    "client.all.n|n5xx|n2xx|share_2xx|mean|p50|p90|p95|p99|max|tail_ratio",
    "kql.window|whole.n|n5xx|share_2xx",
    "kql.window|whole.endpoint.**.n|mean|p50|p95|p99|max|n5xx",
    NULL,
};

/* For a profile without "metric_patterns": the families whose names hold
 * a lab's words, with any word in their place. Their form is still
 * checked (snp.midleak.x, client.leak.p42 are errors); the words are not,
 * so that a profile written before the field existed keeps working. */
const char *const lv_metric_patterns_fallback[] = {
    "snap.*.**",
    "delta.*.**",
    "pct.*.**",
    "reset.*.**",
    "client.*.n|n5xx|n2xx|share_2xx|mean|p50|p90|p95|p99|max|tail_ratio",
    "console.window|whole.*",
    "platform.window|whole.*",
    NULL,
};

static int any_match(const char *const *patterns, const char *name)
{
    for (size_t i = 0; patterns[i]; i++)
        if (lv_metric_pattern_match(patterns[i], name))
            return 1;
    return 0;
}

int lv_metric_name_allowed(const char *name, const char *const *patterns)
{
    return any_match(lv_metric_patterns_generic, name) ||
           any_match(patterns ? patterns : lv_metric_patterns_fallback, name);
}
