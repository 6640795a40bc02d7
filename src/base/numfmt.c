/* Locale-free number text: see include/lv/numfmt.h.
 *
 * Digits come from snprintf (which rounds correctly); everything around
 * them — sign, separators, decimal point — is written here, so a changed
 * LC_NUMERIC can only ever alter the radix bytes, which are dropped. */
#include "lv/numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *na(char *out)
{
    memcpy(out, "n/a", 4);
    return out;
}

/* Write sign, the integer digits int_d[0..ni) (grouped if asked) and the
 * fraction digits frac_d[0..nf) (after a '.' when nf > 0) into out, then
 * `suffix`. The sign is left out when every digit is zero. */
static char *assemble(char *out, bool negative, const char *int_d, size_t ni,
                      const char *frac_d, size_t nf, unsigned flags,
                      const char *suffix)
{
    bool zero = true;
    for (size_t k = 0; k < ni && zero; k++)
        zero = int_d[k] == '0';
    for (size_t k = 0; k < nf && zero; k++)
        zero = frac_d[k] == '0';
    char *o = out;
    if (!zero && negative)
        *o++ = '-';
    else if (!zero && (flags & LV_NUMFMT_PLUS))
        *o++ = '+';
    for (size_t k = 0; k < ni; k++) {
        if (k > 0 && (flags & LV_NUMFMT_GROUP) && (ni - k) % 3 == 0)
            *o++ = ',';
        *o++ = int_d[k];
    }
    if (nf > 0) {
        *o++ = '.';
        memcpy(o, frac_d, nf);
        o += nf;
    }
    size_t ns = strlen(suffix);
    memcpy(o, suffix, ns + 1);
    return out;
}

char *lv_fmt_int(char *out, int64_t v, unsigned flags)
{
    /* the magnitude as unsigned: -(v + 1) + 1 cannot overflow */
    uint64_t mag = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    char d[24];
    size_t n = sizeof d;
    do {
        d[--n] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    return assemble(out, v < 0, d + n, sizeof d - n, NULL, 0, flags, "");
}

/* Copy snprintf number text, turning each run of bytes that are not
 * digits, signs or 'e' (the locale's radix character) into one '.'. */
static void normalize(const char *in, char *out)
{
    bool in_radix = false;
    for (; *in; in++) {
        char c = *in;
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e') {
            *out++ = c;
            in_radix = false;
        } else if (!in_radix) {
            *out++ = '.';
            in_radix = true;
        }
    }
    *out = '\0';
}

char *lv_fmt_double(char *out, double v)
{
    if (!isfinite(v))
        return na(out);
    if (v == 0.0) {   /* +0.0 and -0.0 */
        memcpy(out, "0", 2);
        return out;
    }
    char tmp[64];
    int prec = 17;
    for (int p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
        if (strtod(tmp, NULL) == v) {   /* same locale both ways */
            prec = p;
            break;
        }
    }
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
    const char *e = strchr(tmp, 'e');
    int exp10 = e ? atoi(e + 1) : 0;
    if (exp10 >= -4 && exp10 < 16) {
        int decimals = prec - 1 - exp10;
        snprintf(tmp, sizeof tmp, "%.*f", decimals > 0 ? decimals : 0, v);
    }
    normalize(tmp, out);
    return out;
}

/* fixed text of v (finite, |v| < 1e18) with `decimals` digits; suffix after */
static char *fixed(char *out, double v, int decimals, unsigned flags,
                   const char *suffix)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > LV_NUMFMT_MAX_DECIMALS)
        decimals = LV_NUMFMT_MAX_DECIMALS;
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v));
    /* tmp is digits, then (when decimals > 0) the radix, then digits */
    size_t ni = 0;
    while (tmp[ni] >= '0' && tmp[ni] <= '9')
        ni++;
    const char *frac = tmp + ni;
    while (*frac && !(*frac >= '0' && *frac <= '9'))
        frac++;
    size_t nf = strlen(frac);
    return assemble(out, signbit(v) != 0, tmp, ni, frac, nf, flags, suffix);
}

static char *big(char *out, double v, unsigned flags, const char *suffix)
{
    char *o = out;
    if (v > 0 && (flags & LV_NUMFMT_PLUS))
        *o++ = '+';
    lv_fmt_double(o, v);
    strcat(out, suffix);
    return out;
}

char *lv_fmt_fixed(char *out, double v, int decimals, unsigned flags)
{
    if (!isfinite(v))
        return na(out);
    if (fabs(v) >= 1e18)
        return big(out, v, flags, "");
    return fixed(out, v, decimals, flags, "");
}

char *lv_fmt_percent(char *out, double pct, int decimals, unsigned flags)
{
    if (!isfinite(pct))
        return na(out);
    if (fabs(pct) >= 1e18)
        return big(out, pct, flags, "%");
    return fixed(out, pct, decimals, flags, "%");
}
