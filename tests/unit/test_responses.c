/* Unit tests for the response CSV loader: the normal shape (libcsv), shape
 * detection, the 1..N checks and the real run's two CSVs. Glued streams
 * are tested in test_recover.c. */
#include "lvtest.h"

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/responses.h"
#include "lv/responses_int.h"

/* Parse a string; diagnostics are kept in *d (no echo). */
static int parse(const char *text, size_t len, lv_response_set *s, lv_diag *d)
{
    lv_diag_init(d, NULL);
    return lv_responses_parse(text, len, "r.csv", s, d);
}
#define PARSE(lit, s, d) parse(lit, sizeof lit - 1, s, d)
/* The string is refused; its first diagnostic is `want`. */
#define FAILS(lit, want)                                                     \
    lvtest_responses_fail(lit, sizeof lit - 1, "r.csv", want)

static void normal_one_a_line(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("1,200,0.783594\n2,502,0.812447\n3,200,1.5\n",
                           &s, &d), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.glued, 0);
    assert_int_equal(s.decimals, -1); /* 6, 6 and 1: no shared count */
    assert_rec(&s.v[0], 1, "200", "0.783594", 0);
    assert_rec(&s.v[1], 2, "502", "0.812447", 15);
    assert_rec(&s.v[2], 3, "200", "1.5", 30);
    assert_null(s.v[0].label);
    assert_int_equal(s.v[0].fallback_merged, 0);
    assert_int_equal(d.n, 0);
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void normal_ordered_by_index(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("3,200,0.300\n1,200,0.100\n2,000,0.200", &s, &d),
                     0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.decimals, 3);
    assert_rec(&s.v[0], 1, "200", "0.100", 12);
    assert_rec(&s.v[1], 2, "000", "0.200", 24);
    assert_int_equal(s.v[1].status, 0);
    assert_rec(&s.v[2], 3, "200", "0.300", 0);
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void normal_header_bom_crlf(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("\xEF\xBB\xBFindex,status,seconds\r\n"
                           "1,200,0.5\r\n\r\n2,200,1.25\r\n",
                           &s, &d),
                     0);
    assert_int_equal(s.n, 2);
    assert_rec(&s.v[0], 1, "200", "0.5", 25);
    assert_rec(&s.v[1], 2, "200", "1.25", 38);
    assert_int_equal(d.n, 0);
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void normal_labels_and_quotes(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("label,index,status,seconds\n"
                           "leak,2,200,0.2\n\"a, \"\"b\"\"\",1,200,0.1\n",
                           &s, &d),
                     0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.v[0].label, "a, \"b\"");
    assert_string_equal(s.v[1].label, "leak");
    assert_rec(&s.v[0], 1, "200", "0.1", 42);
    lv_response_set_free(&s);
    lv_diag_free(&d);
    /* Labels without a header: 4 fields a row. */
    assert_int_equal(PARSE("x,1,200,0.1\ny,2,200,0.2", &s, &d), 0);
    assert_string_equal(s.v[1].label, "y");
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void normal_fallback_folded(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("1,200,0.5\n2,000,60.001234\n2,000,0\n3,200,0.7\n",
                           &s, &d),
                     0);
    assert_int_equal(s.n, 3);
    assert_rec(&s.v[1], 2, "000", "60.001234", 10);
    assert_int_equal(s.v[1].fallback_merged, 1);
    assert_int_equal(s.v[0].fallback_merged, 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 1);
    assert_diag(&d, 0,
                "r.csv:3:1: warning: fallback record '2,000,0' follows record "
                "'2,000,60.001234' of the same index (a failed request): "
                "counted as one request");
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void normal_broken_rows_name_line_col(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("1,200,0.5\n2,20,0.6\n", &s, &d), -1);
    assert_diag(&d, 0, "r.csv:2:3: error: status '20' is not 3 digits");
    assert_null(s.v);
    assert_int_equal(s.n, 0);
    lv_diag_free(&d);

    FAILS("1,200,0.5\n2,200\n",
          "r.csv:2:1: error: this row has 2 fields where the file's "
          "records have 3 (index,status,seconds)");

    FAILS("1,200,0.5\n2,200,0.\n",
          "r.csv:2:7: error: seconds '0.' is not a number of seconds "
          "like 0.783594");

    FAILS("1,200,0.5\nx2,200,0.6\n",
          "r.csv:2:1: error: index 'x2' is not a whole number");

    /* A NUL byte is shown escaped, never cuts the message. */
    FAILS("1,200,0.5\n2,2\0000,0.6\n",
          "r.csv:2:3: error: status '2\\x000' is not 3 digits");

    FAILS("1,200,0.5\n2,\"200\"x,0.6\n",
          "r.csv:2:8: error: malformed CSV: a stray double quote, or "
          "text after a closing one");

    FAILS("1,200,0.5\n2,\"200,0.6\n",
          "r.csv:2:3: error: malformed CSV: a quoted field is not "
          "closed");

    /* Spaces are not trimmed away: " 200" is not a status. */
    FAILS("1, 200,0.5\n", "r.csv:1:3: error: status ' 200' is not 3 digits");

    FAILS("hello\n",
          "r.csv:1:1: error: this row has 1 field; a record is "
          "index,status,seconds or label,index,status,seconds");
}

static void normal_index_checks(void **state)
{
    lv_response_set s;
    lv_diag d;
    /* index 2 missing: 3 is then past the 2 records */
    assert_int_equal(PARSE("1,200,0.5\n3,200,0.6\n", &s, &d), -1);
    assert_int_equal(d.errors, 2);
    assert_diag(&d, 0,
                "r.csv:2:1: error: index 3 is past the end: the file holds 2 "
                "records, so indexes run 1..2");
    assert_diag(&d, 1, "r.csv: error: index 2 is missing from 1..2");
    lv_diag_free(&d);

    assert_int_equal(PARSE("1,200,0.5\n2,200,0.6\n1,200,0.7\n", &s, &d), -1);
    assert_diag(&d, 0,
                "r.csv:3:1: error: index 1 appears again (first at line 1)");
    assert_diag(&d, 1, "r.csv: error: index 3 is missing from 1..3");
    lv_diag_free(&d);

    FAILS("0,200,0.5\n1,200,0.6\n",
          "r.csv:1:1: error: index 0: indexes start at 1");

    FAILS("01,200,0.5\n", "r.csv:1:1: error: index '01' has a leading zero");

    assert_int_equal(PARSE("99999999999999999999999,200,0.5\n", &s, &d), -1);
    assert_diag(&d, 0,
                "r.csv:1:1: error: index 99999999999999999999999 is past the "
                "end: the file holds 1 record, so indexes run 1..1");
    lv_diag_free(&d);
    lv_response_set_free(&s); /* harmless on an empty set */
}

/* Past 10 problems, the rest are counted, not listed. */
static void index_problems_are_capped(void **state)
{
    lv_buf b;
    lv_buf_init(&b);
    for (int i = 0; i < 14; i++)
        lv_buf_printf(&b, "1,200,0.%03d\n", i);
    lv_response_set s;
    lv_diag d;
    assert_int_equal(parse(b.data, b.len, &s, &d), -1);
    assert_int_equal(d.errors, 12);
    assert_diag(&d, 0,
                "r.csv:2:1: error: index 1 appears again (first at line 1)");
    assert_diag(&d, 9,
                "r.csv:11:1: error: index 1 appears again (first at line 1)");
    assert_diag(&d, 10,
                "r.csv: error: 13 index problems in all (the first 10 shown)");
    assert_diag(&d, 11,
                "r.csv: error: 13 indexes are missing from 1..14: 2, 3, 4, 5, "
                "6, 7, 8, 9, 10, 11, ...");
    lv_diag_free(&d);
    lv_buf_free(&b);
}

/* Every seconds text and label lives in the set's one pool: records out of
 * file order, labels of different lengths, a fallback folded in (its texts
 * are not pooled) and an index longer than any buffer keep their texts. */
static void pool_holds_every_text(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("\"a much longer label, quoted\",3,200,1.25\n"
                           "b,1,000,0.5\n"
                           "b,1,000,0\n"
                           "c,2,502,0.000001\n",
                           &s, &d), 0);
    assert_int_equal(s.n, 3);
    assert_non_null(s.pool);
    assert_string_equal(s.v[0].label, "b");
    assert_string_equal(s.v[0].seconds_text, "0.5");
    assert_int_equal(s.v[0].fallback_merged, 1);
    assert_string_equal(s.v[1].label, "c");
    assert_string_equal(s.v[1].seconds_text, "0.000001");
    assert_string_equal(s.v[2].label, "a much longer label, quoted");
    assert_string_equal(s.v[2].seconds_text, "1.25");
    assert_string_equal(s.v[2].status_text, "200");
    lv_response_set_free(&s);
    assert_null(s.pool);
    lv_diag_free(&d);

    /* an index of 100 digits: refused, and shown cut in the message */
    lv_buf b;
    lv_buf_init(&b);
    for (int i = 0; i < 100; i++)
        lv_buf_putc(&b, '9');
    lv_buf_puts(&b, ",200,0.5\n");
    assert_int_equal(parse(b.data, b.len, &s, &d), -1);
    assert_diag(&d, 0,
                "r.csv:1:1: error: index 999999999999999999999999... is past "
                "the end: the file holds 1 record, so indexes run 1..1");
    lv_diag_free(&d);
    lv_buf_free(&b);
}

/* Raw records hold 32-bit offsets: a text of 4 GiB is refused before a byte
 * of it is read (the pointer here covers 3 bytes only). */
static void four_gib_refused(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(parse("1,2", (size_t)UINT32_MAX, &s, &d), -1);
    assert_diag(&d, 0,
                "r.csv: error: larger than 4 GiB: not a response CSV this "
                "tool reads");
    assert_null(s.v);
    lv_diag_free(&d);
}

/* Room reserved up front is bounded by what the text can hold: a record
 * a line (or per two commas), and 7 bytes at least a record, so that a
 * text of nothing but line ends or commas reserves little. */
static void record_bound(void **state)
{
    const char *three = "1,200,0.5\n2,200,0.6\n3,200,0.7\n";
    assert_int_equal(lv_resp_record_bound(three, strlen(three), '\n', 1), 4);
    char blank[700];
    memset(blank, '\n', sizeof blank);
    assert_int_equal(lv_resp_record_bound(blank, sizeof blank, '\n', 1), 101);
    memset(blank, ',', sizeof blank);
    assert_int_equal(lv_resp_record_bound(blank, sizeof blank, ',', 2), 101);
    const char *glued = "1,200,0.52,200,0.6";
    assert_int_equal(lv_resp_record_bound(glued, strlen(glued), ',', 2), 3);
    assert_int_equal(lv_resp_record_bound("", 0, ',', 2), 1);
}

static void empty_inputs(void **state)
{
    lv_response_set s;
    lv_diag d;
    FAILS("", "r.csv: error: no response records");
    FAILS("index,status,seconds\n\n", "r.csv: error: no response records");
    assert_int_equal(PARSE("\xEF\xBB\xBF", &s, &d), -1);
    lv_diag_free(&d);
}

static void shape_detection(void **state)
{
    lv_response_set s;
    lv_diag d;
    /* one labelled record a line: 3 commas, the normal shape */
    assert_int_equal(PARSE("a,1,200,0.5\n", &s, &d), 0);
    assert_int_equal(s.glued, 0);
    lv_response_set_free(&s);
    lv_diag_free(&d);
    /* a comma inside quotes does not count */
    assert_int_equal(PARSE("\"a,b,c\",1,200,0.5\n", &s, &d), 0);
    assert_int_equal(s.glued, 0);
    assert_string_equal(s.v[0].label, "a,b,c");
    lv_response_set_free(&s);
    lv_diag_free(&d);
    /* two records on a line: glued */
    assert_int_equal(PARSE("1,200,0.52,200,0.6\n", &s, &d), 0);
    assert_int_equal(s.glued, 1);
    assert_int_equal(s.decimals, 1);
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void load_errors(void **state)
{
    lv_response_set s;
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_responses_load("/nonexistent/x.csv", "x.csv", &s, &d),
                     -1);
    assert_int_equal(d.errors, 1);
    assert_diag(&d, 0, "x.csv: error: cannot open: No such file or directory");
    assert_null(s.v);
    lv_diag_free(&d);
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_responses_load("/", NULL, &s, &d), -1);
    assert_diag(&d, 0, "/: error: is a directory, not a file");
    lv_diag_free(&d);
}

#define TRIGGER "/lab-artifacts/memory-pressure/trigger/"

static void real_leak_csv(void **state)
{
    LV_NEED_SHARED();
    char path[4096];
    snprintf(path, sizeof path, "%s" TRIGGER
             "leak-responses-20260404T053438Z.csv", lvtest_shared());
    lv_response_set s;
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_responses_load(path, "leak.csv", &s, &d), 0);
    assert_int_equal(d.n, 0);
    assert_int_equal(s.n, 100);
    assert_int_equal(s.glued, 0);
    assert_int_equal(s.decimals, 6);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.v[i].index, i + 1);
        assert_int_equal(s.v[i].status, 200);
        assert_null(s.v[i].label);
    }
    /* the write-up's sample rows (seed section 4.7) */
    assert_rec(&s.v[0], 1, "200", "0.783594", 0);
    assert_string_equal(s.v[47].seconds_text, "1.366292");
    assert_string_equal(s.v[93].seconds_text, "3.010348");
    assert_string_equal(s.v[95].seconds_text, "3.317367");
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void real_heavy_csv(void **state)
{
    LV_NEED_SHARED();
    char path[4096];
    snprintf(path, sizeof path, "%s" TRIGGER
             "heavy-responses-20260404T053438Z.csv", lvtest_shared());
    lv_response_set s;
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_responses_load(path, "heavy.csv", &s, &d), 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 1);
    assert_diag(&d, 0,
                "heavy.csv: warning: records are glued together with no line "
                "break between them; recovered 50, reading the seconds with 6 "
                "decimals");
    assert_int_equal(s.n, 50);
    assert_int_equal(s.glued, 1);
    assert_int_equal(s.decimals, 6);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.v[i].index, i + 1);
        assert_int_equal(s.v[i].status, 200);
        assert_int_equal(s.v[i].fallback_merged, 0);
        assert_null(s.v[i].label);
    }
    assert_rec(&s.v[0], 1, "200", "4.839467", 0);
    assert_rec(&s.v[9], 10, "200", "1.401549", 14);
    assert_string_equal(s.v[49].seconds_text, "1.985550");
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normal_one_a_line),
        cmocka_unit_test(normal_ordered_by_index),
        cmocka_unit_test(normal_header_bom_crlf),
        cmocka_unit_test(normal_labels_and_quotes),
        cmocka_unit_test(normal_fallback_folded),
        cmocka_unit_test(normal_broken_rows_name_line_col),
        cmocka_unit_test(normal_index_checks),
        cmocka_unit_test(index_problems_are_capped),
        cmocka_unit_test(pool_holds_every_text),
        cmocka_unit_test(four_gib_refused),
        cmocka_unit_test(record_bound),
        cmocka_unit_test(empty_inputs),
        cmocka_unit_test(shape_detection),
        cmocka_unit_test(load_errors),
        cmocka_unit_test(real_leak_csv),
        cmocka_unit_test(real_heavy_csv),
    };
    return cmocka_run_group_tests_name("responses", tests, NULL, NULL);
}
