/* Metric-name patterns: see include/lv/metricpat.h. */
#include "lv/metricpat.h"

#include <string.h>

/* One pattern segment against one name segment. */
static int seg_match(const char *pat, size_t pl, const char *s, size_t sl)
{
    if (pl == 1 && pat[0] == '*')
        return sl > 0;
    const char *a = pat, *end = pat + pl;
    for (;;) {
        const char *bar = memchr(a, '|', (size_t)(end - a));
        size_t al = bar ? (size_t)(bar - a) : (size_t)(end - a);
        if (al == sl && memcmp(a, s, sl) == 0)
            return 1;
        if (!bar)
            return 0;
        a = bar + 1;
    }
}

static int match_from(const char *pat, const char *name)
{
    const char *pe = strchr(pat, '.');
    size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
    if (pl == 2 && pat[0] == '*' && pat[1] == '*') {
        if (!pe)
            return *name != '\0';
        /* one or more segments, then the rest of the pattern */
        for (const char *q = strchr(name, '.'); q; q = strchr(q + 1, '.'))
            if (q > name && match_from(pe + 1, q + 1))
                return 1;
        return 0;
    }
    const char *ne = strchr(name, '.');
    size_t nl = ne ? (size_t)(ne - name) : strlen(name);
    if (!seg_match(pat, pl, name, nl))
        return 0;
    if (!pe || !ne)
        return !pe && !ne;
    return match_from(pe + 1, ne + 1);
}

int lv_metric_pattern_match(const char *pattern, const char *name)
{
    if (!pattern || !name || !*pattern || !*name)
        return 0;
    return match_from(pattern, name);
}

/* What is wrong with the segment seg[0..n), or NULL. */
static const char *seg_error(const char *seg, size_t n)
{
    if (n == 0)
        return "an empty segment (two dots, or a dot at an end)";
    if ((n == 1 && seg[0] == '*') || (n == 2 && seg[0] == '*' && seg[1] == '*'))
        return NULL;
    if (memchr(seg, '*', n))
        return "'*' inside a word ('*' and '**' are whole segments)";
    for (size_t i = 0; i < n; i++)
        if (seg[i] == '|' && (i == 0 || i == n - 1 || seg[i + 1] == '|'))
            return "an empty word in a|b (a '|' at an end, or two together)";
    return NULL;
}

const char *lv_metric_pattern_error(const char *pattern)
{
    if (!pattern || !*pattern)
        return "an empty pattern";
    int globstars = 0;
    for (const char *s = pattern;;) {
        const char *dot = strchr(s, '.');
        size_t n = dot ? (size_t)(dot - s) : strlen(s);
        const char *why = seg_error(s, n);
        if (why)
            return why;
        globstars += n == 2 && s[0] == '*' && s[1] == '*';
        if (!dot)
            break;
        s = dot + 1;
    }
    return globstars > 1 ? "more than one '**'" : NULL;
}
