/* Unit tests for the recovery of glued response streams (src/load/recover.c):
 * decimals inference, labels, fallback records, partly glued text, CRLF,
 * BOM, ambiguity, broken input, and a large generated round trip. */
#include "lvtest.h"

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/responses.h"

static int parse(const char *text, size_t len, lv_response_set *s, lv_diag *d)
{
    lv_diag_init(d, NULL);
    return lv_responses_parse(text, len, "g.csv", s, d);
}
#define PARSE(lit, s, d) parse(lit, sizeof lit - 1, s, d)
/* The string is refused; its first diagnostic is `want`. */
#define FAILS(lit, want)                                                     \
    lvtest_responses_fail(lit, sizeof lit - 1, "g.csv", want)

/* The shape of the real heavy CSV: records glued in completion order (the
 * first two as in the example of lv/responses.h, the rest made up). */
static const char twelve[] =
    "1,200,4.83946710,200,1.40154911,200,3.25011812,200,2.904731"
    "2,200,4.5172603,200,0.9684024,200,5.1029375,200,3.775014"
    "6,200,2.6403857,200,1.8892568,200,0.7316499,200,4.215578";

static void glued_in_completion_order(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(parse(twelve, sizeof twelve - 1, &s, &d), 0);
    assert_int_equal(s.n, 12);
    assert_int_equal(s.glued, 1);
    assert_int_equal(s.decimals, 6);
    assert_rec(&s.v[0], 1, "200", "4.839467", 0);
    assert_rec(&s.v[9], 10, "200", "1.401549", 14);
    assert_rec(&s.v[10], 11, "200", "3.250118", 29);
    assert_rec(&s.v[1], 2, "200", "4.517260", 59);
    assert_rec(&s.v[8], 9, "200", "4.215578", 157);
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.v[i].index, i + 1);
        assert_null(s.v[i].label);
    }
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 1);
    assert_diag(&d, 0,
                "g.csv: warning: records are glued together with no line "
                "break between them; recovered 12, reading the seconds with 6 "
                "decimals");
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

/* The same records with 1, 3 and 9 decimals: the count is inferred. */
static void decimals_are_inferred(void **state)
{
    static const struct {
        const char *text;
        int dec;
        const char *sec10;
    } cases[] = {
        {"1,200,4.810,200,1.411,200,3.212,200,2.92,200,4.53,200,0.9"
         "4,200,5.15,200,3.76,200,2.67,200,1.88,200,0.79,200,4.2",
         1, "1.4"},
        {"1,200,4.83910,200,1.40111,200,3.25012,200,2.9042,200,4.517"
         "3,200,0.9684,200,5.1025,200,3.7756,200,2.6407,200,1.889"
         "8,200,0.7319,200,4.215",
         3, "1.401"},
        {"1,200,4.83946712310,200,1.40154912311,200,3.250118123"
         "12,200,2.9047311232,200,4.5172601233,200,0.968402123"
         "4,200,5.1029371235,200,3.7750141236,200,2.640385123"
         "7,200,1.8892561238,200,0.7316491239,200,4.215578123",
         9, "1.401549123"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        lv_response_set s;
        lv_diag d;
        assert_int_equal(parse(cases[k].text, strlen(cases[k].text), &s, &d),
                         0);
        assert_int_equal(s.n, 12);
        assert_int_equal(s.decimals, cases[k].dec);
        assert_string_equal(s.v[9].seconds_text, cases[k].sec10);
        for (size_t i = 0; i < s.n; i++)
            assert_int_equal(s.v[i].index, i + 1);
        lv_response_set_free(&s);
        lv_diag_free(&d);
    }
}

static void glued_with_labels(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("heavy,1,200,4.839467heavy,3,200,1.401549"
                           "heavy,2,200,0.100000",
                           &s, &d),
                     0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.decimals, 6);
    assert_string_equal(s.v[0].label, "heavy");
    assert_string_equal(s.v[2].label, "heavy");
    assert_rec(&s.v[0], 1, "200", "4.839467", 0);
    assert_rec(&s.v[1], 2, "200", "0.100000", 40);
    assert_rec(&s.v[2], 3, "200", "1.401549", 20);
    assert_diag(&d, 0,
                "g.csv: warning: records are glued together with no line "
                "break between them; recovered 3, reading the seconds with 6 "
                "decimals (label first)");
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

static void fallback_record_is_folded(void **state)
{
    lv_response_set s;
    lv_diag d;
    /* (7,000,60.001234) then its fallback (7,000,0), glued to what follows */
    assert_int_equal(PARSE("1,200,0.1000007,000,60.0012347,000,0"
                           "2,200,0.2000003,200,0.3000004,200,0.400000"
                           "5,200,0.5000006,200,0.600000",
                           &s, &d),
                     0);
    assert_int_equal(s.n, 7);
    assert_rec(&s.v[6], 7, "000", "60.001234", 14);
    assert_int_equal(s.v[6].status, 0);
    assert_int_equal(s.v[6].fallback_merged, 1);
    assert_int_equal(s.v[0].fallback_merged, 0);
    assert_rec(&s.v[1], 2, "200", "0.200000", 36);
    assert_int_equal(d.warnings, 2);
    assert_diag(&d, 0,
                "g.csv: warning: records are glued together with no line "
                "break between them; recovered 7, reading the seconds with 6 "
                "decimals");
    assert_diag(&d, 1,
                "g.csv: byte 29: warning: fallback record '7,000,0' follows "
                "record '7,000,60.001234' of the same index (a failed "
                "request): counted as one request");
    lv_response_set_free(&s);
    lv_diag_free(&d);

    /* a fallback "0.000000", after a timed 502, at the very end */
    assert_int_equal(PARSE("1,200,0.1000002,502,1.2345672,000,0.000000", &s,
                           &d),
                     0);
    assert_int_equal(s.n, 2);
    assert_rec(&s.v[1], 2, "502", "1.234567", 14);
    assert_int_equal(s.v[1].fallback_merged, 1);
    lv_response_set_free(&s);
    lv_diag_free(&d);

    /* a lone "3,000,0" (no timed record before it) is a request */
    assert_int_equal(PARSE("1,200,0.1003,000,02,200,0.200", &s, &d), 0);
    assert_int_equal(s.n, 3);
    assert_rec(&s.v[2], 3, "000", "0", 11);
    assert_int_equal(s.v[2].fallback_merged, 0);
    assert_rec(&s.v[1], 2, "200", "0.200", 18);
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

/* 15 failed requests: 10 warnings, then a count. */
static void fallback_warnings_are_capped(void **state)
{
    lv_buf b;
    lv_buf_init(&b);
    for (int i = 1; i <= 15; i++)
        lv_buf_printf(&b, "%d,000,6.%06d%d,000,0", i, i, i);
    lv_response_set s;
    lv_diag d;
    assert_int_equal(parse(b.data, b.len, &s, &d), 0);
    assert_int_equal(s.n, 15);
    for (size_t i = 0; i < s.n; i++)
        assert_int_equal(s.v[i].fallback_merged, 1);
    assert_int_equal(d.warnings, 12);
    assert_diag(&d, 10,
                "g.csv: byte 204: warning: fallback record '10,000,0' follows "
                "record '10,000,6.000010' of the same index (a failed "
                "request): counted as one request");
    assert_diag(&d, 11,
                "g.csv: warning: 15 fallback records folded in all (the first "
                "10 shown)");
    lv_response_set_free(&s);
    lv_diag_free(&d);
    lv_buf_free(&b);
}

static void partly_glued_crlf_bom_header(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("\xEF\xBB\xBFindex,status,seconds\r\n"
                           "1,200,0.1233,200,0.456\r\n"
                           "2,200,0.789\r\n\r\n"
                           "5,200,1.0004,200,2.000",
                           &s, &d),
                     0);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.glued, 1);
    assert_int_equal(s.decimals, 3);
    assert_rec(&s.v[0], 1, "200", "0.123", 25);
    assert_rec(&s.v[1], 2, "200", "0.789", 49);
    assert_rec(&s.v[2], 3, "200", "0.456", 36);
    assert_rec(&s.v[3], 4, "200", "2.000", 75);
    assert_rec(&s.v[4], 5, "200", "1.000", 64);
    lv_response_set_free(&s);
    lv_diag_free(&d);

    /* with and without a trailing newline: the same records */
    assert_int_equal(PARSE("1,200,0.122,200,0.34\n", &s, &d), 0);
    assert_int_equal(s.n, 2);
    assert_rec(&s.v[1], 2, "200", "0.34", 10);
    lv_response_set_free(&s);
    lv_diag_free(&d);
}

/* Labels beginning with a digit hide where the decimals end, and a final
 * "N,000,0" record pins nothing: 1 and 2 decimals both read as 1..2. */
static void ambiguity_fails_with_offsets(void **state)
{
    lv_response_set s;
    lv_diag d;
    assert_int_equal(PARSE("a,1,200,0.51a,2,000,0", &s, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_diag(&d, 0,
                "g.csv: byte 0: error: ambiguous glued records: read with 1 "
                "decimal (label first) and with 2 decimals (label first), "
                "both give indexes 1..N each once; they part at bytes 0, 11 "
                "('a,1,200,0.5' or 'a,1,200,0.51'); not guessing");
    assert_null(s.v);
    assert_int_equal(s.n, 0);
    lv_diag_free(&d);
}

static void broken_input_names_the_byte(void **state)
{
    lv_response_set s;
    lv_diag d;
    /* truncated last record */
    assert_int_equal(PARSE("1,200,0.1232,200,0.4563,200,0.78", &s, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_diag(&d, 0,
                "g.csv: byte 22: error: the last record is cut short by the "
                "end of the file: '3,200,0.78' (glued records, read with 3 "
                "decimals)");
    lv_diag_free(&d);
    FAILS("1,200,0.1232,200,0.4563,20",
          "g.csv: byte 22: error: the last record is cut short by the "
          "end of the file: '3,20' (glued records, read with 3 "
          "decimals)");

    /* garbage and NUL bytes */
    FAILS("1,200,0.1232,200,0.456\0003,200,0.789",
          "g.csv: byte 22: error: expected the index of a record "
          "(digits), found byte 0x00 (glued records, read with 3 "
          "decimals)");
    FAILS("1,200,0.1232,200,0.456xyz3,200,0.789",
          "g.csv: byte 22: error: expected the index of a record "
          "(digits), found 'x' (glued records, read with 3 decimals)");

    /* seconds "0" with no decimals only after status 000 */
    FAILS("1,200,0.52,200,03,200,0.74,200,0.85,200,0.9"
          "6,200,0.1\n",
          "g.csv: byte 16: error: expected '.' after the seconds' 0, "
          "found '3' (glued records, read with 1 decimal)");

    /* a status that is not 3 digits */
    FAILS("1,200,0.1232,20,0.4563,200,0.789",
          "g.csv: byte 13: error: the status is not 3 digits: '20' "
          "(glued records, read with 3 decimals)");
    FAILS("1,200,0.1232,2000,0.4563,200,0.789",
          "g.csv: byte 13: error: the status is not 3 digits: '2000' "
          "(glued records, read with 3 decimals)");

    /* a record short of decimals in the middle, before a line break */
    assert_int_equal(PARSE("1,200,4.83946710,200,1.40154911,200,3.250118"
                           "12,200,2.90473\n2,200,4.5172603,200,0.968402"
                           "4,200,5.1029375,200,3.7750146,200,2.640385"
                           "7,200,1.8892568,200,0.7316499,200,4.215578",
                           &s, &d),
                     -1);
    assert_int_equal(d.errors, 1);
    assert_diag(&d, 0,
                "g.csv: byte 51: error: the seconds '2.90473' have 5 decimals "
                "where the records have 6 (glued records, read with 6 "
                "decimals)");
    lv_diag_free(&d);
}

static void broken_indexes_name_the_byte(void **state)
{
    lv_response_set s;
    lv_diag d;
    /* index 0 */
    assert_int_equal(PARSE("1,200,0.1230,200,0.4563,200,0.789", &s, &d), -1);
    assert_int_equal(d.errors, 3);
    assert_diag(&d, 0,
                "g.csv: error: no reading of the glued records gives indexes "
                "1..N; the closest, with 3 decimals, has these problems:");
    assert_diag(&d, 1, "g.csv: byte 11: error: index 0: indexes start at 1");
    assert_diag(&d, 2, "g.csv: error: index 2 is missing from 1..3");
    lv_diag_free(&d);

    /* past N (index 4 of 3 records), i.e. a missing index 3 */
    assert_int_equal(PARSE("1,200,0.1232,200,0.4564,200,0.789", &s, &d), -1);
    assert_diag(&d, 1,
                "g.csv: byte 22: error: index 4 is past the end: the file "
                "holds 3 records, so indexes run 1..3");
    assert_diag(&d, 2, "g.csv: error: index 3 is missing from 1..3");
    lv_diag_free(&d);

    /* a duplicate */
    assert_int_equal(PARSE("1,200,0.1232,200,0.4562,200,0.789", &s, &d), -1);
    assert_diag(&d, 1,
                "g.csv: byte 22: error: index 2 appears again (first at byte "
                "11)");
    lv_diag_free(&d);

    /* labels: an empty one (record 2 has lost its label) */
    assert_int_equal(PARSE("heavy,1,200,4.839467heavy,10,200,1.401549"
                           "heavy,11,200,3.250118heavy,12,200,2.904731"
                           "heavy,2,200,4.517260,3,200,0.968402"
                           "heavy,4,200,5.102937heavy,5,200,3.775014"
                           "heavy,6,200,2.640385heavy,7,200,1.889256"
                           "heavy,8,200,0.731649heavy,9,200,4.215578",
                           &s, &d),
                     -1);
    assert_int_equal(d.errors, 1);
    assert_diag(&d, 0,
                "g.csv: byte 103: error: expected a label, found ',' (glued "
                "records, read with 6 decimals (label first))");
    lv_diag_free(&d);
}

/* ------------------------------------------------------------ round trip */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

typedef struct {
    char status[4];
    char seconds[32];
    char label[8];
    int fallback;
} gen_rec;

/* n records, shuffled, `dec` decimals, glued (with a line break now and
 * then when `breaks`), some failed requests with a fallback record. */
static void round_trip(size_t n, int dec, int labels, int breaks)
{
    gen_rec *g = calloc(n + 1, sizeof *g);
    size_t *order = malloc(n * sizeof *order);
    assert_non_null(g);
    assert_non_null(order);
    for (size_t i = 1; i <= n; i++) {
        gen_rec *r = &g[i];
        uint64_t x = rnd() % 100;
        strcpy(r->status, x < 90 ? "200" : x < 95 ? "502" : "000");
        int w = (int)(rnd() % 3 == 0 ? rnd() % 121 : rnd() % 10);
        int len = snprintf(r->seconds, sizeof r->seconds, "%d.", w);
        for (int k = 0; k < dec; k++)
            r->seconds[len++] = (char)('0' + rnd() % 10);
        r->seconds[len] = '\0';
        r->fallback = x >= 93; /* some 502s and all 000s */
        if (labels) { /* letters first: a digit first could be ambiguous */
            /* one rnd() per statement: the order in which a call's arguments
             * are evaluated is unspecified (gcc and clang differ), and the
             * data must not depend on the compiler */
            unsigned num = (unsigned)(rnd() % 100);
            char letter = (char)('a' + rnd() % 26);
            snprintf(r->label, sizeof r->label, "%c%u", letter, num);
        }
        order[i - 1] = i;
    }
    for (size_t i = n; i > 1; i--) {
        size_t j = rnd() % i;
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    lv_buf b;
    lv_buf_init(&b);
    long long *off = calloc(n + 1, sizeof *off);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        const gen_rec *r = &g[i];
        off[i] = (long long)b.len;
        if (labels)
            lv_buf_printf(&b, "%s,", r->label);
        lv_buf_printf(&b, "%zu,%s,%s", i, r->status, r->seconds);
        if (r->fallback) {
            if (labels)
                lv_buf_printf(&b, "%s,", r->label);
            /* "0" as `|| echo` writes it, or zero with the decimals */
            lv_buf_printf(&b, "%zu,000,0", i);
            if (rnd() % 2)
                lv_buf_printf(&b, ".%.*s", dec, "000000000000000");
        }
        if (breaks && rnd() % 50 == 0)
            lv_buf_puts(&b, rnd() % 2 ? "\r\n" : "\n");
    }
    lv_response_set s;
    lv_diag d;
    int rc = parse(b.data, b.len, &s, &d);
    if (rc != 0)
        for (size_t k = 0; k < d.n; k++) {
            char *m = lv_diag_format(&d.v[k]);
            fprintf(stderr, "%s\n", m);
            free(m);
        }
    assert_int_equal(rc, 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(s.n, n);
    assert_int_equal(s.decimals, dec);
    for (size_t i = 1; i <= n; i++) {
        const lv_response *r = &s.v[i - 1];
        assert_int_equal(r->index, i);
        assert_string_equal(r->status_text, g[i].status);
        assert_string_equal(r->seconds_text, g[i].seconds);
        assert_int_equal(r->fallback_merged, g[i].fallback);
        assert_int_equal(r->offset, off[i]);
        if (labels)
            assert_string_equal(r->label, g[i].label);
        else
            assert_null(r->label);
    }
    lv_response_set_free(&s);
    lv_diag_free(&d);
    lv_buf_free(&b);
    free(off);
    free(order);
    free(g);
}

static void round_trip_5000_shuffled(void **state)
{
    rng_state = UINT64_C(0x9E3779B97F4A7C15);
    for (int round = 0; round < 6; round++) {
        int dec = (int)(1 + rnd() % 9); /* a random count of decimals */
        round_trip(5000, dec, round % 3 == 2, round % 2);
    }
    /* small files too, where indexes have few digits */
    for (int round = 0; round < 40; round++) {
        int dec = (int)(1 + rnd() % 12); /* in this order, as gcc did */
        size_t n = (size_t)(1 + rnd() % 30);
        round_trip(n, dec, round % 4 == 3, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(glued_in_completion_order),
        cmocka_unit_test(decimals_are_inferred),
        cmocka_unit_test(glued_with_labels),
        cmocka_unit_test(fallback_record_is_folded),
        cmocka_unit_test(fallback_warnings_are_capped),
        cmocka_unit_test(partly_glued_crlf_bom_header),
        cmocka_unit_test(ambiguity_fails_with_offsets),
        cmocka_unit_test(broken_input_names_the_byte),
        cmocka_unit_test(broken_indexes_name_the_byte),
        cmocka_unit_test(round_trip_5000_shuffled),
    };
    return cmocka_run_group_tests_name("recover", tests, NULL, NULL);
}
