/* labverdict — internals shared by src/load/responses.c (normal shape, checks,
 * building the set) and src/load/recover.c (glued streams). Not an API for the
 * rest of the tool: use lv/responses.h.
 *
 * A reader turns text into "raw" records in file order, each pointing at
 * its field texts in a source buffer (the file text for glued streams, an
 * arena of libcsv's unquoted fields for the normal shape). The common tail
 * then folds fallback records, checks that the indexes are 1..N each once,
 * and builds the lv_response_set. */
#ifndef LV_RESPONSES_INT_H
#define LV_RESPONSES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "lv/diag.h"
#include "lv/responses.h"

/* An index field longer than this is cut to it in messages. */
#define LV_RAW_IDX_MAX 64

enum { LV_IDX_OK = 0, LV_IDX_ZERO, LV_IDX_LEADING_ZERO, LV_IDX_HUGE };

/* One record as read, before the set is built. Kept small (48 bytes): a
 * 100,000-record file holds 100,000 of them, and on a VM every page first
 * touched costs about 10 us (docs/performance.md). Offsets are 32-bit:
 * lv_responses_parse refuses a text of 4 GiB or more. */
typedef struct {
    uint64_t index;           /* value; meaningful when idx_bad is OK */
    uint32_t off;             /* byte offset of the record in the file */
    uint32_t idx_at;          /* byte offset of its index field */
    uint32_t line, col;       /* line:col of the index field (normal shape);
                                 0 for glued text, where bytes are used */
    uint32_t idx_off, sec_off, lab_off;   /* field texts in the source */
    uint32_t lab_len;
    unsigned char idx_len;    /* at most LV_RAW_IDX_MAX: only shown */
    unsigned char sec_len;    /* at most 31 */
    char status[3];           /* 3 digits, no NUL */
    unsigned char idx_bad;    /* LV_IDX_* */
    unsigned char has_label;
    unsigned char fallback;   /* folded into the record before it */
} lv_raw_response;

typedef struct {
    lv_raw_response *v;
    size_t n, cap;
} lv_raw_vec;

lv_raw_response *lv_raw_push(lv_raw_vec *rv);
/* Make room for n records in all, so that pushing them does not move the
 * array. */
void lv_raw_reserve(lv_raw_vec *rv, size_t n);
void lv_raw_free(lv_raw_vec *rv);

/* Index text digits[0..n) to a value and an LV_IDX_* verdict. */
int lv_resp_index_value(const char *s, size_t n, uint64_t *value);

/* Mark the fallback records (status 000, seconds zero, same index as the
 * record just before, which is not itself a fallback). Returns the number
 * of records that remain: the requests. */
size_t lv_resp_mark_fallbacks(lv_raw_response *r, size_t n, const char *src);

/* Check that the requests' indexes are 1..n_req, each once. Returns the
 * number of problems and sets *good to the requests whose index is fine.
 * With d non-NULL each problem is reported (the first few, then a count);
 * with d NULL nothing is printed (used to score readings). */
size_t lv_resp_check(const lv_raw_response *r, size_t n, size_t n_req,
                     const char *src, const char *name, lv_diag *d,
                     size_t *good);

/* Fold, check and build *out from raw records (which must have been
 * through lv_resp_mark_fallbacks). Returns 0 or -1 (reported). */
int lv_resp_build(const lv_raw_response *r, size_t n, const char *src,
                  const char *name, lv_diag *d, lv_response_set *out);

/* Recover a glued stream: text[0..len), the records starting at byte
 * `body` (after a BOM or header line). See src/load/recover.c. */
int lv_resp_recover_glued(const char *text, size_t len, size_t body,
                          const char *name, lv_response_set *out,
                          lv_diag *d);

/* A bound on the records in t[0..n), to reserve room for them up front: a
 * record holds at least `per` bytes c (one line end, or two commas) and at
 * least 7 bytes ("1,000,0"), so that text of nothing but c reserves no
 * more than its size allows. */
size_t lv_resp_record_bound(const char *t, size_t n, char c, size_t per);

/* Whether seconds text s[0..n) is zero ("0", "0.000"). */
int lv_resp_seconds_zero(const char *s, size_t n);

/* A short quoted snippet of s[0..n) for messages: at most `max` bytes,
 * control bytes escaped, "..." when cut. Returns a malloc'd string. */
char *lv_resp_snippet(const char *s, size_t n, size_t max);

/* The normal shape (one record a line) of text[body..len): libcsv, or a
 * plain split when there is no double quote. 0, or -1 with errors. */
int lv_resp_parse_normal(const char *t, size_t len, size_t body,
                         const char *name, lv_response_set *out, lv_diag *d);

#endif
