/* labverdict — diagnostics: errors and warnings with a file and a place.
 *
 * Every message is printed on one line in the GNU form
 *
 *     labverdict: FILE:LINE:COL: error: message
 *     labverdict: FILE: byte N: warning: message
 *     labverdict: FILE: warning: message
 *
 * and also kept in the lv_diag list so that a report can show its warnings.
 * Messages are made single-line: control characters (newline, CR, tab, ESC,
 * ...) are written as visible escapes, so a hostile file name or log line can
 * never forge a second diagnostic line.
 *
 * Ownership: lv_diag owns its entries and every string in them; callers pass
 * borrowed strings, which are copied. */
#ifndef LV_DIAG_H
#define LV_DIAG_H

#include <stddef.h>
#include <stdio.h>
#include "lv/common.h"

typedef enum { LV_SEV_WARNING = 1, LV_SEV_ERROR = 2 } lv_severity;

typedef struct {
    lv_severity sev;
    char *file;       /* may be NULL for messages about no particular file */
    long line, col;   /* 1-based; 0 when unknown */
    long long byte;   /* 0-based byte offset; -1 when unknown */
    char *msg;        /* the message alone, already made single-line */
} lv_diag_entry;

typedef struct {
    lv_diag_entry *v;
    size_t n, cap;
    FILE *echo;       /* where to print each message as it comes; NULL: nowhere */
    size_t errors, warnings;
} lv_diag;

/* A diagnostics list that echoes to `echo` (stderr in the tool, NULL in
 * tests that only inspect the list). */
void lv_diag_init(lv_diag *d, FILE *echo);
void lv_diag_free(lv_diag *d);

/* Record a message at a line and column (either may be 0 = unknown). */
void lv_diag_at(lv_diag *d, lv_severity sev, const char *file, long line,
                long col, const char *fmt, ...) LV_PRINTF(6, 7);
/* Record a message at a byte offset (0-based). */
void lv_diag_byte(lv_diag *d, lv_severity sev, const char *file,
                  long long byte, const char *fmt, ...) LV_PRINTF(5, 6);
/* Record a message about a whole file (or none, with file NULL). */
void lv_diag_file(lv_diag *d, lv_severity sev, const char *file,
                  const char *fmt, ...) LV_PRINTF(4, 5);

/* Move every entry of `from` to the end of `to`, in order, echoing each to
 * to->echo as if it were recorded now; `from` is left empty (and may be
 * freed or reused). Work done on another thread records into its own list
 * (echo NULL) and is moved in at the point where it would have run, so
 * that the messages keep one deterministic order. */
void lv_diag_move(lv_diag *to, lv_diag *from);

/* The entry formatted as its stderr line, without "labverdict: " and without
 * the newline. Returns a malloc'd string the caller frees. */
char *lv_diag_format(const lv_diag_entry *e);

/* Copy `src` into a malloc'd single-line string: bytes below 0x20 and 0x7f
 * become \n, \r, \t or \xHH; a backslash stays a backslash. */
char *lv_single_line(const char *src, size_t len);

#endif
