/* labverdict — internals of the KQL loader shared by kql.c (the driver:
 * input, passes, diagnostics) and kql_walk.c (the yajl callbacks: the walk
 * through the document). Not a public header. */
#ifndef LV_KQL_INT_H
#define LV_KQL_INT_H

#include <stdint.h>
#include <yajl/yajl_parse.h>

#include "lv/buf.h"
#include "lv/kql.h"

/* What an open container is, seen from the walk. */
enum kql_role {
    R_TOP,      /* the top-level object of the tables shape */
    R_ERROR,    /* an {"error": {...}} object at the top */
    R_TABLES,   /* the "tables" array */
    R_TABLE,    /* one table object */
    R_COLUMNS,  /* its "columns" array (pass 1) */
    R_COLUMN,   /* one column object */
    R_ROWS,     /* the "rows" array of the table being streamed */
    R_ROW,      /* one row of it */
    R_FLAT,     /* the top-level array of the flat shape */
    R_FLATROW,  /* one row object of it */
    R_SKIP      /* anything whose content is not looked at */
};

/* The columns of one table, as read from its "columns". */
struct kql_cols {
    lv_buf names;      /* each name followed by a NUL, one after another */
    size_t *off, *len; /* where each name starts in names.data; its length */
    size_t n, cap;
};

struct kql_table {
    size_t index;                    /* 0-based */
    int has_name, has_columns, has_rows;
    int primary;                     /* named "PrimaryResult" */
    lv_buf name;
    struct kql_cols cols;
    long long at, cols_at;           /* offsets of its '{' and "columns" '[' */
};

struct kql_state {
    /* the caller's */
    const char *label;
    const lv_kql_column *want;
    size_t nwant;
    size_t *want_len;
    lv_kql_row_fn fn;
    void *ctx;
    lv_diag *d;

    /* the piece of input yajl is parsing */
    yajl_handle h;
    long long base;                 /* offset of piece[0] in the input */
    const unsigned char *piece;
    size_t piece_len;
    int finishing;                  /* in yajl_complete_parse */

    /* the walk */
    int pass;                       /* 1 or 2 */
    unsigned char role[LV_KQL_MAX_DEPTH];
    int depth;
    int key;                        /* what the value being begun is for */
    int key_want;                   /* flat rows: want index or -1 */
    int grab_table_name;            /* flat: this value is row 1's TableName */
    int shape;
    long long top_at, tables_at;
    int has_tables;
    int top_done;                   /* the top-level value is complete */
    long long top_end;              /* offset just past it */
    lv_buf err_message, err_code;   /* of an error response */

    size_t ntables;
    struct kql_table cur;           /* the table being read */
    struct kql_table sel;           /* the table chosen so far (pass 1) */
    int sel_used;
    int streaming;                  /* rows of this table go to the callback */
    int streamed;                   /* pass 1 streamed the chosen table */
    int need_pass2;
    size_t target;                  /* pass 2: index of the table to stream */
    int *colmap;                    /* cell position -> want index or -1 */
    size_t ncols;
    int col_has_name;
    long long col_at;
    size_t ncolumn;                 /* columns begun in the current table */

    uint64_t row;                   /* number of the current row, 1-based */
    size_t cell;                    /* cells seen in the current row */
    long long row_at;

    lv_kql_value *vals;             /* nwant, handed to the callback */
    lv_buf *cellbuf;                /* nwant: the text of vals[i] */
    uint64_t *seen;                 /* nwant: last flat row that had it */
    int *found;                     /* nwant: see lv_kql_info.want_found */
    lv_buf flat_table;
    int has_flat_table;

    /* the outcome */
    uint64_t rows;
    int failed;                     /* an error is recorded (or reported) */
    int done;                       /* pass 2 streamed its table: stop */
    long long err_at;               /* -1: no place */
    lv_buf err;                     /* the message; empty: already reported */
};

extern const yajl_callbacks kql_callbacks;

/* Record the load's error (only the first one counts) at byte `at` (-1: no
 * place). Returns 0, so that a callback can `return kql_fail(...)`. */
int kql_fail(struct kql_state *s, long long at, const char *fmt, ...)
    LV_PRINTF(3, 4);

/* Map the wanted columns onto table t's columns (s->colmap, s->found);
 * fails when a required one is missing or a wanted one is there twice.
 * Returns 0 or -1 (error recorded). */
int kql_resolve(struct kql_state *s, const struct kql_table *t);

void kql_table_init(struct kql_table *t);
void kql_cols_add(struct kql_cols *c, const char *p, size_t n);
/* The index in want[] of the column named p[0..n), or -1. */
int kql_want_index(const struct kql_state *s, const char *p, size_t n);
void kql_table_clear(struct kql_table *t);
void kql_table_free(struct kql_table *t);

/* Strict UTF-8 (RFC 3629): no overlong forms, surrogates or > U+10FFFF. */
int kql_utf8_valid(const unsigned char *p, size_t n);

/* Given that p[q] is the closing quote of a string token, the index of its
 * opening quote (the nearest '"' before it not escaped by an odd run of
 * backslashes), or -1 when the token starts before p. */
long long kql_quote_start(const unsigned char *p, size_t q);

/* Write name[0..n) for a message: NUL bytes as "\0" (other control bytes are
 * made visible by lv_diag). */
void kql_put_name(lv_buf *b, const char *p, size_t n);

#endif
