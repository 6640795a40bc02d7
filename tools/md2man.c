/* Build-time helper: turn a Markdown man page into roff.
 *
 *   md2man FILE.md > FILE.1
 *
 * The page is parsed and rendered by cmark-gfm (cmark_parse_document,
 * cmark_render_man); this tool adds the .TH header, which cmark does not
 * write:
 *
 *   .TH LABVERDICT 1 "" "labverdict VERSION" "User Commands"
 *
 * with no date, so the same Markdown always gives the same bytes. The name
 * comes from the first line of the Markdown, an HTML comment
 * "<!-- man: NAME 1 -->" (invisible when GitHub shows the file); the tool
 * writes section 1 pages only (User Commands).
 *
 * Two things cmark's man renderer does not do, or does wrong, are handled
 * here rather than left to chance:
 *
 * - Tagged paragraphs (.TP), the man-page form of an option list: a bullet
 *   list right after the comment "<!-- man: tagged -->" is rendered with
 *   .TP instead of bullets; the first line of each item is the tag, the
 *   following lines its description.
 * - Constructs the renderer gets wrong are refused with FILE:LINE: a hard
 *   line break (the renderer glues ".PD 0" to the text), and nested inline
 *   styles (roff's \f[] returns to the previous font only, so "**a *b* c**"
 *   would end in italics).
 *
 * Exit status: 0 done, 1 the page uses a refused construct, 2 usage or an
 * unreadable file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "lv/common.h"

#define MARK_BEGIN ".\\\" md2man: tagged list begin"
#define MARK_END ".\\\" md2man: tagged list end"

static const char *path;
static int errors;

static void refuse(cmark_node *n, const char *what)
{
    int line = 0; /* inline nodes may have no position: use the block's */
    for (cmark_node *p = n; p && !line; p = cmark_node_parent(p))
        line = cmark_node_get_start_line(p);
    fprintf(stderr, "md2man: %s:%d: %s\n", path, line, what);
    errors++;
}

static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap *= 2);
        if (!bigger)
            free(buf);
        buf = bigger;
    }
    if (!buf || ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int is_style(cmark_node *n)
{
    cmark_node_type t = cmark_node_get_type(n);
    return t == CMARK_NODE_STRONG || t == CMARK_NODE_EMPH || t == CMARK_NODE_CODE;
}

/* A comment block "<!-- man: WORDS -->": WORDS, else NULL. */
static const char *man_comment(cmark_node *n, char *words, size_t size)
{
    if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK)
        return NULL;
    const char *s = cmark_node_get_literal(n);
    const char *open = "<!-- man:";
    if (!s || strncmp(s, open, strlen(open)) != 0)
        return NULL;
    s += strlen(open);
    const char *end = strstr(s, "-->");
    if (!end)
        return NULL;
    while (*s == ' ')
        s++;
    size_t len = (size_t)(end - s);
    while (len && s[len - 1] == ' ')
        len--;
    if (len >= size)
        return NULL;
    memcpy(words, s, len);
    words[len] = '\0';
    return words;
}

static void check_inlines(cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (cmark_node_get_type(n) == CMARK_NODE_LINEBREAK)
            refuse(n, "hard line break (the man renderer mangles it); "
                      "use a new paragraph or list item");
        if (is_style(n))
            for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p))
                if (is_style(p)) {
                    refuse(n, "nested inline styles (roff keeps one previous "
                              "font); keep bold, italics and code side by side");
                    break;
                }
    }
    cmark_iter_free(it);
}

/* Wrap the list after each "<!-- man: tagged -->" in two comment lines that
 * the output pass below turns into .TP items. */
static void mark_tagged_lists(cmark_node *doc)
{
    char words[64];
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        if (!man_comment(n, words, sizeof words) || strcmp(words, "tagged") != 0)
            continue;
        cmark_node *list = cmark_node_next(n);
        if (!list || cmark_node_get_type(list) != CMARK_NODE_LIST ||
            cmark_node_get_list_type(list) != CMARK_BULLET_LIST) {
            refuse(n, "\"man: tagged\" must come right before a bullet list");
            continue;
        }
        for (cmark_node *item = cmark_node_first_child(list); item;
             item = cmark_node_next(item)) {
            cmark_node *para = cmark_node_first_child(item);
            int has_break = 0;
            if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH)
                for (cmark_node *i = cmark_node_first_child(para); i; i = cmark_node_next(i))
                    if (cmark_node_get_type(i) == CMARK_NODE_SOFTBREAK)
                        has_break = 1;
            if (!has_break)
                refuse(item, "a tagged item is a tag line, then its description");
            if (cmark_node_next(para))
                refuse(item, "a tagged item is one paragraph (the man renderer "
                             "loses the indent of a second one)");
        }
        cmark_node *begin = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        cmark_node *end = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        cmark_node_set_on_enter(begin, MARK_BEGIN);
        cmark_node_set_on_enter(end, MARK_END);
        cmark_node_insert_before(list, begin);
        cmark_node_insert_after(list, end);
    }
}

/* Write the rendered page, turning the bullets between the marks into .TP
 * (the item's first line, its tag, follows) and dropping the marks. */
static void put_page(const char *roff, FILE *out)
{
    int tagged = 0;
    for (const char *s = roff; *s;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        if (len == strlen(MARK_BEGIN) && strncmp(s, MARK_BEGIN, len) == 0)
            tagged = 1;
        else if (len == strlen(MARK_END) && strncmp(s, MARK_END, len) == 0)
            tagged = 0;
        else if (tagged && len == 11 && strncmp(s, ".IP \\[bu] 2", len) == 0)
            fputs(".TP\n", out);
        else
            fprintf(out, "%.*s\n", (int)len, s);
        s += len + (nl != NULL);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: md2man FILE.md > FILE.1\n");
        return 2;
    }
    path = argv[1];
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "md2man: %s: cannot open\n", path);
        return 2;
    }
    size_t len = 0;
    char *text = read_all(in, &len);
    fclose(in);
    if (!text) {
        fprintf(stderr, "md2man: %s: cannot read\n", path);
        return 2;
    }
    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
    free(text);

    char head[64], name[48];
    int section = 0;
    cmark_node *first = cmark_node_first_child(doc);
    if (!first || !man_comment(first, head, sizeof head) ||
        sscanf(head, "%47s %d", name, &section) != 2 || section != 1) {
        fprintf(stderr, "md2man: %s:1: the page must start with "
                        "\"<!-- man: NAME 1 -->\" (section 1 only)\n", path);
        cmark_node_free(doc);
        return 1;
    }
    check_inlines(doc);
    mark_tagged_lists(doc);
    if (errors) {
        cmark_node_free(doc);
        return 1;
    }
    char *roff = cmark_render_man(doc, CMARK_OPT_DEFAULT, 0);
    for (char *c = name; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    printf(".TH %s %d \"\" \"labverdict %s\" \"User Commands\"\n", name, section, LV_VERSION);
    /* no hyphenation, ragged right: option and file names stay whole */
    printf(".nh\n.ad l\n");
    put_page(roff, stdout);
    free(roff);
    cmark_node_free(doc);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "md2man: cannot write the page\n");
        return 2;
    }
    return 0;
}
