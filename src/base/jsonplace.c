/* Places in JSON text: see include/lv/jsonplace.h. */
#include "lv/jsonplace.h"

#include <jansson.h>
#include <string.h>

typedef struct {
    const char *text;
    size_t len;
} src;

static size_t ws(const src *s, size_t i)
{
    while (i < s->len && (s->text[i] == ' ' || s->text[i] == '\t' ||
                          s->text[i] == '\n' || s->text[i] == '\r'))
        i++;
    return i;
}

static size_t skip_string(const src *s, size_t i)
{
    for (i++; i < s->len && s->text[i] != '"'; i++)
        if (s->text[i] == '\\')
            i++;
    return i < s->len ? i + 1 : s->len;
}

static size_t skip_value(const src *s, size_t i)
{
    if (i >= s->len)
        return i;
    char c = s->text[i];
    if (c == '"')
        return skip_string(s, i);
    if (c == '{' || c == '[') {
        int depth = 0;
        while (i < s->len) {
            c = s->text[i];
            if (c == '"') {
                i = skip_string(s, i);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']')
                depth--;
            i++;
            if (depth == 0)
                break;
        }
        return i;
    }
    while (i < s->len && !strchr(",}] \t\r\n", s->text[i]))
        i++;
    return i;
}

/* Does the string token text[a..b) (quotes included) spell `key`? A key
 * written with escapes is decoded first. */
static int key_is(const src *s, size_t a, size_t b, const char *key)
{
    size_t kl = strlen(key);
    if (!memchr(s->text + a, '\\', b - a))
        return b - a == kl + 2 && memcmp(s->text + a + 1, key, kl) == 0;
    json_t *str = json_loadb(s->text + a, b - a, JSON_DECODE_ANY, NULL);
    int eq = json_is_string(str) && json_string_length(str) == kl &&
             memcmp(json_string_value(str), key, kl) == 0;
    json_decref(str);
    return eq;
}

/* Step into member `key` of the object at *i: *i becomes the offset of its
 * value and *keypos that of its key; 0 when the object has no such member. */
static int find_member(const src *s, size_t *i, const char *key,
                       size_t *keypos)
{
    size_t j = ws(s, *i + 1);
    while (j < s->len && s->text[j] == '"') {
        size_t k = j, kend = skip_string(s, j);
        int match = key_is(s, k, kend, key);
        j = ws(s, kend);
        j = ws(s, j + 1); /* ':' */
        if (match) {
            *keypos = k;
            *i = j;
            return 1;
        }
        j = ws(s, skip_value(s, j));
        if (j < s->len && s->text[j] == ',')
            j = ws(s, j + 1);
    }
    return 0;
}

/* Step into element `idx` of the array at *i: *i and *keypos become its
 * offset; 0 when the array is shorter. */
static int find_element(const src *s, size_t *i, size_t idx, size_t *keypos)
{
    size_t j = ws(s, *i + 1), n = 0;
    while (j < s->len && s->text[j] != ']' && n < idx) {
        j = ws(s, skip_value(s, j));
        if (j < s->len && s->text[j] == ',')
            j = ws(s, j + 1);
        n++;
    }
    if (n < idx || j >= s->len || s->text[j] == ']')
        return 0;
    *keypos = j;
    *i = j;
    return 1;
}

size_t lv_json_locate(const char *text, size_t len, const lv_json_step *path,
                      size_t n, int at_key)
{
    src s = {text, len};
    /* jansson was given the text after a byte order mark */
    size_t bom = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    size_t i = ws(&s, bom), keypos = i;
    for (size_t k = 0; k < n; k++) {
        if (i >= len)
            break;
        size_t container = i;
        int found = 0;
        if (path[k].key && text[i] == '{')
            found = find_member(&s, &i, path[k].key, &keypos);
        else if (!path[k].key && text[i] == '[')
            found = find_element(&s, &i, path[k].idx, &keypos);
        if (!found)
            return container;
    }
    return at_key ? keypos : i;
}

void lv_json_pointer(lv_buf *b, const lv_json_step *path, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        lv_buf_putc(b, '/');
        if (!path[k].key) {
            lv_buf_printf(b, "%zu", path[k].idx);
            continue;
        }
        for (const char *c = path[k].key; *c; c++) {
            if (*c == '~')
                lv_buf_puts(b, "~0");
            else if (*c == '/')
                lv_buf_puts(b, "~1");
            else
                lv_buf_putc(b, *c);
        }
    }
}
