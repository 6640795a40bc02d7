/* labverdict — streaming loader for Log Analytics (KQL) exports.
 *
 * An export can hold 500,000 rows (~86 MB), so rows are never held: the file
 * is parsed with yajl in 256 KiB blocks and every row is handed to a callback
 * as soon as its closing bracket is read. Memory does not grow with the
 * number of rows: the loader allocates per load (the read block, the column
 * list of at most two tables, one buffer per wanted column), never per row;
 * buffers are reused, so they grow only to the longest cell seen (yajl's own
 * buffer likewise grows to the longest token). 500,000 rows take about 1.5 MB
 * and little more time than yajl's bare parse.
 *
 * Two shapes are read:
 *
 *   1. The Log Analytics REST shape:
 *        {"tables": [{"name": "PrimaryResult",
 *                     "columns": [{"name": "TimeGenerated", "type": "datetime"}, ...],
 *                     "rows": [["2026-...Z", "/heavy", 200, 1393, "host"], ...]}]}
 *      The table named "PrimaryResult" is read (the first one of that name),
 *      else the first table. Keys may come in any order. When a table's
 *      "rows" come before its "columns" or before its "name" (so that, when
 *      they are read, it is not yet known whether they are the rows wanted
 *      or how to read them), the first pass only checks the input and notes
 *      the columns, and a second pass streams the rows: a file is read again
 *      from its start (it must be seekable), a memory buffer is simply walked
 *      again. info->passes says which happened. Rows are never kept for it.
 *
 *   2. The flat array written by `az monitor log-analytics query -o json`:
 *        [{"TableName": "PrimaryResult", "TimeGenerated": "...",
 *          "CsUriStem": "/leak", "ScStatus": "200", "TimeTaken": "988"}, ...]
 *      Each object is one row; "[]" is zero rows. The CLI often writes
 *      numbers as strings: such cells come as LV_KV_STRING, and
 *      lv_kql_int64() / lv_kql_double() read either kind.
 *
 * Columns are found by NAME, never by position: the caller lists the columns
 * it wants (want[]) and gets their values in that order, whatever the order
 * in the file.
 *
 * Decisions (what the loader does with odd input):
 *   - A required column missing from the table is an error naming it and
 *     listing the columns that are there. In the flat shape, a row without a
 *     required key is an error naming the key and the row. "Required" means
 *     present: a required cell may still be null (LV_KV_NULL).
 *   - An optional column that is absent comes as LV_KV_MISSING in every row.
 *   - Duplicate names: a wanted column that appears twice in a table's
 *     columns, or a wanted key that appears twice in one flat row, is an
 *     error (it would be ambiguous). Duplicates among columns that are not
 *     wanted are ignored: their values are never read.
 *   - Duplicate structural keys ("tables", or "name", "columns", "rows" in a
 *     table, "name" in a column) are errors.
 *   - Every table of the file must have "columns" and "rows" arrays; keys
 *     that are not known ("type", "statistics", ...) are skipped.
 *   - A row whose number of cells differs from the number of columns is an
 *     error with the row number and its byte offset.
 *   - Nesting deeper than LV_KQL_MAX_DEPTH, or a table with more than
 *     LV_KQL_MAX_COLUMNS columns, is an error (no unbounded growth).
 *   - Strings are checked to be valid UTF-8 after unescaping (no overlong
 *     forms, no surrogates, nothing past U+10FFFF). A lone low surrogate
 *     escape ("\uDC00") is therefore rejected. A yajl limitation that cannot
 *     be seen from here: a lone HIGH surrogate escape ("\uD800abc") is
 *     decoded as "?" ("?abc"), and one followed by an escape that is not a
 *     low surrogate ("\uD800\u0041") as a wrong character. (JSON leaves
 *     unpaired surrogates to the implementation; exports do not have them.)
 *   - A form feed or vertical tab anywhere is an error (yajl would take them
 *     as whitespace; JSON does not).
 *   - A UTF-8 byte order mark at the start is skipped (offsets still count
 *     it); UTF-16 input is rejected with a message saying so.
 *   - Nothing after the top-level value but whitespace.
 *
 * Errors: every failure adds exactly one error to the lv_diag, naming the
 * file (label) and, where there is one, the place: line and column (1-based;
 * columns count bytes) and the byte offset (0-based, kept in the entry's
 * `byte` and, for invalid JSON and bad rows, written in the message too).
 * Row, table and column numbers in messages are 1-based. */
#ifndef LV_KQL_H
#define LV_KQL_H

#include <stddef.h>
#include <stdint.h>
#include "lv/diag.h"

#define LV_KQL_MAX_DEPTH 64       /* nesting levels, the outermost counted */
#define LV_KQL_MAX_COLUMNS 4096   /* columns in one table */

typedef enum {
    LV_KV_MISSING,  /* the column is not in the table / the key not in the row */
    LV_KV_NULL,
    LV_KV_BOOL,
    LV_KV_NUMBER,   /* text: the number's source text, e.g. "1393" or "1e-7" */
    LV_KV_STRING,   /* text: the string, unescaped */
    LV_KV_OTHER     /* an array or object in a cell (text: "") */
} lv_kql_kind;

/* One cell. `text` is never NULL and is always NUL-terminated, but a string
 * may contain NUL bytes ("\u0000"): `len` is the truth. For MISSING, NULL and
 * OTHER, text is "" (len 0); for BOOL it is "true" or "false" and `boolean`
 * is 1 or 0 (0 for every other kind).
 * Lifetime: the values and their text belong to the loader and are valid
 * only during the callback; copy what must outlive it. */
typedef struct {
    lv_kql_kind kind;
    const char *text;
    size_t len;
    int boolean;
} lv_kql_value;

/* A wanted column, found by name (exact, case-sensitive). Names must be
 * distinct within one call. */
typedef struct {
    const char *name;
    int required;   /* 1: an error when absent; 0: LV_KV_MISSING */
} lv_kql_column;

/* Called once per row, in file order. vals[i] is the cell of want[i]
 * (nvals == nwant). `row` is the row's number, 1-based (as in messages);
 * `byte_offset` is the 0-based offset of the row's '[' or '{' in the file.
 * Return 0 to go on. A non-zero return stops the load, which then fails
 * (returns -1): if the callback added an error to the lv_diag itself, that
 * is the load's one error; otherwise the loader adds "row N: stopped by the
 * row handler" at the row's place. */
typedef int (*lv_kql_row_fn)(void *ctx, const lv_kql_value *vals,
                             size_t nvals, uint64_t row,
                             long long byte_offset);

enum { LV_KQL_SHAPE_NONE = 0, LV_KQL_SHAPE_TABLES = 1, LV_KQL_SHAPE_FLAT = 2 };

/* What was read. When the stream functions get an info, they always fill it
 * in, on failure too; free it with lv_kql_info_free either way. On failure
 * only `shape`, `rows` and `passes` are meaningful (the pointers are NULL).
 * All its memory is owned by the info. */
typedef struct {
    int shape;          /* LV_KQL_SHAPE_TABLES / _FLAT (NONE: not seen) */
    uint64_t rows;      /* rows handed to the callback */
    char *table;        /* the table's name: "name" of the table read, or the
                           first row's "TableName" (flat); NULL when none */
    size_t ntables;     /* tables in the file (tables shape), else 0 */
    size_t table_index; /* 0-based index of the table read (tables shape) */
    size_t ncolumns;    /* the table's columns (tables shape), else 0 */
    char **columns;     /* their names in file order (NUL-terminated, so a
                           name with a NUL byte reads short); NULL for flat */
    int *want_found;    /* nwant flags: the column is in the table (tables),
                           or was a key of at least one row (flat) */
    size_t nwant;
    int passes;         /* 1, or 2 when the rows had to be read again */
} lv_kql_info;

/* Stream the rows of the export at `path`. `label` names the file in
 * messages (NULL: path). want/nwant: the columns to hand over (nwant may be
 * 0 to only count rows; fn may be NULL). info may be NULL.
 * Returns 0, or -1 after exactly one error diagnostic (see above). The
 * callback may have been called for some rows before an error is found
 * (e.g. trailing garbage): on -1 the caller must drop what it built. */
int lv_kql_stream_file(const char *path, const char *label,
                       const lv_kql_column *want, size_t nwant,
                       lv_kql_row_fn fn, void *ctx, lv_kql_info *info,
                       lv_diag *d);

/* The same over data[0..len) (which need not be NUL-terminated). `label`
 * names it in messages (NULL: "<memory>"). */
int lv_kql_stream_mem(const char *data, size_t len, const char *label,
                      const lv_kql_column *want, size_t nwant,
                      lv_kql_row_fn fn, void *ctx, lv_kql_info *info,
                      lv_diag *d);

void lv_kql_info_free(lv_kql_info *info);

/* A cell as an integer: a NUMBER, or a STRING holding a JSON integer (as the
 * CLI writes them), e.g. "-12". No fraction, no exponent, no spaces; must
 * fit in int64. Returns 0 and sets *out, or -1. */
int lv_kql_int64(const lv_kql_value *v, int64_t *out);

/* A cell as a double: a NUMBER, or a STRING holding a JSON number. Returns
 * 0 and sets *out, or -1 (also for a value out of double's range). */
int lv_kql_double(const lv_kql_value *v, double *out);

/* For tests only (not thread-safe): feed yajl at most `n` bytes at a time
 * (0: as read, i.e. 256 KiB from a file, the whole buffer from memory), to
 * exercise tokens that straddle chunks. Returns the previous setting. */
size_t lv_kql_set_feed_size(size_t n);

#endif
