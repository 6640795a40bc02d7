/* Unit tests for the foundation: buffers, single-line messages, times. */
#include "lvtest.h"

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/timeutil.h"

static void single_line_escapes_controls(void **state)
{
    char *s = lv_single_line("a\nb\r\x1b|c", 7);
    assert_string_equal(s, "a\\nb\\r\\x1b|c");
    free(s);
}

static void diag_formats_gnu_style(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_diag_at(&d, LV_SEV_ERROR, "run/x.json", 3, 14, "bad %s", "thing");
    lv_diag_byte(&d, LV_SEV_WARNING, "run/y.csv", 120, "odd");
    lv_diag_file(&d, LV_SEV_WARNING, "z", "multi\nline");
    char *a = lv_diag_format(&d.v[0]);
    char *b = lv_diag_format(&d.v[1]);
    char *c = lv_diag_format(&d.v[2]);
    assert_string_equal(a, "run/x.json:3:14: error: bad thing");
    assert_string_equal(b, "run/y.csv: byte 120: warning: odd");
    assert_string_equal(c, "z: warning: multi\\nline");
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 2);
    free(a);
    free(b);
    free(c);
    lv_diag_free(&d);
}

/* A list filled elsewhere (another thread) is moved in at its place: in
 * order, counted, echoed then and not before, and emptied. */
static void diag_move_keeps_order_and_echoes(void **state)
{
    char *echoed = NULL;
    size_t echoed_len = 0;
    FILE *echo = open_memstream(&echoed, &echoed_len);
    assert_non_null(echo);
    lv_diag to, from;
    lv_diag_init(&to, echo);
    lv_diag_init(&from, NULL);
    lv_diag_file(&from, LV_SEV_ERROR, "b.json", "second");
    lv_diag_byte(&from, LV_SEV_WARNING, "b.json", 7, "third");
    lv_diag_file(&to, LV_SEV_WARNING, "a.csv", "first");
    fflush(echo);
    assert_string_equal(echoed, "labverdict: a.csv: warning: first\n");
    lv_diag_move(&to, &from);
    lv_diag_file(&to, LV_SEV_WARNING, "c.json", "fourth");
    fclose(echo);
    assert_string_equal(echoed, "labverdict: a.csv: warning: first\n"
                                "labverdict: b.json: error: second\n"
                                "labverdict: b.json: byte 7: warning: third\n"
                                "labverdict: c.json: warning: fourth\n");
    assert_int_equal(to.n, 4);
    assert_int_equal(to.errors, 1);
    assert_int_equal(to.warnings, 3);
    assert_string_equal(to.v[1].msg, "second");
    assert_int_equal(from.n, 0);
    assert_int_equal(from.errors + from.warnings, 0);
    lv_diag_file(&from, LV_SEV_WARNING, "d", "reused");   /* still usable */
    assert_int_equal(from.n, 1);
    lv_diag_free(&from);
    lv_diag_free(&to);
    free(echoed);
}

static void iso_times_parse_and_format(void **state)
{
    int64_t a, b, c;
    const char *s1 = "2026-04-04T05:04:40.882759+00:00";
    const char *s2 = "2026-04-04T05:36:33.614669Z";
    const char *s3 = "2026-04-04T05:04:41.3166132Z";
    assert_int_equal(lv_time_parse_iso(s1, strlen(s1), &a), 0);
    assert_int_equal(lv_time_parse_iso(s2, strlen(s2), &b), 0);
    assert_int_equal(lv_time_parse_iso(s3, strlen(s3), &c), 0);
    /* 2026-04-04T00:00:00Z is 1775260800 s after the epoch. */
    assert_true(a == (INT64_C(1775260800) + 5 * 3600 + 4 * 60 + 40) *
                             LV_NS_PER_SEC + 882759000);
    char out[40];
    lv_time_format_iso(c, out);
    assert_string_equal(out, "2026-04-04T05:04:41.3166132Z");
    lv_time_format_iso(a, out);
    assert_string_equal(out, "2026-04-04T05:04:40.882759Z");
    const char *off = "2026-04-04T07:04:40+02:00";
    assert_int_equal(lv_time_parse_iso(off, strlen(off), &c), 0);
    assert_true(c == a - 882759000);
    assert_int_equal(lv_time_parse_iso("2026-02-30T00:00:00Z", 20, &c), -1);
    assert_int_equal(lv_time_parse_iso("2026-04-04T05:04", 16, &c), -1);
    assert_int_equal(lv_time_parse_iso("2026-04-04T05:04:40Zjunk", 24, &c), -1);
}

/* The memo version gives lv_time_parse_iso's results, whatever came before:
 * the same minute, another minute, a bad time with a good minute. */
static void iso_times_with_a_memo(void **state)
{
    static const char *const seq[] = {
        "2026-04-04T05:04:40.882759Z", "2026-04-04T05:04:41.5Z",
        "2026-04-04T05:04:61Z",          /* same minute, bad seconds */
        "2026-04-04T05:04:59.999999999999+01:30",
        "2026-04-04T05:05:00Z",          /* the next minute */
        "2026-04-04T05:04:00Z",          /* back */
        "2026-02-30T05:04:00Z",          /* a bad minute */
        "2026-04-04T05:04:40.1",         /* no zone */
        "2026-04-04T05:04", "2026-04-04 05:04:40Z", "2026-04-04T05:04:40.Z",
        "2026-04-04T05:04:40Zjunk", "2026-04-04T05:04:4x"};
    lv_time_memo m;
    lv_time_memo_init(&m);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
            int64_t want = -1, got = -2;
            int rw = lv_time_parse_iso(seq[i], strlen(seq[i]), &want);
            int rg = lv_time_parse_iso_memo(seq[i], strlen(seq[i]), &got, &m);
            assert_int_equal(rg, rw);
            if (rw == 0)
                assert_true(got == want);
        }
}

static void stamps_and_seconds(void **state)
{
    int64_t t, s;
    assert_int_equal(lv_time_parse_stamp("20260404T053438Z", 16, &t), 0);
    char out[40];
    lv_time_format_iso(t, out);
    assert_string_equal(out, "2026-04-04T05:34:38Z");
    assert_int_equal(lv_time_parse_stamp("20260404T053438", 15, &t), -1);
    assert_int_equal(lv_seconds_text_to_ns("1697.451", 8, &s), 0);
    assert_true(s == INT64_C(1697451000000));
    assert_int_equal(lv_seconds_text_to_ns("-1", 2, &s), -1);
    assert_int_equal(lv_seconds_text_to_ns("1e5", 3, &s), -1);
}

static void buf_grows(void **state)
{
    lv_buf b;
    lv_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        lv_buf_printf(&b, "%d,", i);
    assert_true(b.len > 3000);
    assert_memory_equal(b.data, "0,1,2,", 6);
    char *s = lv_buf_steal(&b);
    assert_null(b.data);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(single_line_escapes_controls),
        cmocka_unit_test(diag_formats_gnu_style),
        cmocka_unit_test(diag_move_keeps_order_and_echoes),
        cmocka_unit_test(iso_times_parse_and_format),
        cmocka_unit_test(iso_times_with_a_memo),
        cmocka_unit_test(stamps_and_seconds),
        cmocka_unit_test(buf_grows),
    };
    return cmocka_run_group_tests_name("foundation", tests, NULL, NULL);
}
