/* Unit tests for the streaming KQL loader (src/load/kql.c, src/load/kql_walk.c). */
#include "lvtest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/fileio.h"
#include "lv/kql.h"

#define DATA "tests/data/kql/"
#define HTTP_COLS                                                            \
    {{"TimeGenerated", 1}, {"CsUriStem", 1}, {"ScStatus", 0},                \
     {"TimeTaken", 1}}

/* ---- helpers ------------------------------------------------------------ */

/* Every row written as one line "N@OFF k:text|k:text|", NUL as \0. */
typedef struct {
    lv_buf out;
    lv_buf cells;       /* the same without "N@OFF " */
    uint64_t rows;
    uint64_t stop_at;   /* return non-zero at this row (0: never) */
    lv_diag *own;       /* when stopping, add an error here first */
    size_t mark;
} sink;

static int sink_row(void *ctx, const lv_kql_value *v, size_t n, uint64_t row,
                    long long off)
{
    sink *s = ctx;
    s->rows++;
    lv_buf_printf(&s->out, "%llu@%lld ", (unsigned long long)row, off);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(v[i].text);
        assert_int_equal(v[i].text[v[i].len], '\0');
        lv_buf_printf(&s->cells, "%d:", (int)v[i].kind);
        for (size_t k = 0; k < v[i].len; k++) {
            if (v[i].text[k] == '\0')
                lv_buf_puts(&s->cells, "\\0");
            else
                lv_buf_putc(&s->cells, v[i].text[k]);
        }
        lv_buf_putc(&s->cells, '|');
    }
    lv_buf_putc(&s->cells, '\n');
    lv_buf_put(&s->out, s->cells.data + s->mark, s->cells.len - s->mark);
    s->mark = s->cells.len;
    if (s->stop_at && row == s->stop_at) {
        if (s->own)
            lv_diag_byte(s->own, LV_SEV_ERROR, "cb", off, "bad row %llu",
                         (unsigned long long)row);
        return 1;
    }
    return 0;
}

static void sink_init(sink *s)
{
    memset(s, 0, sizeof *s);
    lv_buf_init(&s->out);
    lv_buf_init(&s->cells);
}

static const char *sink_text(sink *s) { return s->out.data ? s->out.data : ""; }
static const char *sink_cells(sink *s)
{
    return s->cells.data ? s->cells.data : "";
}

/* A fresh sink and list of diagnostics, before a load. */
static void start(sink *s, lv_diag *d)
{
    sink_init(s);
    lv_diag_init(d, NULL);
}

/* Stream `json` from memory into a fresh sink; diag and info are the
 * caller's to free. */
static int run_mem(const char *json, size_t len, const lv_kql_column *want,
                   size_t nwant, sink *s, lv_kql_info *info, lv_diag *d)
{
    start(s, d);
    return lv_kql_stream_mem(json, len, "t.json", want, nwant, sink_row, s,
                             info, d);
}

/* The same from the file `path`, named `label` in messages (NULL: the
 * path). */
static int run_file(const char *path, const char *label,
                    const lv_kql_column *want, size_t nwant, sink *s,
                    lv_kql_info *info, lv_diag *d)
{
    start(s, d);
    return lv_kql_stream_file(path, label, want, nwant, sink_row, s, info, d);
}

#define NWANT(want) (sizeof(want) / sizeof((want)[0]))
#define RUN(json, want, s, info, d)                                          \
    run_mem(json, strlen(json), want, NWANT(want), s, info, d)

/* The whole file at `path`, read as the loader reads it. */
static void read_text(const char *path, char **text, size_t *len)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_read_file(path, NULL, LV_READ_LIMIT, text, len, &d),
                     0);
    lv_diag_free(&d);
}

/* The load failed with exactly one error containing `msg`, at line:col
 * (0,0: no line given) and byte (-1: none). */
static void expect_error(const lv_diag *d, const char *msg, long line,
                         long col, long long byte)
{
    if (d->n != 1 || d->errors != 1) {
        for (size_t i = 0; i < d->n; i++)
            fprintf(stderr, "diag: %s\n", d->v[i].msg);
        fail_msg("expected exactly one error, got %zu entries", d->n);
    }
    const lv_diag_entry *e = &d->v[0];
    if (!strstr(e->msg, msg))
        fail_msg("message \"%s\" lacks \"%s\"", e->msg, msg);
    assert_int_equal(e->line, line);
    assert_int_equal(e->col, col);
    assert_int_equal(e->byte, byte);
}

static void done(sink *s, lv_kql_info *info, lv_diag *d)
{
    lv_buf_free(&s->out);
    lv_buf_free(&s->cells);
    lv_kql_info_free(info);
    lv_diag_free(d);
}

/* `json` loads, and its rows' cells are `cells` (as sink_cells has them). */
static void loads_as(const char *json, size_t len, const lv_kql_column *want,
                     size_t nwant, const char *cells)
{
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_mem(json, len, want, nwant, &s, &info, &d), 0);
    assert_string_equal(sink_cells(&s), cells);
    done(&s, &info, &d);
}

/* `json` fails to load, with the one error expect_error describes. */
static void fails(const char *json, size_t len, const lv_kql_column *want,
                  size_t nwant, const char *msg, long line, long col,
                  long long byte)
{
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_mem(json, len, want, nwant, &s, &info, &d), -1);
    expect_error(&d, msg, line, col, byte);
    done(&s, &info, &d);
}

#define LOADS_AS(json, want, cells)                                          \
    loads_as(json, strlen(json), want, NWANT(want), cells)
#define FAILS(json, want, msg, line, col, byte)                              \
    fails(json, strlen(json), want, NWANT(want), msg, line, col, byte)

/* ---- the tables shape --------------------------------------------------- */

static const char *const TABLES_ROWS =
    "1@345 4:2026-04-04T05:36:31.823068Z|4:/heavy|3:200|3:1393|\n"
    "2@417 4:2026-04-04T05:36:31.813455Z|4:/leak|3:502|3:1.5e3|\n"
    "3@485 4:2026-04-04T05:36:31.768066Z|4:/h\xc3\xa9" "avy\n|3:200|3:13|\n";

static void tables_file_streams_rows_by_name(void **state)
{
    lv_kql_column want[] = HTTP_COLS;
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_file(DATA "tables.json", NULL, want, 4, &s, &info,
                              &d), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(sink_text(&s), TABLES_ROWS);
    assert_int_equal(info.shape, LV_KQL_SHAPE_TABLES);
    assert_int_equal(info.rows, 3);
    assert_int_equal(info.passes, 1);
    assert_string_equal(info.table, "PrimaryResult");
    assert_int_equal(info.ntables, 1);
    assert_int_equal(info.ncolumns, 5);
    assert_string_equal(info.columns[4], "CsHost");
    assert_int_equal(info.nwant, 4);
    assert_true(info.want_found[0] && info.want_found[2]);
    done(&s, &info, &d);
}

static void tables_mem_matches_file_and_offsets_point_at_rows(void **state)
{
    char *text;
    size_t len;
    read_text(DATA "tables.json", &text, &len);
    lv_kql_column want[] = HTTP_COLS;
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_mem(text, len, want, 4, &s, &info, &d), 0);
    assert_string_equal(sink_text(&s), TABLES_ROWS);
    assert_int_equal(text[345], '[');
    assert_int_equal(text[417], '[');
    assert_int_equal(text[485], '[');
    done(&s, &info, &d);
    free(text);
}

/* The same rows whatever the order of the columns in the file. */
static void tables_column_order_does_not_matter(void **state)
{
    const char *a =
        "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":["
        "{\"name\":\"A\"},{\"name\":\"B\"},{\"name\":\"C\"}],"
        "\"rows\":[[1,\"x\",true],[2,\"y\",false]]}]}";
    const char *b =
        "{\"tables\":[{\"columns\":[{\"type\":\"bool\",\"name\":\"C\"},"
        "{\"name\":\"A\"},{\"name\":\"B\"}],\"name\":\"PrimaryResult\","
        "\"rows\":[[true,1,\"x\"],[false,2,\"y\"]]}]}";
    lv_kql_column want[] = {{"B", 1}, {"C", 1}, {"A", 1}};
    sink s1, s2;
    lv_kql_info i1, i2;
    lv_diag d1, d2;
    assert_int_equal(RUN(a, want, &s1, &i1, &d1), 0);
    assert_int_equal(RUN(b, want, &s2, &i2, &d2), 0);
    assert_string_equal(sink_cells(&s1), "4:x|2:true|3:1|\n"
                                         "4:y|2:false|3:2|\n");
    assert_string_equal(sink_cells(&s2), sink_cells(&s1));
    assert_int_equal(i1.passes, 1);
    assert_int_equal(i2.passes, 1);
    done(&s1, &i1, &d1);
    done(&s2, &i2, &d2);
}

/* Rows before columns (and a non-primary table first): two passes, from a
 * file (read again from its start) and from memory, with the same rows. */
static void tables_rows_before_columns_takes_two_passes(void **state)
{
    lv_kql_column want[] = {{"TimeGenerated", 1}, {"TimeTaken", 1},
                            {"ScStatus", 0}};
    const char *expect =
        "1@124 4:2026-04-04T05:36:31.823068Z|3:1393|0:|\n"
        "2@179 4:2026-04-04T05:36:31.813455Z|3:1.5e3|0:|\n";
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_file(DATA "rows-first.json", "rf", want, 3, &s, &info,
                              &d), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(sink_text(&s), expect);
    assert_int_equal(info.passes, 2);
    assert_int_equal(info.ntables, 2);
    assert_int_equal(info.table_index, 1);
    assert_string_equal(info.table, "PrimaryResult");
    assert_int_equal(info.ncolumns, 3);
    assert_string_equal(info.columns[0], "CsUriStem");
    assert_int_equal(info.want_found[2], 0);
    done(&s, &info, &d);

    char *text;
    size_t len;
    read_text(DATA "rows-first.json", &text, &len);
    assert_int_equal(run_mem(text, len, want, 3, &s, &info, &d), 0);
    assert_string_equal(sink_text(&s), expect);
    assert_int_equal(info.passes, 2);
    assert_int_equal(text[124], '[');
    done(&s, &info, &d);
    free(text);
}

/* Which table: the first "PrimaryResult", else the first table. */
static void tables_choice_of_table(void **state)
{
    lv_kql_column want[] = {{"v", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    /* No PrimaryResult: the first table, found in pass 2. */
    const char *first =
        "{\"tables\":[{\"name\":\"Table_0\",\"columns\":[{\"name\":\"v\"}],"
        "\"rows\":[[1],[2]]},{\"name\":\"Table_1\",\"columns\":[{\"name\":"
        "\"v\"}],\"rows\":[[3]]}]}";
    assert_int_equal(RUN(first, want, &s, &info, &d), 0);
    assert_int_equal(s.rows, 2);
    assert_non_null(strstr(sink_text(&s), "3:2|"));
    assert_int_equal(info.passes, 2);
    assert_string_equal(info.table, "Table_0");
    done(&s, &info, &d);
    /* Two PrimaryResult tables: the first of them, in one pass. */
    const char *two =
        "{\"tables\":[{\"name\":\"x\",\"columns\":[{\"name\":\"v\"}],"
        "\"rows\":[[0]]},{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":"
        "\"v\"}],\"rows\":[[1]]},{\"name\":\"PrimaryResult\",\"columns\":"
        "[{\"name\":\"v\"}],\"rows\":[[2]]}],\"statistics\":{\"a\":[1]}}";
    assert_int_equal(RUN(two, want, &s, &info, &d), 0);
    assert_int_equal(s.rows, 1);
    assert_non_null(strstr(sink_text(&s), "3:1|"));
    assert_int_equal(info.passes, 1);
    assert_int_equal(info.table_index, 1);
    assert_int_equal(info.ntables, 3);
    done(&s, &info, &d);
    /* Name after the rows: not known to be wanted when read: pass 2. */
    const char *late =
        "{\"tables\":[{\"columns\":[{\"name\":\"v\"}],\"rows\":[[7]],"
        "\"name\":\"PrimaryResult\"}]}";
    assert_int_equal(RUN(late, want, &s, &info, &d), 0);
    assert_string_equal(sink_cells(&s), "3:7|\n");
    assert_int_equal(info.passes, 2);
    done(&s, &info, &d);
    /* A table without a name, alone. */
    const char *noname =
        "{\"tables\":[{\"columns\":[{\"name\":\"v\"}],\"rows\":[[7]]}]}";
    assert_int_equal(RUN(noname, want, &s, &info, &d), 0);
    assert_int_equal(s.rows, 1);
    assert_null(info.table);
    done(&s, &info, &d);
}

static void tables_optional_and_required_columns(void **state)
{
    const char *doc =
        "{\"tables\": [{\"name\": \"PrimaryResult\",\n"
        "  \"columns\": [{\"name\": \"TimeGenerated\"}, {\"name\": "
        "\"CsUriStem\"}],\n"
        "  \"rows\": [[\"t\", \"/x\"]]}]}";
    sink s;
    lv_kql_info info;
    lv_diag d;
    lv_kql_column opt[] = {{"CsUriStem", 1}, {"TimeTaken", 0}};
    assert_int_equal(RUN(doc, opt, &s, &info, &d), 0);
    assert_string_equal(sink_cells(&s), "4:/x|0:|\n");
    assert_int_equal(info.want_found[0], 1);
    assert_int_equal(info.want_found[1], 0);
    done(&s, &info, &d);

    lv_kql_column req[] = {{"CsUriStem", 1}, {"TimeTaken", 1}};
    assert_int_equal(RUN(doc, req, &s, &info, &d), -1);
    expect_error(&d, "column 'TimeTaken' not found (columns: TimeGenerated, "
                 "CsUriStem)", 2, 14, 51);
    assert_int_equal(s.rows, 0);
    assert_int_equal(info.rows, 0);
    assert_null(info.columns);
    char *line = lv_diag_format(&d.v[0]);
    assert_string_equal(line, "t.json:2:14: error: column 'TimeTaken' not "
                        "found (columns: TimeGenerated, CsUriStem)");
    free(line);
    done(&s, &info, &d);

    lv_kql_column two[] = {{"A", 1}, {"CsUriStem", 1}, {"B", 1}};
    FAILS(doc, two, "columns 'A', 'B' not found", 2, 14, 51);
}

static void tables_nulls_bools_and_nested_cells(void **state)
{
    const char *doc =
        "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"a\"},"
        "{\"name\":\"b\"},{\"name\":\"c\"},{\"name\":\"d\"}],\"rows\":["
        "[null,true,{\"k\":[1,{\"x\":null}]},-0.5E-3],"
        "[\"s\",false,[[]],12345678901234567890123]]}]}";
    lv_kql_column want[] = {{"d", 1}, {"c", 1}, {"b", 1}, {"a", 1}};
    LOADS_AS(doc, want,
             "3:-0.5E-3|5:|2:true|1:|\n"
             "3:12345678901234567890123|5:|2:false|4:s|\n");
}

static void tables_cell_count_must_match(void **state)
{
    const char *fewer =
        "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"a\"},"
        "{\"name\":\"b\"}],\"rows\":[[1,2],\n  [3]]}]}";
    lv_kql_column want[] = {{"a", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(RUN(fewer, want, &s, &info, &d), -1);
    expect_error(&d, "row 2 has 1 cells, but the table has 2 columns (row at "
                 "byte 90)", 2, 3, 90);
    assert_int_equal(s.rows, 1);   /* row 1 was handed over */
    assert_int_equal(info.rows, 1);
    done(&s, &info, &d);

    const char *more =
        "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"a\"}"
        "],\"rows\":[[1,[2],{},4]]}]}";
    FAILS(more, want, "row 1 has 4 cells, but the table has 1 columns (row at "
          "byte 68)", 1, 69, 68);

    /* Cell counts are checked only for the table read. */
    const char *other =
        "{\"tables\":[{\"name\":\"x\",\"columns\":[{\"name\":\"a\"}],\"rows\":"
        "[[1,2,3]]},{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"a\"}],"
        "\"rows\":[[1]]}]}";
    assert_int_equal(RUN(other, want, &s, &info, &d), 0);
    done(&s, &info, &d);
}

static void tables_duplicate_columns(void **state)
{
    const char *doc =
        "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"a\"},"
        "{\"name\":\"x\"},{\"name\":\"x\"},{\"name\":\"a\"}],\"rows\":[[1,2,3,"
        "4]]}]}";
    lv_kql_column wa[] = {{"a", 0}};
    FAILS(doc, wa, "column 'a' appears twice in table 1 (columns 1 and 4)",
          1, 46, 45);
    /* Duplicates of columns not wanted do not matter. */
    lv_kql_column wb[] = {{"b", 0}};
    LOADS_AS(doc, wb, "0:|\n");
    sink s;
    lv_kql_info info;
    lv_diag d;
    const char *ok =
        "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"a\"},"
        "{\"name\":\"x\"},{\"name\":\"x\"}],\"rows\":[[1,2,3]]}]}";
    assert_int_equal(RUN(ok, wa, &s, &info, &d), 0);
    assert_int_equal(s.rows, 1);
    done(&s, &info, &d);
}

/* ---- the flat shape ----------------------------------------------------- */

static void flat_file_numbers_as_strings(void **state)
{
    lv_kql_column want[] = HTTP_COLS;
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_file(DATA "flat.json", NULL, want, 4, &s, &info, &d),
                     0);
    assert_int_equal(d.n, 0);
    assert_string_equal(sink_text(&s),
                        "1@4 4:2026-04-04T05:36:31.823068Z|4:/leak|4:200|"
                        "4:988|\n"
                        "2@171 4:2026-04-04T05:36:31.813455Z|4:/heavy|0:|"
                        "4:1393|\n");
    assert_int_equal(info.shape, LV_KQL_SHAPE_FLAT);
    assert_int_equal(info.rows, 2);
    assert_string_equal(info.table, "PrimaryResult");
    assert_null(info.columns);
    assert_int_equal(info.want_found[2], 1);
    done(&s, &info, &d);
}

static int int_of(void *ctx, const lv_kql_value *v, size_t n, uint64_t row,
                  long long off)
{
    int64_t *sum = ctx, x;
    for (size_t i = 0; i < n; i++)
        if (lv_kql_int64(&v[i], &x) == 0)
            *sum += x;
    return 0;
}

static void flat_empty_and_mixed(void **state)
{
    lv_kql_column want[] = {{"a", 1}, {"b", 0}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(RUN(" [ ]\n", want, &s, &info, &d), 0);
    assert_int_equal(s.rows, 0);
    assert_int_equal(info.shape, LV_KQL_SHAPE_FLAT);
    assert_int_equal(info.want_found[0], 0);
    assert_null(info.table);
    done(&s, &info, &d);

    const char *doc = "[{\"b\":\"2\",\"a\":1,\"z\":[1,{}],\"z\":0},"
                      "{\"a\":null,\"b\":{\"q\":[]}},{\"a\":\"-30\"}]";
    LOADS_AS(doc, want, "3:1|4:2|\n1:|5:|\n4:-30|0:|\n");
    int64_t sum = 0;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_kql_stream_mem(doc, strlen(doc), NULL, want, 2,
                                       int_of, &sum, NULL, &d), 0);
    assert_int_equal(sum, -27);   /* 1 + 2 - 30 */
    lv_diag_free(&d);
}

static void flat_required_key_missing(void **state)
{
    const char *doc = "[{\"a\":1,\"b\":2},\n {\"b\":3}]";
    lv_kql_column want[] = {{"a", 1}, {"b", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(RUN(doc, want, &s, &info, &d), -1);
    expect_error(&d, "row 2 has no key 'a' (a required column; row at byte 17)",
                 2, 2, 17);
    assert_int_equal(s.rows, 1);
    done(&s, &info, &d);
}

static void flat_duplicate_keys(void **state)
{
    const char *doc = "[{\"a\":1,\"b\":2,\"a\":3}]";
    lv_kql_column wa[] = {{"a", 0}};
    FAILS(doc, wa, "row 1 has the key 'a' twice (row at byte 1)", 1, 15, 14);
    lv_kql_column wb[] = {{"b", 0}};
    LOADS_AS(doc, wb, "3:2|\n");
}

static void nul_bytes_in_strings(void **state)
{
    const char *doc =
        "[{\"a\":\"x\\u0000y\",\"a\\u0000\":\"no\",\"b\":\"\\u0000\"}]";
    lv_kql_column want[] = {{"a", 1}, {"b", 1}};
    LOADS_AS(doc, want, "4:x\\0y|4:\\0|\n");
    /* A column name with a NUL is not a shorter name, and messages show
     * the NUL. */
    const char *tab =
        "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":"
        "\"a\\u0000b\"}],\"rows\":[]}]}";
    lv_kql_column wa[] = {{"a", 1}};
    FAILS(tab, wa, "column 'a' not found (columns: a\\0b)", 1, 46, 45);
}

/* ---- limits, and what yajl would let through ---------------------------- */

static char *nested(size_t levels)
{
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_puts(&b, "[{\"a\":");
    for (size_t i = 0; i < levels; i++)
        lv_buf_putc(&b, '[');
    for (size_t i = 0; i < levels; i++)
        lv_buf_putc(&b, ']');
    lv_buf_puts(&b, "}]");
    return lv_buf_steal(&b);
}

static void nesting_limit(void **state)
{
    lv_kql_column want[] = {{"a", 1}};
    char *ok = nested(LV_KQL_MAX_DEPTH - 2);   /* array, object, then these */
    LOADS_AS(ok, want, "5:|\n");
    char *deep = nested(LV_KQL_MAX_DEPTH - 1);
    FAILS(deep, want, "nesting deeper than 64 levels", 1, 69, 68);
    free(ok);
    free(deep);
    /* Also where values are skipped, and without a stack that grows. */
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_puts(&b, "{\"x\":");
    for (int i = 0; i < 100000; i++)
        lv_buf_putc(&b, '[');
    fails(b.data, b.len, want, 1, "nesting deeper than 64 levels", 1, 69, 68);
    lv_buf_free(&b);
}

static void column_limit(void **state)
{
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_puts(&b, "{\"tables\":[{\"columns\":[");
    for (int i = 0; i <= LV_KQL_MAX_COLUMNS; i++)
        lv_buf_printf(&b, "%s{\"name\":\"c%d\"}", i ? "," : "", i);
    lv_buf_puts(&b, "],\"rows\":[]}]}");
    lv_kql_column want[] = {{"c1", 1}};
    fails(b.data, b.len, want, 1, "table 1 has more than 4096 columns", 1, 23,
          22);
    lv_buf_free(&b);
}

/* Rows first and a required column missing: the error comes before any
 * row, at the columns, found in pass 1. */
static void rows_first_required_missing(void **state)
{
    const char *doc = "{\"tables\":[{\"rows\":[[1],[2]],\"columns\":"
                      "[{\"name\":\"a\"}],\"name\":\"PrimaryResult\"}]}";
    lv_kql_column want[] = {{"b", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(RUN(doc, want, &s, &info, &d), -1);
    expect_error(&d, "column 'b' not found (columns: a)", 1, 40, 39);
    assert_int_equal(s.rows, 0);
    done(&s, &info, &d);
}

/* A pipe: one pass works; two passes cannot, and say why; places are
 * given as bytes (the input cannot be read again to count lines). */
static int pipe_load(const char *doc, const lv_kql_column *want,
                     size_t nwant, sink *s, lv_kql_info *info, lv_diag *d)
{
    char path[] = "/tmp/lv-kql-fifo-XXXXXX";
    assert_non_null(mkdtemp(path));
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s/f", path);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(fifo, O_WRONLY);
        size_t n = strlen(doc), off = 0;
        while (fd >= 0 && off < n) {
            ssize_t w = write(fd, doc + off, n - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        _exit(0);
    }
    int rc = run_file(fifo, "pipe", want, nwant, s, info, d);
    int st;
    waitpid(pid, &st, 0);
    unlink(fifo);
    rmdir(path);
    return rc;
}

static void pipes(void **state)
{
    lv_kql_column want[] = {{"a", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(pipe_load("[{\"a\":1},{\"a\":2}]", want, 1, &s, &info,
                               &d), 0);
    assert_string_equal(sink_cells(&s), "3:1|\n3:2|\n");
    done(&s, &info, &d);
    assert_int_equal(pipe_load("{\"tables\":[{\"rows\":[[1]],\"columns\":"
                               "[{\"name\":\"a\"}],\"name\":\"PrimaryResult\"}]}",
                               want, 1, &s, &info, &d), -1);
    expect_error(&d, "the rows come before the table's columns or name, and "
                 "the input cannot be read a second time", 0, 0, -1);
    done(&s, &info, &d);
    assert_int_equal(pipe_load("[{\"a\":1},\n 7]", want, 1, &s, &info, &d),
                     -1);
    expect_error(&d, "element 2 of the top-level array is a number", 0, 0, 11);
    done(&s, &info, &d);
}

static void trailing_garbage(void **state)
{
    lv_kql_column want[] = {{"a", 0}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    /* yajl 2.1 accepts this one (an unfinished token after the value). */
    FAILS("[] \"abc", want, "invalid JSON at byte 3: trailing garbage after "
          "the top-level value", 1, 4, 3);
    assert_int_equal(RUN("[{\"a\":1}]\n\n x", want, &s, &info, &d), -1);
    expect_error(&d, "invalid JSON at byte 12: trailing garbage", 3, 2, 12);
    assert_int_equal(s.rows, 1);   /* handed over before the error */
    done(&s, &info, &d);
    FAILS("[][]", want, "invalid JSON at byte 2: trailing garbage", 1, 3, 2);
    assert_int_equal(RUN("[]\t\r\n ", want, &s, &info, &d), 0);
    done(&s, &info, &d);
}

static void form_feed_and_vertical_tab(void **state)
{
    lv_kql_column want[] = {{"a", 0}};
    FAILS("[\f]", want, /* yajl: ok */
          "invalid JSON at byte 1: a form feed (0x0c) is not JSON "
          "whitespace", 1, 2, 1);
    FAILS("[{\"a\":\"x\vy\"}]", want, "a vertical tab (0x0b)", 1, 9, 8);
    /* Escaped, they are fine. */
    LOADS_AS("[{\"a\":\"x\\fy\\u000b\"}]", want, "4:x\fy\v|\n");
}

static void strings_must_be_valid_utf8(void **state)
{
    lv_kql_column want[] = {{"a", 0}};
    /* Overlong "/" (C0 AF): yajl's own check lets it through. */
    FAILS("[{\"a\":\"x\xc0\xafy\"}]", want,
          "invalid JSON at byte 6: a string is not valid UTF-8", 1, 7, 6);
    /* A surrogate encoded in UTF-8 (ED A0 80), and a lone low surrogate
     * escape, which yajl decodes to the same bytes. */
    FAILS("[{\"a\":\"\xed\xa0\x80\"}]", want, "not valid UTF-8", 1, 7, 6);
    FAILS("[{\"a\":\"\\uDC00\"}]", want, "not valid UTF-8", 1, 7, 6);
    FAILS("[{\"\xf4\x90\x80\x80\":1}]", want, "a key is not valid UTF-8", 1,
          3, 2);
    /* Bytes yajl itself rejects. */
    FAILS("[{\"a\":\"\xff\"}]", want,
          "lexical error: invalid bytes in UTF8 string", 1, 8, 7);
    /* Valid: 2-, 3- and 4-byte forms, a pair of escapes, U+FFFF. */
    LOADS_AS("[{\"a\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
             "\\ud83d\\ude00\\uffff\"}]", want,
             "4:\xc3\xa9\xe2\x82\xac\xf0\x9f\x98"
             "\x80\xf0\x9f\x98\x80\xef\xbf\xbf|\n");
}

static void byte_order_marks(void **state)
{
    lv_kql_column want[] = {{"TimeTaken", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_file(DATA "bom-flat.json", NULL, want, 1, &s, &info,
                              &d), 0);
    assert_string_equal(sink_text(&s), "1@4 3:5|\n");   /* offsets count it */
    done(&s, &info, &d);
    FAILS("\xff\xfe[\0]\0", want, "not UTF-8: the file starts with a UTF-16 "
          "byte order mark", 1, 1, 0);
    fails("[\0{\0}\0]\0", 8, want, 1, "looks like UTF-16", 1, 1, 0);
}

/* ---- errors ------------------------------------------------------------- */

static void invalid_json_has_byte_and_line_col(void **state)
{
    lv_kql_column want[] = {{"a", 0}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    const char *doc = "{\n  \"tables\": [\n    {\"name\" \"x\"}]}";
    assert_int_equal(RUN(doc, want, &s, &info, &d), -1);
    expect_error(&d, "invalid JSON at byte 28: parse error: object key and "
                 "value must be separated by a colon", 3, 13, 28);
    char *line = lv_diag_format(&d.v[0]);
    assert_true(strncmp(line, "t.json:3:13: error: invalid JSON at byte 28: "
                        "parse error:", 56) == 0);
    free(line);
    done(&s, &info, &d);
    FAILS("[{\"a\":1},\n {\"a\":tru}]", want, "invalid JSON at byte 18: "
          "lexical error: invalid string in json text", 2, 9, 18);
}

static void truncated_file(void **state)
{
    lv_kql_column want[] = {{"TimeGenerated", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_file(DATA "truncated.json", "tr.json", want, 1, &s,
                              &info, &d), -1);
    expect_error(&d, "invalid JSON at byte 202: unexpected end of input", 8,
                 27, 202);
    assert_int_equal(s.rows, 1);
    done(&s, &info, &d);
    FAILS("[{\"TimeGenerated\":1}", want, "unexpected end of input", 1, 21, 20);
    FAILS("  \n ", want, "unexpected end of input", 2, 2, 4);
}

static void empty_and_unreadable_files(void **state)
{
    lv_kql_column want[] = {{"a", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_file(DATA "empty.json", "e.json", want, 1, &s, &info,
                              &d), -1);
    expect_error(&d, "empty file (a failed export?)", 0, 0, -1);
    char *line = lv_diag_format(&d.v[0]);
    assert_string_equal(line, "e.json: error: empty file (a failed export?)");
    free(line);
    assert_int_equal(info.shape, LV_KQL_SHAPE_NONE);
    done(&s, &info, &d);
    fails("", 0, want, 1, "empty file (a failed export?)", 0, 0, -1);
    assert_int_equal(run_file(DATA "no-such-file.json", NULL, want, 1, &s,
                              &info, &d), -1);
    expect_error(&d, "cannot open: No such file or directory", 0, 0, -1);
    assert_string_equal(d.v[0].file, DATA "no-such-file.json");
    done(&s, &info, &d);
    assert_int_equal(run_file(DATA, NULL, want, 1, &s, &info, &d), -1);
    expect_error(&d, "cannot read: Is a directory", 0, 0, -1);
    done(&s, &info, &d);
}

static void not_a_kql_export(void **state)
{
    static const struct {
        const char *doc, *msg;
        long col;
    } cases[] = {
        {"  42", "the top level is a number; expected an object with "
                 "\"tables\" or an array of row objects", 3},
        {"\"x\"", "the top level is a string", 1},
        {"{\"Tables\":[]}", "the top-level object has no \"tables\"", 1},
        {"{\"tables\":{}}", "\"tables\" is an object, expected an array of "
                            "tables", 11},
        {"{\"tables\":[]}", "\"tables\" is empty", 11},
        {"{\"tables\":[[]]}", "table 1 is an array, expected an object", 12},
        {"{\"tables\":[{\"rows\":[]}]}", "table 1 has no \"columns\"", 12},
        {"{\"tables\":[{\"columns\":[]}]}", "table 1 has no \"rows\"", 12},
        {"{\"tables\":[{\"name\":1,\"columns\":[],\"rows\":[]}]}",
         "the \"name\" of table 1 is a number, expected a string", 20},
        {"{\"tables\":[{\"columns\":\"a\",\"rows\":[]}]}",
         "\"columns\" of table 1 is a string, expected an array", 23},
        {"{\"tables\":[{\"columns\":[],\"rows\":null}]}",
         "\"rows\" of table 1 is null, expected an array of rows", 33},
        {"{\"tables\":[{\"columns\":[\"a\"],\"rows\":[]}]}",
         "column 1 of table 1 is a string, expected an object", 24},
        {"{\"tables\":[{\"columns\":[{\"type\":\"int\"}],\"rows\":[]}]}",
         "column 1 of table 1 has no \"name\"", 24},
        {"{\"tables\":[{\"columns\":[{\"name\":true}],\"rows\":[]}]}",
         "the \"name\" of column 1 of table 1 is a boolean", 32},
        {"{\"tables\":[{\"columns\":[{\"name\":\"a\",\"name\":\"b\"}],\"rows\""
         ":[]}]}", "duplicate key \"name\" in column 1 of table 1", 36},
        {"{\"tables\":[{\"rows\":[],\"columns\":[],\"rows\":[]}]}",
         "duplicate key \"rows\" in table 1", 36},
        {"{\"tables\":[{\"columns\":[],\"rows\":[]}],\"tables\":[]}",
         "duplicate key \"tables\" in the top-level object", 38},
        {"{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":"
         "\"a\"}],\"rows\":[[1],{}]}]}", "row 2 is an object, expected an "
                                        "array of cells", 73},
        {"[{}, 5]", "element 2 of the top-level array is a number, expected "
                    "a row object", 6},
    };
    lv_kql_column want[] = {{"a", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sink s;
        lv_kql_info info;
        lv_diag d;
        assert_int_equal(RUN(cases[i].doc, want, &s, &info, &d), -1);
        if (!strstr(d.v[0].msg, "not a KQL export: "))
            fail_msg("case %zu: %s", i, d.v[0].msg);
        expect_error(&d, cases[i].msg, 1, cases[i].col, cases[i].col - 1);
        done(&s, &info, &d);
    }
}

static void error_response_is_named(void **state)
{
    lv_kql_column want[] = {{"a", 0}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    assert_int_equal(run_file(DATA "error-response.json", NULL, want, 1, &s,
                              &info, &d), -1);
    expect_error(&d, "not a KQL export: the file holds an error response: "
                 "BadArgumentError: The request had some invalid properties",
                 1, 1, 0);
    done(&s, &info, &d);
}

static void callback_stops_the_load(void **state)
{
    const char *doc = "[{\"a\":1},{\"a\":2},{\"a\":3}]";
    lv_kql_column want[] = {{"a", 1}};
    sink s;
    lv_kql_info info;
    lv_diag d;
    start(&s, &d);
    s.stop_at = 2;
    assert_int_equal(lv_kql_stream_mem(doc, strlen(doc), "t.json", want, 1,
                                       sink_row, &s, &info, &d), -1);
    expect_error(&d, "row 2: stopped by the row handler", 1, 10, 9);
    assert_int_equal(s.rows, 2);
    done(&s, &info, &d);
    /* The callback's own error is the one error. */
    start(&s, &d);
    s.stop_at = 1;
    s.own = &d;
    assert_int_equal(lv_kql_stream_mem(doc, strlen(doc), "t.json", want, 1,
                                       sink_row, &s, &info, &d), -1);
    expect_error(&d, "bad row 1", 0, 0, 1);
    done(&s, &info, &d);
}

static void caller_mistakes(void **state)
{
    lv_kql_column twice[] = {{"a", 1}, {"a", 0}};
    lv_kql_column noname[] = {{NULL, 1}};
    FAILS("[]", twice, "column 'a' is wanted twice", 0, 0, -1);
    FAILS("[]", noname, "wanted column 1 has no name", 0, 0, -1);
    /* No columns, no callback: counts rows. */
    lv_kql_info info;
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_kql_stream_mem("[{},{}]", 7, NULL, NULL, 0, NULL,
                                       NULL, &info, &d), 0);
    assert_int_equal(info.rows, 2);
    lv_kql_info_free(&info);
    lv_diag_free(&d);
}

static void cells_as_numbers(void **state)
{
    static const struct {
        lv_kql_kind kind;
        const char *text;
        int ok64;
        int64_t i;
        int okd;
        double x;
    } c[] = {
        {LV_KV_NUMBER, "1393", 0, 1393, 0, 1393},
        {LV_KV_STRING, "-12", 0, -12, 0, -12},
        {LV_KV_STRING, "9223372036854775807", 0, INT64_MAX, 0, 9.2233720368547758e18},
        {LV_KV_STRING, "-9223372036854775808", 0, INT64_MIN, 0, -9.2233720368547758e18},
        {LV_KV_STRING, "9223372036854775808", -1, 0, 0, 9.2233720368547758e18},
        {LV_KV_NUMBER, "1.5e3", -1, 0, 0, 1500},
        {LV_KV_STRING, "0.25", -1, 0, 0, 0.25},
        {LV_KV_STRING, " 1", -1, 0, -1, 0},
        {LV_KV_STRING, "01", -1, 0, -1, 0},
        {LV_KV_STRING, "0x10", -1, 0, -1, 0},
        {LV_KV_STRING, "inf", -1, 0, -1, 0},
        {LV_KV_STRING, "1e999", -1, 0, -1, 0},
        {LV_KV_STRING, "", -1, 0, -1, 0},
        {LV_KV_STRING, "-", -1, 0, -1, 0},
        {LV_KV_NULL, "", -1, 0, -1, 0},
        {LV_KV_BOOL, "true", -1, 0, -1, 0},
    };
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
        lv_kql_value v = {c[k].kind, c[k].text, strlen(c[k].text), 0};
        int64_t i = 0;
        double x = 0;
        assert_int_equal(lv_kql_int64(&v, &i), c[k].ok64);
        if (c[k].ok64 == 0)
            assert_true(i == c[k].i);
        assert_int_equal(lv_kql_double(&v, &x), c[k].okd);
        if (c[k].okd == 0)
            assert_true(x == c[k].x);
    }
    lv_kql_value nul = {LV_KV_STRING, "1\0" "2", 3, 0};
    int64_t i;
    double x;
    assert_int_equal(lv_kql_int64(&nul, &i), -1);
    assert_int_equal(lv_kql_double(&nul, &x), -1);
}

/* An independent reading of a cell as a number: JSON's grammar, then the
 * C library. lv_kql_int64 and lv_kql_double (which have quicker ways for
 * the common cells) must agree with it on every text. */
static int ref_json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return 0;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static void cells_as_numbers_agree_with_the_c_library(void **state)
{
    static const char alphabet[] = "0000111223456789-.eE+ x";
    uint64_t seed = 12345;
    char t[40];
    size_t ints = 0, doubles = 0;
    for (size_t k = 0; k < 400000; k++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        uint64_t r = seed;
        size_t len = (size_t)(r >> 59) % 24, mostly_digits = (r >> 40) % 4;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            unsigned pick = (unsigned)(seed >> 33);
            t[i] = mostly_digits ? (char)('0' + pick % 10)
                                 : alphabet[pick % (sizeof alphabet - 1)];
        }
        if (mostly_digits == 1 && len > 1)
            t[0] = '-';
        t[len] = '\0';
        lv_kql_value v = {k % 2 ? LV_KV_NUMBER : LV_KV_STRING, t, len, 0};
        int json = ref_json_number(t);
        int64_t i = 0;
        int ri = lv_kql_int64(&v, &i);
        errno = 0;
        long long want_i = strtoll(t, NULL, 10);
        int ok_i = json && !strpbrk(t, ".eE") && errno != ERANGE;
        assert_int_equal(ri, ok_i ? 0 : -1);
        if (ok_i) {
            assert_true(i == want_i);
            ints++;
        }
        double x = 0;
        int rd = lv_kql_double(&v, &x);
        errno = 0;
        double want_x = strtod(t, NULL);
        int ok_d = json && !(errno == ERANGE && isinf(want_x));
        assert_int_equal(rd, ok_d ? 0 : -1);
        if (ok_d) {
            assert_memory_equal(&x, &want_x, sizeof x);
            doubles++;
        }
    }
    assert_true(ints > 50000 && doubles > ints);
}

/* ---- chunks ------------------------------------------------------------- */

/* Every token straddling a chunk edge: the same rows, the same offsets, the
 * same errors, whatever the size of the pieces fed to yajl. */
static void chunk_edges_change_nothing(void **state)
{
    static const char *const files[] = {"tables.json", "rows-first.json",
                                        "flat.json", "bom-flat.json",
                                        "truncated.json"};
    static const size_t sizes[] = {1, 2, 3, 7, 64};
    lv_kql_column want[] = {{"TimeGenerated", 1}, {"CsUriStem", 0},
                            {"TimeTaken", 0}};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[256];
        snprintf(path, sizeof path, DATA "%s", files[f]);
        sink s0;
        lv_kql_info i0;
        lv_diag d0;
        int rc0 = run_file(path, "x", want, 3, &s0, &i0, &d0);
        char *e0 = d0.n ? lv_diag_format(&d0.v[0]) : NULL;
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            size_t old = lv_kql_set_feed_size(sizes[z]);
            for (int mem = 0; mem < 2; mem++) {
                sink s;
                lv_kql_info info;
                lv_diag d;
                int rc;
                if (mem) {
                    char *text;
                    size_t len;
                    read_text(path, &text, &len);
                    start(&s, &d);
                    rc = lv_kql_stream_mem(text, len, "x", want, 3, sink_row,
                                           &s, &info, &d);
                    free(text);
                } else {
                    rc = run_file(path, "x", want, 3, &s, &info, &d);
                }
                assert_int_equal(rc, rc0);
                assert_string_equal(sink_text(&s), sink_text(&s0));
                assert_int_equal(d.n, d0.n);
                if (e0) {
                    char *e = lv_diag_format(&d.v[0]);
                    assert_string_equal(e, e0);
                    free(e);
                }
                assert_int_equal(info.passes, i0.passes);
                done(&s, &info, &d);
            }
            lv_kql_set_feed_size(old);
        }
        free(e0);
        done(&s0, &i0, &d0);
    }
}

/* ---- damaged input ----------------------------------------------------- */

static int check_cell(void *ctx, const lv_kql_value *v, size_t n,
                      uint64_t row, long long off)
{
    for (size_t i = 0; i < n; i++) {
        assert_non_null(v[i].text);
        assert_int_equal(v[i].text[v[i].len], '\0');
    }
    return 0;
}

/* rc 0 with no diagnostic, or -1 with exactly one error. */
static int load_checked(const char *p, size_t n)
{
    lv_kql_column want[] = {{"TimeGenerated", 1}, {"CsUriStem", 0},
                            {"TimeTaken", 0}};
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_kql_info info;
    int rc = lv_kql_stream_mem(p, n, "m", want, 3, check_cell, NULL, &info,
                               &d);
    if (rc == 0)
        assert_int_equal(d.n, 0);
    else
        assert_true(d.n == 1 && d.errors == 1);
    lv_kql_info_free(&info);
    lv_diag_free(&d);
    return rc;
}

/* Cut anywhere, an export fails (never a partial success); damaged at
 * random (a fixed seed), it loads or fails with one error, and never
 * crashes. */
static void truncated_or_damaged_anywhere(void **state)
{
    static const char *const files[] = {"tables.json", "rows-first.json",
                                        "flat.json"};
    static const char bytes[] = "{}[],:\"\\ \n\f\xff\xc3tnf0-.eE1u";
    uint64_t seed = 88172645463325252u;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[256], *text;
        size_t len;
        snprintf(path, sizeof path, DATA "%s", files[f]);
        read_text(path, &text, &len);
        size_t end = len;
        while (end && strchr(" \n", text[end - 1]))
            end--;
        for (size_t k = 0; k <= len; k++) {
            size_t old = lv_kql_set_feed_size(k % 3 ? 0 : 2);
            int rc = load_checked(text, k);
            lv_kql_set_feed_size(old);
            if (rc != (k < end ? -1 : 0))
                fail_msg("%s cut at %zu: rc %d", files[f], k, rc);
        }
        char *m = malloc(len + 8);
        assert_non_null(m);
        for (int it = 0; it < 3000; it++) {
            memcpy(m, text, len);
            size_t n = len;
            for (int j = 0; j < 1 + it % 3; j++) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                size_t pos = (size_t)(seed % n);
                char c = bytes[(seed >> 32) % (sizeof bytes - 1)];
                if (it % 2 || n < 2)
                    m[pos] = c;
                else {
                    memmove(m + pos, m + pos + 1, n - pos - 1);
                    n--;
                }
            }
            size_t old = lv_kql_set_feed_size(it % 4 ? 0 : 1 + it % 7);
            load_checked(m, n);
            lv_kql_set_feed_size(old);
        }
        free(m);
        free(text);
    }
}

/* ---- memory stays flat -------------------------------------------------- */

#ifdef __GLIBC__
typedef struct {
    size_t at100, max_after;
} heapwatch;

static int watch_heap(void *ctx, const lv_kql_value *v, size_t n,
                      uint64_t row, long long off)
{
    heapwatch *h = ctx;
    size_t used = mallinfo2().uordblks;
    if (row == 100)
        h->at100 = used;
    else if (row > 100 && used > h->max_after)
        h->max_after = used;
    return 0;
}
#endif

/* No allocation that lives from one row to the next: the heap in use after
 * row 100 of 20,000 never exceeds what it was at row 100. */
static void heap_does_not_grow_with_rows(void **state)
{
#ifdef __GLIBC__
    for (int flat = 0; flat < 2; flat++) {
        lv_buf b;
        lv_buf_init(&b);
        if (flat)
            lv_buf_puts(&b, "[");
        else
            lv_buf_puts(&b, "{\"tables\":[{\"name\":\"PrimaryResult\","
                            "\"columns\":[{\"name\":\"t\"},{\"name\":\"u\"},"
                            "{\"name\":\"n\"}],\"rows\":[");
        for (int i = 0; i < 20000; i++) {
            if (flat)
                lv_buf_printf(&b, "%s{\"t\":\"2026-04-04T05:%02d:%02d.%06dZ\","
                              "\"u\":\"/leak\",\"n\":\"%06d\",\"x\":[%d]}",
                              i ? "," : "", i / 60 % 60, i % 60, i, i, i);
            else
                lv_buf_printf(&b, "%s[\"2026-04-04T05:%02d:%02d.%06dZ\","
                              "\"/leak\",%06d]", i ? "," : "", i / 60 % 60,
                              i % 60, i, i + 100000);
        }
        lv_buf_puts(&b, flat ? "]" : "]}]}");
        lv_kql_column want[] = {{"t", 1}, {"u", 1}, {"n", 1}};
        heapwatch h = {0, 0};
        lv_kql_info info;
        lv_diag d;
        lv_diag_init(&d, NULL);
        assert_int_equal(lv_kql_stream_mem(b.data, b.len, NULL, want, 3,
                                           watch_heap, &h, &info, &d), 0);
        assert_int_equal(info.rows, 20000);
        assert_true(h.max_after <= h.at100);
        lv_kql_info_free(&info);
        lv_diag_free(&d);
        lv_buf_free(&b);
    }
#else
    skip();
#endif
}

/* ---- the real exports of the memory-pressure run ------------------------ */

static void real_exports(void **state)
{
    LV_NEED_SHARED();
    char dir[1024], path[1400];
    snprintf(dir, sizeof dir, "%s/lab-artifacts/memory-pressure/trigger",
             lvtest_shared());
    static const struct {
        const char *name;
        lv_kql_column want[3];
        uint64_t rows;
        const char *first;
    } cases[] = {
        {"kql-http-20260404T060610Z.json",
         {{"TimeGenerated", 1}, {"CsUriStem", 1}, {"TimeTaken", 1}}, 314,
         "1@495 4:2026-04-04T05:36:33.614669Z|4:/diag/stats|3:11|\n"},
        {"kql-platform-20260404T060610Z.json",
         {{"Message", 1}, {"Level", 1}, {"TimeGenerated", 1}}, 140,
         "1@341 4:Site is running with patch version PYTHON 3.11.14|"
         "4:Informational|4:2026-04-04T05:04:41.348622Z|\n"},
        {"kql-console-20260404T060610Z.json",
         {{"TimeGenerated", 1}, {"ResultDescription", 1}, {"Host", 0}}, 0,
         ""},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        snprintf(path, sizeof path, "%s/%s", dir, cases[c].name);
        for (size_t feed = 0; feed < 2; feed++) {
            size_t old = lv_kql_set_feed_size(feed ? 5 : 0);
            sink s;
            lv_kql_info info;
            lv_diag d;
            assert_int_equal(run_file(path, cases[c].name, cases[c].want, 3,
                                      &s, &info, &d), 0);
            lv_kql_set_feed_size(old);
            assert_int_equal(d.n, 0);
            assert_int_equal(info.rows, cases[c].rows);
            assert_int_equal(s.rows, cases[c].rows);
            assert_int_equal(info.passes, 1);
            assert_string_equal(info.table, "PrimaryResult");
            const char *t = sink_text(&s);
            const char *nl = strchr(t, '\n');
            size_t first = nl ? (size_t)(nl - t) + 1 : 0;
            assert_int_equal(first, strlen(cases[c].first));
            assert_memory_equal(t, cases[c].first, first);
            done(&s, &info, &d);
        }
    }
    /* Every kql-*.json there: loads, or is a zero-byte failed export. */
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *de;
    int loaded = 0, empty = 0;
    while ((de = readdir(dp))) {
        if (strncmp(de->d_name, "kql-", 4) != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        lv_diag d;
        lv_diag_init(&d, NULL);
        lv_kql_info info;
        if (lv_kql_stream_file(path, NULL, NULL, 0, NULL, NULL, &info, &d) ==
            0) {
            loaded++;
        } else {
            expect_error(&d, "empty file (a failed export?)", 0, 0, -1);
            empty++;
        }
        lv_kql_info_free(&info);
        lv_diag_free(&d);
    }
    closedir(dp);
    assert_int_equal(loaded, 3);
    assert_int_equal(empty, 7);
}

/* ---- JSONTestSuite ------------------------------------------------------ */

/* The message with its digits dropped: chunking may move a place by a byte
 * or two inside a token, never change what is said. */
static char *no_digits(const char *m)
{
    char *r = strdup(m);
    char *w = r;
    for (const char *p = m; *p; p++)
        if (*p < '0' || *p > '9')
            *w++ = *p;
    *w = '\0';
    return r;
}

typedef struct {
    int rc;
    size_t errors, n;
    uint64_t rows;
    char *line;   /* the formatted error, or NULL */
    lv_kql_kind kind;
} outcome;

static int first_kind(void *ctx, const lv_kql_value *v, size_t n,
                      uint64_t row, long long off)
{
    *(lv_kql_kind *)ctx = v[0].kind;
    return 0;
}

static void load(outcome *o, const char *path, const char *data, size_t len,
                 const char *label)
{
    lv_kql_column want[] = {{"a", 0}};
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_kql_info info;
    o->kind = LV_KV_MISSING;
    o->rc = path ? lv_kql_stream_file(path, label, want, 1, first_kind,
                                      &o->kind, &info, &d)
                 : lv_kql_stream_mem(data, len, label, want, 1, first_kind,
                                     &o->kind, &info, &d);
    o->errors = d.errors;
    o->n = d.n;
    o->rows = info.rows;
    o->line = d.n ? lv_diag_format(&d.v[0]) : NULL;
    lv_kql_info_free(&info);
    lv_diag_free(&d);
}

static void json_test_suite(void **state)
{
    LV_NEED_SHARED();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/conformance/json-test-suite/test_parsing",
             lvtest_shared());
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *de;
    int ny = 0, nn = 0, ni = 0, y_loaded = 0;
    while ((de = readdir(dp))) {
        const char *name = de->d_name;
        size_t nl = strlen(name);
        if (nl < 7 || strcmp(name + nl - 5, ".json") != 0)
            continue;
        char kind = name[0];
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        char *text;
        size_t len;
        read_text(path, &text, &len);

        /* As a whole file, from disk and from memory: the same outcome to
         * the byte; fed in pieces of 5 bytes: the same message. */
        outcome f, m, c;
        load(&f, path, NULL, 0, name);
        load(&m, NULL, text, len, name);
        size_t old = lv_kql_set_feed_size(5);
        load(&c, NULL, text, len, name);
        lv_kql_set_feed_size(old);
        if (f.rc != m.rc || f.n != m.n ||
            (f.line && strcmp(f.line, m.line) != 0))
            fail_msg("%s: file and memory differ: %s / %s", name,
                     f.line ? f.line : "ok", m.line ? m.line : "ok");
        assert_int_equal(c.rc, m.rc);
        if (m.line) {
            char *a = no_digits(m.line), *b = no_digits(c.line);
            if (strcmp(a, b) != 0)
                fail_msg("%s: in pieces: %s / %s", name, c.line, m.line);
            free(a);
            free(b);
        }
        /* Exactly one error when it fails, none when it loads. */
        if (m.errors != (m.rc ? 1u : 0u) || m.n != m.errors)
            fail_msg("%s: rc %d with %zu diagnostics", name, m.rc, m.n);
        if (kind == 'n' && m.rc == 0)
            fail_msg("%s: accepted", name);
        if (kind == 'y' && m.rc != 0 && !strstr(m.line, "not a KQL export: "))
            fail_msg("%s: rejected: %s", name, m.line);
        y_loaded += kind == 'y' && m.rc == 0;

        /* Inside an export, as a cell of the tables shape and as a value of
         * the flat shape: y_ must load as that one cell, n_ must fail. */
        static const char *const wrap[2][2] = {
            {"{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":"
             "\"a\"}],\"rows\":[[", "]]}]}"},
            {"[{\"a\":", "}]"}};
        for (int w = 0; w < 2; w++) {
            lv_buf b;
            lv_buf_init(&b);
            lv_buf_puts(&b, wrap[w][0]);
            lv_buf_put(&b, text, len);
            lv_buf_puts(&b, wrap[w][1]);
            outcome e;
            load(&e, NULL, b.data, b.len, name);
            if (e.errors != (e.rc ? 1u : 0u) || e.n != e.errors)
                fail_msg("%s (wrapped): rc %d with %zu diagnostics", name,
                         e.rc, e.n);
            if (kind == 'n' && e.rc == 0)
                fail_msg("%s (wrapped %d): accepted", name, w);
            if (kind == 'y' && (e.rc != 0 || e.rows != 1 ||
                                e.kind == LV_KV_MISSING))
                fail_msg("%s (wrapped %d): %s", name, w,
                         e.line ? e.line : "not one cell");
            free(e.line);
            lv_buf_free(&b);
        }
        ny += kind == 'y';
        nn += kind == 'n';
        ni += kind == 'i';
        free(f.line);
        free(m.line);
        free(c.line);
        free(text);
    }
    closedir(dp);
    assert_int_equal(ny + nn + ni, 318);
    assert_int_equal(ny, 95);
    assert_int_equal(nn, 188);
    assert_int_equal(ni, 35);
    assert_int_equal(y_loaded, 2);   /* [] and " [] " */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_file_streams_rows_by_name),
        cmocka_unit_test(tables_mem_matches_file_and_offsets_point_at_rows),
        cmocka_unit_test(tables_column_order_does_not_matter),
        cmocka_unit_test(tables_rows_before_columns_takes_two_passes),
        cmocka_unit_test(tables_choice_of_table),
        cmocka_unit_test(tables_optional_and_required_columns),
        cmocka_unit_test(tables_nulls_bools_and_nested_cells),
        cmocka_unit_test(tables_cell_count_must_match),
        cmocka_unit_test(tables_duplicate_columns),
        cmocka_unit_test(flat_file_numbers_as_strings),
        cmocka_unit_test(flat_empty_and_mixed),
        cmocka_unit_test(flat_required_key_missing),
        cmocka_unit_test(flat_duplicate_keys),
        cmocka_unit_test(nul_bytes_in_strings),
        cmocka_unit_test(nesting_limit),
        cmocka_unit_test(column_limit),
        cmocka_unit_test(rows_first_required_missing),
        cmocka_unit_test(pipes),
        cmocka_unit_test(trailing_garbage),
        cmocka_unit_test(form_feed_and_vertical_tab),
        cmocka_unit_test(strings_must_be_valid_utf8),
        cmocka_unit_test(byte_order_marks),
        cmocka_unit_test(invalid_json_has_byte_and_line_col),
        cmocka_unit_test(truncated_file),
        cmocka_unit_test(empty_and_unreadable_files),
        cmocka_unit_test(not_a_kql_export),
        cmocka_unit_test(error_response_is_named),
        cmocka_unit_test(callback_stops_the_load),
        cmocka_unit_test(caller_mistakes),
        cmocka_unit_test(cells_as_numbers),
        cmocka_unit_test(cells_as_numbers_agree_with_the_c_library),
        cmocka_unit_test(chunk_edges_change_nothing),
        cmocka_unit_test(truncated_or_damaged_anywhere),
        cmocka_unit_test(heap_does_not_grow_with_rows),
        cmocka_unit_test(real_exports),
        cmocka_unit_test(json_test_suite),
    };
    return cmocka_run_group_tests_name("kql", tests, NULL, NULL);
}
