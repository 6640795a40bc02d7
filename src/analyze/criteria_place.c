/* Places in a criteria file: every error names FILE:LINE:COL of the key or
 * value it is about. jansson keeps no positions, so the parser (criteria.c)
 * keeps the path of keys and indices it is at, and a small scanner follows
 * that path through the text, which jansson has already accepted, to the
 * byte offset of the value (or of its key). */
#include "criteria_int.h"

#include <stdarg.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/fileio.h"

/* ---- the scanner ---------------------------------------------------------
 * Only ever run on text jansson accepted, so it need not check syntax: it
 * only has to know where strings, containers and scalars end. */

static size_t ws(const crit_parser *p, size_t i)
{
    while (i < p->len && (p->text[i] == ' ' || p->text[i] == '\t' ||
                          p->text[i] == '\n' || p->text[i] == '\r'))
        i++;
    return i;
}

static size_t skip_string(const crit_parser *p, size_t i)
{
    for (i++; i < p->len && p->text[i] != '"'; i++)
        if (p->text[i] == '\\')
            i++;
    return i < p->len ? i + 1 : p->len;
}

static size_t skip_value(const crit_parser *p, size_t i)
{
    if (i >= p->len)
        return i;
    char c = p->text[i];
    if (c == '"')
        return skip_string(p, i);
    if (c == '{' || c == '[') {
        int depth = 0;
        while (i < p->len) {
            c = p->text[i];
            if (c == '"') {
                i = skip_string(p, i);
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
    while (i < p->len && !strchr(",}] \t\r\n", p->text[i]))
        i++;
    return i;
}

/* Does the string token text[a..b) (quotes included) spell `key`? A key
 * written with escapes is decoded first, so "\u0061ll" is found as "all". */
static int key_is(const crit_parser *p, size_t a, size_t b, const char *key)
{
    size_t kl = strlen(key);
    if (!memchr(p->text + a, '\\', b - a))
        return b - a == kl + 2 && memcmp(p->text + a + 1, key, kl) == 0;
    json_t *s = json_loadb(p->text + a, b - a, JSON_DECODE_ANY, NULL);
    int eq = json_is_string(s) && json_string_length(s) == kl &&
             memcmp(json_string_value(s), key, kl) == 0;
    json_decref(s);
    return eq;
}

/* Step into member `key` of the object at i: the offset of its value, with
 * *keypos set to its key; 0 when the object has no such member. */
static int find_member(const crit_parser *p, size_t *i, const char *key,
                       size_t *keypos)
{
    size_t j = ws(p, *i + 1);
    while (j < p->len && p->text[j] == '"') {
        size_t k = j, kend = skip_string(p, j);
        int match = key_is(p, k, kend, key);
        j = ws(p, kend);
        j = ws(p, j + 1); /* ':' */
        if (match) {
            *keypos = k;
            *i = j;
            return 1;
        }
        j = ws(p, skip_value(p, j));
        if (j < p->len && p->text[j] == ',')
            j = ws(p, j + 1);
    }
    *i = j;
    return 0;
}

/* Step into element `idx` of the array at i: its offset (also in
 * *keypos, an element having no key); 0 when the array is shorter. */
static int find_element(const crit_parser *p, size_t *i, size_t idx,
                        size_t *keypos)
{
    size_t j = ws(p, *i + 1), n = 0;
    while (j < p->len && p->text[j] != ']' && n < idx) {
        j = ws(p, skip_value(p, j));
        if (j < p->len && p->text[j] == ',')
            j = ws(p, j + 1);
        n++;
    }
    *i = j;
    if (n == idx && j < p->len && p->text[j] != ']') {
        *keypos = j;
        return 1;
    }
    return 0;
}

/* Byte offset of the value at p->path[0..n), or of its key (at_key). When
 * the path cannot be followed, the place of the deepest part found. */
static size_t locate(const crit_parser *p, size_t n, int at_key)
{
    /* jansson was given the text after a byte order mark */
    size_t bom = p->len >= 3 && memcmp(p->text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    size_t i = ws(p, bom), keypos = i;
    for (size_t s = 0; s < n; s++) {
        if (i >= p->len)
            break;
        size_t container = i;
        int found = 0;
        if (p->path[s].key && p->text[i] == '{')
            found = find_member(p, &i, p->path[s].key, &keypos);
        else if (!p->path[s].key && p->text[i] == '[')
            found = find_element(p, &i, p->path[s].idx, &keypos);
        if (!found)
            return container;
    }
    return at_key ? keypos : i;
}

/* ---- the path ------------------------------------------------------------
 * Deeper than CRIT_MAX_DEPTH only the depth is counted: the place and the
 * pointer are then those of the deepest part kept. */

static size_t kept(const crit_parser *p)
{
    return p->depth < CRIT_MAX_DEPTH ? p->depth : CRIT_MAX_DEPTH;
}

void crit_push_key(crit_parser *p, const char *key)
{
    if (p->depth < CRIT_MAX_DEPTH)
        p->path[p->depth] = (crit_seg){key, 0};
    p->depth++;
}

void crit_push_idx(crit_parser *p, size_t idx)
{
    if (p->depth < CRIT_MAX_DEPTH)
        p->path[p->depth] = (crit_seg){NULL, idx};
    p->depth++;
}

void crit_pop(crit_parser *p) { p->depth--; }

/* The path as a JSON pointer (RFC 6901: '~' and '/' in keys escaped). */
static void pointer(const crit_parser *p, lv_buf *b)
{
    size_t n = kept(p);
    for (size_t s = 0; s < n; s++) {
        lv_buf_putc(b, '/');
        if (!p->path[s].key) {
            lv_buf_printf(b, "%zu", p->path[s].idx);
            continue;
        }
        for (const char *k = p->path[s].key; *k; k++) {
            if (*k == '~')
                lv_buf_puts(b, "~0");
            else if (*k == '/')
                lv_buf_puts(b, "~1");
            else
                lv_buf_putc(b, *k);
        }
    }
}

void crit_place(const crit_parser *p, int at_key, long *line, long *col)
{
    lv_line_col(p->text, p->len, locate(p, kept(p), at_key), line, col);
}

size_t crit_member_offset(crit_parser *p, const char *key)
{
    crit_push_key(p, key);
    size_t off = locate(p, kept(p), AT_KEY);
    crit_pop(p);
    return off;
}

/* ---- errors ------------------------------------------------------------- */

void crit_err(crit_parser *p, int at_key, const char *fmt, ...)
{
    lv_buf m;
    lv_buf_init(&m);
    pointer(p, &m);
    if (m.len)
        lv_buf_puts(&m, ": ");
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    long line, col;
    crit_place(p, at_key, &line, &col);
    lv_diag_at(p->d, LV_SEV_ERROR, p->label, line, col, "%s", m.data);
    lv_buf_free(&m);
    p->errors++;
}

void crit_err_member(crit_parser *p, const char *key, int at_key,
                     const char *fmt, ...)
{
    lv_buf m;
    lv_buf_init(&m);
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    crit_push_key(p, key);
    crit_err(p, at_key, "%s", m.data);
    crit_pop(p);
    lv_buf_free(&m);
}
