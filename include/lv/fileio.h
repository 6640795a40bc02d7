/* labverdict — reading whole (small) artifact files.
 *
 * Snapshot documents (diag-proc, diag-stats, app-config, ...) are a few KB;
 * they are read whole, up to a limit, so that a multi-GB file put in their
 * place fails with a message instead of exhausting memory. Row tables (KQL)
 * are streamed by their own loader and do not come through here. */
#ifndef LV_FILEIO_H
#define LV_FILEIO_H

#include <stddef.h>
#include "lv/diag.h"

/* The largest whole-read file: 64 MiB. */
#define LV_READ_LIMIT ((size_t)64 << 20)

/* Read `path` whole into a malloc'd, NUL-terminated buffer (*out, *len).
 * On failure reports an error naming the file (missing, a directory,
 * unreadable, over `limit`) and returns -1; *out is then NULL.
 * `label` is the name used in messages (NULL: path). */
int lv_read_file(const char *path, const char *label, size_t limit,
                 char **out, size_t *len, lv_diag *d);

/* The 1-based line and column of byte `off` in text[0..len). */
void lv_line_col(const char *text, size_t len, size_t off, long *line,
                 long *col);

#endif
