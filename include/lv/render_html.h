/* labverdict — the HTML view of the experiment log.
 *
 * The log is written as GFM Markdown; this turns it into ONE self-contained
 * HTML5 page: doctype, UTF-8, an escaped <title>, a small embedded style
 * sheet (bordered tables; cells of right-aligned columns, `---:`, in tabular
 * monospace figures), no script and no external resource — a
 * Content-Security-Policy meta tag forbids both (images only as data: URLs).
 *
 * Markdown is parsed by cmark-gfm with the `table` and `strikethrough`
 * extensions only (no `autolink`: a URL path or host name from a log must not
 * turn into a link) and rendered in cmark's SAFE mode (no CMARK_OPT_UNSAFE):
 * raw HTML in the Markdown is replaced by "<!-- raw HTML omitted -->", and
 * javascript:, vbscript:, file: and non-image data: URLs are dropped.
 * Invalid UTF-8 becomes U+FFFD. The output depends on the input bytes only:
 * the same Markdown and title give the same page, byte for byte. */
#ifndef LV_RENDER_HTML_H
#define LV_RENDER_HTML_H

#include <stddef.h>
#include <cmark-gfm.h>
#include "lv/buf.h"
#include "lv/diag.h"

/* The largest Markdown document rendered: 256 MiB (cmark counts in int). */
#define LV_MD_LIMIT ((size_t)256 << 20)

/* The cmark options of every parse and render (safe mode). */
#define LV_MD_OPTIONS CMARK_OPT_VALIDATE_UTF8

/* A cmark-gfm parser with the log's extensions attached (the same one the
 * renderer uses, so checks see what readers see). Free with
 * cmark_parser_free. Never NULL (allocation failure aborts). */
cmark_parser *lv_md_parser_new(void);

/* Append the page for markdown[0..len) to `out`. `title` (NULL: "Experiment
 * log") is HTML-escaped (lv_escape_html). Returns 0, or -1 with an error in
 * `d` when the Markdown cannot be rendered (larger than LV_MD_LIMIT). */
int lv_render_html(const char *markdown, size_t len, const char *title,
                   lv_buf *out, lv_diag *d);

#endif
