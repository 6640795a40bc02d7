/* labverdict — data files compiled into the binary (templates, profiles).
 *
 * The table is generated at build time by tools/embed.c from templates/ and
 * profiles/; it ends with an entry whose name is NULL. */
#ifndef LV_EMBEDDED_H
#define LV_EMBEDDED_H

#include <stddef.h>

typedef struct {
    const char *name;   /* e.g. "templates/report.md.mustache" */
    const char *data;   /* NUL-terminated */
    size_t size;        /* without the NUL */
} lv_embedded_file;

extern const lv_embedded_file lv_embedded[];

/* The embedded file called `name`, or NULL. */
const lv_embedded_file *lv_embedded_find(const char *name);

#endif
