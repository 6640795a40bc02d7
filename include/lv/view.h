/* labverdict — the view: the model made ready for people.
 *
 * Templates have no logic, so what a person reads is prepared here, in one
 * place: a deep copy of the model in which every quantity {"value","unit"}
 * gains
 *   "text"       the value rounded for people: 523,896 · 1.010 · -91.5%
 *                · 4,983.5; "n/a" when the value is unknown
 *   "text_unit"  the same with its unit: 523,896 kB · 1.010 s
 * A quantity under a key named "delta", "pct" or "change" is signed
 * (+1,674,998). Rounding by unit: kB, count, us, pid, ms as integers (ms
 * means with one decimal), s three decimals, % two (a change of % one),
 * load two. Every array under key K gains a sibling "has_K" (true when not
 * empty), since a template cannot ask that. The model itself is never changed: it keeps source precision.
 * The "metrics" and "samples" sections are not in the view. */
#ifndef LV_VIEW_H
#define LV_VIEW_H

#include <jansson.h>

/* A new object: the view of `model`. */
json_t *lv_view(const json_t *model);

/* Format one quantity's value for people into out (LV_NUMFMT_MAX bytes). */
void lv_view_format(const json_t *value, const char *unit, int is_signed,
                    int is_change, char *out);

#endif
