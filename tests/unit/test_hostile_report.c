/* Hostile strings in the report: URL paths, log messages, platform events
 * and file names chosen by strangers reach the experiment log, and must
 * stay inert text there.
 *
 * Runs: fixtures/runs/hostile, and our own: the hostile run with a newer
 * HTTP, console and platform export (built here with jansson) whose every
 * CsUriStem / ResultDescription / Message / Level is one of the strings
 * below, plus unknown files whose NAMES are hostile (with a newline, ESC,
 * invalid UTF-8). Each model is rendered with lv_report_render, as
 * `report` does, in Markdown and in HTML.
 *
 * Markdown (parsed by cmark-gfm, as readers and the HTML renderer see it):
 *   - every table keeps its column count (lv_md_table_mismatches == 0);
 *   - no link, image, raw HTML, strikethrough, emphasis or code span comes
 *     from the input: the node-type counts of such markup are exactly
 *     those of the pristine example's report (the template's own), and a
 *     table row that shows hostile text has no markup at all;
 *   - the hostile text is there, visibly, as text ("<script>" is a cell's
 *     text, not lost);
 *   - no control character is left: only "\n" below U+0020, no DEL, no C1,
 *     no bidi override or line separator; their pictures are shown.
 * HTML: only the renderer's own tags, no on* attribute, no "<script",
 * "<img", "javascript:" as markup; the same visibility rules. */
#include "lvtest.h"

#include <ctype.h>
#include <strings.h>
#include <dirent.h>
#include <unistd.h>

#include <cmark-gfm.h>

#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/criteria.h"
#include "lv/diag.h"
#include "lv/mdcheck.h"
#include "lv/profile.h"
#include "lv/render_html.h"
#include "lv/report.h"

static lv_profile profile;
static lv_criteria *criteria;
static char root[256];

/* Strings a stranger can put in a URL path or a log line. */
static const char *const hostile[] = {
    "|", "a|b|c", "\\|", "ends with a backslash\\", "\\\\|",
    "line1\nline2", "cr\rhere", "crlf\r\n|---|---|\r\n| x | y |",
    "`code`", "``double``", "*em* **strong** _u_ __uu__ ***both***",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnError=alert(1)>", "<svg/onload=alert(1)>",
    "\"><script>alert(2)</script>", "'><img src=x onerror=alert(3)>",
    "[link](http://x)", "[j](javascript:alert(1))", "![img](http://x/i.png)",
    "<http://auto.link>", "http://bare.example.com/x", "www.example.com",
    "| a | b |\n|---|---|\n| c | d |", "| a | b |", "|---|---|",
    "# heading", "    indented code", "> quote", "- item", "+ item", "1. item",
    "10.0.0.1", "---", "===", "***", "&amp; &lt; &#60;script&#62;", "&nbsp;",
    "<!-- comment", "~~strike~~", "~single~", "{{#x}}{{{y}}}{{/x}}", "{{> p}}",
    "\x01\x07\x08\x1b[2J\x1b[31mred\x1b[0m\x7f", "\xc2\x85 next line \xc2\x9b",
    "\xe2\x80\xae RTL override", "\xe2\x80\xa8 line separator \xe2\x80\xa9",
    "\xe2\x81\xa6 isolate", "\ttab", "trailing two  ", "   leading", "",
    "\\", "!", "<", ">", "&", "_", "*", "`", "[", "]", "(", ")", "~", "=", ":",
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

/* Names for files in the run folder ('/' and NUL cannot be in a name). */
static const char *const hostile_names[] = {
    "notes|<img src=x onerror=alert(1)>*`x`.txt", "a\nb|c.txt", "esc\x1b[31m.txt",
    "bad\xff\xfeutf8.txt", "[l](javascript:alert(1)).txt", "<script>.txt",
    "kql-http-|x|.txt", "\xe2\x80\xaegnp.txt",
};

/* ---- building our run ------------------------------------------------ */

static void write_json(const char *path, json_t *doc)
{
    assert_int_equal(json_dump_file(doc, path, JSON_INDENT(2) | JSON_ENSURE_ASCII), 0);
    json_decref(doc);
}

static json_t *table(json_t *columns, json_t *rows)
{
    return json_pack("{s:[{s:s,s:o,s:o}]}", "tables", "name", "PrimaryResult", "columns",
                     columns, "rows", rows);
}

/* A copy of fixtures/runs/hostile, plus exports (newer, so they are used)
 * and file names made of the strings above. */
static void make_our_run(const char *run)
{
    assert_int_equal(lvtest_copy_run("fixtures/runs/hostile", run), 0);
    json_t *http = json_array(), *console = json_array(), *platform = json_array();
    for (size_t i = 0; i < NHOSTILE; i++) {
        char t[40];
        /* inside the run window [08:35:37.300963, 08:38:13.672237] */
        snprintf(t, sizeof t, "2026-05-12T08:37:%02zu.%06zuZ", i % 60, i);
        json_t *h = json_stringn(hostile[i], strlen(hostile[i]));
        assert_non_null(h);
        json_array_append_new(http, json_pack("[s,O,i,i]", t, h, i % 2 ? 404 : 200, 5));
        /* a status cell that is no status: quoted in a warning */
        if (i % 9 == 0)
            json_array_append_new(http, json_pack("[s,s,O,i]", t, "/x", h, 5));
        char line[300];
        snprintf(line, sizeof line, "[CRITICAL] WORKER TIMEOUT (pid:%zu) %s", i, hostile[i]);
        json_array_append_new(console, json_pack("[s,s]", t, line));
        json_array_append_new(platform, json_pack("[s,O,s]", t, h, "Warning"));
        json_array_append_new(platform, json_pack("[s,s,O]", t, "Container restart", h));
        json_decref(h);
    }
    char path[600];
    snprintf(path, sizeof path, "%s/trigger/kql-http-20260512T095959Z.json", run);
    write_json(path, table(json_pack("[{s:s},{s:s},{s:s},{s:s}]", "name", "TimeGenerated",
                                     "name", "CsUriStem", "name", "ScStatus", "name",
                                     "TimeTaken"),
                           http));
    snprintf(path, sizeof path, "%s/trigger/kql-console-20260512T095959Z.json", run);
    write_json(path, table(json_pack("[{s:s},{s:s}]", "name", "TimeGenerated", "name",
                                     "ResultDescription"),
                           console));
    snprintf(path, sizeof path, "%s/trigger/kql-platform-20260512T095959Z.json", run);
    write_json(path, table(json_pack("[{s:s},{s:s},{s:s}]", "name", "TimeGenerated", "name",
                                     "Message", "name", "Level"),
                           platform));
    for (size_t i = 0; i < sizeof hostile_names / sizeof hostile_names[0]; i++) {
        snprintf(path, sizeof path, "%s/trigger/%s", run, hostile_names[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(hostile[i], f);
        fclose(f);
    }
}

static int setup(void **state)
{
    (void)state;
    if (lvtest_scratch(root, sizeof root, "hostile") != 0)
        return -1;
    lv_diag d;
    lv_diag_init(&d, stderr);
    if (lv_profile_load_builtin("memory-pressure", &profile, &d) != 0)
        return -1;
    criteria = lv_criteria_profile(&profile, &d);
    lv_diag_free(&d);
    return criteria ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    lvtest_remove_tree(root);
    lv_criteria_free(criteria);
    lv_profile_free(&profile);
    return 0;
}

/* ---- rendering and checks -------------------------------------------- */

static void render(const char *dir, const char *format, lv_buf *out)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *model = lv_analyze(dir, &profile, criteria, &d);
    assert_non_null(model);
    lv_render_opts o = {format, NULL, 0, NULL, 1, 1};
    lv_buf_init(out);
    assert_int_equal(lv_report_render(model, &o, out, &d), 0);
    json_decref(model);
    lv_diag_free(&d);
}

/* Counts of the node types that can only come from markup. */
enum { N_EMPH, N_STRONG, N_CODE, N_LINK, N_IMAGE, N_HTML_INLINE, N_HTML_BLOCK,
       N_CODE_BLOCK, N_HEADING, N_QUOTE, N_RULE, N_STRIKE, N_TABLE, N_KINDS };
static const char *const kind_names[] = {"emph", "strong", "code", "link", "image",
                                         "html_inline", "html_block", "code_block",
                                         "heading", "block_quote", "thematic_break",
                                         "strikethrough", "table"};

static void markup_counts(const lv_buf *md, size_t counts[N_KINDS])
{
    memset(counts, 0, N_KINDS * sizeof counts[0]);
    cmark_parser *p = lv_md_parser_new();
    cmark_parser_feed(p, md->data, md->len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        const char *t = cmark_node_get_type_string(cmark_iter_get_node(it));
        for (int k = 0; k < N_KINDS; k++)
            if (strcmp(t, kind_names[k]) == 0)
                counts[k]++;
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    cmark_parser_free(p);
}

/* No C0 control but "\n", no DEL, no C1, no bidi control or separator. */
static void no_invisible_characters(const lv_buf *b, const char *what)
{
    const unsigned char *s = (const unsigned char *)b->data;
    for (size_t i = 0; i < b->len; i++) {
        if ((s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f)
            fail_msg("%s: control byte 0x%02x at byte %zu", what, s[i], i);
        if (s[i] == 0xc2 && i + 1 < b->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
            fail_msg("%s: C1 control at byte %zu", what, i);
        if (s[i] == 0xe2 && i + 2 < b->len &&
            ((s[i + 1] == 0x80 && (s[i + 2] == 0x8e || s[i + 2] == 0x8f ||
                                   (s[i + 2] >= 0xa8 && s[i + 2] <= 0xae))) ||
             (s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9)))
            fail_msg("%s: invisible format character at byte %zu", what, i);
    }
}

static int contains_hostile_marker(const char *cell)
{
    static const char *const markers[] = {"script", "onerror", "javascript", "link",
                                          "strike", "heading", "RTL", "red", "auto.link"};
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (strstr(cell, markers[i]))
            return 1;
    return 0;
}

static void check_markdown(const lv_buf *md, const size_t pristine[N_KINDS], const char *what)
{
    assert_int_equal(lv_md_table_mismatches(md->data, md->len), 0);
    size_t counts[N_KINDS];
    markup_counts(md, counts);
    for (int k = 0; k < N_KINDS; k++)
        if (k != N_TABLE && counts[k] != pristine[k])
            fail_msg("%s: %zu %s nodes, the template alone makes %zu", what, counts[k],
                     kind_names[k], pristine[k]);
    /* rows showing hostile text carry no markup at all */
    json_t *tables = lv_md_tables_json(md->data, md->len);
    size_t i, j, k, shown = 0;
    json_t *t, *r, *c;
    json_array_foreach(tables, i, t) {
        json_array_foreach(json_object_get(t, "rows"), j, r) {
            int hostile_row = 0;
            json_array_foreach(json_object_get(r, "cells"), k, c)
                hostile_row |= contains_hostile_marker(json_string_value(c));
            if (!hostile_row)
                continue;
            shown++;
            if (json_array_size(json_object_get(r, "markup")) != 0) {
                char *s = json_dumps(r, 0);
                fail_msg("%s: a row with hostile text has markup: %s", what, s);
            }
        }
    }
    json_decref(tables);
    assert_true(shown > 0);
    no_invisible_characters(md, what);
}

/* Every tag of the page, by name, must be one the renderer writes; no
 * attribute may be an event handler. */
static void check_html(const lv_buf *html, const char *what)
{
    static const char *const allowed[] = {
        "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3",
        "h4", "p", "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr",
        "th", "td", "strong", "em", "code", "pre", "hr", "br", "!DOCTYPE", "!--",
        /* the charts: SVG written by src/render/chart_svg.c, every text escaped */
        "figure", "svg", "text", "line", "polyline", "rect"};
    const char *s = html->data;
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        const char *n = p + 1;
        if (*n == '/')
            n++;
        size_t l = 0;
        while (n[l] && (isalnum((unsigned char)n[l]) || n[l] == '!' || n[l] == '-'))
            l++;
        int ok = 0;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            if (strlen(allowed[i]) == l && strncasecmp(n, allowed[i], l) == 0)
                ok = 1;
        if (l >= 3 && strncmp(n, "!--", 3) == 0)
            ok = 1; /* cmark's "raw HTML omitted" comment */
        if (!ok)
            fail_msg("%s: tag <%.*s> in the page (byte %zu)", what, (int)(l ? l : 10), n,
                     (size_t)(p - s));
        const char *end = strchr(p, '>');
        assert_non_null(end);
        for (const char *a = p; a < end; a++)
            if (isspace((unsigned char)a[0]) && strncasecmp(a + 1, "on", 2) == 0)
                fail_msg("%s: an on* attribute in <%.*s>", what, (int)(end - p), p + 1);
        char tag[4096];
        snprintf(tag, sizeof tag, "%.*s", (int)(end - p), p);
        if (strstr(tag, "javascript:"))
            fail_msg("%s: javascript: in a tag", what);
    }
    no_invisible_characters(html, what);
    /* what the strangers wrote is shown as text */
    assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(s, "&lt;img src=x onerror=alert(1)&gt;"));
}

static size_t pristine[N_KINDS];

static void pristine_markup(void)
{
    lv_buf md;
    render("fixtures/runs/example", "md", &md);
    markup_counts(&md, pristine);
    assert_int_equal(pristine[N_LINK] + pristine[N_IMAGE] + pristine[N_HTML_INLINE] +
                         pristine[N_HTML_BLOCK] + pristine[N_STRIKE],
                     0);
    lv_buf_free(&md);
}

static void hostile_fixture_stays_text(void **state)
{
    (void)state;
    pristine_markup();
    lv_buf md, html;
    render("fixtures/runs/hostile", "md", &md);
    check_markdown(&md, pristine, "fixtures/runs/hostile (md)");
    assert_non_null(strstr(md.data, "\\<script>alert\\(1\\)\\</script>"));
    render("fixtures/runs/hostile", "html", &html);
    check_html(&html, "fixtures/runs/hostile (html)");
    lv_buf_free(&md);
    lv_buf_free(&html);
}

static void our_hostile_strings_stay_text(void **state)
{
    (void)state;
    pristine_markup();
    char run[400];
    snprintf(run, sizeof run, "%s/run", root);
    make_our_run(run);
    lv_buf md, html;
    render(run, "md", &md);
    check_markdown(&md, pristine, "our hostile run (md)");
    /* as a reader sees them: the text itself, in cells */
    json_t *tables = lv_md_tables_json(md.data, md.len);
    char *all = json_dumps(tables, 0);
    json_decref(tables);
    static const char *const seen[] = {
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[link](http://x)",
        "[j](javascript:alert(1))", "![img](http://x/i.png)", "~~strike~~", "*em* **strong**",
        "`code`", "a|b|c", "line1\u240aline2", "cr\u240dhere", "\u241b[2J",
        "\u27e8U+202E\u27e9 RTL override", "# heading", "notes|<img src=x onerror=alert(1)>*`x`.txt",
        "a\u240ab|c.txt", "bad\ufffd\ufffdutf8.txt"};
    for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++) {
        json_t *want = json_string(seen[i]);
        char *w = json_dumps(want, JSON_ENCODE_ANY);
        json_decref(want);
        w[strlen(w) - 1] = '\0'; /* the text without its closing quote */
        if (!strstr(all, w + 1))
            fail_msg("not shown as text in any table: %s", w);
        free(w);
    }
    free(all);
    render(run, "html", &html);
    check_html(&html, "our hostile run (html)");
    lv_buf_free(&md);
    lv_buf_free(&html);
    lvtest_remove_tree(run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_fixture_stays_text),
        cmocka_unit_test(our_hostile_strings_stay_text),
    };
    return cmocka_run_group_tests_name("hostile_report", tests, setup, teardown);
}
