/* Metric-name patterns: which names a criteria file may use. See
 * include/lv/criteria.h ("*" one segment, "**" one or more, "a|b" one of
 * the words). */
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

/* One pattern segment against one name segment. */
static int seg_match(const char *pat, size_t pl, const char *s, size_t sl)
{
    if (pl == 1 && pat[0] == '*')
        return sl > 0;
    const char *a = pat, *end = pat + pl;
    for (;;) {
        const char *bar = memchr(a, '|', (size_t)(end - a));
        size_t al = bar ? (size_t)(bar - a) : (size_t)(end - a);
        if (al == sl && memcmp(a, s, sl) == 0)
            return 1;
        if (!bar)
            return 0;
        a = bar + 1;
    }
}

static int match_from(const char *pat, const char *name)
{
    const char *pe = strchr(pat, '.');
    size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
    if (pl == 2 && pat[0] == '*' && pat[1] == '*') {
        if (!pe)
            return *name != '\0';
        /* one or more segments, then the rest of the pattern */
        for (const char *q = strchr(name, '.'); q; q = strchr(q + 1, '.'))
            if (q > name && match_from(pe + 1, q + 1))
                return 1;
        return 0;
    }
    const char *ne = strchr(name, '.');
    size_t nl = ne ? (size_t)(ne - name) : strlen(name);
    if (!seg_match(pat, pl, name, nl))
        return 0;
    if (!pe || !ne)
        return !pe && !ne;
    return match_from(pe + 1, ne + 1);
}

int lv_metric_pattern_match(const char *pattern, const char *name)
{
    if (!pattern || !name || !*pattern || !*name)
        return 0;
    return match_from(pattern, name);
}

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

