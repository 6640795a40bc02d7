/* labverdict — metric-name patterns: which metric names a criteria file
 * may use (criteria.h). A lab profile lists the patterns of its own names
 * (profile.h, "metric_patterns"), checked with lv_metric_pattern_error when
 * it loads.
 *
 * A pattern is dot-separated segments matched against the name's
 * dot-separated segments:
 *   *        exactly one segment (any text without '.')
 *   **       one or more segments (an endpoint path such as /favicon.ico,
 *            a meminfo key, an endpoint counter endpoint.leak)
 *   a|b|c    one segment, one of these literal words
 *   word     that literal segment
 * so "snap.baseline|midleak.**" matches "snap.midleak.MemAvailable". */
#ifndef LV_METRICPAT_H
#define LV_METRICPAT_H

/* 1 when `name` matches `pattern`. */
int lv_metric_pattern_match(const char *pattern, const char *name);

/* NULL when `pattern` is well-formed, else what is wrong with it (a static
 * string): it is empty, has an empty segment ("a..b") or word ("a||b"),
 * has '*' inside a word ("mid*": '*' is only ever a whole segment), or has
 * more than one "**". A malformed pattern would match nothing or not what
 * it seems to; two "**" would make matching cost grow with a power of the
 * name's length, and no metric name needs them. */
const char *lv_metric_pattern_error(const char *pattern);

#endif
