/* Internal to the diff: the sections, and helpers shared by them.
 * Every helper reads models defensively: a missing key or a value of the
 * wrong type is unknown evidence (null), never a crash, since a model may
 * come from a file. */
#ifndef LV_DIFF_INT_H
#define LV_DIFF_INT_H

#include <jansson.h>
#include <stddef.h>

/* --- helpers (diff.c) --- */

/* The value of quantity q ({"value": v, ...}) or of the number q itself:
 * 1 with *out set, 0 when unknown. */
int lv_dx_num(const json_t *q, double *out);
/* A new quantity {"value","unit"} with the value of q (null when unknown). */
json_t *lv_dx_qty(const json_t *q, const char *unit);
/* A new quantity b - a (integer when both values are integers), null when
 * either is unknown. */
json_t *lv_dx_delta(const json_t *qa, const json_t *qb, const char *unit);
/* A new quantity in %: (b - a) / |a| · 100, null when either is unknown or
 * a is 0. */
json_t *lv_dx_pct(const json_t *qa, const json_t *qb);
/* The element of array arr whose string member `key` equals `val`, or NULL. */
json_t *lv_dx_find(const json_t *arr, const char *key, const char *val);
/* The distinct string values of member `key` in the elements of arr_a,
 * then those of arr_b not seen yet, in order. New array of strings. */
json_t *lv_dx_union(const json_t *arr_a, const json_t *arr_b, const char *key);
/* The string at o[key], or `dflt` when it is not a string. */
const char *lv_dx_str(const json_t *o, const char *key, const char *dflt);

/* --- sections --- */

/* diff_metrics.c */
json_t *lv_dx_snapshots(const json_t *a, const json_t *b);
json_t *lv_dx_deltas(const json_t *a, const json_t *b);
json_t *lv_dx_http(const json_t *a, const json_t *b);

/* diff_latency.c: {"sets": [...], "only_a": [...], "only_b": [...]} */
json_t *lv_dx_latency(const json_t *a, const json_t *b, double alpha);

#endif
