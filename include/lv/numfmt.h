/* labverdict — numbers as text, the same on every machine.
 *
 * The output never depends on the locale: the decimal point is always '.',
 * the thousands separator (when asked for) always ',', in groups of three.
 * Nothing here calls setlocale; if something else in the process has
 * changed LC_NUMERIC, the C library's radix character is replaced by '.'.
 *
 * Every function writes a NUL-terminated string into `out`, a caller buffer
 * of LV_NUMFMT_MAX bytes, and returns `out` (so the call can be an argument
 * of printf). Use lv_buf_puts to append the result to an lv_buf.
 *
 * Signs and zero:
 *   - a negative number gets '-'; with LV_NUMFMT_PLUS a positive one gets
 *     '+' (for deltas: "+1,674,998", "-479,136");
 *   - zero has no sign, even with LV_NUMFMT_PLUS: "0", "0.0", "0.0%". A
 *     delta of zero is neither an increase nor a decrease;
 *   - the sign is decided on the text after rounding: -0.0, and -0.04 with
 *     one decimal, are "0.0", never "-0.0" (and 0.04 with PLUS is "0.0").
 * NaN and ±infinity are written "n/a".
 *
 * Rounding of fixed decimals is that of printf's %.Nf: correctly rounded
 * from the binary value (1.0105 is 1.01049999... in binary, so "1.010"). */
#ifndef LV_NUMFMT_H
#define LV_NUMFMT_H

#include <stdint.h>

/* Room for any result: INT64_MIN grouped is 26 bytes; fixed text with up to
 * LV_NUMFMT_MAX_DECIMALS decimals of a value below 1e18 is at most 49. */
#define LV_NUMFMT_MAX 64
#define LV_NUMFMT_MAX_DECIMALS 20

/* flags */
#define LV_NUMFMT_GROUP 1u   /* thousands separators: 4,983.5 */
#define LV_NUMFMT_PLUS 2u    /* '+' before positive numbers */

/* A whole number: lv_fmt_int(out, 523896, LV_NUMFMT_GROUP) is "523,896";
 * lv_fmt_int(out, 1674998, LV_NUMFMT_GROUP | LV_NUMFMT_PLUS) is
 * "+1,674,998". Every int64_t, INT64_MIN included. */
char *lv_fmt_int(char *out, int64_t v, unsigned flags);

/* A number with exactly `decimals` digits after the point (0..20; 0 gives
 * no point): lv_fmt_fixed(out, 1.0104, 3, 0) is "1.010",
 * lv_fmt_fixed(out, 4983.46, 1, LV_NUMFMT_GROUP) is "4,983.5".
 * A value whose magnitude is 1e18 or more is written as lv_fmt_double
 * would (with the '+' if asked), since such digits mean nothing in a
 * report. */
char *lv_fmt_fixed(char *out, double v, int decimals, unsigned flags);

/* lv_fmt_fixed followed by '%'. `pct` is already a percentage:
 * lv_fmt_percent(out, -91.5, 1, LV_NUMFMT_PLUS) is "-91.5%". NaN is "n/a"
 * without '%'. */
char *lv_fmt_percent(char *out, double pct, int decimals, unsigned flags);

/* The shortest text that reads back (strtod) as the same double, for JSON
 * and templates: the fewest significant digits 1..17 that round-trip,
 * written like Python's repr but without a trailing ".0": plain decimals
 * when the decimal exponent is in -4..15 ("1.21", "0.30000000000000004",
 * "100000", "0.0001"), otherwise exponent form ("1e+16", "1e-05",
 * "1.5e+300"). -0.0 is "0". The text is a valid JSON number; NaN and
 * infinities are "n/a" (check isfinite first where JSON needs null). */
char *lv_fmt_double(char *out, double v);

#endif
