/* labverdict — loaders of the small snapshot documents of a run:
 * diag-proc (/diag/proc), diag-stats (/diag/stats), app-config/app-state.
 *
 * Each loader reads the whole document (they are a few KB), checks every
 * value it uses, and returns a jansson object in the model's shape (see
 * docs/model.md). A value that is wrong (a counter that is not a number, past
 * 2^64, negative, ...) is left out with a warning that names the file, the
 * line and column, and the JSON pointer; the rest is still loaded. A document
 * that is not JSON, or not an object, is an error: NULL.
 *
 * Ownership: every returned json_t is a new reference for the caller. */
#ifndef LV_SNAPSHOT_H
#define LV_SNAPSHOT_H

#include <jansson.h>
#include <stddef.h>
#include "lv/diag.h"

/* Shared state of one document being loaded. */
typedef struct {
    const char *text;
    size_t len;
    const char *label;
    lv_diag *d;
} lv_doc;

/* Parse text as a JSON object; NULL with an error naming `what` ("a
 * /diag/proc snapshot") when it is not JSON or not an object. */
json_t *lv_doc_load_object(const lv_doc *doc, const char *what);

/* Warn about the value at JSON pointer `ptr` (e.g. "/meminfo/MemFree"),
 * placing the message at the key's line and column in the text. */
void lv_doc_warn(const lv_doc *doc, const char *ptr, const char *fmt, ...)
    LV_PRINTF(3, 4);

/* diag-proc: {"meminfo":{"MemTotal":{"value":N,"unit":"kB"},...},
 * "vmstat":{"pgscan_kswapd":N,...}, "psi":{"some":{"avg10":x,"avg60":x,
 * "avg300":x,"total":N},"full":{...}}, "loadavg":{"load1":x,"load5":x,
 * "load15":x,"runnable":N,"threads":N,"last_pid":N}} */
json_t *lv_parse_diag_proc(const char *text, size_t len, const char *label,
                           lv_diag *d);
/* diag-stats: {"pid":N, COUNTER:N..., "process_start_time":"ISO",
 * "uptime_seconds":x,"snapshot_time":"ISO" (start + uptime: when the
 * snapshot was taken),"endpoint_counters":{...}}.
 *
 * `counters` (NULL-terminated) names the app counters the lab's diag app
 * reports besides the pid, which every diag app has and is always read:
 * the profile's "app_counters" (analysis.json; lv_profile_app_counters),
 * e.g. {"request_count", "leak_block_count", NULL} for memory-pressure.
 * NULL means lv_diag_stats_default_counters, what a profile without
 * "app_counters" means too. The pid and each counter are checked alike: a
 * missing one is a warning ("missing"), one that is not a non-negative
 * integer is a warning and left out. A name given twice is read once; a
 * name of the document's own members (lv_diag_stats_member) is not read as
 * a counter. */
json_t *lv_parse_diag_stats(const char *text, size_t len, const char *label,
                            const char *const *counters, lv_diag *d);
/* {"request_count", NULL}: the counter every diag app of the lab family
 * reports (it counts the requests a worker answered); a lab's own
 * counters (leak_block_count) are the profile's to name. */
extern const char *const lv_diag_stats_default_counters[];
/* 1 when `name` is a member every /diag/stats answer has, or the loader
 * adds, rather than an app counter: pid, process_start_time,
 * uptime_seconds, snapshot_time, endpoint_counters. */
int lv_diag_stats_member(const char *name);
/* app-config / app-state: {"linuxFxVersion":s,"runtime":s,"appCommandLine":s,
 * "gunicorn":{"workers":N,"timeout":N,"bind":s},"alwaysOn":b,
 * "numberOfWorkers":N,"sku":s,"state":s,"location":s} — each only when the
 * document has it. */
json_t *lv_parse_app_config(const char *text, size_t len, const char *label,
                            lv_diag *d);
/* Any JSON document, checked only for being JSON (diag-env, health). */
json_t *lv_parse_plain_json(const char *text, size_t len, const char *label,
                            lv_diag *d);

/* Read the file and call the parser for `format` ("diag-proc", "diag-stats",
 * "app-config", "json"). `counters` are the diag-stats app counters (see
 * lv_parse_diag_stats; NULL: the default), unused by the other formats.
 * NULL with an error when unreadable or invalid. */
json_t *lv_load_snapshot(const char *path, const char *label, const char *format,
                         const char *const *counters, lv_diag *d);

#endif
