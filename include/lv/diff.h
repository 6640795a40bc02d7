/* labverdict — comparing two runs: `labverdict diff A B`.
 *
 * diff works on two MODELS (analyze.h), never on raw files: each side is
 * the model of a run folder (lv_analyze) or a model saved by
 * `report --format json`. lv_diff turns the two into a DIFF MODEL, a
 * jansson object that `diff --format json` prints and the template
 * templates/diff.md.mustache renders; docs/diff.md documents it field by
 * field. In short:
 *
 *   verdict    result and stage of A and B, and whether either changed
 *   criteria   every criterion whose state changed, with its numbers
 *   snapshots  every snapshot metric per phase: A, B, B - A, % change
 *   deltas     the baseline -> later-phase deltas of A against those of B
 *   latency    every sample set (model "samples") present in both: n,
 *              median, p95, % change and a two-sided Mann–Whitney U test;
 *              the sets present on one side only
 *   http       5xx counts and status distributions side by side
 *   summary    counts of what changed
 *
 * Statistics (stats.h): medians and p95 are the nearest-rank percentiles of
 * lv_sample_summarize, the code the report uses, so they are the report's.
 * A latency change is "significant" when both samples have at least
 * LV_MW_MIN_N values and p <= alpha (benchstat's rule); otherwise it is
 * shown as "~", or, below LV_MW_MIN_N values, as a warning with no verdict
 * of change. Two identical models give no significant change anywhere.
 *
 * Ownership: functions returning json_t * give a new reference; models
 * passed in are borrowed and never changed. */
#ifndef LV_DIFF_H
#define LV_DIFF_H

#include <jansson.h>
#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/report.h"

#define LV_DIFF_VERSION 1

/* One side of the comparison. */
typedef struct {
    const json_t *model;  /* the model (borrowed) */
    const char *input;    /* the path the user gave (NULL: none) */
    const char *kind;     /* "folder" or "model" (NULL: not said) */
} lv_diff_input;

/* 0 when `m` is a model this labverdict can compare: an object with
 * "schema_version" == LV_SCHEMA_VERSION and a "verdict" object. Otherwise
 * -1 with an error naming `label` (the caller exits 3: the input cannot
 * be read). A model without a "samples" section is accepted with a warning
 * (its latency cannot be tested). */
int lv_diff_check_model(const json_t *m, const char *label, lv_diag *d);

/* The diff model of a against b; alpha in (0, 1) is the significance
 * level (LV_MW_ALPHA by default). Never NULL. */
json_t *lv_diff(const lv_diff_input *a, const lv_diff_input *b, double alpha);

/* The exit code of a diff model: LV_EXIT_OK when the verdicts (result and
 * stage) are the same, LV_EXIT_GATE when either differs. */
int lv_diff_exit_code(const json_t *diff);

/* Render a diff model as report.h renders a model: "json" (the diff model),
 * "md" (through templates/diff.md.mustache, or o->template_text; every
 * {{value}} escaped with lv_escape_md_cell), "html" (the Markdown as one
 * page). 0, or -1 with an error (a template that does not compile or
 * render: exit 2). o->sources is not used. */
int lv_diff_render(const json_t *diff, const lv_render_opts *o, lv_buf *out,
                   lv_diag *d);

#endif
