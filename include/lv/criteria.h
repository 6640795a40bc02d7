/* labverdict — criteria: a lab's falsifiable hypothesis as data, and its
 * verdict.
 *
 * A criteria file (docs/criteria.md; each profile has one, criteria.json:
 * the memory-pressure one is embedded from
 * profiles/memory-pressure/criteria.json) states the hypothesis, the
 * proof criteria that must all be met to support it, the disproof criteria
 * of which any one falsifies it, and the failure-stage signals that tell a
 * pre-failure run from a failed one. Each criterion is a list of conditions
 * on named metrics, "all" or "any" of which must hold:
 *
 *     {"metric": "min.pct.MemAvailable", "comparator": "<=",
 *      "threshold": -25, "unit": "%"}
 *
 * Comparators: > >= < <= (a number threshold), between ([lo, hi],
 * inclusive), changed (value != 0) and unchanged (value == 0), the last two
 * without a threshold.
 *
 * Loading checks everything it can before any evidence is seen: JSON syntax,
 * unknown keys, missing or duplicate ids, comparators, thresholds, units,
 * and that each metric name matches one of the allowed patterns (below:
 * the lab's come from its profile).
 * Every error names the place of the offending key or value in the GNU form
 * FILE:LINE:COL (lines and columns 1-based, columns in bytes); all errors
 * of a file are reported, then NULL is returned (exit 2 in the CLI).
 *
 * Evaluation takes the metric dictionary of the analysis (metrics.h):
 * name -> {"value": number|null, "unit": s|null, "files": [...]}. A metric
 * that is absent, null or not a number is missing evidence: its condition
 * is unknown, never passed and never failed. A threshold whose unit differs
 * from the metric's unit is unknown too, with a message naming the
 * criteria file's place: kB are never compared with %.
 *
 * Ownership: lv_criteria owns all its strings; returned json_t are new
 * references for the caller. */
#ifndef LV_CRITERIA_H
#define LV_CRITERIA_H

#include <jansson.h>
#include <stddef.h>
#include "lv/diag.h"
#include "lv/metricpat.h"
#include "lv/profile.h"

#define LV_CRITERIA_VERSION 1

typedef struct lv_criteria lv_criteria;

/* Metric-name patterns (the syntax, and lv_metric_pattern_match, are in
 * metricpat.h). The names a criteria file may use are those of the metric
 * dictionary (docs/criteria.md) in two parts:
 *  - lv_metric_patterns_generic: what the analysis names alike for every
 *    lab (min./max. over the phases, client.all., kql.), kept here;
 *  - the names that hold a lab's own words (its phases, response sets,
 *    console signatures, platform events: snap.midleak.*, client.leak.*,
 *    console.window.oom, ...), which come from the lab's profile
 *    ("metric_patterns", profile.h), so that another lab's criteria are
 *    checked against its own words. A profile without them gets
 *    lv_metric_patterns_fallback: the same families with any word where
 *    the lab's would stand. A misspelt phase then passes loading and is
 *    missing evidence ("unknown") at evaluation, as a misspelt meminfo
 *    key always is.
 * Both lists are NULL-terminated. */
extern const char *const lv_metric_patterns_generic[];
extern const char *const lv_metric_patterns_fallback[];

/* 1 when `name` matches a generic pattern or one of `patterns` (the
 * profile's, NULL-terminated; NULL: the fallback set). */
int lv_metric_name_allowed(const char *name, const char *const *patterns);

/* Parse a criteria document (text, len); `label` names it in messages.
 * Metric names are checked against `patterns` as lv_metric_name_allowed
 * does (the profile's metric_patterns; NULL: the fallback set). NULL on
 * error, with every error in d. */
lv_criteria *lv_criteria_parse_with(const char *text, size_t len,
                                    const char *label,
                                    const char *const *patterns, lv_diag *d);
/* Read and parse the file at `path` (label: the name in messages; NULL:
 * path), its metric names checked against `profile`'s patterns. NULL with
 * an error when it cannot be read or is not valid. */
lv_criteria *lv_criteria_load(const char *path, const char *label,
                              const lv_profile *profile, lv_diag *d);
/* The profile's own criteria (its criteria.json, profile->criteria: the
 * embedded profiles/NAME/criteria.json of a built-in profile, DIR/criteria.json
 * of a profile folder), checked against the profile's patterns; messages
 * name the file as profile->criteria.label. NULL with an error when the
 * profile has none or they are invalid (which the unit tests rule out for
 * the built-in profiles). */
lv_criteria *lv_criteria_profile(const lv_profile *profile, lv_diag *d);

void lv_criteria_free(lv_criteria *c);

/* The lab the criteria are for, and the label they were loaded under. */
const char *lv_criteria_lab(const lv_criteria *c);
const char *lv_criteria_label(const lv_criteria *c);

/* The criteria as loaded (for `labverdict criteria` and the model):
 * {"criteria_version","lab","title"?,"hypothesis","source","proof":[...],
 * "disproof":[...],"failure_stage":{...}?}, each criterion as in the file
 * with "kind" added and thresholds as written. */
json_t *lv_criteria_json(const lv_criteria *c);

/* Evaluate against the metric dictionary (NULL or a non-object: every
 * metric missing). Returns
 *   {"hypothesis": s,
 *    "criteria": [{"id","kind":"proof|disproof","title","seed","mode":"all|any",
 *                  "state":"met|not_met|unknown",
 *                  "conditions":[{"metric","comparator","threshold","unit",
 *                                 "value","value_unit","state","reason"}],
 *                  "files":[...], "needs":[...], "why", "evidence": s}],
 *    "failure_stage": {"mode","state","conditions":[...]} (when defined),
 *    "verdict": {"result":"supported|falsified|inconclusive",
 *                "stage":"pre-failure|failure|unknown",
 *                "reasons":[s...], "failure_signals":[s...]}}
 * Verdict: falsified when any disproof criterion is met; else supported
 * when every proof criterion is met; else inconclusive. Stage: failure when
 * any failure-stage condition is met; pre-failure when none is and all are
 * known; unknown otherwise. Never fails: missing evidence is "unknown". */
json_t *lv_criteria_evaluate(const lv_criteria *c, const json_t *metrics);

#endif
