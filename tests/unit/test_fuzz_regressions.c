/* The fuzz targets' bodies over every input kept in the repository: the
 * seeds (fuzz/corpus/<target>/) and every crash, hang or slow input the
 * fuzzers found (fuzz/regressions/<target>/), so that the normal test
 * suite, and `make check-asan` with the sanitizers, replays them all.
 *
 * The fuzz sources are included here with their entry points renamed (one
 * binary, every target); each target checks its own contract and aborts
 * when it is broken. A hang fails through the alarm. */
#define _XOPEN_SOURCE 700
#include "lvtest.h"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#define LLVMFuzzerTestOneInput fuzz_kql
#include "../../fuzz/fuzz_kql.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_diag_proc
#include "../../fuzz/fuzz_diag_proc.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_diag_stats
#include "../../fuzz/fuzz_diag_stats.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_app_config
#include "../../fuzz/fuzz_app_config.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_responses
#include "../../fuzz/fuzz_responses.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_criteria
#define LLVMFuzzerInitialize fuzz_criteria_init
#include "../../fuzz/fuzz_criteria.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fuzz_template
#define LLVMFuzzerInitialize fuzz_template_init
#include "../../fuzz/fuzz_template.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fuzz_profile
#include "../../fuzz/fuzz_profile.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_rules
#define LLVMFuzzerInitialize fuzz_rules_init
#include "../../fuzz/fuzz_rules.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fuzz_tally
#include "../../fuzz/fuzz_tally.c"
#undef LLVMFuzzerTestOneInput

#define HANG_SECONDS 120

static void on_alarm(int sig)
{
    (void)sig;
    static const char m[] = "fuzz regressions: an input hung\n";
    if (write(2, m, sizeof m - 1) < 0) {
    }
    _exit(99);
}

/* Every file under fuzz/<kind>/<target>/ through fn; the count. */
static size_t replay(const char *kind, const char *target,
                     int (*fn)(const uint8_t *, size_t))
{
    char dir[300];
    snprintf(dir, sizeof dir, "fuzz/%s/%s", kind, target);
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* no regressions for this target (yet) */
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[600];
        snprintf(path, sizeof path, "%s/%.255s", dir, e->d_name);
        size_t len;
        char *data = lvtest_slurp_or_fail(path, &len);
        alarm(HANG_SECONDS);
        fn((const uint8_t *)data, len);
        alarm(0);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void run_target(const char *target, int (*fn)(const uint8_t *, size_t))
{
    size_t seeds = replay("corpus", target, fn);
    size_t regressions = replay("regressions", target, fn);
    assert_true(seeds > 0);
    fprintf(stderr, "  %s: %zu seeds, %zu regressions\n", target, seeds, regressions);
    fn((const uint8_t *)"", 0);
}

static void kql(void **state) { run_target("kql", fuzz_kql); }
static void diag_proc(void **state) { run_target("diag_proc", fuzz_diag_proc); }
static void diag_stats(void **state) { run_target("diag_stats", fuzz_diag_stats); }
static void app_config(void **state) { run_target("app_config", fuzz_app_config); }
static void responses(void **state) { run_target("responses", fuzz_responses); }
static void criteria(void **state) { run_target("criteria", fuzz_criteria); }
static void template(void **state) { run_target("template", fuzz_template); }
static void profile(void **state) { run_target("profile", fuzz_profile); }
static void rules(void **state) { run_target("rules", fuzz_rules); }
static void tally(void **state) { run_target("tally", fuzz_tally); }

static int setup(void **state)
{
    signal(SIGALRM, on_alarm);
    fuzz_criteria_init(NULL, NULL);
    fuzz_template_init(NULL, NULL);
    fuzz_rules_init(NULL, NULL);
    return 0;
}

static int teardown(void **state)
{
    json_decref(crit_metrics);
    json_decref(tmpl_view);
    lv_criteria_free(rules_criteria);
    lv_profile_free(&rules_profile);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kql),       cmocka_unit_test(diag_proc),
        cmocka_unit_test(diag_stats), cmocka_unit_test(app_config),
        cmocka_unit_test(responses), cmocka_unit_test(criteria),
        cmocka_unit_test(template),  cmocka_unit_test(profile),
        cmocka_unit_test(rules),     cmocka_unit_test(tally),
    };
    return cmocka_run_group_tests_name("fuzz_regressions", tests, setup, teardown);
}
