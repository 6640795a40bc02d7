/* labverdict — timestamps as integer nanoseconds since the Unix epoch (UTC).
 *
 * Log Analytics writes up to 7 fractional digits (100 ns ticks) and Python's
 * isoformat 6; nanoseconds hold both exactly, and int64 reaches year 2262.
 * No function here reads the clock, the time zone or the locale. */
#ifndef LV_TIMEUTIL_H
#define LV_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define LV_NS_PER_SEC INT64_C(1000000000)

/* Parse "YYYY-MM-DDTHH:MM:SS[.fraction][Z|+HH:MM|-HH:MM]" (a space may stand
 * for the T; no zone means UTC) from s[0..n). Fraction digits past the 9th
 * are ignored. Returns 0 and sets *ns, or -1 when the text is not such a
 * timestamp or a field is out of range. */
int lv_time_parse_iso(const char *s, size_t n, int64_t *ns);

/* The same, for many timestamps in a row (the rows of a log export), with a
 * memo of the last one's date, hour and minute: a timestamp that begins
 * with the same 16 bytes ("YYYY-MM-DDTHH:MM") only has its seconds and what
 * follows read. Same results as lv_time_parse_iso. Zero the memo (or
 * lv_time_memo_init) before the first call. */
typedef struct {
    char prefix[16];   /* "YYYY-MM-DDTHH:MM" of the last valid timestamp */
    int64_t minute;    /* its start, in ns */
    int valid;
} lv_time_memo;

void lv_time_memo_init(lv_time_memo *m);
int lv_time_parse_iso_memo(const char *s, size_t n, int64_t *ns,
                           lv_time_memo *m);

/* Parse a file-name stamp "YYYYMMDDTHHMMSSZ" (exactly 16 characters).
 * Returns 0 and sets *ns, or -1. */
int lv_time_parse_stamp(const char *s, size_t n, int64_t *ns);

/* Write `ns` as "YYYY-MM-DDTHH:MM:SS[.ffffff...]Z" into out (at least 40
 * bytes): the fraction is printed to the nanosecond with trailing zeros cut,
 * and left out when zero. */
void lv_time_format_iso(int64_t ns, char *out);

/* Seconds given as decimal text ("1697.451") to nanoseconds, exactly.
 * Returns 0, or -1 when the text is not a non-negative decimal that fits. */
int lv_seconds_text_to_ns(const char *s, size_t n, int64_t *ns);

#endif
