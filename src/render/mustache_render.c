/* Mustache renderer: walks the node tree of mustache_int.h over jansson
 * values.
 *
 * The context stack is a linked list of frames living on the C stack, one
 * per section or array element entered; the recursion that builds it is
 * bounded by LV_MUSTACHE_MAX_DEPTH, and the total work by
 * LV_MUSTACHE_MAX_STEPS, so that no template (they come from users) can
 * overflow the stack or run for ever. Partials are compiled on first use
 * and kept, by name, for the rest of the render. */
#include "mustache_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv/fileio.h"

typedef struct frame {
    const json_t *v;
    const struct frame *up;
} frame;

/* A compiled partial, or t == NULL when there is no partial of that name. */
typedef struct {
    char *name; /* NULL: free slot */
    lv_mustache *t;
} pslot;

typedef struct {
    pslot *v;
    size_t cap, n; /* cap is 0 or a power of two */
} pcache;

typedef struct {
    lv_mustache_partial_fn pf;
    void *pctx;
    lv_mustache_escape_fn esc;
    void *ectx;
    lv_buf *out;
    size_t out_start;
    lv_diag *d;
    pcache cache;
    /* The indentation of the partial being rendered is
     * indent.data[indent_from..indent.len): standalone partials add theirs
     * to the enclosing one, inline partials start afresh. */
    lv_buf indent;
    size_t indent_from;
    unsigned depth;
    unsigned long steps;
} rstate;

static int rfail(rstate *rs, const lv_mustache *t, size_t off,
                 const char *fmt, ...) LV_PRINTF(4, 5);

static int rfail(rstate *rs, const lv_mustache *t, size_t off,
                 const char *fmt, ...)
{
    lv_buf m;
    long line, col;
    va_list ap;
    lv_buf_init(&m);
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    lv_line_col(t->src, t->len, off, &line, &col);
    lv_diag_at(rs->d, LV_SEV_ERROR, t->name, line, col, "%s",
               m.data ? m.data : "");
    lv_buf_free(&m);
    return -1;
}

/* ---- values --------------------------------------------------------------- */

/* The shortest "%.*e" text of x that strtod reads back as x. */
static void shortest_e(double x, char *e, size_t size)
{
    for (int prec = 0; prec < 17; prec++) {
        snprintf(e, size, "%.*e", prec, x);
        if (strtod(e, NULL) == x)
            return;
    }
    snprintf(e, size, "%.16e", x); /* 17 digits always read back */
}

/* x (finite: jansson has no NaN or infinity) as in the header: shortest
 * round-trip digits, laid out like JavaScript's Number#toString. */
static void format_real(double x, char out[40])
{
    char e[40], dig[20], *o = out;
    int k = 0, n;
    if (x == 0) {
        strcpy(out, "0");
        return;
    }
    shortest_e(x, e, sizeof e);
    const char *s = e;
    if (*s == '-')
        *o++ = *s++;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && k < 17)
            dig[k++] = *s;
    n = atoi(*s ? s + 1 : "0") + 1; /* the decimal point is after n digits */
    while (k > 1 && dig[k - 1] == '0')
        k--;
    if (k <= n && n <= 21) {
        o += sprintf(o, "%.*s%.*s", k, dig, n - k, "000000000000000000000");
    } else if (0 < n && n <= 21) {
        o += sprintf(o, "%.*s.%.*s", n, dig, k - n, dig + n);
    } else if (-6 < n && n <= 0) {
        o += sprintf(o, "0.%.*s%.*s", -n, "000000", k, dig);
    } else {
        o += sprintf(o, "%c%s%.*s", dig[0], k > 1 ? "." : "", k - 1, dig + 1);
        o += sprintf(o, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
    }
    *o = '\0';
}

/* The text of a scalar in tmp (strings are not copied: *p points at them).
 * Returns its length; 0 for values that write nothing. */
static size_t value_text(const json_t *v, char tmp[40], const char **p)
{
    *p = tmp;
    tmp[0] = '\0';
    if (json_is_string(v)) {
        *p = json_string_value(v);
        return json_string_length(v);
    }
    if (json_is_integer(v))
        snprintf(tmp, 40, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        format_real(json_real_value(v), tmp);
    else if (json_is_true(v))
        strcpy(tmp, "true");
    else if (json_is_false(v))
        strcpy(tmp, "false");
    return strlen(tmp);
}

void lv_mustache_append_value(lv_buf *out, const json_t *v)
{
    char tmp[40];
    const char *p;
    size_t n = value_text(v, tmp, &p);
    lv_buf_put(out, p, n);
}

void lv_mustache_escape_html(void *ctx, lv_buf *out, const char *s, size_t n)
{
    (void)ctx;
    size_t run = 0; /* bytes before s[i] not yet written */
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: run++; continue;
        }
        lv_buf_put(out, s + i - run, run);
        lv_buf_puts(out, rep);
        run = 0;
    }
    lv_buf_put(out, s + n - run, run);
}

/* Falsy: missing, null, false, [] and "" (see the header). */
static int truthy(const json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    return 1;
}

/* The value of a (validated) name: "." or parts separated by dots.
 * Each context frame looked at counts as a step of the render budget. */
static const json_t *lookup(rstate *rs, const frame *f, const char *name,
                            size_t len)
{
    if (len == 1 && name[0] == '.')
        return f ? f->v : NULL;
    const char *dot = memchr(name, '.', len);
    size_t first = dot ? (size_t)(dot - name) : len;
    const json_t *v = NULL;
    for (; f && !v; f = f->up, rs->steps++)
        if (json_is_object(f->v))
            v = json_object_getn(f->v, name, first);
    /* Later parts are looked up in that value only, never further out. */
    while (v && dot) {
        const char *part = dot + 1;
        size_t rest = len - (size_t)(part - name);
        dot = memchr(part, '.', rest);
        size_t plen = dot ? (size_t)(dot - part) : rest;
        v = json_is_object(v) ? json_object_getn(v, part, plen) : NULL;
    }
    return v;
}

/* ---- partials ------------------------------------------------------------- */

static size_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

static pslot *cache_slot(pcache *c, const char *name)
{
    size_t i = hash_name(name) & (c->cap - 1);
    while (c->v[i].name && strcmp(c->v[i].name, name) != 0)
        i = (i + 1) & (c->cap - 1);
    return &c->v[i];
}

static void cache_grow(pcache *c)
{
    pcache g = {calloc(c->cap ? c->cap * 2 : 16, sizeof(pslot)), 0, c->n};
    if (!g.v)
        abort();
    g.cap = c->cap ? c->cap * 2 : 16;
    for (size_t i = 0; i < c->cap; i++)
        if (c->v[i].name)
            *cache_slot(&g, c->v[i].name) = c->v[i];
    free(c->v);
    *c = g;
}

static void cache_free(pcache *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        free(c->v[i].name);
        lv_mustache_free(c->v[i].t);
    }
    free(c->v);
}

/* The compiled partial `name` in *pt (NULL: none, renders nothing).
 * Returns -1 when its source does not compile (already reported). */
static int get_partial(rstate *rs, const char *name, lv_mustache **pt)
{
    if (2 * (rs->cache.n + 1) > rs->cache.cap)
        cache_grow(&rs->cache);
    pslot *s = cache_slot(&rs->cache, name);
    if (!s->name) {
        size_t len = 0;
        const char *src = rs->pf ? rs->pf(rs->pctx, name, &len) : NULL;
        lv_mustache *t = NULL;
        if (src && !(t = lv_mustache_compile(src, len, name, rs->d)))
            return -1;
        s->name = strdup(name);
        if (!s->name)
            abort();
        s->t = t;
        rs->cache.n++;
    }
    *pt = s->t;
    return 0;
}

/* ---- the tree ------------------------------------------------------------- */

static int render_list(rstate *rs, const lv_mustache *t, const mlist *l,
                       const frame *f);

/* Render `l` (a section body or a partial, of template `t`) one level
 * deeper. `at` is the tag that asks for it, in template `where`. */
static int enter(rstate *rs, const lv_mustache *where, const mnode *at,
                 const lv_mustache *t, const mlist *l, const frame *f)
{
    if (rs->depth >= LV_MUSTACHE_MAX_DEPTH)
        return rfail(rs, where, at->off,
                     "%s '%.*s' nested too deeply (over %d levels of "
                     "sections and partials; a partial including itself?)",
                     at->kind == MN_PARTIAL ? "partial" : "section",
                     (int)(at->name_len < 40 ? at->name_len : 40), at->name,
                     LV_MUSTACHE_MAX_DEPTH);
    if (++rs->steps > LV_MUSTACHE_MAX_STEPS)
        return rfail(rs, where, at->off,
                     "rendering stopped after %lu steps: sections over large "
                     "lists nested too deeply?", LV_MUSTACHE_MAX_STEPS);
    rs->depth++;
    int rc = render_list(rs, t, l, f);
    rs->depth--;
    return rc;
}

static int render_section(rstate *rs, const lv_mustache *t, const mnode *m,
                          const frame *f)
{
    const json_t *v = lookup(rs, f, m->name, m->name_len);
    if (m->kind == MN_INVERTED)
        return truthy(v) ? 0 : enter(rs, t, m, t, &m->body, f);
    if (!truthy(v))
        return 0;
    if (!json_is_array(v)) {
        frame g = {v, f};
        return enter(rs, t, m, t, &m->body, &g);
    }
    for (size_t i = 0; i < json_array_size(v); i++) {
        frame g = {json_array_get(v, i), f};
        if (enter(rs, t, m, t, &m->body, &g) < 0)
            return -1;
    }
    return 0;
}

static int render_partial(rstate *rs, const lv_mustache *t, const mnode *m,
                          const frame *f)
{
    lv_mustache *pt;
    if (get_partial(rs, m->name, &pt) < 0)
        return -1;
    if (!pt)
        return 0;
    size_t len = rs->indent.len, from = rs->indent_from;
    if (m->standalone)
        lv_buf_put(&rs->indent, t->src + m->indent_off, m->indent_len);
    else
        rs->indent_from = rs->indent.len;
    int rc = enter(rs, t, m, pt, &pt->root, f);
    rs->indent.len = len;
    rs->indent_from = from;
    return rc;
}

static void interpolate(rstate *rs, const mnode *m, const frame *f)
{
    char tmp[40];
    const char *p;
    size_t n = value_text(lookup(rs, f, m->name, m->name_len), tmp, &p);
    if (n == 0)
        return;
    if (m->kind == MN_VAR)
        rs->esc(rs->ectx, rs->out, p, n);
    else
        lv_buf_put(rs->out, p, n);
}

static int render_node(rstate *rs, const lv_mustache *t, const mnode *m,
                       const frame *f)
{
    switch (m->kind) {
    case MN_TEXT:
        lv_buf_put(rs->out, t->src + m->off, m->len);
        return 0;
    case MN_INDENT:
        if (rs->indent.len > rs->indent_from)
            lv_buf_put(rs->out, rs->indent.data + rs->indent_from,
                       rs->indent.len - rs->indent_from);
        return 0;
    case MN_VAR:
    case MN_RAW:
        interpolate(rs, m, f);
        return 0;
    case MN_SECTION:
    case MN_INVERTED:
        return render_section(rs, t, m, f);
    case MN_PARTIAL:
        return render_partial(rs, t, m, f);
    }
    return 0;
}

static int render_list(rstate *rs, const lv_mustache *t, const mlist *l,
                       const frame *f)
{
    for (size_t i = 0; i < l->n; i++) {
        const mnode *m = &l->v[i];
        if (++rs->steps > LV_MUSTACHE_MAX_STEPS)
            return rfail(rs, t, m->off,
                         "rendering stopped after %lu steps: sections over "
                         "large lists nested too deeply?",
                         LV_MUSTACHE_MAX_STEPS);
        if (render_node(rs, t, m, f) < 0)
            return -1;
        if (rs->out->len - rs->out_start > LV_MUSTACHE_MAX_OUTPUT)
            return rfail(rs, t, m->off, "rendering stopped: output over %zu "
                         "bytes", LV_MUSTACHE_MAX_OUTPUT);
    }
    return 0;
}

int lv_mustache_render(const lv_mustache *t, const json_t *data,
                       lv_mustache_partial_fn pf, void *pctx,
                       lv_mustache_escape_fn esc, void *ectx, lv_buf *out,
                       lv_diag *d)
{
    rstate rs;
    memset(&rs, 0, sizeof rs);
    rs.pf = pf;
    rs.pctx = pctx;
    rs.esc = esc ? esc : lv_mustache_escape_html;
    rs.ectx = ectx;
    rs.out = out;
    rs.out_start = out->len;
    rs.d = d;
    lv_buf_init(&rs.indent);
    frame root = {data, NULL};
    int rc = render_list(&rs, t, &t->root, &root);
    cache_free(&rs.cache);
    lv_buf_free(&rs.indent);
    return rc;
}
