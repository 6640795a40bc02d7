/* Table checks on Markdown as cmark-gfm reads it: see include/lv/mdcheck.h. */
#include "lv/mdcheck.h"

#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "lv/jsonutil.h"
#include "lv/render_html.h"

/* Start of 1-based line `line` in text[0..len) (lines end at LF, CR or CRLF,
 * as in CommonMark), and its length without the line ending in *n. */
static const char *line_at(const char *text, size_t len, int line, size_t *n)
{
    size_t i = 0;
    for (int l = 1; l < line && i < len; l++) {
        while (i < len && text[i] != '\n' && text[i] != '\r')
            i++;
        if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
        if (i < len)
            i++;
    }
    size_t j = i;
    while (j < len && text[j] != '\n' && text[j] != '\r')
        j++;
    *n = j - i;
    return text + i;
}

static int spacechar(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* The cells of row text s[0..n) by cmark-gfm 0.29's row_from_string. */
static long source_cells(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && s[i] == '|') {          /* the optional leading pipe */
        i++;
        while (i < n && spacechar(s[i]))
            i++;
    }
    long cells = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && s[i] != '|') {   /* (\\\| | [^|\r\n])+ */
            if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|')
                i++;
            i++;
        }
        int pipe = i < n;                /* then "|" spacechar* */
        if (pipe) {
            i++;
            while (i < n && spacechar(s[i]))
                i++;
        }
        if (i > start)
            cells++;
        if (!pipe)
            break;
    }
    return cells;
}

static int is_type(cmark_node *n, const char *name)
{
    return strcmp(cmark_node_get_type_string(n), name) == 0;
}

/* Append the text of the inlines below `n` to `b`; add the type of every
 * non-text inline to `markup`. */
static void cell_text(cmark_node *cell, lv_buf *b, json_t *markup)
{
    cmark_iter *it = cmark_iter_new(cell);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || n == cell)
            continue;
        cmark_node_type t = cmark_node_get_type(n);
        if (t != CMARK_NODE_TEXT)
            json_array_append_new(markup, json_string(cmark_node_get_type_string(n)));
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE ||
            t == CMARK_NODE_HTML_INLINE) {
            const char *lit = cmark_node_get_literal(n);
            if (lit)
                lv_buf_puts(b, lit);
        } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            lv_buf_putc(b, '\n');
        }
    }
    cmark_iter_free(it);
}

static json_t *row_json(const char *markdown, size_t len, cmark_node *row,
                        int table_col, long columns)
{
    int header = cmark_gfm_extensions_get_table_row_is_header(row);
    int line = cmark_node_get_start_line(row);
    json_t *cells = json_array(), *markup = json_array();
    long real = 0;
    lv_buf b;
    lv_buf_init(&b);
    for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c)) {
        if (cmark_node_get_start_column(c) > 0)
            real++;                       /* not a padding cell */
        lv_buf_reset(&b);
        cell_text(c, &b, markup);
        json_array_append_new(cells, lv_json_stringn(b.data ? b.data : "", b.len));
    }
    lv_buf_free(&b);
    /* Fewer cells than columns: cmark's own count. Otherwise count the
     * source, which also has the cells cmark dropped. */
    long n = real;
    if (real >= columns) {
        size_t ln;
        const char *s = line_at(markdown, len, line, &ln);
        /* Skip the container prefix ("> ", a list item's indent) before
         * the table's column, unless the row itself starts earlier. */
        size_t skip = table_col > 1 ? (size_t)table_col - 1 : 0;
        if (skip > ln || memchr(s, '|', skip))
            skip = 0;
        n = source_cells(s + skip, ln - skip);
        if (n < real)
            n = real;
    }
    json_t *r = json_object();
    json_object_set_new(r, "line", json_integer(line));
    json_object_set_new(r, "header", json_boolean(header));
    json_object_set_new(r, "source_cells", json_integer(n));
    json_object_set_new(r, "cells", cells);
    json_object_set_new(r, "markup", markup);
    return r;
}

json_t *lv_md_tables_json(const char *markdown, size_t len)
{
    json_t *tables = json_array();
    if (len > LV_MD_LIMIT)
        return tables;
    cmark_parser *p = lv_md_parser_new();
    if (len)
        cmark_parser_feed(p, markdown, len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *t = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || !is_type(t, "table"))
            continue;
        long columns = cmark_gfm_extensions_get_table_columns(t);
        json_t *rows = json_array();
        for (cmark_node *r = cmark_node_first_child(t); r; r = cmark_node_next(r))
            json_array_append_new(rows, row_json(markdown, len, r,
                                                 cmark_node_get_start_column(t),
                                                 columns));
        json_t *o = json_object();
        json_object_set_new(o, "line", json_integer(cmark_node_get_start_line(t)));
        json_object_set_new(o, "columns", json_integer(columns));
        json_object_set_new(o, "rows", rows);
        json_array_append_new(tables, o);
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return tables;
}

int lv_md_table_shapes(const char *markdown, size_t len, lv_buf *report)
{
    json_t *tables = lv_md_tables_json(markdown, len);
    size_t i, j;
    json_t *t, *r;
    json_array_foreach(tables, i, t) {
        lv_buf_printf(report, "table %zu line %lld: %lld columns; rows", i + 1,
                      (long long)json_integer_value(json_object_get(t, "line")),
                      (long long)json_integer_value(json_object_get(t, "columns")));
        int body = 0;
        json_array_foreach(json_object_get(t, "rows"), j, r) {
            if (json_is_true(json_object_get(r, "header")))
                continue;
            lv_buf_printf(report, " %lld", (long long)json_integer_value(
                                               json_object_get(r, "source_cells")));
            body = 1;
        }
        lv_buf_puts(report, body ? "\n" : " -\n");
    }
    int n = (int)json_array_size(tables);
    json_decref(tables);
    return n;
}

size_t lv_md_table_mismatches(const char *markdown, size_t len)
{
    json_t *tables = lv_md_tables_json(markdown, len);
    size_t i, j, bad = 0;
    json_t *t, *r;
    json_array_foreach(tables, i, t) {
        json_int_t cols = json_integer_value(json_object_get(t, "columns"));
        json_array_foreach(json_object_get(t, "rows"), j, r) {
            if (json_integer_value(json_object_get(r, "source_cells")) != cols)
                bad++;
        }
    }
    json_decref(tables);
    return bad;
}
