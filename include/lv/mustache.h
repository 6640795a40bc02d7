/* labverdict — a Mustache template engine over jansson values.
 *
 * Implements the core modules of the Mustache spec (comments, delimiters,
 * interpolation, inverted, partials, sections); lambdas and the optional
 * modules (inheritance, dynamic names) are not supported.
 */
#ifndef LV_MUSTACHE_H
#define LV_MUSTACHE_H

#include <stddef.h>
#include <jansson.h>

#include "lv/buf.h"
#include "lv/diag.h"

/** # NAME
 *
 * **lv_mustache** - compile Mustache templates and render them over JSON
 */

/** # DESCRIPTION
 *
 * ## Simple Interface
 *
 *     lv_diag d;  lv_buf out;
 *     lv_mustache *t = lv_mustache_compile(src, len, "report.md", &d);
 *     if (t && lv_mustache_render(t, data, NULL, NULL, NULL, NULL, &out, &d) == 0)
 *         ... out.data holds out.len bytes ...
 *     lv_mustache_free(t);
 *
 * A template is compiled once and may be rendered any number of times, over
 * any data; a compiled template is never modified by rendering, so one may be
 * rendered from several threads at once (each with its own `out` and `d`).
 *
 * ## Value rules
 *
 * Interpolation (`{{name}}`, `{{{name}}}`, `{{&name}}`) writes:
 *
 * - a string as it is (escaped for `{{name}}`);
 * - an integer in decimal (`%lld`);
 * - a real in the shortest decimal text that reads back (strtod) as the
 *   same double, laid out like JavaScript's Number#toString: positional
 *   for 1e-6 <= |x| < 1e21 ("1.21", "100", "0.000001"), exponent form
 *   outside ("1e+21", "1.5e-7"); -0.0 is written "0";
 * - `true` and `false` as "true" and "false";
 * - nothing for null, a missing name, an array or an object (walk those
 *   with a section).
 *
 * Truthiness (`{{#name}}` renders, `{{^name}}` does not): **falsy** are
 * `false`, `null`, a missing name, the empty array and the empty string "".
 * Everything else is truthy, in particular the numbers 0 and 0.0 (a count
 * of zero is a measurement worth showing) and the empty object.
 *
 * A section over a non-empty array renders once per element, with the
 * element on top of the context stack; over any other truthy value it
 * renders once with that value on top (so `{{.}}` works for scalars).
 *
 * Names are looked up as the spec says: `.` is the top of the context
 * stack; `a.b.c` finds `a` in the innermost object of the stack that has
 * it, then `b` and `c` inside that value only (no further stack search).
 *
 * The output depends only on the template, the data, the partials and the
 * escape function: no locale, clock or environment is read.
 *
 * ## Limits
 *
 * Templates come from users, so every input either renders or fails with a
 * message; none recurses without bound or takes more than linear time to
 * compile. The limits below turn runaway templates into errors.
 */

/** Sections open at once in one template (a compile error beyond). */
#define LV_MUSTACHE_MAX_NESTING 100
/** Sections and partials entered at once while rendering, all templates
 * together (a render error beyond: typically a partial that includes
 * itself without end). */
#define LV_MUSTACHE_MAX_DEPTH 256
/** Bytes in a tag name (longer names are a compile error). */
#define LV_MUSTACHE_MAX_NAME 256
/** Bytes in a delimiter set with `{{=<% %>=}}`. */
#define LV_MUSTACHE_MAX_DELIM 32
/** Work of one render: template nodes visited plus context frames searched
 * by name lookups (a render error beyond: sections nested over large lists
 * multiply, and a real report needs well under a million). */
#ifndef LV_MUSTACHE_MAX_STEPS /* a build may lower it (the fuzz build does) */
#define LV_MUSTACHE_MAX_STEPS 20000000UL
#endif
/** Bytes one render may append to its output (a render error beyond). */
#ifndef LV_MUSTACHE_MAX_OUTPUT /* a build may lower it (the fuzz build does) */
#define LV_MUSTACHE_MAX_OUTPUT ((size_t)64 << 20)
#endif

/** A compiled template. Opaque; holds its own copy of the source. */
typedef struct lv_mustache lv_mustache;

/** Find partial `name` (the tag content, trimmed, NUL-terminated) for
 * `{{>name}}`. Return its source and set `*len`, or return NULL when there
 * is no such partial, which renders as the empty string (per the spec).
 * The returned text is borrowed: it must stay valid until
 * lv_mustache_render returns. Each name is asked for at most once per
 * render; the compiled partial is reused for every later inclusion.
 */
typedef const char *(*lv_mustache_partial_fn)(void *ctx, const char *name,
                                              size_t *len);

/** Append `s[0..n)` to `out`, escaped, for a `{{name}}` tag.
 * `{{{name}}}` and `{{&name}}` values are written raw, without a call.
 */
typedef void (*lv_mustache_escape_fn)(void *ctx, lv_buf *out, const char *s,
                                      size_t n);

/** ## Compiling and freeing
 */

/** Compile `src[0..len)` (need not be NUL-terminated; the bytes are copied).
 * `name` is the file name used in messages (NULL: "<template>").
 *
 * On a syntax error reports one error to `d` in the form
 * `NAME:LINE:COL: error: ...` at the offending tag and returns NULL. Errors:
 * a tag without its closing delimiter (including `{{` at the end), a
 * section closed by another name, a closing tag with no open section, a
 * section left open at the end (reported at its opening tag), a bad
 * delimiter change, an empty or malformed tag name (whitespace or control
 * bytes inside, an empty part in a dotted name, over LV_MUSTACHE_MAX_NAME
 * bytes), nesting over LV_MUSTACHE_MAX_NESTING.
 *
 * Ownership: the caller frees the result with lv_mustache_free.
 */
lv_mustache *lv_mustache_compile(const char *src, size_t len, const char *name,
                                 lv_diag *d);

/** Free a compiled template. NULL is allowed. */
void lv_mustache_free(lv_mustache *t);

/** ## Rendering
 */

/** Render `t` over `data` (borrowed; NULL renders as if every name were
 * missing), appending to `out` (which the caller owns, initialised with
 * lv_buf_init; existing content is kept).
 *
 * `pf`/`pctx` supply partials (`pf` NULL: every partial is empty). Partials
 * are compiled with the default delimiters (a delimiter change never
 * crosses into or out of a partial); a syntax error in a partial is
 * reported with the partial's name as the file. A standalone partial tag
 * indents every line of the partial by the whitespace before the tag.
 *
 * `esc`/`ectx` escape `{{name}}` values (`esc` NULL: lv_mustache_escape_html).
 *
 * Returns 0, or -1 after reporting one error to `d` (a partial's syntax
 * error, nesting over LV_MUSTACHE_MAX_DEPTH, over LV_MUSTACHE_MAX_STEPS or
 * LV_MUSTACHE_MAX_OUTPUT); `out` then holds an incomplete rendering that
 * the caller should discard.
 */
int lv_mustache_render(const lv_mustache *t, const json_t *data,
                       lv_mustache_partial_fn pf, void *pctx,
                       lv_mustache_escape_fn esc, void *ectx, lv_buf *out,
                       lv_diag *d);

/** ## Helpers
 */

/** The default escaping: `&` `<` `>` `"` become `&amp;` `&lt;` `&gt;`
 * `&quot;`; every other byte is copied. `ctx` is unused. */
void lv_mustache_escape_html(void *ctx, lv_buf *out, const char *s, size_t n);

/** Append the text `v` interpolates to (see "Value rules"), unescaped. */
void lv_mustache_append_value(lv_buf *out, const json_t *v);

#endif
