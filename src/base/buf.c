/* Growable byte buffer: see include/lv/buf.h. */
#include "lv/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lv_buf_init(lv_buf *b) { b->data = NULL; b->len = b->cap = 0; }

void lv_buf_free(lv_buf *b)
{
    free(b->data);
    lv_buf_init(b);
}

void lv_buf_reset(lv_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void grow(lv_buf *b, size_t extra)
{
    if (extra > (size_t)-1 / 2 - b->len)
        abort();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        abort();
    b->data = p;
    b->cap = cap;
}

void lv_buf_put(lv_buf *b, const void *p, size_t n)
{
    grow(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void lv_buf_putc(lv_buf *b, char c) { lv_buf_put(b, &c, 1); }

void lv_buf_puts(lv_buf *b, const char *s) { lv_buf_put(b, s, strlen(s)); }

void lv_buf_vprintf(lv_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void lv_buf_printf(lv_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *lv_buf_steal(lv_buf *b)
{
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (!p)
            abort();
        p[0] = '\0';
    }
    lv_buf_init(b);
    return p;
}
