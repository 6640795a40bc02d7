/* Internal to the analysis: one phase's values by name (see an_values.c). */
#ifndef LV_AN_VALUES_H
#define LV_AN_VALUES_H

#include <jansson.h>
#include <stddef.h>

/* name -> {"group","order","unit","kind","value","source"}; kind is gauge,
 * counter (monotonic: a lower value later is a reset), worker-counter (per
 * Gunicorn worker process) or id. Either document may be NULL. */
json_t *lv_an_phase_values(json_t *proc, const char *proc_file, json_t *stats,
                           const char *stats_file, json_t *sums);

/* Every name present in any phase, in display order. */
json_t *lv_an_value_names(json_t *const *phase_vals, size_t nphases,
                          json_t *meminfo_order);

#endif
