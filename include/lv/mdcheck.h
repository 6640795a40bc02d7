/* labverdict — checks on Markdown as cmark-gfm reads it, for tests.
 *
 * The report's tables must keep their shape whatever the artifacts contain:
 * a "|" in a URL path or a newline in a log message must never add, drop or
 * shift a cell. These helpers parse Markdown with the renderer's own parser
 * (lv_md_parser_new: cmark-gfm, table + strikethrough) and describe every
 * table, so unit and end-to-end tests can assert exactly that.
 *
 * Cell counts are counted IN THE SOURCE: cmark-gfm pads a short body row
 * with empty cells and silently drops the cells past the header's count, so
 * its tree always shows the header's count. The source count follows
 * cmark-gfm 0.29's row rule: an optional leading "|", then cells separated by
 * "|" (a "|" after a backslash is part of the cell), an optional trailing
 * "|". */
#ifndef LV_MDCHECK_H
#define LV_MDCHECK_H

#include <jansson.h>
#include <stddef.h>
#include "lv/buf.h"

/* Every table, one line each, appended to `report`:
 *
 *     table 1 line 3: 3 columns; rows 3 3 3
 *
 * ("line" is the header row's line; "rows" lists the source cell count of
 * each body row; a table with no body row shows "rows -"). Returns the number
 * of tables. */
int lv_md_table_shapes(const char *markdown, size_t len, lv_buf *report);

/* The number of body rows, over all tables, whose source cell count is not
 * their table's column count: 0 when every table keeps its shape. */
size_t lv_md_table_mismatches(const char *markdown, size_t len);

/* Every table in full, as a JSON array (new reference):
 *
 *   [{"line": 3, "columns": 3,
 *     "rows": [{"line": 3, "header": true, "source_cells": 3,
 *               "cells": ["a", "b", "c"], "markup": []}, ...]}, ...]
 *
 * "cells" holds each cell's text as a reader sees it (text and code-span
 * contents, raw HTML as written; invalid UTF-8 as U+FFFD); "markup" lists
 * the inline nodes other than plain text found in the row, by cmark type
 * name ("emph", "strong", "link", "image", "code", "html_inline",
 * "strikethrough", ...) — an empty list means the row is inert text. */
json_t *lv_md_tables_json(const char *markdown, size_t len);

#endif
