/* labverdict — a growable byte buffer, always NUL-terminated once written.
 *
 * Allocation failure aborts: the tool works on bounded inputs and has no
 * useful way to go on without memory. */
#ifndef LV_BUF_H
#define LV_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include "lv/common.h"

typedef struct {
    char *data;   /* NULL until something is written */
    size_t len;   /* bytes written, not counting the NUL */
    size_t cap;
} lv_buf;

void lv_buf_init(lv_buf *b);
void lv_buf_free(lv_buf *b);
void lv_buf_reset(lv_buf *b);                 /* len = 0, memory kept */
void lv_buf_put(lv_buf *b, const void *p, size_t n);
void lv_buf_putc(lv_buf *b, char c);
void lv_buf_puts(lv_buf *b, const char *s);
void lv_buf_printf(lv_buf *b, const char *fmt, ...) LV_PRINTF(2, 3);
void lv_buf_vprintf(lv_buf *b, const char *fmt, va_list ap);
/* Hand the bytes to the caller (free() them); the buffer is empty after.
 * Never returns NULL: an empty buffer gives "". */
char *lv_buf_steal(lv_buf *b);

#endif
