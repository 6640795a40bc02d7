/* labverdict — a lab profile: what is lab-specific, kept as data.
 *
 * A profile is a folder of data files; another lab is another profile, not
 * another program:
 *
 *   roles.json          file roles (globs on the base name), phases, the
 *                       loader of each role, and the metric names that hold
 *                       the lab's own words ("metric_patterns"); required
 *   analysis.json       the analysis rules: phases compared, run-window
 *                       slack, summed counters, interpretation phrases,
 *                       latency sets, log signatures and events, the
 *                       interpretation boundary (analyze.h,
 *                       lv_analysis_rules_check); required
 *   criteria.json       the hypothesis, proof and disproof criteria and the
 *                       failure-stage signals (criteria.h); required
 *   report.md.mustache  the report template; optional: without it a report
 *                       is rendered through the generic built-in
 *                       templates/report.md.mustache
 *
 * The built-in profiles have the same shape, embedded at build time
 * (profiles/<name>/...; tools/embed.c). A profile comes from one of three
 * sources (lv_profile_load, what --profile takes):
 *
 *   NAME       a built-in profile ("memory-pressure")
 *   DIR        a profile folder: every required file must be there, and
 *              each is read from it
 *   FILE.json  a roles file alone (as before profiles were folders): its
 *              roles, phases and metric_patterns; the analysis rules,
 *              criteria and template are those of the built-in profile
 *              named by its "profile" member. Without such a built-in they
 *              are absent (NULL): the inventory and the loaders work, a
 *              report asks for a profile folder.
 *
 * Loading reads every file and parses roles.json and analysis.json as JSON
 * (every error at its place, FILE:LINE:COL, the file named as it is inside
 * the folder: "DIR/analysis.json"). The criteria and the template are kept
 * as text and checked by their own parsers (criteria.h, mustache.h) with
 * the same labels; the analysis rules by lv_analysis_rules_check. The
 * command line does all of it before any work (cliutil.h).
 *
 * "metric_patterns" is optional: an array of metric-name patterns
 * (metricpat.h), each checked when the profile loads; every bad one is an
 * error at its place (FILE:LINE:COL). Without it, metric_patterns is NULL
 * and criteria names are checked for their form only (criteria.h,
 * lv_metric_patterns_fallback).
 *
 * Ownership: lv_profile owns every string in it, the texts of its files and
 * one reference to `rules`; lv_profile_free frees all. The inventory's
 * roles and phases point into the profile, which must outlive it. */
#ifndef LV_PROFILE_H
#define LV_PROFILE_H

#include <jansson.h>
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

/* One data file of a profile, as read. */
typedef struct {
    char *text;     /* NUL-terminated; NULL: the profile has no such file */
    size_t len;
    char *label;    /* where it came from, the name in messages:
                     * "profiles/memory-pressure/criteria.json" (built-in),
                     * "DIR/criteria.json" (a folder); NULL with text */
} lv_profile_file;

typedef struct {
    char *name;
    char *title;
    lv_role_rule *roles;
    size_t nroles;
    lv_phase_rule *phases;
    size_t nphases;
    char **metric_patterns; /* NULL-terminated; NULL: the profile has none */

    char *source;           /* what the profile was loaded from, for
                             * messages: the built-in name, the folder or
                             * the roles file; NULL after lv_profile_parse */
    lv_profile_file roles_file;   /* roles.json (NULL text after lv_profile_parse) */
    lv_profile_file analysis;     /* analysis.json */
    json_t *rules;                /* analysis.json parsed; NULL with its text */
    lv_profile_file criteria;     /* criteria.json */
    lv_profile_file report_template; /* report.md.mustache; NULL text: the
                                      * generic built-in template */
} lv_profile;

/* Load the profile --profile names: a built-in name, a profile folder, or
 * a roles file alone. A value with a '/' or ending in ".json" is a path (a
 * folder when it is one, else a roles file); any other value is a built-in
 * name (write ./NAME for a folder in the current one). 0, or -1 with every
 * error in d. */
int lv_profile_load(const char *arg, lv_profile *p, lv_diag *d);
/* The embedded profile `name` ("memory-pressure"): all of its files. */
int lv_profile_load_builtin(const char *name, lv_profile *p, lv_diag *d);
/* The profile folder `dir`: roles.json, analysis.json and criteria.json
 * (each missing one is an error naming it) and report.md.mustache when it
 * is there. */
int lv_profile_load_dir(const char *dir, lv_profile *p, lv_diag *d);
/* A roles file alone, completed by lv_profile_use_builtin. */
int lv_profile_load_file(const char *path, lv_profile *p, lv_diag *d);
/* Parse a roles document (text, len); `label` names it in messages. The
 * profile then has roles, phases and patterns only (no analysis rules,
 * criteria or template). */
int lv_profile_parse(const char *text, size_t len, const char *label,
                     lv_profile *p, lv_diag *d);
/* Give a profile that has roles only the analysis rules, criteria and
 * template of the built-in profile of its name (what a roles file alone
 * uses). 0 also when there is no such built-in (they stay absent); -1 when
 * the built-in's analysis rules do not parse. */
int lv_profile_use_builtin(lv_profile *p, lv_diag *d);
void lv_profile_free(lv_profile *p);

/* The rule whose glob matches `base` (first wins), or NULL. */
const lv_role_rule *lv_profile_role(const lv_profile *p, const char *base);
/* The phase rule named `phase`, or NULL. */
const lv_phase_rule *lv_profile_phase(const lv_profile *p, const char *phase);
/* The app counters of the profile's diag app: its analysis rules'
 * "app_counters" (the /diag/stats counters besides the pid), what every
 * diag-stats loader is given (snapshot.h, lv_parse_diag_stats). A new
 * NULL-terminated array of strings borrowed from p->rules (valid while the
 * profile is; free() the array only); NULL when the profile has no rules
 * or they have no "app_counters": the loader's default then, request_count
 * (lv_diag_stats_default_counters). */
const char **lv_profile_app_counters(const lv_profile *p);

#endif
