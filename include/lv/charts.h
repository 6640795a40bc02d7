/* labverdict — charts of the report.
 *
 * Two kinds, from the model: MemAvailable and SwapFree across the snapshot
 * phases, and client latency by request index (one chart per response CSV).
 * In Markdown they are Mermaid `xychart-beta` blocks, which GitHub renders;
 * in HTML they are inline SVG written here (no script, no external file).
 *
 * lv_charts_view gives the template its "charts" object: for each chart an
 * id, a title, and the Mermaid text pieces (numbers and labels already made
 * safe for a code block); `mermaid` or `svg` says which to write. In HTML
 * the template writes a placeholder paragraph "LVCHART:<id>" that
 * lv_charts_inline_svg replaces with the chart after cmark has rendered the
 * page (cmark's safe mode would drop SVG written in the Markdown). */
#ifndef LV_CHARTS_H
#define LV_CHARTS_H

#include <jansson.h>
#include "lv/buf.h"

/* New object {"memory": {...}|absent, "latency": [...], "mermaid": b,
 * "svg": b}. */
json_t *lv_charts_view(const json_t *model, int svg);

/* Replace each "<p>LVCHART:id</p>" in html with the SVG of that chart. */
void lv_charts_inline_svg(const json_t *charts, lv_buf *html);

/* One line chart as SVG: x labels (n points), series of n values each
 * (null = gap), series names for the legend. Appends to out. */
void lv_svg_line_chart(lv_buf *out, const char *title, const char *y_unit,
                       const json_t *x_labels, const json_t *series);

#endif
