/* labverdict — writing an output file whole, or not at all.
 *
 * lv_output_write puts the bytes in a temporary file ".NAME.XXXXXX" in the
 * same folder as the target (so the rename below stays on one file system),
 * flushes it to disk (fsync), and renames it over the target. A reader, or a
 * run that is interrupted, sees either the old file whole or the new file
 * whole, never a mix or a truncated file. On any failure the temporary file
 * is removed, the old file is left as it was, and an error naming the target
 * is reported.
 *
 * The new file gets the permission bits of the file it replaces, or 0666
 * less the umask for a new file. A target that is a symbolic link is
 * replaced by a regular file (the link's own target is not written); a
 * target that is a folder is an error. */
#ifndef LV_OUTPUT_H
#define LV_OUTPUT_H

#include <stddef.h>
#include "lv/diag.h"

/* Write data[0..len) to `path` as above; "-" writes to standard output.
 * Returns 0, or -1 with an error in `d`. */
int lv_output_write(const char *path, const char *data, size_t len,
                    lv_diag *d);

/* 1 when a file written at `path` would land inside folder `dir` (or in it,
 * at any depth): the real path of `path`'s parent folder is `dir`'s real
 * path or below it, compared on a '/' boundary, so "..", "." and symbolic
 * links to folders are seen through. 0 otherwise, for "-", and when either
 * folder does not exist (a write there fails anyway). The tool uses it to
 * refuse to write into the artifact folder it reads. */
int lv_output_same_file_inside(const char *path, const char *dir);

#endif
