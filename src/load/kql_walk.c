/* The walk through a KQL export: yajl callbacks driving a fixed-size stack
 * of container roles. See include/lv/kql.h for what is accepted and
 * src/load/kql.c for the driver. Nothing here allocates per row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kql_int.h"

enum { EV_NULL, EV_BOOL, EV_NUM, EV_STR, EV_MAP, EV_ARR };
enum { K_OTHER, K_TABLES, K_ERROR, K_NAME, K_COLUMNS, K_ROWS, K_MESSAGE,
       K_CODE };

/* What a value is, for messages: "null", "a number", "an array", ... */
static const char *ev_name(int ev)
{
    static const char *const n[] = {"null",     "a boolean", "a number",
                                    "a string", "an object", "an array"};
    return n[ev];
}

#define KEYEQ(p, n, lit) ((n) == sizeof(lit) - 1 && memcmp(p, lit, n) == 0)

/* ---- places ------------------------------------------------------------ */

/* Offset just past the token yajl has just read. */
static long long tok_end(const struct kql_state *s)
{
    if (s->finishing)
        return s->base;
    return s->base + (long long)yajl_get_bytes_consumed(s->h);
}

/* Offset of the opening quote of the string token just read, when it is in
 * the current piece; else its end. Used on error paths only. */
static long long str_start(const struct kql_state *s)
{
    long long end = tok_end(s);
    if (s->finishing || !s->piece || end <= s->base)
        return end;
    size_t q = (size_t)(end - s->base) - 1;   /* the closing quote */
    if (q >= s->piece_len || s->piece[q] != '"')
        return end;
    long long i = kql_quote_start(s->piece, q);
    return i >= 0 ? s->base + i : end;
}

static long long ev_start(const struct kql_state *s, int ev, size_t n, int b)
{
    long long end = tok_end(s);
    switch (ev) {
    case EV_MAP:
    case EV_ARR:
        return end - 1;
    case EV_NUM:
        return end - (long long)n;
    case EV_NULL:
        return end - 4;
    case EV_BOOL:
        return end - (b ? 4 : 5);
    default:
        return str_start(s);
    }
}

/* ---- values ------------------------------------------------------------ */

static void store(struct kql_state *s, int w, int ev, const char *p, size_t n,
                  int b)
{
    lv_kql_value *v = &s->vals[w];
    v->boolean = 0;
    switch (ev) {
    case EV_STR:
    case EV_NUM: {
        lv_buf *cb = &s->cellbuf[w];   /* reused: no allocation per row */
        if (n < cb->cap) {
            memcpy(cb->data, p, n);
            cb->data[n] = '\0';
            cb->len = n;
        } else {
            lv_buf_reset(cb);
            lv_buf_put(cb, p, n);
        }
        v->kind = ev == EV_STR ? LV_KV_STRING : LV_KV_NUMBER;
        v->text = cb->data;
        v->len = n;
        return;
    }
    case EV_BOOL:
        v->kind = LV_KV_BOOL;
        v->boolean = b;
        v->text = b ? "true" : "false";
        v->len = b ? 4 : 5;
        return;
    case EV_NULL:
        v->kind = LV_KV_NULL;
        break;
    default:
        v->kind = LV_KV_OTHER;
        break;
    }
    v->text = "";
    v->len = 0;
}

static int push(struct kql_state *s, int role)
{
    if (s->depth >= LV_KQL_MAX_DEPTH)
        return kql_fail(s, tok_end(s) - 1,
                        "nesting deeper than %d levels", LV_KQL_MAX_DEPTH);
    s->role[s->depth++] = (unsigned char)role;
    return 1;
}

/* The value just begun is skipped: a container is entered as R_SKIP. */
static int skip(struct kql_state *s, int ev)
{
    return ev == EV_MAP || ev == EV_ARR ? push(s, R_SKIP) : 1;
}

static int deliver(struct kql_state *s)
{
    size_t before = s->d->errors;
    s->rows++;
    if (s->fn && s->fn(s->ctx, s->vals, s->nwant, s->row, s->row_at)) {
        if (s->d->errors > before) {
            s->failed = 1;   /* the callback said why */
            return 0;
        }
        return kql_fail(s, s->row_at, "row %llu: stopped by the row handler",
                        (unsigned long long)s->row);
    }
    return 1;
}

static int bad_kind(struct kql_state *s, int ev, size_t n, int b,
                    const char *what, const char *expected)
{
    return kql_fail(s, ev_start(s, ev, n, b),
                    "not a KQL export: %s is %s, expected %s", what,
                    ev_name(ev), expected);
}

/* ---- a value begins ----------------------------------------------------- */

static int table_value(struct kql_state *s, int ev, const char *p, size_t n,
                       int b)
{
    struct kql_table *t = &s->cur;
    char what[96];
    switch (s->key) {
    case K_NAME:
        if (ev != EV_STR) {
            snprintf(what, sizeof what, "the \"name\" of table %zu",
                     t->index + 1);
            return bad_kind(s, ev, n, b, what, "a string");
        }
        lv_buf_reset(&t->name);
        lv_buf_put(&t->name, p, n);
        t->primary = KEYEQ(p, n, "PrimaryResult");
        return 1;
    case K_COLUMNS:
        if (ev != EV_ARR) {
            snprintf(what, sizeof what, "\"columns\" of table %zu",
                     t->index + 1);
            return bad_kind(s, ev, n, b, what, "an array of column objects");
        }
        t->cols_at = tok_end(s) - 1;
        s->ncolumn = 0;
        return push(s, s->pass == 1 ? R_COLUMNS : R_SKIP);
    case K_ROWS:
        if (ev != EV_ARR) {
            snprintf(what, sizeof what, "\"rows\" of table %zu",
                     t->index + 1);
            return bad_kind(s, ev, n, b, what, "an array of rows");
        }
        s->row = 0;
        if (s->pass == 1) {
            /* Stream now only when it is certain that this is the table to
             * read and how to read it; else pass 2 will. */
            if (!t->has_columns || !t->primary ||
                (s->sel_used && s->sel.primary))
                return push(s, R_SKIP);
            if (kql_resolve(s, t) != 0)
                return 0;
            s->streamed = 1;
        } else if (t->index != s->target) {
            return push(s, R_SKIP);
        }
        s->streaming = 1;
        return push(s, R_ROWS);
    default:
        return skip(s, ev);
    }
}

static int begin(struct kql_state *s, int ev, const char *p, size_t n, int b)
{
    char what[96];
    if (s->depth == 0) {
        if (ev == EV_MAP) {
            s->shape = LV_KQL_SHAPE_TABLES;
            s->top_at = tok_end(s) - 1;
            return push(s, R_TOP);
        }
        if (ev == EV_ARR) {
            s->shape = LV_KQL_SHAPE_FLAT;
            return push(s, R_FLAT);
        }
        return kql_fail(s, ev_start(s, ev, n, b),
                        "not a KQL export: the top level is %s; expected "
                        "an object with \"tables\" or an array of row objects",
                        ev_name(ev));
    }
    switch (s->role[s->depth - 1]) {
    case R_ROW: {   /* the hot path of the tables shape */
        size_t c = s->cell++;
        if (c < s->ncols && s->colmap[c] >= 0)
            store(s, s->colmap[c], ev, p, n, b);
        return skip(s, ev);
    }
    case R_FLATROW: /* the hot path of the flat shape */
        if (s->key_want >= 0)
            store(s, s->key_want, ev, p, n, b);
        if (s->grab_table_name) {
            s->grab_table_name = 0;
            if (ev == EV_STR) {
                lv_buf_reset(&s->flat_table);
                lv_buf_put(&s->flat_table, p, n);
                s->has_flat_table = 1;
            }
        }
        return skip(s, ev);
    case R_SKIP:
        return skip(s, ev);
    case R_ROWS:
        if (ev != EV_ARR) {
            snprintf(what, sizeof what, "row %llu",
                     (unsigned long long)s->row + 1);
            return bad_kind(s, ev, n, b, what, "an array of cells");
        }
        s->row++;
        s->cell = 0;
        s->row_at = tok_end(s) - 1;
        return push(s, R_ROW);
    case R_FLAT:
        if (ev != EV_MAP) {
            snprintf(what, sizeof what, "element %llu of the top-level array",
                     (unsigned long long)s->row + 1);
            return bad_kind(s, ev, n, b, what, "a row object");
        }
        s->row++;
        s->row_at = tok_end(s) - 1;
        for (size_t w = 0; w < s->nwant; w++) {
            s->vals[w].kind = LV_KV_MISSING;
            s->vals[w].text = "";
            s->vals[w].len = 0;
            s->vals[w].boolean = 0;
        }
        return push(s, R_FLATROW);
    case R_TOP:
        if (s->key == K_TABLES) {
            if (ev != EV_ARR)
                return bad_kind(s, ev, n, b, "\"tables\"",
                                "an array of tables");
            s->tables_at = tok_end(s) - 1;
            return push(s, R_TABLES);
        }
        if (s->key == K_ERROR && ev == EV_MAP)
            return push(s, R_ERROR);
        return skip(s, ev);
    case R_ERROR:
        if (ev == EV_STR && (s->key == K_MESSAGE || s->key == K_CODE)) {
            lv_buf *t = s->key == K_MESSAGE ? &s->err_message : &s->err_code;
            lv_buf_reset(t);
            kql_put_name(t, p, n < 300 ? n : 300);
        }
        return skip(s, ev);
    case R_TABLES:
        if (ev != EV_MAP) {
            snprintf(what, sizeof what, "table %zu", s->ntables + 1);
            return bad_kind(s, ev, n, b, what, "an object");
        }
        kql_table_clear(&s->cur);
        s->cur.index = s->ntables++;
        s->cur.at = tok_end(s) - 1;
        return push(s, R_TABLE);
    case R_TABLE:
        return table_value(s, ev, p, n, b);
    case R_COLUMNS:
        if (ev != EV_MAP) {
            snprintf(what, sizeof what, "column %zu of table %zu",
                     s->ncolumn + 1, s->cur.index + 1);
            return bad_kind(s, ev, n, b, what,
                            "an object with a \"name\"");
        }
        if (s->ncolumn >= LV_KQL_MAX_COLUMNS)
            return kql_fail(s, s->cur.cols_at,
                            "table %zu has more than %d columns",
                            s->cur.index + 1, LV_KQL_MAX_COLUMNS);
        s->ncolumn++;
        s->col_has_name = 0;
        s->col_at = tok_end(s) - 1;
        return push(s, R_COLUMN);
    case R_COLUMN:
        if (s->key == K_NAME) {
            if (ev != EV_STR) {
                snprintf(what, sizeof what,
                         "the \"name\" of column %zu of table %zu",
                         s->ncolumn, s->cur.index + 1);
                return bad_kind(s, ev, n, b, what, "a string");
            }
            kql_cols_add(&s->cur.cols, p, n);
            return 1;
        }
        return skip(s, ev);
    default:
        return skip(s, ev);
    }
}

/* ---- keys --------------------------------------------------------------- */

static int dup_key(struct kql_state *s, const char *key, const char *where)
{
    return kql_fail(s, str_start(s), "not a KQL export: duplicate key \"%s\" "
                    "in %s", key, where);
}

static int on_key(void *ctx, const unsigned char *k, size_t n)
{
    struct kql_state *s = ctx;
    const char *p = (const char *)k;
    char where[64];
    if (!kql_utf8_valid(k, n))
        return kql_fail(s, str_start(s), "invalid JSON at byte %lld: a key "
                        "is not valid UTF-8", str_start(s));
    s->key = K_OTHER;
    switch (s->role[s->depth - 1]) {
    case R_FLATROW: {
        int w = kql_want_index(s, p, n);
        s->key_want = w;
        if (w >= 0) {
            if (s->seen[w] == s->row)
                return kql_fail(s, str_start(s),
                                "row %llu has the key '%s' twice (row at "
                                "byte %lld)", (unsigned long long)s->row,
                                s->want[w].name, s->row_at);
            s->seen[w] = s->row;
            s->found[w] = 1;
        }
        if (s->row == 1 && KEYEQ(p, n, "TableName"))
            s->grab_table_name = 1;
        return 1;
    }
    case R_TOP:
        if (KEYEQ(p, n, "tables")) {
            if (s->has_tables)
                return dup_key(s, "tables", "the top-level object");
            s->has_tables = 1;
            s->key = K_TABLES;
        } else if (KEYEQ(p, n, "error")) {
            s->key = K_ERROR;
        }
        return 1;
    case R_TABLE: {
        struct kql_table *t = &s->cur;
        int *seen = NULL;
        const char *name = NULL;
        if (KEYEQ(p, n, "name"))
            s->key = K_NAME, seen = &t->has_name, name = "name";
        else if (KEYEQ(p, n, "columns"))
            s->key = K_COLUMNS, seen = &t->has_columns, name = "columns";
        else if (KEYEQ(p, n, "rows"))
            s->key = K_ROWS, seen = &t->has_rows, name = "rows";
        if (seen) {
            if (*seen) {
                snprintf(where, sizeof where, "table %zu", t->index + 1);
                return dup_key(s, name, where);
            }
            *seen = 1;
        }
        return 1;
    }
    case R_COLUMN:
        if (KEYEQ(p, n, "name")) {
            if (s->col_has_name) {
                snprintf(where, sizeof where, "column %zu of table %zu",
                         s->ncolumn, s->cur.index + 1);
                return dup_key(s, "name", where);
            }
            s->col_has_name = 1;
            s->key = K_NAME;
        }
        return 1;
    case R_ERROR:
        if (KEYEQ(p, n, "message"))
            s->key = K_MESSAGE;
        else if (KEYEQ(p, n, "code"))
            s->key = K_CODE;
        return 1;
    default:
        return 1;
    }
}

/* ---- a container ends --------------------------------------------------- */

static int table_end(struct kql_state *s)
{
    struct kql_table *t = &s->cur;
    if (s->pass == 2)
        return 1;
    if (!t->has_columns || !t->has_rows)
        return kql_fail(s, t->at, "not a KQL export: table %zu has no \"%s\"",
                        t->index + 1, t->has_columns ? "rows" : "columns");
    if (!s->sel_used || (!s->sel.primary && t->primary)) {
        struct kql_table tmp = s->sel;
        s->sel = s->cur;
        s->cur = tmp;
        s->sel_used = 1;
    }
    return 1;
}

static int on_end(void *ctx)
{
    struct kql_state *s = ctx;
    if (s->depth == 1) {
        s->top_done = 1;   /* what follows is checked by the driver */
        s->top_end = tok_end(s);
    }
    switch (s->role[--s->depth]) {
    case R_ROW:
        if (s->cell != s->ncols)
            return kql_fail(s, s->row_at,
                            "row %llu has %zu cells, but the table has %zu "
                            "columns (row at byte %lld)",
                            (unsigned long long)s->row, s->cell, s->ncols,
                            s->row_at);
        return deliver(s);
    case R_FLATROW:
        for (size_t w = 0; w < s->nwant; w++)
            if (s->want[w].required && s->seen[w] != s->row)
                return kql_fail(s, s->row_at,
                                "row %llu has no key '%s' (a required "
                                "column; row at byte %lld)",
                                (unsigned long long)s->row, s->want[w].name,
                                s->row_at);
        return deliver(s);
    case R_ROWS:
        s->streaming = 0;
        if (s->pass == 2) {
            s->done = 1;   /* the rest was checked by pass 1 */
            return 0;
        }
        return 1;
    case R_COLUMN:
        if (!s->col_has_name)
            return kql_fail(s, s->col_at, "not a KQL export: column %zu of "
                            "table %zu has no \"name\"", s->ncolumn,
                            s->cur.index + 1);
        return 1;
    case R_TABLE:
        return table_end(s);
    case R_TABLES:
        if (s->pass == 2)
            return 1;
        if (s->ntables == 0)
            return kql_fail(s, s->tables_at,
                            "not a KQL export: \"tables\" is empty");
        if (!s->streamed) {
            if (kql_resolve(s, &s->sel) != 0)
                return 0;
            s->need_pass2 = 1;
            s->target = s->sel.index;
        }
        return 1;
    case R_TOP:
        if (s->has_tables)
            return 1;
        if (s->err_message.len || s->err_code.len)
            return kql_fail(s, s->top_at, "not a KQL export: the file holds "
                            "an error response: %s%s%s",
                            s->err_code.len ? s->err_code.data : "",
                            s->err_code.len && s->err_message.len ? ": " : "",
                            s->err_message.len ? s->err_message.data : "");
        return kql_fail(s, s->top_at, "not a KQL export: the top-level object "
                        "has no \"tables\" (expected {\"tables\": [...]} or "
                        "an array of row objects)");
    default:
        return 1;
    }
}

/* ---- the callbacks ------------------------------------------------------ */

static int on_null(void *ctx) { return begin(ctx, EV_NULL, NULL, 0, 0); }

static int on_bool(void *ctx, int b) { return begin(ctx, EV_BOOL, NULL, 0, b); }

static int on_number(void *ctx, const char *p, size_t n)
{
    return begin(ctx, EV_NUM, p, n, 0);
}

static int on_string(void *ctx, const unsigned char *p, size_t n)
{
    struct kql_state *s = ctx;
    if (!kql_utf8_valid(p, n))
        return kql_fail(s, str_start(s), "invalid JSON at byte %lld: a "
                        "string is not valid UTF-8 (an overlong form, a "
                        "surrogate or past U+10FFFF)", str_start(s));
    return begin(s, EV_STR, (const char *)p, n, 0);
}

static int on_start_map(void *ctx) { return begin(ctx, EV_MAP, NULL, 0, 0); }

static int on_start_array(void *ctx)
{
    return begin(ctx, EV_ARR, NULL, 0, 0);
}

const yajl_callbacks kql_callbacks = {
    on_null,  on_bool,      NULL,   NULL,           on_number, on_string,
    on_start_map, on_key,   on_end, on_start_array, on_end,
};
