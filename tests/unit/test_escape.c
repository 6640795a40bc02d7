/* Unit tests for the escapes: Markdown cells, HTML, raw; and a hostile
 * corpus through lv_escape_md_cell into GFM tables parsed by cmark-gfm. */
#include "lvtest.h"

#include <jansson.h>

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/escape.h"
#include "lv/mdcheck.h"
#include "lv/render_html.h"

/* lv_escape_fn applied to s[0..n), as a malloc'd string. */
static char *esc(lv_escape_fn fn, const char *s, size_t n)
{
    lv_buf b;
    lv_buf_init(&b);
    fn(NULL, &b, s, n);
    return lv_buf_steal(&b);
}

#define assert_md(in, want)                                                  \
    do {                                                                     \
        char *got_ = esc(lv_escape_md_cell, in, sizeof(in) - 1);             \
        assert_string_equal(got_, want);                                     \
        free(got_);                                                          \
    } while (0)

#define assert_html(in, want)                                                \
    do {                                                                     \
        char *got_ = esc(lv_escape_html, in, sizeof(in) - 1);                \
        assert_string_equal(got_, want);                                     \
        free(got_);                                                          \
    } while (0)

/* ---- exact escapes ---------------------------------------------------- */

static void md_always_active_characters(void **state)
{
    assert_md("a|b", "a\\|b");
    assert_md("*bold*", "\\*bold\\*");
    assert_md("_x_", "\\_x\\_");
    assert_md("`x`", "\\`x\\`");
    assert_md("[link](http://x)", "\\[link\\]\\(http://x\\)");
    assert_md("![i](u)", "\\!\\[i\\]\\(u\\)");
    assert_md("<script>", "\\<script>");
    assert_md("&amp;", "\\&amp;");
    assert_md("~~s~~", "\\~\\~s\\~\\~");
    assert_md("/api/v1/load-test/run_id?a=b", "/api/v1/load-test/run\\_id?a=b");
    assert_md("{\"k\": 'v'} $ % @ ^ , ; /", "{\"k\": 'v'} $ % @ ^ , ; /");
    assert_md("", "");
}

static void md_line_start_characters(void **state)
{
    assert_md("# h", "\\# h");
    assert_md("a # b", "a # b");
    assert_md("- x", "\\- x");
    assert_md("a - b -> c", "a - b -> c");
    assert_md("  + x", "&#32; \\+ x");
    assert_md("    code", "&#32;   code");
    assert_md("x  ", "x &#32;");
    assert_md(" ", "&#32;");
    assert_md("a b", "a b");
    assert_md("> q", "\\> q");
    assert_md("===", "\\===");
    assert_md(":--", "\\:--");
    assert_md("---|---", "\\---\\|---");
    assert_md("1. x", "1\\. x");
    assert_md("12 . x", "12 \\. x");
    assert_md(". x", "\\. x");
    assert_md("10.0.0.1", "10\\.0.0.1");
    assert_md("v1.2.3", "v1.2.3");
    assert_md("1) x", "1\\) x");
}

static void md_backslashes(void **state)
{
    assert_md("\\", "&#92;");
    assert_md("a\\b", "a\\\\b");
    assert_md("\\|", "\\\\\\|");
    assert_md("\\\\", "\\\\&#92;");
    assert_md("C:\\temp\\", "C:\\\\temp&#92;");
}

static void md_controls_are_visible(void **state)
{
    assert_md("a\nb", "a\xe2\x90\x8a" "b");                    /* ␊ */
    assert_md("\r", "\xe2\x90\x8d");                           /* ␍ */
    assert_md("\r\n", "\xe2\x90\x8d\xe2\x90\x8a");
    assert_md("\t", "\xe2\x90\x89");                           /* ␉ */
    assert_md("\x01", "\xe2\x90\x81");                         /* ␁ */
    assert_md("\x1b[31m", "\xe2\x90\x9b\\[31m");               /* ␛ */
    assert_md("\x7f", "\xe2\x90\xa1");                         /* ␡ */
    assert_md("\xc2\x85", "\xe2\x9f\xa8U+0085\xe2\x9f\xa9");  /* NEL */
    assert_md("a\xe2\x80\xae" "b", "a\xe2\x9f\xa8U+202E\xe2\x9f\xa9" "b");
    assert_md("\xe2\x80\xa8", "\xe2\x9f\xa8U+2028\xe2\x9f\xa9");
    /* A control first: what follows is no longer at the line start. */
    assert_md("\t# x", "\xe2\x90\x89# x");
    char *nul = esc(lv_escape_md_cell, "a\0b", 3);
    assert_string_equal(nul, "a\xe2\x90\x80" "b");             /* ␀ */
    free(nul);
}

static void md_invalid_utf8_is_replaced(void **state)
{
    assert_md("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80",
              "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");   /* kept */
    assert_md("\xff", "\xef\xbf\xbd");
    assert_md("a\xc3", "a\xef\xbf\xbd");                       /* truncated */
    assert_md("\xc0\xbc", "\xef\xbf\xbd\xef\xbf\xbd");         /* overlong < */
    assert_md("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    assert_md("\xf4\x90\x80\x80|",
              "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\\|");
}

static void html_escapes(void **state)
{
    assert_html("<a href=\"x\" title='y'>&amp;</a>",
                "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    assert_html("plain / text | *md* is fine", "plain / text | *md* is fine");
    assert_html("a\r\nb\t\x1b\x7f", "a\xe2\x90\x8d\xe2\x90\x8a" "b\xe2\x90\x89"
                                    "\xe2\x90\x9b\xe2\x90\xa1");
    assert_html("\xe2\x80\xae", "\xe2\x9f\xa8U+202E\xe2\x9f\xa9");
    assert_html("\xfe<", "\xef\xbf\xbd&lt;");
    assert_html("caf\xc3\xa9", "caf\xc3\xa9");
    assert_html("", "");
}

static void none_copies_bytes(void **state)
{
    lv_buf b;
    lv_buf_init(&b);
    lv_escape_none(NULL, &b, "<a|\0\n\xff>", 7);
    assert_int_equal(b.len, 7);
    assert_memory_equal(b.data, "<a|\0\n\xff>", 7);
    lv_buf_free(&b);
}

static void utf8_decode(void **state)
{
    uint32_t cp;
    assert_int_equal(lv_utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(lv_utf8_decode("\xc3\xa9", 2, &cp), 2);
    assert_int_equal(cp, 0xe9);
    assert_int_equal(lv_utf8_decode("\xef\xbf\xbd", 3, &cp), 3);
    assert_int_equal(cp, 0xfffd);
    assert_int_equal(lv_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
    assert_int_equal(cp, 0x10ffff);
    assert_int_equal(lv_utf8_decode("\xc3\xa9", 1, &cp), 0);      /* short */
    assert_int_equal(lv_utf8_decode("\x80", 1, &cp), 0);
    assert_int_equal(lv_utf8_decode("\xe0\x80\x80", 3, &cp), 0);  /* overlong */
    assert_int_equal(lv_utf8_decode("\xed\xbf\xbf", 3, &cp), 0);  /* surrogate */
    assert_int_equal(lv_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0);
    assert_int_equal(lv_utf8_decode("\xf5\x80\x80\x80", 4, &cp), 0);
}

/* ---- the hostile corpus in GFM tables --------------------------------- */

typedef struct {
    const char *s;
    size_t n;
    const char *cell;  /* the text cmark-gfm must read back; NULL: s */
} corpus_item;

#define C(lit, want) {lit, sizeof(lit) - 1, want}

static const corpus_item corpus[] = {
    C("|", NULL),
    C("a|b", NULL),
    C("\\|", NULL),
    C("\n", "\xe2\x90\x8a"),
    C("\r", "\xe2\x90\x8d"),
    C("\r\n", "\xe2\x90\x8d\xe2\x90\x8a"),
    C("a\nb\n\nc", "a\xe2\x90\x8a" "b\xe2\x90\x8a\xe2\x90\x8a" "c"),
    C("`", NULL),
    C("``` code ```", NULL),
    C("`a|b`", NULL),
    C("*bold*", NULL),
    C("**strong**", NULL),
    C("_x_", NULL),
    C("~~del~~", NULL),
    C("<script>alert(1)</script>", NULL),
    C("<img src=x onerror=alert(1)>", NULL),
    C("[link](http://x)", NULL),
    C("![i](http://x)", NULL),
    C("<http://x>", NULL),
    C("http://x www.example.com a@b.example", NULL),
    C("| a | b |", NULL),
    C("---|---", NULL),
    C(":--|--:", NULL),
    C("\\\\", NULL),
    C("\\", NULL),
    C("a\\", NULL),
    C("&amp;", NULL),
    C("&#124; &#x7c; &lt;", NULL),
    C("<!-- c -->", NULL),
    C("\x01", "\xe2\x90\x81"),
    C("\x1b[31mred\x1b[0m", "\xe2\x90\x9b[31mred\xe2\x90\x9b[0m"),
    C("\x7f", "\xe2\x90\xa1"),
    C("\xff\xfe|\xc3", "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd"),
    C("# heading", NULL),
    C("- item", NULL),
    C("1. item", NULL),
    C("> quote", NULL),
    C("[^1]", NULL),
    C("[x]: http://x", NULL),
    C("<div onclick=x>", NULL),
    C("javascript:alert(1)", NULL),
    C("a\xe2\x80\xae" "b", "a\xe2\x9f\xa8U+202E\xe2\x9f\xa9" "b"),
    C("    indented", NULL),
    C("  - x", NULL),
    C("hard  ", NULL),
    C("  ", NULL),
};

/* Build the 10 KB hostile string: every dangerous piece, repeated. */
static char *big_string(size_t *n)
{
    static const char piece[] = "|<script>*_`[x](y)\\|\n~&#1;";
    lv_buf b;
    lv_buf_init(&b);
    while (b.len < 10240)
        lv_buf_puts(&b, piece);
    *n = b.len;
    return lv_buf_steal(&b);
}

/* Only tags the renderer and cmark make for a table, a paragraph, a list and
 * the page may appear: no <script, <img, <a, <div, ... */
static void assert_only_structural_tags(const char *html)
{
    static const char *const ok[] = {
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "main",
        "table", "thead", "tbody", "tr", "th", "td", "p", "ul", "ol", "li",
        "h1", "h2", "blockquote", "!--", NULL};
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        const char *q = p + 1;
        if (*q == '/')
            q++;
        size_t n = strcspn(q, " >\n/");
        if (strncmp(q, "!--", 3) == 0) {
            assert_true(strncmp(q, "!-- raw HTML omitted -->", 24) == 0);
            continue;
        }
        int found = 0;
        for (int i = 0; ok[i]; i++)
            if (strlen(ok[i]) == n && strncmp(q, ok[i], n) == 0)
                found = 1;
        if (!found)
            fail_msg("unexpected markup: %.40s", p);
    }
}

/* The table of the markdown as JSON, with the body rows checked: 3 source
 * cells each, no inline markup, outer cells "L"/"R" when `lr`, and cell
 * `mid` (or all three when mid < 0) reading back as `want`. */
static void check_table(const char *md, const char *want, size_t wn, int mid)
{
    json_t *t = lv_md_tables_json(md, strlen(md));
    if (json_array_size(t) != 1)
        fail_msg("not one table: %s", md);
    json_t *tab = json_array_get(t, 0);
    assert_int_equal(json_integer_value(json_object_get(tab, "columns")), 3);
    json_t *rows = json_object_get(tab, "rows");
    assert_int_equal(json_array_size(rows), 2);
    json_t *row = json_array_get(rows, 1);
    if (json_integer_value(json_object_get(row, "source_cells")) != 3)
        fail_msg("row lost its shape: %s", md);
    assert_int_equal(json_array_size(json_object_get(row, "markup")), 0);
    json_t *cells = json_object_get(row, "cells");
    assert_int_equal(json_array_size(cells), 3);
    for (int i = 0; i < 3; i++) {
        const char *c = json_string_value(json_array_get(cells, (size_t)i));
        size_t cn = json_string_length(json_array_get(cells, (size_t)i));
        if (mid >= 0 && i != mid) {
            assert_string_equal(c, i == 0 ? "L" : "R");
        } else if (cn != wn || memcmp(c, want, wn) != 0) {
            fail_msg("cell %d reads back as \"%s\", not \"%.*s\" in\n%s", i, c,
                     (int)wn, want, md);
        }
    }
    assert_int_equal(lv_md_table_mismatches(md, strlen(md)), 0);
    json_decref(t);
}


static void run_item(const char *s, size_t n, const char *cell)
{
    char *e = esc(lv_escape_md_cell, s, n);
    const char *want = cell ? cell : s;
    size_t wn = cell ? strlen(cell) : n;
    /* The escaped value never holds a line break. */
    assert_null(strchr(e, '\n'));
    assert_null(strchr(e, '\r'));

    static const char *const shapes[] = {
        "| left | mid | right |\n|---|---|---|\n| L | %s | R |\n",
        "left|mid|right\n-|:-:|-:\nL|%s|R\n",
        "|a|b|c|\n|-|-|-|\n|L|%s|R|\n",
        "> | a | b | c |\n> |---|---|---|\n> | L | %s | R |\n",
        "- | a | b | c |\n  |---|---|---|\n  | L | %s | R |\n",
    };
    lv_buf md;
    lv_buf_init(&md);
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        lv_buf_reset(&md);
        lv_buf_printf(&md, shapes[k], e);
        check_table(md.data, want, wn, 1);
    }
    /* The value in every cell of a tight row. */
    lv_buf_reset(&md);
    lv_buf_printf(&md, "|a|b|c|\n|-|-|-|\n|%s|%s|%s|\n", e, e, e);
    check_table(md.data, want, wn, -1);

    /* And what a reader of the page gets: no markup from the value. */
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_buf html;
    lv_buf_init(&html);
    lv_buf_reset(&md);
    lv_buf_printf(&md, "| a | b | c |\n|---|---|---|\n| L | %s | R |\n\n"
                       "%s\n\n- %s\n", e, e, e);
    assert_int_equal(lv_render_html(md.data, md.len, "t", &html, &d), 0);
    assert_only_structural_tags(html.data);
    assert_null(strstr(html.data, "<script"));
    assert_null(strstr(html.data, "<img"));
    assert_null(strstr(html.data, "<a "));
    assert_null(strstr(html.data, "raw HTML omitted"));
    lv_buf_free(&html);
    lv_buf_free(&md);
    lv_diag_free(&d);
    free(e);
}

static void hostile_corpus_keeps_tables(void **state)
{
    for (size_t i = 0; i < sizeof corpus / sizeof *corpus; i++)
        run_item(corpus[i].s, corpus[i].n, corpus[i].cell);
}

static void hostile_10k_string_keeps_tables(void **state)
{
    size_t n;
    char *s = big_string(&n);
    assert_true(n >= 10240);
    /* What must come back: the newlines and the \x01 as pictures. */
    lv_buf want;
    lv_buf_init(&want);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            lv_buf_puts(&want, "\xe2\x90\x8a");
        else
            lv_buf_putc(&want, s[i]);
    }
    char *w = lv_buf_steal(&want);
    run_item(s, n, w);
    free(w);
    free(s);
}

static void script_shows_as_text(void **state)
{
    const char *v = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    char *e = esc(lv_escape_md_cell, v, strlen(v));
    lv_buf md, html;
    lv_buf_init(&md);
    lv_buf_init(&html);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_buf_printf(&md, "| a | b | c |\n|---|---|---|\n| L | %s | R |\n", e);
    assert_int_equal(lv_render_html(md.data, md.len, NULL, &html, &d), 0);
    assert_non_null(strstr(html.data,
        "<td>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x "
        "onerror=alert(1)&gt;</td>"));
    assert_null(strstr(html.data, "<script"));
    assert_null(strstr(html.data, "<img"));
    lv_buf_free(&md);
    lv_buf_free(&html);
    lv_diag_free(&d);
    free(e);
}

/* ---- outside tables: block context ------------------------------------ */

/* Parse md; return the block and inline node types in document order,
 * space-separated, e.g. "document paragraph text". */
static char *structure(const char *md)
{
    cmark_parser *p = lv_md_parser_new();
    cmark_parser_feed(p, md, strlen(md));
    cmark_node *doc = cmark_parser_finish(p);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    lv_buf b;
    lv_buf_init(&b);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        const char *t = cmark_node_get_type_string(n);
        /* adjacent text nodes are one piece of text to a reader */
        if (strcmp(t, "text") == 0 && b.len >= 4 &&
            strcmp(b.data + b.len - 4, "text") == 0)
            continue;
        lv_buf_printf(&b, "%s%s", b.len ? " " : "", t);
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return lv_buf_steal(&b);
}

/* md made of `pre`, the escaped values, and `post` must have the structure
 * of `pre` + "x" + `post`. */
static void assert_inert(const char *pre, const char *a, const char *b,
                         const char *post)
{
    char *ea = esc(lv_escape_md_cell, a, strlen(a));
    char *eb = esc(lv_escape_md_cell, b, strlen(b));
    lv_buf md, ref;
    lv_buf_init(&md);
    lv_buf_init(&ref);
    lv_buf_printf(&md, "%s%s%s%s", pre, ea, eb, post);
    lv_buf_printf(&ref, "%sx%s", pre, post);
    char *got = structure(md.data), *want = structure(ref.data);
    if (strcmp(got, want) != 0)
        fail_msg("%s\n  parses as: %s\n  not as:    %s", md.data, got, want);
    free(got);
    free(want);
    free(ea);
    free(eb);
    lv_buf_free(&md);
    lv_buf_free(&ref);
}

static void inert_in_block_context(void **state)
{
    static const char *const pres[] = {"", "- ", "1. ", "> ", "# ", "para\n",
                                       "   ", "| a |\n|---|\n| "};
    static const char *const posts[] = {"\n", " |\n", "\n"};
    for (size_t p = 0; p < sizeof pres / sizeof *pres; p++) {
        const char *post = posts[p == 7 ? 1 : 0];
        for (size_t i = 0; i < sizeof corpus / sizeof *corpus; i++)
            assert_inert(pres[p], corpus[i].s, "", post);
        /* values side by side: "1" then ". x" must not make a list */
        assert_inert(pres[p], "1", ". x", post);
        assert_inert(pres[p], "12", "3) x", post);
        assert_inert(pres[p], "-", "-- ", post);
        assert_inert(pres[p], "  ", "- x", post);
        assert_inert(pres[p], "=", "==", post);
        assert_inert(pres[p], "*", " * *", post);
        assert_inert(pres[p], "~~", "~", post);
        assert_inert(pres[p], "<", "script>", post);
        assert_inert(pres[p], "[a]", "(b)", post);
        assert_inert(pres[p], "a\\", "|", post);
    }
    /* Lines below a paragraph: no setext heading, rule or table. */
    assert_inert("para\n", "===", "", "\n");
    assert_inert("para\n", "---", "", "\n");
    assert_inert("para\n", ":--", "", "\n");
    assert_inert("para\n", "-", "|-", "\n");
}


/* ---- random punctuation: read back exactly ---------------------------- */

/* The inline text of the one paragraph in a document (inside a list item
 * or quote, if it is in one); NULL when there is anything else: another
 * block, or inline markup. */
static char *paragraph_text(const char *md)
{
    cmark_parser *p = lv_md_parser_new();
    cmark_parser_feed(p, md, strlen(md));
    cmark_node *doc = cmark_parser_finish(p);
    cmark_node *para = doc;
    while (para && cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) {
        cmark_node *c = cmark_node_first_child(para);
        para = c && !cmark_node_next(c) ? c : NULL;   /* one child only */
    }
    lv_buf b;
    lv_buf_init(&b);
    int ok = para != NULL;
    for (cmark_node *n = ok ? cmark_node_first_child(para) : NULL; n;
         n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) == CMARK_NODE_TEXT)
            lv_buf_puts(&b, cmark_node_get_literal(n));
        else if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK)
            lv_buf_putc(&b, '\n');  /* the template's own line end */
        else
            ok = 0;
    }
    cmark_node_free(doc);
    cmark_parser_free(p);
    if (!ok) {
        lv_buf_free(&b);
        return NULL;
    }
    return lv_buf_steal(&b);
}

static void random_punctuation_reads_back_exactly(void **state)
{
    static const char alphabet[] =
        " \\`*_[]()<>!|~&#+-=.:;0123456789aZ{}\"'/@^$%,?";
    uint32_t x = 2463534242u;  /* xorshift32, fixed seed: same cases each run */
    lv_buf v, md;
    lv_buf_init(&v);
    lv_buf_init(&md);
    for (int round = 0; round < 3000; round++) {
        lv_buf_reset(&v);
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        size_t len = 1 + x % 24;
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            lv_buf_putc(&v, alphabet[x % (sizeof alphabet - 1)]);
        }
        char *e = esc(lv_escape_md_cell, v.data, v.len);
        lv_buf_reset(&md);
        lv_buf_printf(&md, "|a|b|c|\n|-|-|-|\n|L|%s|R|\n", e);
        check_table(md.data, v.data, v.len, 1);
        lv_buf_reset(&md);
        lv_buf_printf(&md, "a|b|c\n-|-|-\n%s|%s|%s\n", e, e, e);
        check_table(md.data, v.data, v.len, -1);
        /* alone on a line, below a paragraph line, in a list item, in a
         * quote: one paragraph of exactly the value's text */
        static const char *const pres[] = {"", "text\n", "- ", "> ", "1. ",
                                           "- > "};
        for (size_t k = 0; k < sizeof pres / sizeof *pres; k++) {
            lv_buf_reset(&md);
            lv_buf_printf(&md, "%s%s\n", pres[k], e);
            char *t = paragraph_text(md.data);
            lv_buf want;
            lv_buf_init(&want);
            lv_buf_printf(&want, "%s%s", k == 1 ? "text\n" : "", v.data);
            if (!t || strcmp(t, want.data) != 0)
                fail_msg("%s\n  reads back as: %s", md.data, t ? t : "(markup)");
            free(t);
            lv_buf_free(&want);
        }
        lv_buf_reset(&md);
        lv_buf_printf(&md, "- %s\n", e);
        char *st = structure(md.data);
        assert_string_equal(st, "document list item paragraph text");
        free(st);
        free(e);
    }
    lv_buf_free(&v);
    lv_buf_free(&md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(md_always_active_characters),
        cmocka_unit_test(md_line_start_characters),
        cmocka_unit_test(md_backslashes),
        cmocka_unit_test(md_controls_are_visible),
        cmocka_unit_test(md_invalid_utf8_is_replaced),
        cmocka_unit_test(html_escapes),
        cmocka_unit_test(none_copies_bytes),
        cmocka_unit_test(utf8_decode),
        cmocka_unit_test(hostile_corpus_keeps_tables),
        cmocka_unit_test(hostile_10k_string_keeps_tables),
        cmocka_unit_test(script_shows_as_text),
        cmocka_unit_test(inert_in_block_context),
        cmocka_unit_test(random_punctuation_reads_back_exactly),
    };
    return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
