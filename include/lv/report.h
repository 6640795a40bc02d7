/* labverdict — rendering the model: one renderer per output format.
 *
 *   json  the model itself (lv_json_dump), schema_version included
 *   md    the view of the model (view.h) through the Markdown template,
 *         every interpolated value escaped as inert Markdown text
 *   html  the Markdown rendered by cmark-gfm (tables on, raw HTML off) into
 *         one self-contained page
 *
 * The template is the caller's: the command line passes --template FILE,
 * else the profile's own (report.md.mustache of the profile, profile.h);
 * without one it is the generic embedded templates/report.md.mustache.
 * Partials are looked up among the embedded templates ("{{> name}}" reads
 * templates/name.mustache). */
#ifndef LV_REPORT_H
#define LV_REPORT_H

#include <jansson.h>
#include "lv/buf.h"
#include "lv/diag.h"

typedef struct {
    const char *format;         /* "md", "html" or "json" */
    const char *template_text;  /* NULL: the generic embedded report template */
    size_t template_len;
    const char *template_name;  /* for messages */
    int sources;                /* add the sources table */
    int charts;                 /* add the charts (Mermaid in md, SVG in html) */
} lv_render_opts;

/* Render into out. 0, or -1 with an error (a template that does not compile
 * or render: exit 2). */
int lv_report_render(const json_t *model, const lv_render_opts *o, lv_buf *out,
                     lv_diag *d);

/* Render `view` through the Markdown template of o (o->template_text, or
 * else the embedded template `builtin`, e.g. "report.md"), every value
 * escaped as inert Markdown text; partials come from the embedded
 * templates. Messages name o->template_name, or templates/BUILTIN.mustache.
 * 0, or -1 with an error (exit 2). Shared by report and diff. */
int lv_render_md_template(const json_t *view, const lv_render_opts *o,
                          const char *builtin, lv_buf *out, lv_diag *d);

/* The embedded template `name` ("report.md"), or NULL. */
const char *lv_template_builtin(const char *name, size_t *len);

#endif
