/* labverdict — strict number parsing of artifact text.
 *
 * strtod and strtoull accept too much for evidence ("nan", "inf", hex, leading
 * blanks, "1e5" for a counter); these accept plain decimal text only and say
 * why they refuse. */
#ifndef LV_NUMPARSE_H
#define LV_NUMPARSE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    LV_NUM_OK = 0,
    LV_NUM_SYNTAX,    /* not plain decimal digits */
    LV_NUM_NEGATIVE,  /* a '-' where only non-negative values make sense */
    LV_NUM_RANGE      /* does not fit */
} lv_num_status;

/* Digits only, into a uint64 (past 2^64-1: LV_NUM_RANGE). */
lv_num_status lv_parse_u64(const char *s, size_t n, uint64_t *out);
/* An optional '-', digits, optionally '.' digits, optionally an exponent
 * (e/E, sign, digits). Never NaN or infinity (LV_NUM_RANGE on overflow). */
lv_num_status lv_parse_decimal(const char *s, size_t n, double *out);
/* Decimal text to double without strtod when that is exact: s[0..n) is an
 * optional '-', digits, optionally '.' and digits (no exponent), whose
 * digits read as one integer M are at most 2^53, with at most 22 after the
 * point. Then M and 10^k are exact doubles
 * and one IEEE division rounds correctly, so *out is exactly what strtod
 * gives (Clinger's fast path), at a fraction of its cost. Returns 1 and
 * sets *out, or 0 (text outside the fast path, or not of that form): use
 * strtod then. The caller has checked the syntax it needs; this only
 * refuses. */
int lv_decimal_fast(const char *s, size_t n, double *out);
/* A human word for a status ("not a number", ...). */
const char *lv_num_status_text(lv_num_status st);

#endif
