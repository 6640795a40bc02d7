/* The HTML page of the experiment log: see include/lv/render_html.h. */
#include "lv/render_html.h"

#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "lv/escape.h"

static const char *const extensions[] = {"table", "strikethrough"};

cmark_parser *lv_md_parser_new(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(LV_MD_OPTIONS);
    if (!p)
        abort();
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
        if (!e || !cmark_parser_attach_syntax_extension(p, e))
            abort();  /* the library is built without its own extensions */
    }
    return p;
}

static const char head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; img-src data:\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";

static const char style[] =
    "</title>\n"
    "<style>\n"
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,"
    "Arial,sans-serif;line-height:1.5;color:#1f2328;background:#fff;"
    "max-width:80rem;margin:2rem auto;padding:0 1rem}\n"
    "h1,h2,h3,h4{line-height:1.25;margin:1.5em 0 .5em}\n"
    "h1,h2{border-bottom:1px solid #d0d7de;padding-bottom:.3em}\n"
    "table{border-collapse:collapse;margin:1em 0;display:block;"
    "overflow-x:auto;max-width:100%}\n"
    "th,td{border:1px solid #d0d7de;padding:.3em .6em;vertical-align:top;"
    "overflow-wrap:anywhere}\n"
    "thead th{background:#f6f8fa;text-align:left}\n"
    "tbody tr:nth-child(even){background:#f9fafb}\n"
    "th[align=right],td[align=right]{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    "td[align=right],code,pre{font-family:ui-monospace,SFMono-Regular,"
    "Menlo,Consolas,\"Liberation Mono\",monospace;font-size:.9em}\n"
    "th[align=center],td[align=center]{text-align:center}\n"
    "code{background:#f6f8fa;padding:.1em .3em;border-radius:3px}\n"
    "pre{background:#f6f8fa;padding:.8em;overflow-x:auto}\n"
    "pre code{background:none;padding:0}\n"
    "blockquote{margin:1em 0;padding:0 1em;color:#57606a;"
    "border-left:.25em solid #d0d7de}\n"
    "del{color:#57606a}\n"
    "@media print{body{max-width:none;margin:0}table{display:table}}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<main>\n";

static const char tail[] =
    "</main>\n"
    "</body>\n"
    "</html>\n";

int lv_render_html(const char *markdown, size_t len, const char *title,
                   lv_buf *out, lv_diag *d)
{
    if (len > LV_MD_LIMIT) {
        lv_diag_file(d, LV_SEV_ERROR, NULL,
                     "cannot render HTML: the Markdown is larger than %zu bytes",
                     LV_MD_LIMIT);
        return -1;
    }
    if (!title)
        title = "Experiment log";
    cmark_parser *p = lv_md_parser_new();
    if (len)
        cmark_parser_feed(p, markdown, len);
    cmark_node *doc = cmark_parser_finish(p);
    char *body = doc ? cmark_render_html(doc, LV_MD_OPTIONS,
                                         cmark_parser_get_syntax_extensions(p))
                     : NULL;
    if (!body) {
        lv_diag_file(d, LV_SEV_ERROR, NULL, "cannot render HTML: cmark-gfm failed");
        if (doc)
            cmark_node_free(doc);
        cmark_parser_free(p);
        return -1;
    }
    lv_buf_puts(out, head);
    lv_escape_html(NULL, out, title, strlen(title));
    lv_buf_puts(out, style);
    lv_buf_puts(out, body);
    lv_buf_puts(out, tail);
    cmark_get_default_mem_allocator()->free(body);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return 0;
}
