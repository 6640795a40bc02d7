/* labverdict — a tally: a sample whose values are counted by value.
 *
 * KQL's TimeTaken is whole milliseconds, and a 500,000-row export holds a
 * few thousand distinct values. Counting them (one uint32 a value in the
 * range seen) instead of keeping one double a row makes the memory follow
 * the range of the values, not the number of rows, and makes sorting them
 * free.
 *
 * A tally starts as a plain lv_sample (its "rest"): a small sample costs
 * less as doubles than as counts of its range. From 4096 values on, once
 * at least half of them are whole numbers in [0, LV_TALLY_MAX] (not -0.0)
 * within a range the counts can hold, those are counted, and so is every
 * later value the counts hold or can be stretched to hold. The counts take
 * at most 4 bytes a slot for 2 slots a value pushed (plus 64 slots): never
 * more than the doubles they replace. Any other value stays in the rest.
 * Either way every figure of a tally is that of all the values pushed,
 * exactly as an lv_sample of them gives it: lv_tally_summarize equals
 * lv_sample_summarize on the same values, bit for bit.
 *
 * Ownership: a tally owns its counts and its sample; lv_tally_free releases
 * both. Allocation failure aborts, as for lv_sample.
 */
#ifndef LV_TALLY_H
#define LV_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "lv/stats.h"

/* The largest value counted: 2^24 (about 4.7 hours in milliseconds). */
#define LV_TALLY_MAX 16777216.0

typedef struct {
    uint32_t *count;   /* count[k]: the values equal to k, for k < ncount */
    size_t ncount;
    uint64_t counted;  /* the values in count[] */
    uint64_t sum;      /* their sum; UINT64_MAX once past 2^64 - 1 */
    lv_sample rest;    /* the values not counted */
} lv_tally;

void lv_tally_init(lv_tally *t);
void lv_tally_free(lv_tally *t);

/* Add x. As lv_sample_push: NaN and ±inf are refused (-1), else 0. */
int lv_tally_push(lv_tally *t, double x);

/* The values pushed. */
size_t lv_tally_n(const lv_tally *t);

/* The summary of every value pushed (see lv_sample_summarize). */
void lv_tally_summarize(lv_tally *t, lv_summary *out);

/* Every value pushed, ascending, one at a time, with no copy of them (the
 * rest is sorted in place first): lv_tally_walk_next may be called
 * lv_tally_n(t) times. The tally must not change meanwhile. */
typedef struct {
    const lv_tally *t;
    size_t k;        /* the slot being walked */
    uint32_t left;   /* values of slot k still to give */
    size_t r;        /* the next value of the rest */
} lv_tally_walk;

void lv_tally_walk_init(lv_tally_walk *w, lv_tally *t);
double lv_tally_walk_next(lv_tally_walk *w);

#endif
