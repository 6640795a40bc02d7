/* labverdict — escaping text chosen by strangers, one function per output.
 *
 * Some text in the experiment log comes from the artifacts: URL paths from
 * HTTP logs (CsUriStem), console and platform log messages, file names. Each
 * function here appends such a value to `out` so that it can only ever be
 * read as TEXT in the place it lands. All have the signature of a mustache
 * escape callback (lv_mustache_escape_fn); `ctx` is unused.
 *
 * Rules shared by the Markdown and HTML escapes
 * ---------------------------------------------
 * - Invalid UTF-8: each byte that does not start a valid sequence (overlong
 *   forms, surrogates and code points past U+10FFFF are invalid) becomes
 *   U+FFFD.
 * - Invisible characters are made VISIBLE, so a value always stays on one
 *   line, can never end a table row, and cannot hide or reorder what is
 *   around it:
 *     C0 controls U+0000..U+001F  ->  the Unicode control picture
 *                                     U+2400 + c:  NUL ␀, TAB ␉, LF ␊,
 *                                     CR ␍, ESC ␛ (so "\r\n" is "␍␊")
 *     DEL U+007F                  ->  ␡ (U+2421)
 *     C1 controls U+0080..U+009F,
 *     bidi marks, embeddings, overrides and isolates (U+061C, U+200E,
 *     U+200F, U+202A..U+202E, U+2066..U+2069), and the line and paragraph
 *     separators U+2028, U+2029  ->  "⟨U+XXXX⟩" (U+27E8, U+27E9 around
 *                                     the code point in hex)
 *   A value that already contains a control picture is not changed, so
 *   "␊" in the log can mean either; the log is for reading, not for
 *   recovering the bytes (the JSON output keeps them, see lv_escape_none).
 *
 * lv_escape_md_cell — Markdown (GFM, as cmark-gfm 0.29 parses it)
 * ----------------------------------------------------------------
 * For a value in a GFM table cell or anywhere in inline Markdown text (a
 * list item, a heading, a paragraph). The result is inert: cmark-gfm reads
 * it back as exactly the visible text of the value, with no emphasis, code
 * span, link, image, autolink, raw HTML, entity, strikethrough, heading,
 * list, quote, rule, setext underline or table — and a table row it sits in
 * keeps its column count. Escapes are backslash escapes (CommonMark allows a
 * backslash before any ASCII punctuation), so the Markdown source stays
 * readable:
 *   always:      \ ` * _ [ ] ( ) < ! | ~ &
 *                ("|" as "\|" keeps the row's cells; "&" stops entities)
 *   when it is the value's first non-space character (these only start a
 *   block at the beginning of a line, and a value never contains a line
 *   break, so the first character on a line is either template text or the
 *   first non-space character of a value):
 *                # + - = > :
 *   "." when only digits and spaces come before it in the value ("1." would
 *                start an ordered list; "10.0.0.1" gives "10\.0.0.1").
 * A backslash is "\\", except when it is the value's LAST byte: then it is
 * "&#92;", because cmark-gfm 0.29's table scanner reads "\\|" as an escaped
 * pipe, and a template writing `|{{v}}|` would lose a column.
 * A space that is the value's first or last byte is "&#32;" (a character
 * reference, read back as a space): leading spaces would otherwise add to
 * the line's indentation (4 make an indented code block, which would show
 * the escapes and end a table), and two trailing spaces before the
 * template's line end make a hard line break.
 * Not escaped, as cmark-gfm gives them no meaning with the extensions the
 * renderer attaches (table, strikethrough; no autolink): " ' { } $ % @ ^ ?
 * , ; / and the same characters elsewhere in the value.
 * Template rule that goes with it: never put a value inside a code span
 * (backslashes do not escape there), a link destination or raw HTML.
 *
 * lv_escape_html — HTML text and double- or single-quoted attribute values
 * -----------------------------------------------------------------------
 *   & < > " '  ->  &amp; &lt; &gt; &quot; &#39;
 * plus the shared rules above.
 *
 * lv_escape_none — the bytes as they are (JSON and plain output, where the
 * serializer does its own quoting).
 */
#ifndef LV_ESCAPE_H
#define LV_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include "lv/buf.h"

/* Same shape as lv_mustache_escape_fn. */
typedef void (*lv_escape_fn)(void *ctx, lv_buf *out, const char *s, size_t n);

void lv_escape_md_cell(void *ctx, lv_buf *out, const char *s, size_t n);
void lv_escape_html(void *ctx, lv_buf *out, const char *s, size_t n);
void lv_escape_none(void *ctx, lv_buf *out, const char *s, size_t n);

/* The valid UTF-8 sequence at s[0..n): its length (1..4), with the code
 * point in *cp; 0 when the bytes there are not valid UTF-8. n must be > 0. */
size_t lv_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* When `cp` is one of the invisible characters listed above, append its
 * visible form to `out` and return 1; otherwise append nothing, return 0. */
int lv_escape_put_visible(lv_buf *out, uint32_t cp);

#endif
