/* What the escapes share: UTF-8 decoding, visible forms of invisible
 * characters, the raw copy. See include/lv/escape.h. */
#include "lv/escape.h"

size_t lv_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len;
    uint32_t c;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    } else if (u[0] >= 0xc2 && u[0] <= 0xdf) {
        len = 2;
        c = u[0] & 0x1f;
    } else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        len = 3;
        c = u[0] & 0x0f;
    } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        len = 4;
        c = u[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3f);
    }
    if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
        (len == 4 && (c < 0x10000 || c > 0x10ffff)))
        return 0;
    *cp = c;
    return len;
}

/* Append code point `cp` (a valid scalar value) as UTF-8. */
static void put_utf8(lv_buf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    lv_buf_put(out, b, n);
}

int lv_escape_put_visible(lv_buf *out, uint32_t cp)
{
    if (cp < 0x20) {
        put_utf8(out, 0x2400 + cp);          /* ␀ .. ␟ */
        return 1;
    }
    if (cp == 0x7f) {
        put_utf8(out, 0x2421);               /* ␡ */
        return 1;
    }
    if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e ||
        cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
        (cp >= 0x2066 && cp <= 0x2069)) {
        lv_buf_printf(out, "\xe2\x9f\xa8U+%04X\xe2\x9f\xa9", (unsigned)cp);
        return 1;
    }
    return 0;
}

void lv_escape_none(void *ctx, lv_buf *out, const char *s, size_t n)
{
    (void)ctx;
    lv_buf_put(out, s, n);
}
