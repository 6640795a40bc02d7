/* Internal to the KQL analysis: per-endpoint reduction of HTTP rows.
 *
 * Memory is bounded: at most `max` distinct endpoints are kept (the rest are
 * counted under "(other endpoints)"), names are cut at LV_EP_NAME_MAX bytes,
 * and each endpoint keeps its TimeTaken values (for exact percentiles: as a
 * tally, so whole milliseconds take the memory of their range, not of the
 * rows) and a short list of status counts — never the rows. */
#ifndef LV_KQL_REDUCE_H
#define LV_KQL_REDUCE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "lv/stats.h"
#include "lv/tally.h"

#define LV_EP_NAME_MAX 256

typedef struct {
    int code;
    uint64_t n;
} lv_status_count;

typedef struct {
    char *name;
    size_t len;
    uint64_t rows, n2xx, n5xx;
    lv_status_count *st;
    size_t nst, capst;
    lv_tally taken;    /* TimeTaken: whole milliseconds are counted */
} lv_ep;

typedef struct {
    lv_ep *v;
    size_t n, cap, max;
    size_t *slots;     /* open addressing: index + 1, 0 = empty */
    size_t nslots;
    lv_ep other;
    uint64_t rows, n2xx, n5xx;
} lv_ep_table;

void lv_ep_init(lv_ep_table *t, size_t max);
void lv_ep_free(lv_ep_table *t);
/* Count one row; status -1 when unknown, have_taken 0 when TimeTaken is. */
void lv_ep_add(lv_ep_table *t, const char *name, size_t len, int status,
               int have_taken, double taken);
/* {"n","n5xx","share_2xx","endpoints":[{"endpoint","n","status_text",
 * "n5xx","mean","p50","p95","p99","max"}]}, endpoints by rows (most first),
 * then name. */
json_t *lv_ep_summary(lv_ep_table *t);
/* Call fn for each endpoint, in the order of lv_ep_summary. */
void lv_ep_each(lv_ep_table *t, void (*fn)(void *ctx, lv_ep *e), void *ctx);

#endif
