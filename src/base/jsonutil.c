/* Shared jansson helpers: see include/lv/jsonutil.h. */
#include "lv/jsonutil.h"

#include <stdlib.h>
#include <string.h>

#include "lv/fileio.h"

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len;
    unsigned cp;
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
        cp = s[0] & 0x1f;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        cp = s[0] & 0x0f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

json_t *lv_json_stringn(const char *s, size_t n)
{
    lv_buf b;
    lv_buf_init(&b);
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq(u + i, n - i);
        if (k == 0) {
            lv_buf_puts(&b, "\xef\xbf\xbd");
            i++;
        } else {
            lv_buf_put(&b, u + i, k);
            i += k;
        }
    }
    json_t *v = json_stringn(b.data ? b.data : "", b.len);
    lv_buf_free(&b);
    if (!v)
        abort();
    return v;
}

json_t *lv_json_string(const char *s) { return lv_json_stringn(s, strlen(s)); }

int lv_json_dump(FILE *out, const json_t *v)
{
    if (json_dumpf(v, out, LV_JSON_FLAGS) != 0)
        return -1;
    return fputc('\n', out) == EOF ? -1 : 0;
}

static int to_buf(const char *p, size_t n, void *data)
{
    lv_buf_put(data, p, n);
    return 0;
}

void lv_json_dump_buf(lv_buf *b, const json_t *v)
{
    json_dump_callback(v, to_buf, b, LV_JSON_FLAGS);
    lv_buf_putc(b, '\n');
}

json_t *lv_json_load_mem(const char *text, size_t len, const char *label,
                         lv_diag *d)
{
    json_error_t err;
    if (len == 0) {
        lv_diag_file(d, LV_SEV_ERROR, label, "empty file (a failed export?)");
        return NULL;
    }
    /* A UTF-8 byte order mark (Windows tools write one) is not part of the
     * document: skip it, as the KQL and CSV loaders do. jansson counts
     * columns in characters, so the mark is one more on line 1. */
    int bom = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0;
    if (bom && len == 3) {
        lv_diag_file(d, LV_SEV_ERROR, label, "only a byte order mark: no JSON document");
        return NULL;
    }
    json_t *v = json_loadb(text + 3 * bom, len - 3 * (size_t)bom, JSON_REJECT_DUPLICATES, &err);
    if (!v) {
        long line = err.line > 0 ? err.line : 1, col = err.column > 0 ? err.column : 1;
        if (bom && line == 1)
            col++;
        lv_diag_at(d, LV_SEV_ERROR, label, line, col, "invalid JSON: %s", err.text);
    }
    return v;
}

json_t *lv_json_load_file(const char *path, const char *label, lv_diag *d)
{
    char *text;
    size_t len;
    if (lv_read_file(path, label, LV_READ_LIMIT, &text, &len, d) != 0)
        return NULL;
    json_t *v = lv_json_load_mem(text, len, label ? label : path, d);
    free(text);
    return v;
}

const char *lv_json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}
