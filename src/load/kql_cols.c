/* The KQL loader's tables and columns: what is noted of each table, and the
 * mapping of the wanted columns onto the chosen one. See src/load/kql_int.h. */
#include <stdlib.h>
#include <string.h>

#include "kql_int.h"

/* ---- tables and their columns ---------------------------------------- */

void kql_table_init(struct kql_table *t)
{
    memset(t, 0, sizeof *t);
    lv_buf_init(&t->name);
    lv_buf_init(&t->cols.names);
}

/* Forget the content, keep the memory. */
void kql_table_clear(struct kql_table *t)
{
    t->index = 0;
    t->has_name = t->has_columns = t->has_rows = t->primary = 0;
    t->at = t->cols_at = -1;
    lv_buf_reset(&t->name);
    lv_buf_reset(&t->cols.names);
    t->cols.n = 0;
}

void kql_table_free(struct kql_table *t)
{
    lv_buf_free(&t->name);
    lv_buf_free(&t->cols.names);
    free(t->cols.off);
    free(t->cols.len);
    memset(t, 0, sizeof *t);
}

void kql_cols_add(struct kql_cols *c, const char *p, size_t n)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        size_t *o = realloc(c->off, cap * sizeof *o);
        if (!o)
            abort();
        c->off = o;
        size_t *l = realloc(c->len, cap * sizeof *l);
        if (!l)
            abort();
        c->len = l;
        c->cap = cap;
    }
    c->off[c->n] = c->names.len;
    c->len[c->n] = n;
    c->n++;
    lv_buf_put(&c->names, p, n);
    lv_buf_putc(&c->names, '\0');
}

static const char *col_name(const struct kql_cols *c, size_t i)
{
    return c->names.data + c->off[i];
}

void kql_put_name(lv_buf *b, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *z = memchr(p + i, '\0', n - i);
        size_t run = z ? (size_t)(z - (p + i)) : n - i;
        lv_buf_put(b, p + i, run);
        i += run;
        if (z) {
            lv_buf_puts(b, "\\0");
            i++;
        }
    }
}

int kql_want_index(const struct kql_state *s, const char *p, size_t n)
{
    for (size_t w = 0; w < s->nwant; w++)
        if (s->want_len[w] == n && memcmp(s->want[w].name, p, n) == 0)
            return (int)w;
    return -1;
}

int kql_resolve(struct kql_state *s, const struct kql_table *t)
{
    const struct kql_cols *c = &t->cols;
    size_t *pos = calloc(s->nwant ? s->nwant : 1, sizeof *pos);
    int *map = realloc(s->colmap, (c->n ? c->n : 1) * sizeof *map);
    if (!pos || !map)
        abort();
    s->colmap = map;
    s->ncols = c->n;
    for (size_t i = 0; i < c->n; i++) {
        int w = kql_want_index(s, col_name(c, i), c->len[i]);
        map[i] = w;
        if (w < 0)
            continue;
        if (pos[w]) {
            kql_fail(s, t->cols_at,
                     "column '%s' appears twice in table %zu "
                     "(columns %zu and %zu)",
                     s->want[w].name, t->index + 1, pos[w], i + 1);
            free(pos);
            return -1;
        }
        pos[w] = i + 1;
    }
    lv_buf m;
    lv_buf_init(&m);
    size_t missing = 0;
    for (size_t w = 0; w < s->nwant; w++) {
        s->found[w] = pos[w] != 0;
        s->vals[w].kind = LV_KV_MISSING;
        s->vals[w].text = "";
        s->vals[w].len = 0;
        s->vals[w].boolean = 0;
        if (!pos[w] && s->want[w].required) {
            lv_buf_puts(&m, missing ? ", '" : "'");
            lv_buf_puts(&m, s->want[w].name);
            lv_buf_putc(&m, '\'');
            missing++;
        }
    }
    free(pos);
    if (!missing) {
        lv_buf_free(&m);
        return 0;
    }
    lv_buf list;
    lv_buf_init(&list);
    for (size_t i = 0; i < c->n; i++) {
        if (i == 24 || list.len > 600) {
            lv_buf_printf(&list, ", ... (%zu in all)", c->n);
            break;
        }
        if (i)
            lv_buf_puts(&list, ", ");
        kql_put_name(&list, col_name(c, i), c->len[i]);
    }
    kql_fail(s, t->cols_at, "%s %s not found (columns: %s)",
             missing > 1 ? "columns" : "column", m.data,
             c->n ? list.data : "none");
    lv_buf_free(&m);
    lv_buf_free(&list);
    return -1;
}
