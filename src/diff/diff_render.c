/* Rendering a diff model: JSON, or Markdown through the diff template (and
 * HTML from that Markdown), as report.c renders a model. */
#include <stdio.h>
#include <string.h>

#include "lv/diff.h"
#include "lv/escape.h"
#include "lv/jsonutil.h"
#include "lv/numfmt.h"
#include "lv/render_html.h"
#include "lv/view.h"

/* "0.008", "<0.001", "1.000"; "n/a" without a test. */
static json_t *p_text(const json_t *test)
{
    char buf[LV_NUMFMT_MAX];
    json_t *p = json_object_get(test, "p");
    const char *method = json_string_value(json_object_get(test, "method"));
    if (!json_is_number(p) || (method && strcmp(method, "none") == 0))
        return json_string("n/a");
    if (json_number_value(p) < 0.001)
        return json_string("<0.001");
    return json_string(lv_fmt_fixed(buf, json_number_value(p), 3, 0));
}

/* The view: quantities with their text (view.h), plus what the template
 * cannot compute: each latency set's p-value as text. */
static json_t *diff_view(const json_t *diff)
{
    json_t *v = lv_view(diff), *s;
    size_t i;
    json_array_foreach(json_object_get(json_object_get(v, "latency"), "sets"), i, s)
        json_object_set_new(s, "p_text", p_text(json_object_get(s, "test")));
    return v;
}

static int render_md(const json_t *diff, const lv_render_opts *o, lv_buf *out, lv_diag *d)
{
    json_t *view = diff_view(diff);
    int rc = lv_render_md_template(view, o, "diff.md", out, d);
    json_decref(view);
    return rc;
}

int lv_diff_render(const json_t *diff, const lv_render_opts *o, lv_buf *out, lv_diag *d)
{
    const char *fmt = o->format ? o->format : "md";
    if (strcmp(fmt, "json") == 0) {
        lv_json_dump_buf(out, diff);
        return 0;
    }
    if (strcmp(fmt, "md") == 0)
        return render_md(diff, o, out, d);
    lv_buf md;
    lv_buf_init(&md);
    int rc = render_md(diff, o, &md, d);
    if (rc == 0) {
        json_t *title = json_object_get(diff, "title");
        char t[512];
        snprintf(t, sizeof t, "Run comparison: %s",
                 json_is_string(title) ? json_string_value(title) : "lab runs");
        rc = lv_render_html(md.data ? md.data : "", md.len, t, out, d);
    }
    lv_buf_free(&md);
    return rc;
}
