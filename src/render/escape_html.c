/* HTML escaping for text and quoted attribute values: the rules are in
 * include/lv/escape.h. */
#include "lv/escape.h"

void lv_escape_html(void *ctx, lv_buf *out, const char *s, size_t n)
{
    (void)ctx;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = lv_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            lv_buf_puts(out, "\xef\xbf\xbd");
            k = 1;
        } else if (lv_escape_put_visible(out, cp)) {
            /* a control picture or ⟨U+XXXX⟩ */
        } else {
            switch (cp) {
            case '&': lv_buf_puts(out, "&amp;"); break;
            case '<': lv_buf_puts(out, "&lt;"); break;
            case '>': lv_buf_puts(out, "&gt;"); break;
            case '"': lv_buf_puts(out, "&quot;"); break;
            case '\'': lv_buf_puts(out, "&#39;"); break;
            default: lv_buf_put(out, s + i, k); break;
            }
        }
        i += k;
    }
}
