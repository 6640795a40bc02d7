/* labverdict — places in JSON text, for diagnostics about what jansson
 * parsed.
 *
 * jansson keeps no positions: once a document is parsed, a value cannot
 * say where it was written. A checker that finds a wrong value knows its
 * path instead (the keys and indices from the document down to it); these
 * functions follow that path through the text again and give the byte
 * offset of the value or of its key, the place an error is reported at
 * (lv_line_col turns it into FILE:LINE:COL). Used by the criteria files and
 * the lab profiles.
 *
 * The text must be one jansson accepted (with or without a leading UTF-8
 * byte order mark, which is skipped): the scanner only needs to know where
 * strings, containers and scalars end, not to check them. */
#ifndef LV_JSONPLACE_H
#define LV_JSONPLACE_H

#include <stddef.h>
#include "lv/buf.h"

/* One step of a path: member `key` of an object, or (key NULL) element
 * `idx` of an array. */
typedef struct {
    const char *key;
    size_t idx;
} lv_json_step;

/* Byte offset in text[0..len) of the value at path[0..n), or, with at_key,
 * of its key (an array element has none: the element itself). A key
 * written with escapes ("\u0061ll") is found as what it decodes to. When
 * the path cannot be followed, the offset of the deepest container found. */
size_t lv_json_locate(const char *text, size_t len, const lv_json_step *path,
                      size_t n, int at_key);

/* Append path[0..n) as a JSON pointer (RFC 6901: "/proof/0/all", with '~'
 * and '/' in keys written "~0" and "~1"). Nothing for the empty path. */
void lv_json_pointer(lv_buf *b, const lv_json_step *path, size_t n);

#endif
