/* Markdown escaping for values in GFM table cells and inline text: the
 * rules are in include/lv/escape.h. */
#include "lv/escape.h"

#include <string.h>

/* Active wherever they are in inline text. */
static int always_active(unsigned char c)
{
    return c && strchr("\\`*_[]()<!|~&", c) != NULL;
}

/* Active only as the first non-space character of a line. */
static int line_start_active(unsigned char c)
{
    return c && strchr("#+-=>:", c) != NULL;
}

void lv_escape_md_cell(void *ctx, lv_buf *out, const char *s, size_t n)
{
    (void)ctx;
    int at_start = 1;     /* nothing but spaces so far */
    int digits_only = 1;  /* nothing but spaces and digits so far */
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = lv_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            lv_buf_puts(out, "\xef\xbf\xbd");
            k = 1;
        } else if (lv_escape_put_visible(out, cp)) {
            /* a control picture or ⟨U+XXXX⟩ */
        } else if (cp >= 0x80) {
            lv_buf_put(out, s + i, k);
        } else {
            unsigned char c = (unsigned char)cp;
            if (c == '\\' && i + 1 == n) {
                lv_buf_puts(out, "&#92;");
            } else if (c == ' ' && (i == 0 || i + 1 == n)) {
                lv_buf_puts(out, "&#32;");
            } else if (always_active(c) || (at_start && line_start_active(c)) ||
                       (c == '.' && digits_only)) {
                lv_buf_putc(out, '\\');
                lv_buf_putc(out, (char)c);
            } else {
                lv_buf_putc(out, (char)c);
            }
            if (c != ' ')
                at_start = 0;
            if (c != ' ' && (c < '0' || c > '9'))
                digits_only = 0;
            i += k;
            continue;
        }
        at_start = digits_only = 0;
        i += k;
    }
}
