/* libFuzzer target: the lab profile parser (lv_profile_parse), then the
 * role lookup (fnmatch globs from the input) on real file names, and its
 * metric patterns (checked when it loaded) against metric names. */
#include <stdlib.h>

#include "fuzz_common.h"
#include "lv/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {
        "diag-proc-midleak-20260512T083700Z.json", "kql-http-20260512T085450Z.json",
        "heavy-responses-20260512T083700Z.csv", "app-config.json", "", "x"};
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    int rc = lv_profile_parse((const char *)data, size, "fuzz.json", &p, &d);
    if (rc != 0 && d.errors == 0)
        abort();
    static const char *const metrics[] = {
        "snap.midleak.MemAvailable", "kql.window.endpoint./a.b.c.d.e.f.p95",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z", "x", ""};
    if (rc == 0) {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            (void)lv_profile_role(&p, names[i]);
        for (size_t i = 0; i < sizeof metrics / sizeof metrics[0]; i++)
            (void)lv_metric_name_allowed(
                metrics[i], (const char *const *)p.metric_patterns);
    }
    lv_profile_free(&p);
    lv_diag_free(&d);
    return 0;
}
