/* The two-sided Mann–Whitney U test: see include/lv/stats.h.
 *
 * U is computed from one merge pass over the two sorted samples, in integer
 * arithmetic (2·U1 is an integer), so it is exact for any sample size that
 * fits in memory. */
#include "lv/stats.h"

#include <math.h>
#include <stdlib.h>

/* P(U <= u_obs) for sample sizes m and n without ties, by counting
 * arrangements. f(i, j, u) = the number of orderings of i values of one
 * sample and j of the other in which U (pairs with the first sample's value
 * above) equals u. Looking at the largest value: it belongs to the first
 * sample and is above all j others (u - j remains), or to the second and
 * adds nothing:
 *
 *     f(i, j, u) = f(i-1, j, u-j) + f(i, j-1, u),   f(0, j, u) = f(i, 0, u) = [u == 0]
 *
 * We keep g[i][u] = f(i, j, u) for i = 0..m and step j from 1 to n; going
 * up in i, g[i-1] already holds the new j. Counts are at most
 * C(98, 49) < 2^96, held in doubles: only additions of positive numbers, so
 * the relative error stays near 1e-16 · (m + n). */
static double exact_cdf(size_t m, size_t n, size_t u_obs)
{
    if (m > n) {   /* the distribution is symmetric in m and n: keep m small */
        size_t t = m;
        m = n;
        n = t;
    }
    size_t umax = m * n;
    size_t w = umax + 1;
    double *g = calloc((m + 1) * w, sizeof(double));
    if (!g)
        abort();
    for (size_t i = 0; i <= m; i++)
        g[i * w] = 1.0;   /* j = 0: every i has U = 0 only */
    for (size_t j = 1; j <= n; j++) {
        for (size_t i = 1; i <= m; i++) {
            double *row = g + i * w;
            const double *prev = g + (i - 1) * w;
            /* U of i values against j is at most i·j */
            for (size_t u = j; u <= i * j; u++)
                row[u] += prev[u - j];
        }
    }
    const double *last = g + m * w;
    double total = 0.0, below = 0.0;
    for (size_t u = 0; u <= umax; u++) {
        total += last[u];
        if (u == u_obs)
            below = total;
    }
    free(g);
    return below / total;
}

void lv_mann_whitney(lv_sample *a, lv_sample *b, lv_mw_method want,
                     lv_mw_result *r)
{
    size_t n1 = a->n, n2 = b->n;
    r->n1 = n1;
    r->n2 = n2;
    r->u1 = r->u2 = r->u = r->r1 = r->z = 0.0;
    r->p = 1.0;
    r->ties = false;
    r->too_small = n1 < LV_MW_MIN_N || n2 < LV_MW_MIN_N;
    r->method = LV_MW_NONE;
    if (n1 == 0 || n2 == 0)
        return;
    lv_sample_sort(a);
    lv_sample_sort(b);

    /* Merge pass over groups of equal values. In a group with ca values of
     * a and cb of b, after `below_b` values of b in earlier groups, each of
     * the ca values is above below_b values of b and ties with cb:
     * 2·U1 += ca·(2·below_b + cb). Tie term: sum over groups of t^3 - t. */
    uint64_t u1x2 = 0, below_b = 0;
    double tie_sum = 0.0;
    size_t i = 0, j = 0, groups = 0;
    while (i < n1 || j < n2) {
        double x;
        if (j >= n2 || (i < n1 && a->v[i] <= b->v[j]))
            x = a->v[i];
        else
            x = b->v[j];
        uint64_t ca = 0, cb = 0;
        while (i < n1 && a->v[i] == x) {
            i++;
            ca++;
        }
        while (j < n2 && b->v[j] == x) {
            j++;
            cb++;
        }
        uint64_t t = ca + cb;
        if (t > 1) {
            r->ties = true;
            double td = (double)t;
            tie_sum += (td - 1.0) * td * (td + 1.0);
        }
        u1x2 += ca * (2 * below_b + cb);
        below_b += cb;
        groups++;
    }

    double nn = (double)n1 * (double)n2;
    r->u1 = (double)u1x2 / 2.0;
    r->u2 = nn - r->u1;
    r->u = r->u1 < r->u2 ? r->u1 : r->u2;
    r->r1 = r->u1 + (double)n1 * ((double)n1 + 1.0) / 2.0;

    bool exact_ok = !r->ties && n1 < LV_MW_EXACT_LIMIT && n2 < LV_MW_EXACT_LIMIT;
    if (want != LV_MW_NORMAL && exact_ok) {
        r->method = LV_MW_EXACT;
        /* without ties U is a whole number */
        uint64_t umin = u1x2 / 2;
        uint64_t other = (uint64_t)n1 * n2 - umin;
        if (other < umin)
            umin = other;
        double p = 2.0 * exact_cdf(n1, n2, (size_t)umin);
        r->p = p > 1.0 ? 1.0 : p;
        return;
    }

    r->method = LV_MW_NORMAL;
    if (groups == 1)   /* every value equal: no evidence of any change */
        return;
    double big_n = (double)n1 + (double)n2;
    double var = nn / 12.0 * ((big_n + 1.0) - tie_sum / (big_n * (big_n - 1.0)));
    if (!(var > 0.0))
        return;
    double d = fabs(r->u1 - nn / 2.0) - 0.5;
    if (d < 0.0)
        d = 0.0;
    r->z = d / sqrt(var);
    double p = erfc(r->z / sqrt(2.0));
    r->p = p > 1.0 ? 1.0 : p < 0.0 ? 0.0 : p;
}

bool lv_mw_changed(const lv_mw_result *r, double alpha)
{
    return r->method != LV_MW_NONE && r->p <= alpha;
}

const char *lv_mw_method_name(lv_mw_method m)
{
    switch (m) {
    case LV_MW_EXACT:
        return "exact";
    case LV_MW_NORMAL:
        return "normal";
    case LV_MW_NONE:
        return "none";
    case LV_MW_AUTO:
        break;
    }
    return "auto";
}
