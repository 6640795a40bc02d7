/* Timestamps without the C library's time-zone machinery: see
 * include/lv/timeutil.h. Civil-date arithmetic after H. Hinnant's
 * days_from_civil, which is exact for the proleptic Gregorian calendar. */
#include "lv/timeutil.h"

#include <stdio.h>
#include <string.h>

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
    int v = 0;
    if (at + count > n)
        return -1;
    for (size_t i = at; i < at + count; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int make_ns(int y, int mo, int d, int h, int mi, int se, int64_t *ns)
{
    if (y < 1678 || y > 2261 || mo < 1 || mo > 12 || d < 1 ||
        d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60)
        return -1;
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    *ns = ((days * 24 + h) * 60 + mi) * 60 * LV_NS_PER_SEC +
          (int64_t)se * LV_NS_PER_SEC;
    return 0;
}

/* Two digits at s[0..2) (the caller has checked the length). */
static int two_digits(const char *s, int *out)
{
    unsigned a = (unsigned)(unsigned char)s[0] - '0';
    unsigned b = (unsigned)(unsigned char)s[1] - '0';
    if (a > 9 || b > 9)
        return -1;
    *out = (int)(a * 10 + b);
    return 0;
}

/* The seconds, fraction and zone of a timestamp whose first 16 bytes have
 * been read as the minute starting at `minute` (ns). */
static int parse_rest(const char *s, size_t n, int64_t minute, int64_t *ns)
{
    /* the fraction's first nine digits, as nanoseconds */
    static const int64_t scale[10] = {1000000000, 100000000, 10000000,
                                      1000000,    100000,    10000,
                                      1000,       100,       10, 1};
    int se;
    if (s[16] != ':' || two_digits(s + 17, &se) || se > 60)
        return -1;
    int64_t t = minute + (int64_t)se * LV_NS_PER_SEC;
    size_t i = 19;
    if (i < n && s[i] == '.') {
        int64_t frac = 0;
        size_t start = ++i, k = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (k < 9) {   /* digits past nanoseconds are dropped */
                frac = frac * 10 + (s[i] - '0');
                k++;
            }
        if (i == start)
            return -1;
        t += frac * scale[k];
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        int oh, om;
        if (digits(s, n, i + 1, 2, &oh) || i + 3 >= n || s[i + 3] != ':' ||
            digits(s, n, i + 4, 2, &om) || oh > 23 || om > 59)
            return -1;
        int64_t off = ((int64_t)oh * 60 + om) * 60 * LV_NS_PER_SEC;
        t += s[i] == '+' ? -off : off;
        i += 6;
    }
    if (i != n)
        return -1;
    *ns = t;
    return 0;
}

/* The first 16 bytes, "YYYY-MM-DDTHH:MM", as the start of that minute (n is
 * at least 19). */
static int parse_minute(const char *s, int64_t *minute)
{
    int yh, yl, mo, d, h, mi;
    if (two_digits(s, &yh) || two_digits(s + 2, &yl) || s[4] != '-' ||
        two_digits(s + 5, &mo) || s[7] != '-' || two_digits(s + 8, &d) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        two_digits(s + 11, &h) || s[13] != ':' || two_digits(s + 14, &mi))
        return -1;
    /* make_ns checks the fields (seconds 0 here: they are checked later) */
    return make_ns(yh * 100 + yl, mo, d, h, mi, 0, minute);
}

int lv_time_parse_iso(const char *s, size_t n, int64_t *ns)
{
    int64_t minute;
    if (n < 19 || parse_minute(s, &minute))
        return -1;
    return parse_rest(s, n, minute, ns);
}

void lv_time_memo_init(lv_time_memo *m)
{
    memset(m, 0, sizeof *m);
}

int lv_time_parse_iso_memo(const char *s, size_t n, int64_t *ns,
                           lv_time_memo *m)
{
    if (n < 19)
        return -1;
    if (!m->valid || memcmp(s, m->prefix, sizeof m->prefix) != 0) {
        int64_t minute;
        if (parse_minute(s, &minute))
            return -1;
        memcpy(m->prefix, s, sizeof m->prefix);
        m->minute = minute;
        m->valid = 1;
    }
    return parse_rest(s, n, m->minute, ns);
}

int lv_time_parse_stamp(const char *s, size_t n, int64_t *ns)
{
    int y, mo, d, h, mi, se;
    if (n != 16 || digits(s, n, 0, 4, &y) || digits(s, n, 4, 2, &mo) ||
        digits(s, n, 6, 2, &d) || s[8] != 'T' || digits(s, n, 9, 2, &h) ||
        digits(s, n, 11, 2, &mi) || digits(s, n, 13, 2, &se) || s[15] != 'Z')
        return -1;
    return make_ns(y, mo, d, h, mi, se, ns);
}

void lv_time_format_iso(int64_t ns, char *out)
{
    int64_t secs = ns / LV_NS_PER_SEC, frac = ns % LV_NS_PER_SEC;
    if (frac < 0) {
        frac += LV_NS_PER_SEC;
        secs -= 1;
    }
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    int len = snprintf(out, 40, "%04lld-%02u-%02uT%02d:%02d:%02d",
                       (long long)y, m, d, (int)(rem / 3600),
                       (int)(rem / 60 % 60), (int)(rem % 60));
    if (frac) {
        char f[16];
        snprintf(f, sizeof f, "%09lld", (long long)frac);
        size_t k = strlen(f);
        while (k > 0 && f[k - 1] == '0')
            f[--k] = '\0';
        len += snprintf(out + len, (size_t)(40 - len), ".%s", f);
    }
    snprintf(out + len, (size_t)(40 - len), "Z");
}

int lv_seconds_text_to_ns(const char *s, size_t n, int64_t *ns)
{
    int64_t whole = 0, frac = 0, scale = LV_NS_PER_SEC;
    size_t i = 0;
    if (n == 0)
        return -1;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (whole > (INT64_MAX / LV_NS_PER_SEC - 9) / 10)
            return -1;
        whole = whole * 10 + (s[i] - '0');
    }
    if (i == 0)
        return -1;
    if (i < n && s[i] == '.') {
        size_t start = ++i;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (scale > 1) {
                scale /= 10;
                frac += (s[i] - '0') * scale;
            }
        }
        if (i == start)
            return -1;
    }
    if (i != n)
        return -1;
    *ns = whole * LV_NS_PER_SEC + frac;
    return 0;
}
