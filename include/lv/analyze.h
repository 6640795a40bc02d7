/* labverdict — analysis: from a run folder to the model.
 *
 * The model is a jansson object, the one contract between analysis and
 * rendering; `report --format json` prints it and docs/model.md documents it
 * field by field. Every number that is shown to people is a quantity
 * {"value": v, "unit": u} so that renderers can round it and say its unit;
 * values keep their source precision.
 *
 * The samples section
 * -------------------
 * Summaries are enough for a report, but `labverdict diff` tests whether
 * latency changed between two runs (Mann–Whitney U), and a test needs the
 * values. So the model carries them, after "metrics":
 *
 *   "samples": {
 *     "max_values": 100000,              LV_SAMPLES_MAX
 *     "sets": [ SET, ... ]               client sets, then KQL window, whole
 *   }
 *   SET = {
 *     "id":       "client.leak" | "kql.window.endpoint./heavy" | ...
 *                 (the prefix of the set's metric names, see metrics.h)
 *     "source":   "client" (a response CSV) | "kql" (HTTP log TimeTaken)
 *     "name":     client: the latency set's name ("leak", "heavy")
 *     "scope", "endpoint":  kql: "window" | "whole", and the CsUriStem
 *     "label":    for people ("Leak phase (/leak)", "/heavy (run window)")
 *     "unit":     "s" (client) | "ms" (kql)
 *     "file":     the artifact the values come from
 *     "n":        how many values the set has (its true size)
 *     "subsampled": true when n > max_values and only max_values are kept
 *     "values":   the values, ascending (numbers, source precision)
 *   }
 * A client set is present when its CSV was read (status and failed
 * requests included: every record's seconds); a KQL set for every endpoint
 * of the scope's table, the "(other endpoints)" bucket included, also when
 * it has no timed row (n 0). A set that cannot be read is absent.
 *
 * Subsampling keeps percentiles exact: when n > max_values (m), the values
 * kept are v[ceil(k·n/m)] for k = 1..m (1-based ranks of the sorted values),
 * that is the nearest-rank percentile at k/m of the whole set. Since m is a
 * multiple of 100000, every nearest-rank percentile at a whole milli-percent
 * (stats.h: p50, p90, p95, p99, the maximum) of the kept values is the same
 * value as that of all n values; the mean and the minimum are not kept
 * exactly, and a test on the kept values is a test on a sample of m.
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
#include "lv/stats.h"
#include "lv/tally.h"

#define LV_SCHEMA_VERSION 1

/* The most phases the analysis rules may compare. */
#define LV_AN_MAX_PHASES 8

/* Check the profile's analysis rules (p->rules, parsed from analysis.json)
 * against what the analysis reads: the keys and kinds of every member, the
 * phases and roles they name being the profile's own (roles.json), names
 * that become words of metric names (latency sets, signatures, events)
 * being words. Every error is reported at its place in p->analysis (the
 * path as a JSON pointer, then the message); 0, or -1. A profile without
 * rules (a roles file alone whose name is no built-in) is an error too. */
int lv_analysis_rules_check(const lv_profile *p, lv_diag *d);

/* A context shared by the analysis steps. */
typedef struct {
    const lv_profile *profile;
    const lv_inventory *inv;
    lv_diag *d;
    json_t *model;    /* being built */
    json_t *metrics;  /* the flat metric dictionary (see metrics.h) */
    json_t *rules;    /* the profile's analysis rules (profile->rules, borrowed) */
    int have_window;  /* the run window, once lv_an_window has run */
    int64_t win_start, win_end;   /* ns since the epoch, inclusive */
    json_t *samples;  /* the samples section (NULL: created on first use) */
    int no_samples;   /* lv_analyze_opts.samples was 0 */
    struct lv_an_http *http;  /* the HTTP export's stream, once started */
    int one_thread;   /* lv_analyze_opts.one_thread */
    const char **app_counters; /* the profile's diag-stats app counters
                                * (lv_profile_app_counters; NULL: the
                                * loader's default), owned */
} lv_an;

/* What lv_analyze builds beyond what every reader of the model needs. */
typedef struct {
    /* 1: the samples section (the default). `diff` and `--format json`
     * read it; the Markdown and HTML renderers do not (lv_view drops it),
     * and on a 500,000-row run it is 400,000 numbers to build and free,
     * about half of report's peak memory. 0: the model has no "samples". */
    int samples;
    /* 1: everything on the calling thread. By default the HTTP export is
     * read on a second thread (lv_an_kql_start); the model and the
     * messages are the same either way, which the tests check. */
    int one_thread;
} lv_analyze_opts;

/* Analyse the folder with the profile's analysis rules and evaluate the
 * criteria. Returns the model, or NULL when the profile's rules fail
 * lv_analysis_rules_check, or the folder cannot be read or holds no
 * artifact at all (an error in d; exit 3). Unreadable or invalid artifacts are warnings: their evidence
 * becomes unknown. lv_analyze builds everything; lv_analyze_with takes
 * options (NULL: the defaults). */
json_t *lv_analyze(const char *dir, const lv_profile *p, const lv_criteria *c,
                   lv_diag *d);
json_t *lv_analyze_with(const char *dir, const lv_profile *p, const lv_criteria *c,
                        const lv_analyze_opts *o, lv_diag *d);

/* The baseline phase: the first of the rules' "phases" (checked present). */
const char *lv_an_baseline(const lv_an *an);

/* The steps, each adding its section to an->model (and its metrics). */
void lv_an_context(lv_an *an);
void lv_an_snapshots(lv_an *an);
void lv_an_window(lv_an *an);
void lv_an_latency(lv_an *an);
/* Start reading the HTTP export on a second thread (after lv_an_window:
 * it needs the run window); lv_an_kql waits for it. Without a second
 * thread, or without this call, lv_an_kql reads it itself. Either way the
 * model and the messages, in their order, are the same. */
void lv_an_kql_start(lv_an *an);
void lv_an_kql(lv_an *an);
void lv_an_verdict(lv_an *an, const lv_criteria *c);

/* The samples section (see above). */
#define LV_SAMPLES_MAX 100000
/* A new, empty samples section. */
json_t *lv_samples_section(void);
/* The values to keep of s (sorted in place first), at most `cap` (a
 * multiple of 100000, or any cap >= n) as described above; *subsampled is
 * set. New array. */
json_t *lv_samples_values(lv_sample *s, size_t cap, int *subsampled);
/* Add a set to an->samples: `set` (stolen) gets "n", "subsampled" and
 * "values" from s (sorted in place). Without samples (an->no_samples) the
 * set is dropped. */
void lv_an_samples_add(lv_an *an, json_t *set, lv_sample *s);
/* The same from a tally's values, walked without a copy of them. */
void lv_an_samples_add_tally(lv_an *an, json_t *set, lv_tally *t);

/* A quantity {"value": v, "unit": unit}; v NULL → value null. */
json_t *lv_qty(json_t *v, const char *unit);
json_t *lv_qty_int(json_int_t v, const char *unit);
json_t *lv_qty_real(double v, const char *unit);

/* {"file": path} plus "pointer" when given: where a figure comes from. */
json_t *lv_source(const char *file, const char *pointer);

#endif
