/* Shared parts of the snapshot loaders: reading, placing warnings. */
#include "lv/snapshot.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/fileio.h"
#include "lv/jsonutil.h"

/* Find the key of each pointer segment in turn; jansson keeps no positions,
 * so this is where a person would look. Good enough for documents whose keys
 * are unique along the path, as these are. */
static void locate(const char *text, size_t len, const char *ptr, long *line,
                   long *col)
{
    size_t pos = 0;
    const char *seg = ptr;
    while (seg && *seg == '/') {
        seg++;
        const char *end = strchr(seg, '/');
        size_t sl = end ? (size_t)(end - seg) : strlen(seg);
        for (size_t i = pos; i + sl + 2 <= len; i++) {
            if (text[i] == '"' && memcmp(text + i + 1, seg, sl) == 0 &&
                text[i + 1 + sl] == '"') {
                pos = i;
                break;
            }
        }
        seg = end;
    }
    lv_line_col(text, len, pos, line, col);
}

void lv_doc_warn(const lv_doc *doc, const char *ptr, const char *fmt, ...)
{
    lv_buf m;
    lv_buf_init(&m);
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    long line, col;
    locate(doc->text, doc->len, ptr, &line, &col);
    lv_diag_at(doc->d, LV_SEV_WARNING, doc->label, line, col, "%s: %s", ptr,
               m.data ? m.data : "");
    lv_buf_free(&m);
}

json_t *lv_doc_load_object(const lv_doc *doc, const char *what)
{
    json_t *src = lv_json_load_mem(doc->text, doc->len, doc->label, doc->d);
    if (src && !json_is_object(src)) {
        lv_diag_at(doc->d, LV_SEV_ERROR, doc->label, 1, 1,
                   "not %s: expected a JSON object", what);
        json_decref(src);
        return NULL;
    }
    return src;
}

json_t *lv_parse_plain_json(const char *text, size_t len, const char *label,
                            lv_diag *d)
{
    return lv_json_load_mem(text, len, label, d);
}

json_t *lv_load_snapshot(const char *path, const char *label, const char *format,
                         const char *const *counters, lv_diag *d)
{
    char *text;
    size_t len;
    const char *name = label ? label : path;
    if (lv_read_file(path, name, LV_READ_LIMIT, &text, &len, d) != 0)
        return NULL;
    json_t *v = NULL;
    if (strcmp(format, "diag-proc") == 0)
        v = lv_parse_diag_proc(text, len, name, d);
    else if (strcmp(format, "diag-stats") == 0)
        v = lv_parse_diag_stats(text, len, name, counters, d);
    else if (strcmp(format, "app-config") == 0)
        v = lv_parse_app_config(text, len, name, d);
    else
        v = lv_parse_plain_json(text, len, name, d);
    free(text);
    return v;
}
