/* labverdict — analysis: from a run folder to the model.
 *
 * The model is a jansson object, the one contract between analysis and
 * rendering; `report --format json` prints it and docs/model.md documents it
 * field by field. Every number that is shown to people is a quantity
 * {"value": v, "unit": u} so that renderers can round it and say its unit;
 * values keep their source precision.
 *
 * Ownership: functions returning json_t * give a new reference. */
#ifndef LV_ANALYZE_H
#define LV_ANALYZE_H

#include <jansson.h>
#include <stdint.h>
#include "lv/criteria.h"
#include "lv/diag.h"
#include "lv/inventory.h"
#include "lv/profile.h"

#define LV_SCHEMA_VERSION 1

/* A context shared by the analysis steps. */
typedef struct {
    const lv_profile *profile;
    const lv_inventory *inv;
    lv_diag *d;
    json_t *model;    /* being built */
    json_t *metrics;  /* the flat metric dictionary (see metrics.h) */
    json_t *rules;    /* the profile's analysis rules (analysis.json) */
    int have_window;  /* the run window, once lv_an_window has run */
    int64_t win_start, win_end;   /* ns since the epoch, inclusive */
} lv_an;

/* Analyse the folder and evaluate the criteria. Returns the model, or NULL
 * when the folder cannot be read or holds no artifact at all (an error in
 * d; exit 3). Unreadable or invalid artifacts are warnings: their evidence
 * becomes unknown. */
json_t *lv_analyze(const char *dir, const lv_profile *p, const lv_criteria *c,
                   lv_diag *d);

/* The steps, each adding its section to an->model (and its metrics). */
void lv_an_context(lv_an *an);
void lv_an_snapshots(lv_an *an);
void lv_an_window(lv_an *an);
void lv_an_latency(lv_an *an);
void lv_an_kql(lv_an *an);
void lv_an_verdict(lv_an *an, const lv_criteria *c);

/* A quantity {"value": v, "unit": unit}; v NULL → value null. */
json_t *lv_qty(json_t *v, const char *unit);
json_t *lv_qty_int(json_int_t v, const char *unit);
json_t *lv_qty_real(double v, const char *unit);

/* {"file": path} plus "pointer" when given: where a figure comes from. */
json_t *lv_source(const char *file, const char *pointer);

#endif
