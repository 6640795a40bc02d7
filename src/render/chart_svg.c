/* Inline SVG line charts for the HTML report: see include/lv/charts.h.
 * Written by hand (no library, no script): axes, ticks, one polyline per
 * series, a legend. Every text goes through the HTML escaper. */
#include <math.h>
#include <string.h>

#include "lv/charts.h"
#include "lv/escape.h"
#include "lv/numfmt.h"

#define W 720.0
#define H 320.0
#define LEFT 90.0
#define RIGHT 44.0
#define TOP 44.0
#define BOTTOM 56.0

static const char *const colours[] = {"#1565c0", "#c62828", "#2e7d32", "#ef6c00"};

static void text(lv_buf *out, const char *s)
{
    lv_escape_html(NULL, out, s, strlen(s));
}

/* A round upper bound for the y axis: 1, 2 or 5 times a power of ten. */
static double nice_max(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    for (int k = 0; k < 3; k++) {
        double m = (k == 0 ? 1 : k == 1 ? 2 : 5) * p;
        if (m >= v)
            return m;
    }
    return 10 * p;
}

static double series_max(const json_t *series)
{
    double hi = 0;
    size_t i, j;
    json_t *s, *v;
    json_array_foreach(series, i, s) json_array_foreach(json_object_get(s, "values"), j, v)
        if (json_is_number(v) && json_number_value(v) > hi)
            hi = json_number_value(v);
    return hi;
}

static void axes(lv_buf *out, const char *y_unit, double ymax, const json_t *x_labels)
{
    double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
    lv_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>",
                  LEFT, TOP + ph, LEFT + pw, TOP + ph);
    lv_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>",
                  LEFT, TOP, LEFT, TOP + ph);
    for (int t = 0; t <= 4; t++) {
        double y = TOP + ph - ph * t / 4.0;
        char n[LV_NUMFMT_MAX];
        lv_fmt_fixed(n, ymax * t / 4.0, ymax >= 20 ? 0 : 2, LV_NUMFMT_GROUP);
        lv_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>",
                      LEFT, y, LEFT + pw, y, LEFT - 6, y + 4, n);
    }
    lv_buf_printf(out, "<text x=\"14\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-90 14 %.1f)\">",
                  TOP + ph / 2, TOP + ph / 2);
    text(out, y_unit);
    lv_buf_puts(out, "</text>");
    size_t n = json_array_size(x_labels), step = n > 10 ? (n + 9) / 10 : 1;
    for (size_t i = 0; i < n; i += step) {
        double x = LEFT + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
        const char *anchor = n > 1 && i == 0 ? "start" : n > 1 && i + step >= n ? "end" : "middle";
        lv_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"11\">",
                      x, TOP + ph + 18, anchor);
        text(out, json_string_value(json_array_get(x_labels, i)));
        lv_buf_puts(out, "</text>");
    }
}

static void lines(lv_buf *out, const json_t *series, double ymax, size_t n)
{
    double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
    size_t i, j;
    json_t *s, *v;
    json_array_foreach(series, i, s) {
        const char *colour = colours[i % 4];
        int open = 0;
        json_array_foreach(json_object_get(s, "values"), j, v) {
            if (!json_is_number(v)) {   /* a gap */
                if (open)
                    lv_buf_puts(out, "\"/>");
                open = 0;
                continue;
            }
            double x = LEFT + (n > 1 ? pw * (double)j / (double)(n - 1) : pw / 2);
            double y = TOP + ph - ph * json_number_value(v) / ymax;
            if (!open)
                lv_buf_printf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
                              colour);
            lv_buf_printf(out, "%s%.1f,%.1f", open ? " " : "", x, y);
            open = 1;
        }
        if (open)
            lv_buf_puts(out, "\"/>");
        lv_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                           "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">",
                      LEFT + 10 + 170.0 * (double)i, TOP - 14, colour,
                      LEFT + 26 + 170.0 * (double)i, TOP - 9);
        text(out, json_string_value(json_object_get(s, "name")));
        lv_buf_puts(out, "</text>");
    }
}

void lv_svg_line_chart(lv_buf *out, const char *title, const char *y_unit,
                       const json_t *x_labels, const json_t *series)
{
    double ymax = nice_max(series_max(series));
    lv_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
                       "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">"
                       "<title>", W, H, W, H);
    text(out, title);
    lv_buf_printf(out, "</title><text x=\"%.1f\" y=\"18\" font-size=\"14\" font-weight=\"bold\">",
                  LEFT);
    text(out, title);
    lv_buf_puts(out, "</text>");
    axes(out, y_unit, ymax, x_labels);
    lines(out, series, ymax, json_array_size(x_labels));
    lv_buf_puts(out, "</svg>");
}

static void replace_one(lv_buf *html, const json_t *c)
{
    char mark[128];
    snprintf(mark, sizeof mark, "<p>LVCHART:%s</p>", json_string_value(json_object_get(c, "id")));
    char *at = html->data ? strstr(html->data, mark) : NULL;
    if (!at)
        return;
    lv_buf svg;
    lv_buf_init(&svg);
    lv_buf_puts(&svg, "<figure>");
    lv_svg_line_chart(&svg, json_string_value(json_object_get(c, "title")),
                      json_string_value(json_object_get(c, "y_label")),
                      json_object_get(c, "svg_x"), json_object_get(c, "svg_series"));
    lv_buf_puts(&svg, "</figure>");
    lv_buf rebuilt;
    lv_buf_init(&rebuilt);
    size_t head = (size_t)(at - html->data), mlen = strlen(mark);
    lv_buf_put(&rebuilt, html->data, head);
    lv_buf_put(&rebuilt, svg.data, svg.len);
    lv_buf_put(&rebuilt, at + mlen, html->len - head - mlen);
    lv_buf_free(html);
    *html = rebuilt;
    lv_buf_free(&svg);
}

void lv_charts_inline_svg(const json_t *charts, lv_buf *html)
{
    const json_t *mem = json_object_get(charts, "memory");
    if (mem)
        replace_one(html, mem);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(charts, "latency"), i, c) replace_one(html, c);
}
