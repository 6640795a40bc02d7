/* Internal to the analysis: one phase's values by name (see an_values.c). */
#ifndef LV_AN_VALUES_H
#define LV_AN_VALUES_H

#include <jansson.h>
#include <stddef.h>

/* name -> {"group","order","unit","kind","value","source"}; kind is gauge,
 * counter (monotonic: a lower value later is a reset), worker-counter (per
 * Gunicorn worker process) or id. Either document may be NULL. The app
 * values of the diag-stats document are its pid and `counters` (the
 * profile's app counters; NULL: the loader's default, snapshot.h). */
json_t *lv_an_phase_values(json_t *proc, const char *proc_file, json_t *stats,
                           const char *stats_file, json_t *sums,
                           const char *const *counters);

/* Every name present in any phase, in display order: by group (meminfo,
 * vmstat, sums, psi, loadavg, app, endpoint), then the profile's row_order,
 * then, in the app group, the app counters in `counters`' order (NULL: the
 * default) and the pid after them, then by name. */
json_t *lv_an_value_names(json_t *const *phase_vals, size_t nphases,
                          json_t *row_order, const char *const *counters);

#endif
