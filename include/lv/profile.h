/* labverdict — a lab profile: what is lab-specific, kept as data.
 *
 * A profile names the file roles of a lab's artifact folder (matched by
 * glob on the base name), the phases, which loader reads each role, and
 * the metric names that hold the lab's own words (its phases, response
 * sets, log signatures and events), which its criteria files may use. The
 * memory-pressure profile is embedded (profiles/memory-pressure/roles.json);
 * another lab is another profile, not another program.
 *
 * "metric_patterns" is optional: an array of metric-name patterns
 * (metricpat.h), each checked when the profile loads; every bad one is an
 * error at its place (FILE:LINE:COL). Without it, metric_patterns is NULL
 * and criteria names are checked for their form only (criteria.h,
 * lv_metric_patterns_fallback).
 *
 * Ownership: lv_profile owns every string in it; lv_profile_free frees all. */
#ifndef LV_PROFILE_H
#define LV_PROFILE_H

#include <stddef.h>
#include "lv/diag.h"

typedef struct {
    char *role;     /* e.g. "kql-http" */
    char *glob;     /* fnmatch pattern on the base name */
    char *format;   /* loader: diag-proc, diag-stats, app-config, kql, responses, json */
    char *feeds;    /* the report sections it feeds, for people; may be NULL */
} lv_role_rule;

typedef struct {
    char *phase;    /* e.g. "baseline" */
    char *folder;   /* a folder of this name puts its files in the phase; may be NULL */
    char *token;    /* this text in a file name puts it in the phase; may be NULL */
} lv_phase_rule;

typedef struct {
    char *name;
    char *title;
    lv_role_rule *roles;
    size_t nroles;
    lv_phase_rule *phases;
    size_t nphases;
    char **metric_patterns; /* NULL-terminated; NULL: the profile has none */
} lv_profile;

/* Load the embedded profile `name` ("memory-pressure"). 0, or -1 with an
 * error in d. */
int lv_profile_load_builtin(const char *name, lv_profile *p, lv_diag *d);
/* Parse a profile document (text, len); `label` names it in messages. */
int lv_profile_parse(const char *text, size_t len, const char *label,
                     lv_profile *p, lv_diag *d);
void lv_profile_free(lv_profile *p);

/* The rule whose glob matches `base` (first wins), or NULL. */
const lv_role_rule *lv_profile_role(const lv_profile *p, const char *base);

#endif
