/* Rendering of the model: see include/lv/report.h. */
#include "lv/report.h"

#include <stdio.h>
#include <string.h>

#include "lv/charts.h"
#include "lv/embedded.h"
#include "lv/escape.h"
#include "lv/jsonutil.h"
#include "lv/mustache.h"
#include "lv/render_html.h"
#include "lv/view.h"

const char *lv_template_builtin(const char *name, size_t *len)
{
    char path[300];
    snprintf(path, sizeof path, "templates/%s.mustache", name);
    const lv_embedded_file *f = lv_embedded_find(path);
    if (!f)
        return NULL;
    *len = f->size;
    return f->data;
}

static const char *partial(void *ctx, const char *name, size_t *len)
{
    (void)ctx;
    return lv_template_builtin(name, len);
}

/* The sources table: where each figure of the delta tables comes from. */
static json_t *sources(const json_t *model)
{
    json_t *rows = json_array();
    size_t i, j;
    json_t *d, *r;
    json_array_foreach(json_object_get(model, "deltas"), i, d) {
        json_array_foreach(json_object_get(d, "rows"), j, r) {
            static const char *const sides[] = {"from", "to"};
            for (int s = 0; s < 2; s++) {
                json_t *src = json_object_get(json_object_get(r, "sources"), sides[s]);
                json_t *f = json_object_get(src, "file");
                json_t *p = json_object_get(src, "pointer");
                if (!json_is_string(f))
                    continue;
                char fig[600];
                snprintf(fig, sizeof fig, "%s (%s)",
                         json_string_value(json_object_get(r, "metric")),
                         json_string_value(json_object_get(d, s ? "to_label" : "from_label")));
                json_array_append_new(rows, json_pack("{s:s,s:O,s:s}", "figure", fig,
                                                      "file", f, "where",
                                                      json_is_string(p) ? json_string_value(p)
                                                                        : "derived"));
            }
        }
    }
    static const char *const sections[][4] = {
        {"latency", "file", "client latency: %s", "every record"},
        {"kql_http", "file", "HTTP log figures", "every row (streamed)"},
        {"console", "file", "console log signatures", "every row (streamed)"},
        {"platform", "file", "platform log events", "every row (streamed)"},
    };
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        json_t *sec = json_object_get(model, sections[k][0]);
        json_t *list = json_is_array(sec) ? sec : json_pack("[O]", sec ? sec : json_null());
        json_array_foreach(list, i, r) {
            json_t *f = json_object_get(r, sections[k][1]);
            if (!json_is_string(f))
                continue;
            char fig[600];
            snprintf(fig, sizeof fig, sections[k][2],
                     json_string_value(json_object_get(r, "label")));
            json_array_append_new(rows, json_pack("{s:s,s:O,s:s}", "figure", fig, "file", f,
                                                  "where", sections[k][3]));
        }
        if (list != sec)
            json_decref(list);
    }
    return json_pack("{s:o}", "rows", rows);
}

/* The view the template sees: the model for people, plus the sources table
 * and the charts when asked (SVG placeholders when the page is HTML). */
static json_t *make_view(const json_t *model, const lv_render_opts *o, int html)
{
    json_t *view = lv_view(model);
    if (o->sources)
        json_object_set_new(view, "sources", sources(model));
    if (o->charts)
        json_object_set_new(view, "charts", lv_charts_view(model, html));
    return view;
}

int lv_render_md_template(const json_t *view, const lv_render_opts *o,
                          const char *builtin, lv_buf *out, lv_diag *d)
{
    size_t len = o->template_len;
    const char *text = o->template_text;
    char fallback[96];
    snprintf(fallback, sizeof fallback, "templates/%s.mustache", builtin);
    const char *name = o->template_name ? o->template_name : fallback;
    if (!text)
        text = lv_template_builtin(builtin, &len);
    if (!text) {
        lv_diag_file(d, LV_SEV_ERROR, name, "no such template");
        return -1;
    }
    lv_mustache *t = lv_mustache_compile(text, len, name, d);
    if (!t)
        return -1;
    int rc = lv_mustache_render(t, view, partial, NULL, lv_escape_md_cell, NULL, out, d);
    lv_mustache_free(t);
    return rc;
}

static int render_md(const json_t *view, const lv_render_opts *o, lv_buf *out, lv_diag *d)
{
    return lv_render_md_template(view, o, "report.md", out, d);
}

int lv_report_render(const json_t *model, const lv_render_opts *o, lv_buf *out,
                     lv_diag *d)
{
    const char *fmt = o->format ? o->format : "md";
    if (strcmp(fmt, "json") == 0) {
        lv_json_dump_buf(out, model);
        return 0;
    }
    int html = strcmp(fmt, "html") == 0;
    json_t *view = make_view(model, o, html);
    if (!html) {
        int rc = render_md(view, o, out, d);
        json_decref(view);
        return rc;
    }
    lv_buf md;
    lv_buf_init(&md);
    int rc = render_md(view, o, &md, d);
    if (rc == 0) {
        json_t *title = json_object_get(json_object_get(model, "profile"), "title");
        char t[512];
        snprintf(t, sizeof t, "Experiment log: %s",
                 json_is_string(title) ? json_string_value(title) : "lab run");
        rc = lv_render_html(md.data ? md.data : "", md.len, t, out, d);
        if (rc == 0 && o->charts)
            lv_charts_inline_svg(json_object_get(view, "charts"), out);
    }
    lv_buf_free(&md);
    json_decref(view);
    return rc;
}
