/* Mustache compiler: source text to the node tree of mustache_int.h.
 *
 * One pass, no recursion: open sections are kept on an explicit stack
 * bounded by LV_MUSTACHE_MAX_NESTING. Every source byte is looked at a
 * bounded number of times (at most LV_MUSTACHE_MAX_DELIM compares when it
 * starts like a delimiter), so compiling is linear in the template size.
 *
 * Standalone tags (a section, inverted, closing, comment, partial or
 * delimiter tag alone on its line, with only spaces or tabs around it) take
 * their whole line with them, newline included. To do that without looking
 * back, the current line is tracked as it is scanned: where its nodes begin
 * in the current list, whether its text so far is blank, and how many tags
 * it has had. Literal text is cut into one node per line, and each line
 * start gets an MN_INDENT node, so that a partial can be indented at render
 * time without recompiling it. */
#include "mustache_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/fileio.h"

/* Names and tags quoted in messages are cut to this many bytes. */
#define SHOW_MAX 40

typedef struct {
    lv_mustache *t;
    const char *s; /* t->src */
    size_t n;
    size_t pos;
    char open[LV_MUSTACHE_MAX_DELIM + 1], close[LV_MUSTACHE_MAX_DELIM + 1];
    size_t olen, clen;
    mnode *sections[LV_MUSTACHE_MAX_NESTING]; /* open, innermost last */
    size_t depth;
    /* The current source line, for standalone tags. */
    size_t line_start; /* offset of its first byte */
    size_t line_mark;  /* nodes in the current list when it began */
    int line_tags;     /* tags met on it so far */
    int line_blank;    /* its text so far is only spaces and tabs */
    lv_diag *d;
} parser;

/* The byte count of `n` shown in a message, at most SHOW_MAX. */
static int shown(size_t n) { return (int)(n < SHOW_MAX ? n : SHOW_MAX); }

static int fail(parser *p, size_t off, const char *fmt, ...) LV_PRINTF(3, 4);

static int fail(parser *p, size_t off, const char *fmt, ...)
{
    lv_buf m;
    long line, col;
    va_list ap;
    lv_buf_init(&m);
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    lv_line_col(p->s, p->n, off, &line, &col);
    lv_diag_at(p->d, LV_SEV_ERROR, p->t->name, line, col, "%s",
               m.data ? m.data : "");
    lv_buf_free(&m);
    return -1;
}

static mlist *cur(parser *p)
{
    return p->depth ? &p->sections[p->depth - 1]->body : &p->t->root;
}

/* A new zeroed node at the end of the current list. Only the innermost list
 * grows, so pointers to open sections (in outer lists) stay valid. */
static mnode *add_node(parser *p, mnode_kind kind, size_t off)
{
    mlist *l = cur(p);
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        mnode *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            abort();
        l->v = v;
        l->cap = cap;
    }
    mnode *m = &l->v[l->n++];
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->off = off;
    return m;
}

static void start_line(parser *p)
{
    p->line_start = p->pos;
    p->line_mark = cur(p)->n;
    p->line_tags = 0;
    p->line_blank = 1;
    add_node(p, MN_INDENT, p->pos);
}

static void add_text(parser *p, size_t off, size_t len)
{
    if (len == 0)
        return;
    /* A text node ends at the latest with its line's '\n', which ends the
     * line rather than making it non-blank. */
    for (size_t i = off; i < off + len && p->line_blank; i++)
        if (p->s[i] != ' ' && p->s[i] != '\t' && p->s[i] != '\n')
            p->line_blank = 0;
    mnode *m = add_node(p, MN_TEXT, off);
    m->len = len;
}

static int at(const parser *p, size_t i, const char *tok, size_t tl)
{
    return i + tl <= p->n && p->s[i] == tok[0] && memcmp(p->s + i, tok, tl) == 0;
}

/* The first i >= from where tok[0..tl) starts, or (size_t)-1. */
static size_t find(const parser *p, size_t from, const char *tok, size_t tl)
{
    for (size_t i = from; i + tl <= p->n; i++)
        if (at(p, i, tok, tl))
            return i;
    return (size_t)-1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- tag names ---------------------------------------------------------- */

static int check_dots(parser *p, size_t o, size_t a, size_t b)
{
    const char *s = p->s;
    if (b - a == 1 && s[a] == '.')
        return 0; /* the implicit iterator */
    int empty = s[a] == '.' || s[b - 1] == '.';
    for (size_t i = a; i + 1 < b && !empty; i++)
        empty = s[i] == '.' && s[i + 1] == '.';
    if (empty)
        return fail(p, o, "bad name '%.*s': empty part between dots",
                    shown(b - a), s + a);
    return 0;
}

/* The trimmed name in s[a..b) of the tag at `o`, copied to m->name. */
static int take_name(parser *p, mnode *m, size_t o, size_t a, size_t b,
                     int dotted)
{
    const char *s = p->s;
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    if (a == b)
        return fail(p, o, "empty tag name");
    if (b - a > LV_MUSTACHE_MAX_NAME)
        return fail(p, o, "tag name '%.*s...' is longer than %d bytes",
                    shown(b - a), s + a, LV_MUSTACHE_MAX_NAME);
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return fail(p, o,
                        "tag name '%.*s' contains whitespace or a control "
                        "character", shown(b - a), s + a);
    }
    if (dotted && check_dots(p, o, a, b) < 0)
        return -1;
    m->name = malloc(b - a + 1);
    if (!m->name)
        abort();
    memcpy(m->name, s + a, b - a);
    m->name[b - a] = '\0';
    m->name_len = b - a;
    return 0;
}

/* ---- the tags ------------------------------------------------------------ */

/* {{=OPEN CLOSE=}}: s[a..b) is "OPEN CLOSE" with any surrounding spaces. */
static int set_delims(parser *p, size_t o, size_t a, size_t b)
{
    const char *s = p->s;
    size_t a0 = a, b0 = b;
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    size_t m = a;
    while (m < b && !is_space(s[m]))
        m++;
    size_t c = m;
    while (c < b && is_space(s[c]))
        c++;
    size_t e = c;
    while (e < b && !is_space(s[e]))
        e++;
    if (m == a || c == b || e != b)
        return fail(p, o,
                    "bad delimiter change '%.*s': expected two delimiters "
                    "separated by whitespace, as in {{=<%% %%>=}}",
                    shown(b0 - a0), s + a0);
    if (m - a > LV_MUSTACHE_MAX_DELIM || e - c > LV_MUSTACHE_MAX_DELIM)
        return fail(p, o, "bad delimiter change: a delimiter is longer than "
                          "%d bytes", LV_MUSTACHE_MAX_DELIM);
    memcpy(p->open, s + a, m - a);
    p->olen = m - a;
    memcpy(p->close, s + c, e - c);
    p->clen = e - c;
    return 0;
}

static int open_section(parser *p, mnode_kind kind, size_t o, size_t a,
                        size_t b)
{
    if (p->depth == LV_MUSTACHE_MAX_NESTING)
        return fail(p, o, "sections nested too deeply (over %d levels)",
                    LV_MUSTACHE_MAX_NESTING);
    mnode *m = add_node(p, kind, o);
    if (take_name(p, m, o, a, b, 1) < 0)
        return -1;
    p->sections[p->depth++] = m;
    return 0;
}

static int close_section(parser *p, size_t o, size_t a, size_t b)
{
    mnode tmp;
    memset(&tmp, 0, sizeof tmp);
    if (take_name(p, &tmp, o, a, b, 1) < 0)
        return -1;
    int rc = 0;
    if (p->depth == 0) {
        rc = fail(p, o, "closing tag '%.*s' without an open section",
                  shown(tmp.name_len), tmp.name);
    } else {
        mnode *open = p->sections[p->depth - 1];
        if (open->name_len != tmp.name_len ||
            memcmp(open->name, tmp.name, tmp.name_len) != 0) {
            long line, col;
            lv_line_col(p->s, p->n, open->off, &line, &col);
            rc = fail(p, o,
                      "section '%.*s' (opened at %ld:%ld) closed by '%.*s'",
                      shown(open->name_len), open->name, line, col,
                      shown(tmp.name_len), tmp.name);
        } else {
            p->depth--;
        }
    }
    free(tmp.name);
    return rc;
}

static int add_partial(parser *p, size_t o, size_t a, size_t b, int standalone)
{
    mnode *m = add_node(p, MN_PARTIAL, o);
    if (take_name(p, m, o, a, b, 0) < 0)
        return -1;
    m->standalone = standalone;
    if (standalone) {
        m->indent_off = p->line_start;
        m->indent_len = o - p->line_start;
    }
    return 0;
}

/* Act on the tag of type `type` at `o` whose content is s[a..b). */
static int do_tag(parser *p, char type, size_t o, size_t a, size_t b,
                  int standalone)
{
    switch (type) {
    case '!':
        return 0;
    case '=':
        return set_delims(p, o, a, b);
    case '#':
        return open_section(p, MN_SECTION, o, a, b);
    case '^':
        return open_section(p, MN_INVERTED, o, a, b);
    case '/':
        return close_section(p, o, a, b);
    case '>':
        return add_partial(p, o, a, b, standalone);
    default: {
        mnode *m = add_node(p, type ? MN_RAW : MN_VAR, o);
        return take_name(p, m, o, a, b, 1);
    }
    }
}

/* If a tag of this type ending at `after` stands alone on its line, the
 * offset just past its line end (or the template end); else 0. */
static size_t standalone_end(const parser *p, char type, size_t after)
{
    if (!type || type == '{' || type == '&' || p->line_tags || !p->line_blank)
        return 0;
    size_t j = after;
    while (j < p->n && (p->s[j] == ' ' || p->s[j] == '\t'))
        j++;
    if (j == p->n)
        return j;
    if (p->s[j] == '\n')
        return j + 1;
    if (p->s[j] == '\r' && j + 1 < p->n && p->s[j + 1] == '\n')
        return j + 2;
    return 0;
}

/* The tag whose opening delimiter is at p->pos. Sets *bol when the tag
 * took its line end with it. */
static int tag(parser *p, int *bol)
{
    size_t o = p->pos, c = o + p->olen;
    char type = 0;
    if (c < p->n && p->s[c] != '\0' && strchr("!#^/>={&", p->s[c]))
        type = p->s[c++];
    /* {{{x}}} ends with "}}}" and {{=a b=}} with "=}}". */
    char tok[LV_MUSTACHE_MAX_DELIM + 2];
    size_t tl = 0;
    if (type == '{' || type == '=')
        tok[tl++] = type == '{' ? '}' : '=';
    memcpy(tok + tl, p->close, p->clen);
    tl += p->clen;
    size_t e = find(p, c, tok, tl);
    if (e == (size_t)-1)
        return fail(p, o, "unclosed tag: '%.*s%.*s' without '%.*s'",
                    (int)p->olen, p->open, (int)(type != 0), &type, (int)tl,
                    tok);
    size_t after = e + tl;
    size_t end = standalone_end(p, type, after);
    if (end) {
        /* Drop the line's indentation (and its MN_INDENT) from the output. */
        cur(p)->n = p->line_mark;
        *bol = end > after && p->s[end - 1] == '\n';
        p->pos = end;
    } else {
        p->line_tags++;
        p->pos = after;
    }
    return do_tag(p, type, o, c, e, end != 0);
}

/* ---- the whole template ------------------------------------------------ */

static int parse(parser *p)
{
    int bol = 1;
    while (p->pos < p->n) {
        if (bol)
            start_line(p);
        bol = 0;
        size_t i = p->pos;
        while (i < p->n && p->s[i] != '\n' && !at(p, i, p->open, p->olen))
            i++;
        if (i < p->n && p->s[i] == '\n') {
            add_text(p, p->pos, i + 1 - p->pos);
            p->pos = i + 1;
            bol = 1;
            continue;
        }
        add_text(p, p->pos, i - p->pos);
        p->pos = i;
        if (i < p->n && tag(p, &bol) < 0)
            return -1;
    }
    if (p->depth) {
        mnode *open = p->sections[p->depth - 1];
        return fail(p, open->off, "unclosed section '%.*s': no closing tag "
                    "before the end of the template",
                    shown(open->name_len), open->name);
    }
    return 0;
}

static void free_list(mlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free_list(&l->v[i].body);
    }
    free(l->v);
}

void lv_mustache_free(lv_mustache *t)
{
    if (!t)
        return;
    free_list(&t->root);
    free(t->name);
    free(t->src);
    free(t);
}

static char *dup_bytes(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (!r)
        abort();
    if (n)
        memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

lv_mustache *lv_mustache_compile(const char *src, size_t len, const char *name,
                                 lv_diag *d)
{
    lv_mustache *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    if (!name)
        name = "<template>";
    t->name = dup_bytes(name, strlen(name));
    t->src = dup_bytes(src ? src : "", src ? len : 0);
    t->len = src ? len : 0;
    parser p;
    memset(&p, 0, sizeof p);
    p.t = t;
    p.s = t->src;
    p.n = t->len;
    p.d = d;
    memcpy(p.open, "{{", 2);
    memcpy(p.close, "}}", 2);
    p.olen = p.clen = 2;
    if (parse(&p) < 0) {
        lv_mustache_free(t);
        return NULL;
    }
    return t;
}
