/* Unit tests for the HTML page and the Markdown table checks. */
#include "lvtest.h"

#include <jansson.h>

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/mdcheck.h"
#include "lv/render_html.h"

/* The page for `md`, as a malloc'd string (the test fails on an error). */
static char *page(const char *md, const char *title)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_buf b;
    lv_buf_init(&b);
    assert_int_equal(lv_render_html(md, strlen(md), title, &b, &d), 0);
    assert_int_equal(d.errors, 0);
    lv_diag_free(&d);
    return lv_buf_steal(&b);
}

/* The part of the page between <main> and </main>. */
static const char *body_of(const char *html)
{
    const char *b = strstr(html, "<main>\n");
    assert_non_null(b);
    assert_non_null(strstr(b, "</main>\n</body>\n</html>\n"));
    return b + 7;
}

static const char table_md[] =
    "# Verdict\n"
    "\n"
    "| metric | value | unit |\n"
    "|:-------|------:|:----:|\n"
    "| p95    | 1,234.5 | ms |\n"
    "| errors | 0     | %    |\n";

static void page_is_self_contained_html5(void **state)
{
    char *h = page(table_md, "Run 42");
    assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                           "<meta charset=\"utf-8\">\n", 62) == 0);
    assert_non_null(strstr(h, "<title>Run 42</title>"));
    assert_non_null(strstr(h, "<style>\n"));
    assert_non_null(strstr(h, "Content-Security-Policy"));
    assert_non_null(strstr(h, "default-src 'none'"));
    /* no script, no external resource */
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<link"));
    assert_null(strstr(h, "src="));
    assert_null(strstr(h, "http://"));
    assert_null(strstr(h, "https://"));
    assert_null(strstr(h, "@import"));
    assert_null(strstr(h, "url("));
    size_t n = strlen(h);
    assert_string_equal(h + n - 16, "</body>\n</html>\n");
    free(h);
}

static void title_is_escaped(void **state)
{
    char *h = page("x", "<script>alert('x')</script> & \"q\"\n");
    assert_non_null(strstr(h, "<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
                              " &amp; &quot;q&quot;\xe2\x90\x8a</title>"));
    assert_null(strstr(h, "<script"));
    free(h);
    h = page("x", NULL);
    assert_non_null(strstr(h, "<title>Experiment log</title>"));
    free(h);
}

static void tables_render_with_alignment(void **state)
{
    char *h = page(table_md, "t");
    const char *b = body_of(h);
    assert_non_null(strstr(b, "<h1>Verdict</h1>"));
    assert_non_null(strstr(b, "<table>\n<thead>\n<tr>\n<th align=\"left\">metric</th>"));
    assert_non_null(strstr(b, "<td align=\"right\">1,234.5</td>"));
    assert_non_null(strstr(b, "<td align=\"center\">%</td>"));
    assert_non_null(strstr(h, "td[align=right]"));  /* the style for numbers */
    free(h);
}

static void raw_html_never_reaches_the_page(void **state)
{
    const char *md =
        "<script>alert(1)</script>\n"
        "\n"
        "text <img src=x onerror=alert(1)> and <b onclick=x>bold</b>\n"
        "\n"
        "<div><iframe src=\"http://evil\"></iframe></div>\n"
        "\n"
        "[a](javascript:alert(1)) [b](vbscript:x) ![c](http://x/i.png)\n"
        "\n"
        "| a | b |\n|---|---|\n| <script>x</script> | <style>*{}</style> |\n";
    char *h = page(md, "t");
    const char *b = body_of(h);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<img src=x"));
    assert_null(strstr(h, "onerror"));
    assert_null(strstr(h, "onclick"));
    assert_null(strstr(h, "<iframe"));
    assert_null(strstr(h, "javascript:"));
    assert_null(strstr(h, "vbscript:"));
    assert_null(strstr(b, "<style"));
    assert_non_null(strstr(b, "<!-- raw HTML omitted -->"));
    assert_non_null(strstr(b, "<a href=\"\">a</a>"));
    /* a Markdown image is the template's own; the CSP keeps it from loading */
    free(h);
}

static void no_autolinks(void **state)
{
    char *h = page("see www.example.com and http://x.example/a and a@b.example\n", "t");
    assert_null(strstr(h, "<a "));
    assert_non_null(strstr(h, "<p>see www.example.com and http://x.example/a"));
    free(h);
    h = page("~~gone~~\n", "t");
    assert_non_null(strstr(h, "<p><del>gone</del></p>"));
    free(h);
}

static void same_input_same_bytes(void **state)
{
    char *a = page(table_md, "Run");
    char *b = page(table_md, "Run");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void invalid_utf8_and_empty_input(void **state)
{
    char *h = page("bad \xff\xfe byte\n", "t");
    assert_non_null(strstr(h, "<p>bad \xef\xbf\xbd\xef\xbf\xbd byte</p>"));
    free(h);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_buf b;
    lv_buf_init(&b);
    assert_int_equal(lv_render_html(NULL, 0, "t", &b, &d), 0);
    assert_non_null(strstr(b.data, "<main>\n</main>\n"));
    lv_buf_free(&b);
    lv_diag_free(&d);
}

static void too_large_is_an_error(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_buf b;
    lv_buf_init(&b);
    assert_int_equal(lv_render_html("x", LV_MD_LIMIT + 1, "t", &b, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_int_equal(b.len, 0);
    lv_buf_free(&b);
    lv_diag_free(&d);
}

/* ---- table shapes ----------------------------------------------------- */

static void shapes_count_source_cells(void **state)
{
    const char *md =
        "intro\n"
        "\n"
        "| a | b | c |\n"
        "|---|---|---|\n"
        "| 1 | 2 | 3 |\n"
        "| 1 | 2 |\n"              /* short: cmark pads it */
        "| 1 | 2 | 3 | 4 |\n"      /* long: cmark drops the 4 */
        "1 | 2 \\| 2 | 3\n"        /* no outer pipes, an escaped pipe */
        "| 1 || 3 |\n"             /* an empty cell */
        "\n"
        "> | x |\n"
        "> |---|\n"
        "\n"
        "- | p | q |\n"
        "  |---|---|\n"
        "  | 1 | 2 | 3 |\n";
    lv_buf r;
    lv_buf_init(&r);
    assert_int_equal(lv_md_table_shapes(md, strlen(md), &r), 3);
    assert_string_equal(r.data,
                        "table 1 line 3: 3 columns; rows 3 2 4 3 3\n"
                        "table 2 line 11: 1 columns; rows -\n"
                        "table 3 line 14: 2 columns; rows 3\n");
    lv_buf_free(&r);
    assert_int_equal(lv_md_table_mismatches(md, strlen(md)), 3);
}

static void tables_json_has_cells_and_markup(void **state)
{
    const char *md = "| h1 | *h2* |\n|---|---|\n| `c` | a \\| b |\n";
    json_t *t = lv_md_tables_json(md, strlen(md));
    assert_int_equal(json_array_size(t), 1);
    json_t *rows = json_object_get(json_array_get(t, 0), "rows");
    json_t *h = json_array_get(rows, 0), *r = json_array_get(rows, 1);
    assert_true(json_is_true(json_object_get(h, "header")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(h, "cells"), 1)), "h2");
    assert_string_equal(json_string_value(json_array_get(json_object_get(h, "markup"), 0)), "emph");
    assert_false(json_is_true(json_object_get(r, "header")));
    assert_int_equal(json_integer_value(json_object_get(r, "line")), 3);
    assert_string_equal(json_string_value(json_array_get(json_object_get(r, "cells"), 0)), "c");
    assert_string_equal(json_string_value(json_array_get(json_object_get(r, "cells"), 1)), "a | b");
    assert_string_equal(json_string_value(json_array_get(json_object_get(r, "markup"), 0)), "code");
    json_decref(t);
    lv_buf b;
    lv_buf_init(&b);
    assert_int_equal(lv_md_table_shapes("no table\n", 9, &b), 0);
    assert_null(b.data);
    lv_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_is_self_contained_html5),
        cmocka_unit_test(title_is_escaped),
        cmocka_unit_test(tables_render_with_alignment),
        cmocka_unit_test(raw_html_never_reaches_the_page),
        cmocka_unit_test(no_autolinks),
        cmocka_unit_test(same_input_same_bytes),
        cmocka_unit_test(invalid_utf8_and_empty_input),
        cmocka_unit_test(too_large_is_an_error),
        cmocka_unit_test(shapes_count_source_cells),
        cmocka_unit_test(tables_json_has_cells_and_markup),
    };
    return cmocka_run_group_tests_name("render_html", tests, NULL, NULL);
}
