/* labverdict — the flat metric dictionary.
 *
 * Criteria name their evidence by metric name ("pct.midleak.MemAvailable",
 * "kql.window.endpoint./heavy.p95", ...); the analysis fills this dictionary
 * as it goes: name -> {"value": number|null, "unit": s, "files": [...]}.
 * A null value, or an absent name, is missing evidence. The names are
 * documented in docs/model.md and docs/criteria.md. */
#ifndef LV_METRICS_H
#define LV_METRICS_H

#include <jansson.h>

/* Set metric `name` to `value` (stolen; NULL means null) with its unit and
 * up to two source files (either may be NULL). */
void lv_metric_set(json_t *metrics, const char *name, json_t *value,
                   const char *unit, const char *file1, const char *file2);
/* The numeric value of a metric, or 0 with *known = 0. */
double lv_metric_value(const json_t *metrics, const char *name, int *known);

#endif
