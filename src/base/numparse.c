/* Strict number parsing: see include/lv/numparse.h. */
#include "lv/numparse.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

lv_num_status lv_parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0)
        return LV_NUM_SYNTAX;
    if (s[0] == '-') {
        for (size_t i = 1; i < n; i++)
            if (s[i] < '0' || s[i] > '9')
                return LV_NUM_SYNTAX;
        return n > 1 ? LV_NUM_NEGATIVE : LV_NUM_SYNTAX;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return LV_NUM_SYNTAX;
        unsigned dgt = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - dgt) / 10) {
            for (; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                    return LV_NUM_SYNTAX;
            return LV_NUM_RANGE;
        }
        v = v * 10 + dgt;
    }
    *out = v;
    return LV_NUM_OK;
}

static size_t digits(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && s[j] >= '0' && s[j] <= '9')
        j++;
    return j - i;
}

int lv_decimal_fast(const char *s, size_t n, double *out)
{
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
    (void)s, (void)n, (void)out;
    return 0;   /* extended precision would round twice */
#else
    static const double pow10[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const uint64_t lim = UINT64_C(1) << 53;
    size_t i = 0, frac = 0;
    int neg = 0;
    uint64_t m = 0;   /* the digits' value, until it passes lim */
    if (n && s[0] == '-') {
        neg = 1;
        i++;
    }
    size_t start = i;
    for (; i < n; i++) {
        unsigned dg = (unsigned)(unsigned char)s[i] - '0';
        if (dg > 9)
            break;
        if (m <= lim)   /* then m * 10 + 9 cannot overflow */
            m = m * 10 + dg;
    }
    if (i == start)
        return 0;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        for (; i < n; i++) {
            unsigned dg = (unsigned)(unsigned char)s[i] - '0';
            if (dg > 9)
                break;
            if (m <= lim)
                m = m * 10 + dg;
        }
        frac = i - f;
        if (frac == 0)
            return 0;
    }
    if (i != n || frac > 22 || m > lim)
        return 0;
    double x = (double)m;
    if (frac)
        x /= pow10[frac];
    *out = neg ? -x : x;
    return 1;
#endif
}

lv_num_status lv_parse_decimal(const char *s, size_t n, double *out)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    size_t k = digits(s, n, i);
    if (k == 0)
        return LV_NUM_SYNTAX;
    i += k;
    if (i < n && s[i] == '.') {
        k = digits(s, n, i + 1);
        if (k == 0)
            return LV_NUM_SYNTAX;
        i += 1 + k;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        k = digits(s, n, i);
        if (k == 0)
            return LV_NUM_SYNTAX;
        i += k;
    }
    if (i != n)
        return LV_NUM_SYNTAX;
    char buf[64];
    char *copy = n < sizeof buf ? buf : malloc(n + 1);
    if (!copy)
        abort();
    memcpy(copy, s, n);
    copy[n] = '\0';
    double v = strtod(copy, NULL);
    if (copy != buf)
        free(copy);
    if (!isfinite(v))
        return LV_NUM_RANGE;
    *out = v;
    return LV_NUM_OK;
}

const char *lv_num_status_text(lv_num_status st)
{
    switch (st) {
    case LV_NUM_OK: return "ok";
    case LV_NUM_SYNTAX: return "not a plain decimal number";
    case LV_NUM_NEGATIVE: return "negative where a count is expected";
    case LV_NUM_RANGE: return "out of range";
    }
    return "?";
}
