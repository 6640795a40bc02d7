/* Unit tests for locale-free number formatting. */
#include "lvtest.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "lv/buf.h"
#include "lv/numfmt.h"

#define G LV_NUMFMT_GROUP
#define P LV_NUMFMT_PLUS

static void integers(void **state)
{
    char out[LV_NUMFMT_MAX];
    assert_string_equal(lv_fmt_int(out, 523896, G), "523,896");
    assert_string_equal(lv_fmt_int(out, -479136, G), "-479,136");
    assert_string_equal(lv_fmt_int(out, 1674998, G | P), "+1,674,998");
    assert_string_equal(lv_fmt_int(out, -1674998, G | P), "-1,674,998");
    assert_string_equal(lv_fmt_int(out, 0, G), "0");
    assert_string_equal(lv_fmt_int(out, 0, G | P), "0");   /* zero: no sign */
    assert_string_equal(lv_fmt_int(out, 999, G), "999");
    assert_string_equal(lv_fmt_int(out, 1000, G), "1,000");
    assert_string_equal(lv_fmt_int(out, -100000, G), "-100,000");
    assert_string_equal(lv_fmt_int(out, 1234567, 0), "1234567");
    assert_string_equal(lv_fmt_int(out, -1, P), "-1");
    assert_string_equal(lv_fmt_int(out, 7, P), "+7");
    assert_string_equal(lv_fmt_int(out, INT64_MIN, G),
                        "-9,223,372,036,854,775,808");
    assert_string_equal(lv_fmt_int(out, INT64_MAX, G | P),
                        "+9,223,372,036,854,775,807");
    assert_string_equal(lv_fmt_int(out, INT64_MIN, 0), "-9223372036854775808");
    /* the return value is the buffer */
    assert_ptr_equal(lv_fmt_int(out, 5, 0), out);
}

static void fixed_decimals(void **state)
{
    char out[LV_NUMFMT_MAX];
    assert_string_equal(lv_fmt_fixed(out, 1.0104, 3, 0), "1.010");
    assert_string_equal(lv_fmt_fixed(out, 4983.46, 1, G), "4,983.5");
    assert_string_equal(lv_fmt_fixed(out, 1234567.891, 2, G), "1,234,567.89");
    assert_string_equal(lv_fmt_fixed(out, -1234567.891, 2, G), "-1,234,567.89");
    assert_string_equal(lv_fmt_fixed(out, 1234567.891, 2, 0), "1234567.89");
    assert_string_equal(lv_fmt_fixed(out, 999.96, 1, G), "1,000.0");
    assert_string_equal(lv_fmt_fixed(out, 12.5, 0, G), "12");   /* exact tie: to even */
    assert_string_equal(lv_fmt_fixed(out, 3.7, 0, 0), "4");
    assert_string_equal(lv_fmt_fixed(out, 2.5, 3, P), "+2.500");
    assert_string_equal(lv_fmt_fixed(out, 0.05, 1, P), "+0.1");   /* 0.05000000000000000277 */
    /* 1.0105 is 1.01049999999999995... in binary: rounds down */
    assert_string_equal(lv_fmt_fixed(out, 1.0105, 3, 0), "1.010");
    assert_string_equal(lv_fmt_fixed(out, -3.0, 2, G), "-3.00");
    assert_string_equal(lv_fmt_fixed(out, 123.456, -1, 0), "123");   /* clamped to 0 */
    /* 20 decimals at most */
    assert_string_equal(lv_fmt_fixed(out, 0.5, 30, 0), "0.50000000000000000000");
}

static void negative_zero_and_rounding_to_zero(void **state)
{
    char out[LV_NUMFMT_MAX];
    assert_string_equal(lv_fmt_fixed(out, -0.0, 1, 0), "0.0");
    assert_string_equal(lv_fmt_fixed(out, -0.0, 1, P), "0.0");
    assert_string_equal(lv_fmt_fixed(out, -0.04, 1, G), "0.0");
    assert_string_equal(lv_fmt_fixed(out, 0.04, 1, P), "0.0");
    assert_string_equal(lv_fmt_fixed(out, -0.4, 0, 0), "0");
    assert_string_equal(lv_fmt_fixed(out, 0.0, 0, P), "0");
    assert_string_equal(lv_fmt_fixed(out, -0.06, 1, 0), "-0.1");
    assert_string_equal(lv_fmt_percent(out, -0.01, 1, P), "0.0%");
    assert_string_equal(lv_fmt_double(out, -0.0), "0");
}

static void percentages(void **state)
{
    char out[LV_NUMFMT_MAX];
    assert_string_equal(lv_fmt_percent(out, -91.5, 1, P), "-91.5%");
    assert_string_equal(lv_fmt_percent(out, -91.5, 1, 0), "-91.5%");
    assert_string_equal(lv_fmt_percent(out, 12.34, 1, P), "+12.3%");
    assert_string_equal(lv_fmt_percent(out, 0.0, 1, P), "0.0%");
    assert_string_equal(lv_fmt_percent(out, 1234.5, 0, G | P), "+1,234%");
    assert_string_equal(lv_fmt_percent(out, 100.0, 2, 0), "100.00%");
    assert_string_equal(lv_fmt_percent(out, NAN, 1, P), "n/a");
    assert_string_equal(lv_fmt_percent(out, -INFINITY, 1, P), "n/a");
}

static void non_finite_and_huge(void **state)
{
    char out[LV_NUMFMT_MAX];
    assert_string_equal(lv_fmt_fixed(out, NAN, 2, 0), "n/a");
    assert_string_equal(lv_fmt_fixed(out, INFINITY, 2, G), "n/a");
    assert_string_equal(lv_fmt_fixed(out, -INFINITY, 2, G), "n/a");
    assert_string_equal(lv_fmt_double(out, NAN), "n/a");
    assert_string_equal(lv_fmt_double(out, INFINITY), "n/a");
    /* 1e18 and beyond: shortest form */
    assert_string_equal(lv_fmt_fixed(out, 1e18, 2, G), "1e+18");
    assert_string_equal(lv_fmt_fixed(out, 2.5e20, 2, G | P), "+2.5e+20");
    assert_string_equal(lv_fmt_fixed(out, -DBL_MAX, 20, G | P),
                        "-1.7976931348623157e+308");
    assert_string_equal(lv_fmt_percent(out, 3e300, 1, P), "+3e+300%");
    /* the largest fixed text fits: 999,999,999,999,999,872 and 20 decimals */
    assert_string_equal(lv_fmt_fixed(out, -999999999999999872.0, 20, G | P),
                        "-999,999,999,999,999,872.00000000000000000000");
    assert_true(strlen(out) < LV_NUMFMT_MAX);
}

static void shortest_round_trip(void **state)
{
    char out[LV_NUMFMT_MAX];
    assert_string_equal(lv_fmt_double(out, 1.21), "1.21");
    assert_string_equal(lv_fmt_double(out, 0.1 + 0.2), "0.30000000000000004");
    assert_string_equal(lv_fmt_double(out, 0.1), "0.1");
    assert_string_equal(lv_fmt_double(out, -1.5), "-1.5");
    assert_string_equal(lv_fmt_double(out, 5.0), "5");
    assert_string_equal(lv_fmt_double(out, 100000.0), "100000");
    assert_string_equal(lv_fmt_double(out, 523896.0), "523896");
    assert_string_equal(lv_fmt_double(out, 1e15), "1000000000000000");
    assert_string_equal(lv_fmt_double(out, 1e16), "1e+16");
    assert_string_equal(lv_fmt_double(out, 1.5e300), "1.5e+300");
    assert_string_equal(lv_fmt_double(out, 0.0001), "0.0001");
    assert_string_equal(lv_fmt_double(out, 0.00012), "0.00012");
    assert_string_equal(lv_fmt_double(out, 1e-5), "1e-05");
    assert_string_equal(lv_fmt_double(out, 2.5e-7), "2.5e-07");
    assert_string_equal(lv_fmt_double(out, 5e-324), "5e-324");
    assert_string_equal(lv_fmt_double(out, DBL_MAX), "1.7976931348623157e+308");
    assert_string_equal(lv_fmt_double(out, 1.0 / 3.0), "0.3333333333333333");
    assert_string_equal(lv_fmt_double(out, 123456789.125), "123456789.125");
    assert_string_equal(lv_fmt_double(out, 9007199254740993.0), "9007199254740992");
    assert_string_equal(lv_fmt_double(out, 1697.451), "1697.451");
}

/* Every formatted double reads back as itself, and one digit fewer (when
 * there is a digit to spare) does not: the text is the shortest. */
static void round_trip_property(void **state)
{
    char out[LV_NUMFMT_MAX];
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    for (int i = 0; i < 5000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v))
            continue;
        lv_fmt_double(out, v);
        assert_true(strtod(out, NULL) == v);
        /* count significant digits and check the shorter %.Ne fails */
        int digits = 0;
        bool leading = true;
        for (const char *c = out; *c && *c != 'e'; c++) {
            if (*c < '0' || *c > '9')
                continue;
            if (leading && *c == '0')
                continue;
            leading = false;
            digits++;
        }
        /* trailing zeros of an integer text are not significant */
        if (!strchr(out, '.') && !strchr(out, 'e'))
            for (const char *c = out + strlen(out) - 1; c > out && *c == '0'; c--)
                digits--;
        if (digits > 1) {
            char shorter[64];
            snprintf(shorter, sizeof shorter, "%.*e", digits - 2, v);
            assert_false(strtod(shorter, NULL) == v);
        }
    }
}

static void into_a_buffer(void **state)
{
    char out[LV_NUMFMT_MAX];
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_puts(&b, lv_fmt_int(out, 523896, G));
    lv_buf_puts(&b, " -> ");
    lv_buf_puts(&b, lv_fmt_percent(out, -91.5, 1, P));
    assert_string_equal(b.data, "523,896 -> -91.5%");
    lv_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(integers),
        cmocka_unit_test(fixed_decimals),
        cmocka_unit_test(negative_zero_and_rounding_to_zero),
        cmocka_unit_test(percentages),
        cmocka_unit_test(non_finite_and_huge),
        cmocka_unit_test(shortest_round_trip),
        cmocka_unit_test(round_trip_property),
        cmocka_unit_test(into_a_buffer),
    };
    return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
