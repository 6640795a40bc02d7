/* labverdict — one entry to every loader, by format name.
 *
 * The formats are those a profile's roles name: diag-proc, diag-stats,
 * app-config, json (any JSON document), kql (a Log Analytics export, streamed)
 * and responses (a client response CSV, glued or not). */
#ifndef LV_LOADERS_H
#define LV_LOADERS_H

#include <jansson.h>
#include "lv/diag.h"

/* 1 when `format` is one of the above. */
int lv_format_known(const char *format);

/* Load `path` with the loader of `format` into JSON: the snapshot formats
 * give their model object; kql gives the row table as the loader streams it
 * ({"shape","columns","rows":[...]} — for inspection of small files, not for
 * the 500,000-row exports the report reduces as they stream); responses
 * gives {"glued","decimals","records":[...]}. `counters` are the app
 * counters a diag-stats file is read for (snapshot.h, lv_parse_diag_stats;
 * NULL: the default). NULL with an error. */
json_t *lv_load_any(const char *path, const char *label, const char *format,
                    const char *const *counters, lv_diag *d);

#endif
