/* labverdict — client response CSVs: one record per request the load
 * generator sent, "index,status,seconds" (optionally "label," first).
 *
 * Two shapes are read, and told apart by looking at the text:
 *
 *   normal   one record a line, an optional header line
 *            "index,status,seconds" (or "label,index,status,seconds");
 *            parsed as CSV: with libcsv when the text holds a double
 *            quote, so quoted fields work, else split at ',' and line ends
 *            the same way without it; a broken row is named by line:col.
 *            Seconds are any decimal ("1", "0.78").
 *   glued    records written with no separator (all on one line, or some
 *            lines holding several records), e.g. "1,200,4.83946710,200,.."
 *            = (1,200,4.839467) (10,200,..). The seconds carry a fixed
 *            number of decimals, which is inferred; see src/load/recover.c.
 *            Errors are named by byte offset.
 *
 * A file is "glued" when one of its lines holds more than 3 commas (outside
 * double quotes): a single record never does.
 *
 * A text of 4 GiB or more is refused (lv_responses_load reads at most
 * LV_READ_LIMIT bytes anyway).
 *
 * Both shapes accept a UTF-8 BOM, LF or CRLF line ends, blank lines, a
 * trailing newline or none. Indexes must run 1..N, each once. A record of
 * status 000 and seconds 0 ("7,000,0") that directly follows a record of
 * the same index is the fallback line a failed request leaves behind: it is
 * folded into that record (fallback_merged = 1) with a warning, not counted
 * as a second request.
 *
 * Labels are all-or-nothing: either every record has one (v[i].label
 * non-NULL) or none has.
 *
 * Ownership: an lv_response_set owns its array and the one pool that holds
 * every seconds text and label its records point at; lv_response_set_free
 * releases both (the records' pointers die with it). On error the set is left empty
 * (v NULL, n 0) and nothing needs freeing, though freeing is harmless.
 */
#ifndef LV_RESPONSES_H
#define LV_RESPONSES_H

#include <stddef.h>
#include <stdint.h>

#include "lv/diag.h"

/* The most decimals a glued file's seconds may carry (tried 1..this). */
#define LV_RESPONSES_MAX_DECIMALS 15

typedef struct {
    uint64_t index;            /* 1..N */
    double seconds;            /* time_total */
    const char *seconds_text;  /* as written in the file: keeps precision
                                  (at most 31 characters); in the set's pool */
    const char *label;         /* in the set's pool; NULL when the file has
                                  no label field */
    long long offset;          /* byte offset of the record in the file */
    int status;                /* HTTP status; 0 for "000" = no response */
    char status_text[4];       /* the 3 digits as written, e.g. "000" */
    int fallback_merged;       /* a fallback record of this index was folded in */
} lv_response;

typedef struct {
    lv_response *v;          /* owned; v[i].index == i + 1 */
    size_t n;
    char *pool;              /* owned: the NUL-terminated seconds texts and
                                labels the records point at */
    int glued;               /* the file had records glued together */
    int decimals;            /* seconds decimals: inferred when glued; in
                                the normal shape the count every timed record
                                shares; -1 when they differ or n/a */
} lv_response_set;

/* Read the response CSV at `path` into *out, ordered by index.
 * `label` names the file in messages (NULL: path).
 * Returns 0 (warnings possible) or -1 with at least one error in d. */
int lv_responses_load(const char *path, const char *label,
                      lv_response_set *out, lv_diag *d);

/* The same from text[0..len) (which may hold NUL bytes); offsets are
 * counted from text[0]. `label` names the text in messages (NULL:
 * "<input>"). */
int lv_responses_parse(const char *text, size_t len, const char *label,
                       lv_response_set *out, lv_diag *d);

void lv_response_set_free(lv_response_set *s);

#endif
