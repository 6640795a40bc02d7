/* Places in a criteria file: every error names FILE:LINE:COL of the key or
 * value it is about. The parser (criteria.c) keeps the path of keys and
 * indices it is at; an error follows that path through the text
 * (lv_json_locate, jansson keeping no positions) and names it as a JSON
 * pointer, so that no check has to carry a place of its own. */
#include "criteria_int.h"

#include <stdarg.h>

#include "lv/buf.h"
#include "lv/fileio.h"
#include "lv/jsonplace.h"

/* Deeper than CRIT_MAX_DEPTH only the depth is counted: the place and the
 * pointer are then those of the deepest step kept. */
static size_t kept(const crit_parser *p)
{
    return p->depth < CRIT_MAX_DEPTH ? p->depth : CRIT_MAX_DEPTH;
}

void crit_push_key(crit_parser *p, const char *key)
{
    if (p->depth < CRIT_MAX_DEPTH)
        p->path[p->depth] = (lv_json_step){key, 0};
    p->depth++;
}

void crit_push_idx(crit_parser *p, size_t idx)
{
    if (p->depth < CRIT_MAX_DEPTH)
        p->path[p->depth] = (lv_json_step){NULL, idx};
    p->depth++;
}

void crit_pop(crit_parser *p) { p->depth--; }

void crit_place(const crit_parser *p, int at_key, long *line, long *col)
{
    size_t off = lv_json_locate(p->text, p->len, p->path, kept(p), at_key);
    lv_line_col(p->text, p->len, off, line, col);
}

size_t crit_member_offset(crit_parser *p, const char *key)
{
    crit_push_key(p, key);
    size_t off = lv_json_locate(p->text, p->len, p->path, kept(p), AT_KEY);
    crit_pop(p);
    return off;
}

void crit_err(crit_parser *p, int at_key, const char *fmt, ...)
{
    lv_buf m;
    lv_buf_init(&m);
    lv_json_pointer(&m, p->path, kept(p));
    if (m.len)
        lv_buf_puts(&m, ": ");
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    long line, col;
    crit_place(p, at_key, &line, &col);
    lv_diag_at(p->d, LV_SEV_ERROR, p->label, line, col, "%s", m.data);
    lv_buf_free(&m);
    p->errors++;
}

void crit_err_member(crit_parser *p, const char *key, int at_key,
                     const char *fmt, ...)
{
    lv_buf m;
    lv_buf_init(&m);
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    crit_push_key(p, key);
    crit_err(p, at_key, "%s", m.data);
    crit_pop(p);
    lv_buf_free(&m);
}
