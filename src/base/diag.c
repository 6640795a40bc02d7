/* Diagnostics: see include/lv/diag.h. */
#include "lv/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/buf.h"

void lv_diag_init(lv_diag *d, FILE *echo)
{
    memset(d, 0, sizeof *d);
    d->echo = echo;
}

void lv_diag_free(lv_diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

char *lv_single_line(const char *src, size_t len)
{
    lv_buf b;
    lv_buf_init(&b);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\n')
            lv_buf_puts(&b, "\\n");
        else if (c == '\r')
            lv_buf_puts(&b, "\\r");
        else if (c == '\t')
            lv_buf_puts(&b, "\\t");
        else if (c < 0x20 || c == 0x7f)
            lv_buf_printf(&b, "\\x%02x", c);
        else
            lv_buf_putc(&b, (char)c);
    }
    return lv_buf_steal(&b);
}

char *lv_diag_format(const lv_diag_entry *e)
{
    lv_buf b;
    lv_buf_init(&b);
    if (e->file) {
        char *f = lv_single_line(e->file, strlen(e->file));
        lv_buf_puts(&b, f);
        free(f);
        if (e->line > 0 && e->col > 0)
            lv_buf_printf(&b, ":%ld:%ld", e->line, e->col);
        else if (e->line > 0)
            lv_buf_printf(&b, ":%ld", e->line);
        lv_buf_puts(&b, ":");
        if (e->line <= 0 && e->byte >= 0)
            lv_buf_printf(&b, " byte %lld:", e->byte);
        lv_buf_puts(&b, " ");
    }
    lv_buf_puts(&b, e->sev == LV_SEV_ERROR ? "error: " : "warning: ");
    lv_buf_puts(&b, e->msg);
    return lv_buf_steal(&b);
}

static lv_diag_entry *grow(lv_diag *d)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        lv_diag_entry *v = realloc(d->v, cap * sizeof *v);
        if (!v)
            abort();
        d->v = v;
        d->cap = cap;
    }
    return &d->v[d->n++];
}

static void counted(lv_diag *d, const lv_diag_entry *e)
{
    if (e->sev == LV_SEV_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (d->echo) {
        char *s = lv_diag_format(e);
        fprintf(d->echo, "labverdict: %s\n", s);
        fflush(d->echo);
        free(s);
    }
}

void lv_diag_move(lv_diag *to, lv_diag *from)
{
    for (size_t i = 0; i < from->n; i++) {
        lv_diag_entry *e = grow(to);
        *e = from->v[i];   /* the strings change owner */
        counted(to, e);
    }
    free(from->v);
    from->v = NULL;
    from->n = from->cap = from->errors = from->warnings = 0;
}

static void add(lv_diag *d, lv_severity sev, const char *file, long line,
                long col, long long byte, const char *fmt, va_list ap)
{
    lv_buf m;
    lv_buf_init(&m);
    lv_buf_vprintf(&m, fmt, ap);
    lv_diag_entry *e = grow(d);
    e->sev = sev;
    e->file = file ? strdup(file) : NULL;
    e->line = line;
    e->col = col;
    e->byte = byte;
    e->msg = lv_single_line(m.data ? m.data : "", m.len);
    lv_buf_free(&m);
    counted(d, e);
}

void lv_diag_at(lv_diag *d, lv_severity sev, const char *file, long line,
                long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, sev, file, line, col, -1, fmt, ap);
    va_end(ap);
}

void lv_diag_byte(lv_diag *d, lv_severity sev, const char *file,
                  long long byte, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, sev, file, 0, 0, byte, fmt, ap);
    va_end(ap);
}

void lv_diag_file(lv_diag *d, lv_severity sev, const char *file,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, sev, file, 0, 0, -1, fmt, ap);
    va_end(ap);
}
