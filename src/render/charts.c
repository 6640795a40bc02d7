/* The report's charts as template data (Mermaid): see include/lv/charts.h. */
#include "lv/charts.h"

#include <ctype.h>
#include <string.h>

#include "lv/numfmt.h"

/* Text safe inside a Mermaid quoted string and a code block: no quotes,
 * brackets, backticks or line breaks. */
static void mermaid_text(lv_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        lv_buf_putc(b, c < 0x20 || strchr("\"'`[]{}<>;#\\", c) ? ' ' : (char)c);
    }
}

static json_t *str_of(lv_buf *b)
{
    json_t *s = json_string(b->data ? b->data : "");
    lv_buf_reset(b);
    return s;
}

static void number_list(lv_buf *b, const json_t *values)
{
    size_t i;
    json_t *v;
    json_array_foreach(values, i, v) {
        char n[LV_NUMFMT_MAX];
        lv_buf_puts(b, i ? ", " : "");
        lv_buf_puts(b, json_is_number(v) ? lv_fmt_double(n, json_number_value(v)) : "0");
    }
}

/* {"id","title","y_label","x_axis","series":[{"name","values"}],"legend",
 *  "svg_x","svg_series"} */
static json_t *chart(const char *id, const char *title, const char *y_label,
                     const char *x_axis, json_t *x_labels, json_t *series)
{
    lv_buf b;
    lv_buf_init(&b);
    json_t *c = json_object();
    json_object_set_new(c, "id", json_string(id));
    mermaid_text(&b, title);
    json_object_set_new(c, "title", str_of(&b));
    mermaid_text(&b, y_label);
    json_object_set_new(c, "y_label", str_of(&b));
    json_object_set_new(c, "x_axis", json_string(x_axis));
    json_t *ms = json_array();
    size_t i;
    json_t *s;
    lv_buf legend;
    lv_buf_init(&legend);
    lv_buf_puts(&legend, "Lines, in order: ");
    json_array_foreach(series, i, s) {
        number_list(&b, json_object_get(s, "values"));
        json_array_append_new(ms, json_pack("{s:O,s:o}", "name", json_object_get(s, "name"),
                                            "values", str_of(&b)));
        lv_buf_puts(&legend, i ? ", " : "");
        mermaid_text(&legend, json_string_value(json_object_get(s, "name")));
    }
    lv_buf_puts(&legend, ".");
    json_object_set_new(c, "series", ms);
    json_object_set_new(c, "legend", str_of(&legend));
    json_object_set_new(c, "svg_x", x_labels);
    json_object_set_new(c, "svg_series", series);
    lv_buf_free(&b);
    lv_buf_free(&legend);
    return c;
}

static json_t *row_values(const json_t *table, const char *metric)
{
    size_t i, j;
    json_t *r, *v;
    json_array_foreach(json_object_get(table, "rows"), i, r) {
        if (strcmp(json_string_value(json_object_get(r, "metric")), metric) != 0)
            continue;
        json_t *vals = json_array();
        json_array_foreach(json_object_get(r, "values"), j, v)
            json_array_append(vals, json_object_get(v, "value"));
        return vals;
    }
    return NULL;
}

static json_t *memory_chart(const json_t *model)
{
    const json_t *t = json_object_get(model, "snapshot_table");
    json_t *x = json_array(), *series = json_array();
    size_t i;
    json_t *c;
    lv_buf axis;
    lv_buf_init(&axis);
    json_array_foreach(json_object_get(t, "columns"), i, c) {
        const char *label = json_string_value(json_object_get(c, "label"));
        json_array_append_new(x, json_string(label));
        lv_buf_puts(&axis, i ? ", \"" : "\"");
        mermaid_text(&axis, label);
        lv_buf_puts(&axis, "\"");
    }
    static const char *const names[] = {"MemAvailable", "SwapFree"};
    for (int k = 0; k < 2; k++) {
        json_t *v = row_values(t, names[k]);
        if (v)
            json_array_append_new(series, json_pack("{s:s,s:o}", "name", names[k], "values", v));
    }
    json_t *out = NULL;
    if (json_array_size(series) && json_array_size(x) > 1) {
        char *xa = axis.data ? axis.data : "";
        out = chart("memory", "MemAvailable and SwapFree (kB)", "kB", xa, x, series);
    } else {
        json_decref(x);
        json_decref(series);
    }
    lv_buf_free(&axis);
    return out;
}

static json_t *latency_chart(const json_t *set)
{
    const json_t *pts = json_object_get(set, "by_index");
    size_t n = json_array_size(pts);
    if (n < 2)
        return NULL;
    json_t *x = json_array(), *vals = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(pts, i, p) {
        char lab[64];
        json_int_t from = json_integer_value(json_object_get(p, "from"));
        json_int_t to = json_integer_value(json_object_get(p, "to"));
        if (from == to)
            snprintf(lab, sizeof lab, "%lld", (long long)from);
        else
            snprintf(lab, sizeof lab, "%lld-%lld", (long long)from, (long long)to);
        json_array_append_new(x, json_string(lab));
        json_array_append(vals, json_object_get(p, "seconds"));
    }
    char axis[128], id[64], title[300];
    json_int_t last = json_integer_value(json_object_get(json_array_get(pts, n - 1), "to"));
    snprintf(axis, sizeof axis, "\"request index\" 1 --> %lld", (long long)last);
    snprintf(id, sizeof id, "latency-%s", json_string_value(json_object_get(set, "name")));
    snprintf(title, sizeof title, "%s: latency by request index (s%s)",
             json_string_value(json_object_get(set, "label")),
             n < (size_t)last ? ", slowest of each bucket" : "");
    json_t *series = json_pack("[{s:s,s:o}]", "name", "seconds", "values", vals);
    return chart(id, title, "s", axis, x, series);
}

json_t *lv_charts_view(const json_t *model, int svg)
{
    json_t *v = json_object();
    json_object_set_new(v, "mermaid", json_boolean(!svg));
    json_object_set_new(v, "svg", json_boolean(svg));
    json_t *mem = memory_chart(model);
    if (mem)
        json_object_set_new(v, "memory", mem);
    json_t *lat = json_array();
    size_t i;
    json_t *set;
    json_array_foreach(json_object_get(model, "latency"), i, set) {
        json_t *c = latency_chart(set);
        if (c)
            json_array_append_new(lat, c);
    }
    json_object_set_new(v, "latency", lat);
    json_object_set_new(v, "has_latency", json_boolean(json_array_size(lat) > 0));
    return v;
}
