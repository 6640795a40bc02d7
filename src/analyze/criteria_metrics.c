/* Metric-name patterns: which names a criteria file may use. See
 * include/lv/criteria.h; the pattern syntax and matching are in
 * src/base/metricpat.c. */
#include "criteria_int.h"

#include <string.h>

/* ---- metric-name patterns ------------------------------------------- */

const char *const lv_metric_patterns_default[] = {
    "snap.baseline|midleak|postheavy.**",
    "delta.midleak|postheavy.**",
    "pct.midleak|postheavy.**",
    "reset.midleak|postheavy.**",
    "min.pct|delta.**",
    "max.pct|delta.**",
    "client.leak|heavy|all.n|n5xx|n2xx|share_2xx|mean|p50|p90|p95|p99|max|tail_ratio",
    "kql.window|whole.n|n5xx|share_2xx",
    "kql.window|whole.endpoint.**.n|mean|p50|p95|p99|max|n5xx",
    "console.window|whole.worker_timeout|oom|killed|sigkill|worker_boot",
    "platform.window|whole.restart|stop|start|warning",
    NULL,
};

int lv_metric_name_allowed(const char *name, const char *const *patterns)
{
    if (!patterns)
        patterns = lv_metric_patterns_default;
    for (size_t i = 0; patterns[i]; i++)
        if (lv_metric_pattern_match(patterns[i], name))
            return 1;
    return 0;
}

int lv_metric_pattern_known(const char *name)
{
    return lv_metric_name_allowed(name, NULL);
}

