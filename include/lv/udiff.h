/* labverdict — a unified diff of two texts, for `report --check`.
 *
 * Line-based, with three lines of context, in the format of `diff -u`
 * (without time stamps, so it is deterministic). The longest common
 * subsequence is found by dynamic programming over the lines: reports are a
 * few hundred lines; past LV_UDIFF_MAX_CELLS line pairs the diff falls back
 * to one hunk from the first to the last differing line. */
#ifndef LV_UDIFF_H
#define LV_UDIFF_H

#include <stddef.h>
#include "lv/buf.h"

#define LV_UDIFF_MAX_CELLS ((size_t)16 << 20)

/* Append the diff of a (old, named label_a) and b (new) to out. Returns 0
 * when the texts are equal (nothing appended), 1 otherwise. */
int lv_udiff(const char *a, size_t alen, const char *b, size_t blen,
             const char *label_a, const char *label_b, lv_buf *out);

#endif
