/* libFuzzer target: the diag-stats loader (lv_parse_diag_stats), given the
 * app counters of a profile as the analysis gives them: each input is read
 * for the built-in memory-pressure profile's (analysis.json app_counters),
 * then for the disk-full fixture profile's, then for the default (NULL). */
#include "fuzz_common.h"
#include "lv/snapshot.h"

/* The app counters of the two profiles, read once (kept to the end). */
static const char **fuzz_stats_counters(int which)
{
    static const char **counters[2];
    static lv_profile profiles[2];
    static int loaded;
    if (!loaded) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/fixtures/profiles/disk-full", LV_FUZZ_ROOT);
        lv_diag d;
        lv_diag_init(&d, NULL);
        if (lv_profile_load_builtin("memory-pressure", &profiles[0], &d) != 0 ||
            lv_profile_load_dir(dir, &profiles[1], &d) != 0)
            abort();
        lv_diag_free(&d);
        for (int i = 0; i < 2; i++)
            if (!(counters[i] = lv_profile_app_counters(&profiles[i])))
                abort();
        loaded = 1;
    }
    return counters[which];
}

static json_t *fuzz_stats_parse(const char *text, size_t len, lv_diag *d)
{
    for (int i = 0; i < 2; i++) {
        lv_diag di;
        lv_diag_init(&di, NULL);
        json_t *o = lv_parse_diag_stats(text, len, "fuzz.json",
                                        (const char *const *)fuzz_stats_counters(i), &di);
        if (!o && di.errors == 0)
            abort(); /* NULL must come with an error */
        json_decref(o);
        lv_diag_free(&di);
    }
    return lv_parse_diag_stats(text, len, "fuzz.json", NULL, d);
}

#define LV_FUZZ_CALL(text, len, d) fuzz_stats_parse(text, len, d)
#include "fuzz_snapshot.h"
