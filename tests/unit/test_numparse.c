/* Unit tests for the exact fast path of decimal conversion
 * (lv_decimal_fast): whenever it answers, the answer must be the bits strtod
 * gives; it must answer for the forms the loaders meet (whole TimeTaken
 * values, seconds with 6 decimals) and refuse what it cannot do exactly. */
#include "lvtest.h"

#include <math.h>

#include "lv/numparse.h"

/* The fast path's answer for text t, checked against strtod when given.
 * Returns whether it answered. */
static int fast_agrees(const char *t)
{
    double fast = 0.0;
    int ok = lv_decimal_fast(t, strlen(t), &fast);
    if (ok) {
        double slow = strtod(t, NULL);
        if (memcmp(&fast, &slow, sizeof fast) != 0)
            fail_msg("'%s': fast %.17g, strtod %.17g", t, fast, slow);
    }
    return ok;
}

static void answers_the_common_forms(void **state)
{
    static const char *const yes[] = {
        "0", "-0", "1393", "62922", "0.783594", "4.839467", "21.238111",
        "0.1", "0.3", "-12.5", "00012.500", "9007199254740992",
        "900719925474099.2", "0.0000000000000000000001",
        "1234567890123456", "0.1234567890123456"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!fast_agrees(yes[i]))
            fail_msg("'%s' should take the fast path", yes[i]);
    double z = 1.0;
    assert_true(lv_decimal_fast("-0", 2, &z) && z == 0.0 && signbit(z));
    assert_true(lv_decimal_fast("-0.000", 6, &z) && z == 0.0 && signbit(z));
}

static void refuses_what_it_cannot_do_exactly(void **state)
{
    static const char *const no[] = {
        "",  "-", ".5", "1.", "1e5", "1E-7", "+1", " 1", "1 ", "0x10",
        "inf", "nan", "9007199254740993",         /* > 2^53 */
        "1234567890123456789", "0.1234567890123456789", /* M > 2^53 */
        "12345678901234567890",                    /* 20 digits */
        "0.00000000000000000000001",               /* 23 decimals */
        "1.2.3", "--1", "1,5"};
    double x = 42.0;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (lv_decimal_fast(no[i], strlen(no[i]), &x))
            fail_msg("'%s' should be refused", no[i]);
    assert_true(x == 42.0);   /* untouched */
    /* the length is the truth: "1393" in "13930" */
    assert_true(lv_decimal_fast("13930", 4, &x) && x == 1393.0);
}

/* A small deterministic generator (xorshift64). */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void agrees_with_strtod_on_many_numbers(void **state)
{
    uint64_t seed = 0x9E3779B97F4A7C15u;
    char t[64];
    size_t answered = 0, total = 300000;
    for (size_t k = 0; k < total; k++) {
        size_t p = 0;
        if (rnd(&seed) % 4 == 0)
            t[p++] = '-';
        size_t whole = 1 + rnd(&seed) % 17, frac = rnd(&seed) % 25;
        for (size_t i = 0; i < whole; i++)
            t[p++] = (char)('0' + rnd(&seed) % 10);
        if (frac) {
            t[p++] = '.';
            for (size_t i = 0; i < frac; i++)
                t[p++] = (char)('0' + rnd(&seed) % 10);
        }
        t[p] = '\0';
        answered += (size_t)fast_agrees(t);
    }
    /* curl's seconds and whole milliseconds: always answered */
    for (uint64_t v = 0; v < 200000; v++) {
        snprintf(t, sizeof t, "%llu.%06llu", (unsigned long long)(v / 7),
                 (unsigned long long)(v * 7919 % 1000000));
        assert_true(fast_agrees(t));
        snprintf(t, sizeof t, "%llu", (unsigned long long)(v * 31));
        assert_true(fast_agrees(t));
    }
    assert_true(answered > total / 10);   /* the random ones often are */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_the_common_forms),
        cmocka_unit_test(refuses_what_it_cannot_do_exactly),
        cmocka_unit_test(agrees_with_strtod_on_many_numbers),
    };
    return cmocka_run_group_tests_name("numparse", tests, NULL, NULL);
}
