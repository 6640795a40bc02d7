/* labverdict — the compiled form of a Mustache template, shared by
 * mustache_parse.c (which builds it) and mustache_render.c (which walks it).
 * Private to those two files. */
#ifndef LV_MUSTACHE_INT_H
#define LV_MUSTACHE_INT_H

#include <stddef.h>

#include "lv/mustache.h"

typedef enum {
    MN_TEXT,     /* literal bytes src[off..off+len) */
    MN_INDENT,   /* a line start: where a partial's indentation goes */
    MN_VAR,      /* {{name}}: escaped */
    MN_RAW,      /* {{{name}}} or {{&name}} */
    MN_SECTION,  /* {{#name}} body {{/name}} */
    MN_INVERTED, /* {{^name}} body {{/name}} */
    MN_PARTIAL   /* {{>name}} */
} mnode_kind;

typedef struct mnode mnode;

typedef struct {
    mnode *v;
    size_t n, cap;
} mlist;

struct mnode {
    mnode_kind kind;
    size_t off;        /* MN_TEXT: first byte; tags: the opening delimiter */
    size_t len;        /* MN_TEXT: byte count */
    char *name;        /* tags: the trimmed name, NUL-terminated, owned */
    size_t name_len;
    /* MN_PARTIAL: standalone tags indent the partial by the whitespace
     * src[indent_off..indent_off+indent_len) before the tag. */
    int standalone;
    size_t indent_off, indent_len;
    mlist body;        /* MN_SECTION, MN_INVERTED */
};

struct lv_mustache {
    char *name;        /* for messages */
    char *src;         /* owned copy of the source, NUL-terminated */
    size_t len;
    mlist root;
};

#endif
