/* labverdict — small jansson helpers shared by loaders, model and renderers.
 *
 * All output of the model goes through lv_json_dump so that every command
 * writes JSON the same way: two-space indent, keys in insertion order (our
 * code inserts in a fixed order), reals with 15 significant digits — enough
 * to give back any source decimal of up to 15 digits exactly ("4.839467",
 * not "4.8394669999999998") — and no locale. */
#ifndef LV_JSONUTIL_H
#define LV_JSONUTIL_H

#include <jansson.h>
#include <stdio.h>
#include "lv/buf.h"
#include "lv/diag.h"

#define LV_JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_ENSURE_ASCII)

/* A JSON string from arbitrary bytes: invalid UTF-8 becomes U+FFFD, so a
 * hostile file name or log line can always be represented. New reference. */
json_t *lv_json_stringn(const char *s, size_t n);
json_t *lv_json_string(const char *s);

/* Write `v` followed by a newline. 0, or -1 on a write error. */
int lv_json_dump(FILE *out, const json_t *v);
/* Append `v` and a newline to `b`. */
void lv_json_dump_buf(lv_buf *b, const json_t *v);

/* Read and parse a whole JSON document (at most LV_READ_LIMIT bytes),
 * rejecting duplicate keys. Errors name the file (as `label`) with line and
 * column. New reference, or NULL. */
json_t *lv_json_load_file(const char *path, const char *label, lv_diag *d);
json_t *lv_json_load_mem(const char *text, size_t len, const char *label,
                         lv_diag *d);

/* What kind of value `v` is, for messages: "an object", "an array", "a
 * string", "a number", "a boolean" or "null". */
const char *lv_json_kind(const json_t *v);

#endif
