/* Internal to the KQL analysis (an_kql.c: HTTP; an_logs.c: console and
 * platform): the run window as the row readers see it, and the exports. */
#ifndef LV_AN_KQL_H
#define LV_AN_KQL_H

#include <stdint.h>

#include "lv/analyze.h"
#include "lv/kql.h"
#include "lv/timeutil.h"

/* Where a row's time falls. */
enum { LV_T_IN, LV_T_BEFORE, LV_T_AFTER, LV_T_UNDATED };

/* The run window, copied out of lv_an: rows may be reduced on another
 * thread, which must read nothing the analysis goes on writing. */
typedef struct {
    int have;
    int64_t start, end;   /* ns since the epoch, inclusive */
} lv_an_window_t;

lv_an_window_t lv_an_window_of(const lv_an *an);

/* LV_T_* of a row whose time cell is t (*ns set when dated). Without a
 * window every dated row is LV_T_IN. */
int lv_an_place(const lv_an_window_t *w, const lv_kql_value *t, int64_t *ns,
                lv_time_memo *memo);

/* The export of `which` ("http", "console", "platform": its role is in the
 * profile's analysis rules, kql.WHICH), or NULL; with `warn`, a missing one
 * is a warning that its evidence is unknown. */
const lv_artifact *lv_an_export(lv_an *an, const char *which, int warn);

/* A console or platform export read and reduced (lv_an_log_read), waiting
 * to be put in the model (lv_an_log_model, which frees it). */
typedef struct lv_an_log lv_an_log;
typedef enum { LV_AN_CONSOLE, LV_AN_PLATFORM } lv_an_log_kind;

/* Read the export of `kind` with its own message list; NULL when there is
 * no such export. */
lv_an_log *lv_an_log_read(lv_an *an, lv_an_log_kind kind);
/* Warn when the export of `kind` is missing; else move l's messages into
 * an->d and add its section and metrics to the model. Frees l (NULL is
 * fine). */
void lv_an_log_model(lv_an *an, lv_an_log_kind kind, lv_an_log *l);

#endif
