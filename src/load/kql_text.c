/* The KQL loader's text checks: strict UTF-8, where a string token starts,
 * and cells read as numbers (lv_kql_int64, lv_kql_double). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kql_int.h"
#include "lv/numparse.h"

/* ---- strict UTF-8 ------------------------------------------------------ */

int kql_utf8_valid(const unsigned char *p, size_t n)
{
    /* Nearly every string of an export is ASCII: look at all of it eight
     * bytes at a time first, one test at the end. */
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        any |= w;
    }
    for (; i < n; i++)
        any |= p[i];
    if (!(any & UINT64_C(0x8080808080808080)))
        return 1;
    i = 0;
    while (i < n) {
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;   /* range of the second byte */
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c == 0xE0)
            need = 2, lo = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            need = 2;
        else if (c == 0xED)
            need = 2, hi = 0x9F;
        else if (c == 0xF0)
            need = 3, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            need = 3;
        else if (c == 0xF4)
            need = 3, hi = 0x8F;
        else
            return 0;
        if (n - i - 1 < need)
            return 0;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return 0;
        for (size_t k = 2; k <= need; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
        i += need + 1;
    }
    return 1;
}

long long kql_quote_start(const unsigned char *p, size_t q)
{
    for (size_t i = q; i-- > 0;) {
        if (p[i] != '"')
            continue;
        size_t k = 0;
        while (k < i && p[i - 1 - k] == '\\')
            k++;
        if (k % 2 == 0)
            return (long long)i;
    }
    return -1;
}

/* ---- cells as numbers --------------------------------------------------- */

/* Is s[0..n) a JSON number? (No NUL bytes, no spaces, no hex, no inf.) */
static int json_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n)
        return 0;
    if (s[i] == '0')
        i++;
    else if (s[i] >= '1' && s[i] <= '9')
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    else
        return 0;
    if (i < n && s[i] == '.') {
        i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    }
    return i == n;
}

/* A plain whole number of at most 18 digits, "0" or not starting with 0
 * (so a JSON number): 1 and its value, else 0. The common cell (a status,
 * a TimeTaken), read in one pass; anything else takes the general way. */
static int small_whole(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 18 || (s[0] == '0' && n > 1))
        return 0;
    int64_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned dg = (unsigned)(unsigned char)s[i] - '0';
        if (dg > 9)
            return 0;
        acc = acc * 10 + (int64_t)dg;
    }
    *out = acc;
    return 1;
}

int lv_kql_int64(const lv_kql_value *v, int64_t *out)
{
    if (!v || (v->kind != LV_KV_NUMBER && v->kind != LV_KV_STRING))
        return -1;
    if (small_whole(v->text, v->len, out))
        return 0;
    const char *s = v->text;
    size_t n = v->len, i = 0;
    if (!json_number(s, n))
        return -1;
    int neg = s[0] == '-';
    if (neg)
        i++;
    uint64_t acc = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;   /* a fraction or an exponent */
        unsigned dgt = (unsigned)(s[i] - '0');
        if (acc > (lim - dgt) / 10)
            return -1;
        acc = acc * 10 + dgt;
    }
    *out = neg ? (acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc)
               : (int64_t)acc;
    return 0;
}

int lv_kql_double(const lv_kql_value *v, double *out)
{
    if (!v || (v->kind != LV_KV_NUMBER && v->kind != LV_KV_STRING))
        return -1;
    int64_t w;
    if (v->len <= 15 && small_whole(v->text, v->len, &w)) {
        *out = (double)w;   /* below 10^15 < 2^53: exact, as strtod */
        return 0;
    }
    if (!json_number(v->text, v->len))
        return -1;
    if (lv_decimal_fast(v->text, v->len, out))
        return 0;   /* what strtod gives, without its cost */
    errno = 0;
    char *end;
    double x = strtod(v->text, &end);
    if (end != v->text + v->len || (errno == ERANGE && isinf(x)))
        return -1;
    *out = x;
    return 0;
}
