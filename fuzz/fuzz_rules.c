/* libFuzzer target: a profile's analysis rules (analysis.json), which a
 * profile folder brings at run time. The input replaces the memory-pressure
 * profile's analysis.json; lv_analysis_rules_check must accept it or say
 * why, and rules it accepts then drive the whole analysis of
 * fixtures/runs/example (one thread: the fuzzer's own), so that no
 * accepted rule can crash or hang the steps that trust them. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lv/analyze.h"

static lv_profile rules_profile;
static lv_criteria *rules_criteria;
static char rules_run[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lv_diag d;
    lv_diag_init(&d, NULL);
    if (lv_profile_load_builtin("memory-pressure", &rules_profile, &d) != 0)
        abort();
    rules_criteria = lv_criteria_profile(&rules_profile, &d);
    if (!rules_criteria)
        abort();
    lv_diag_free(&d);
    snprintf(rules_run, sizeof rules_run, "%s/fixtures/runs/example", LV_FUZZ_ROOT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lv_profile p = rules_profile;   /* shallow: only the rules change */
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    p.analysis.text = text;
    p.analysis.len = size;
    lv_diag d;
    lv_diag_init(&d, NULL);
    p.rules = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
    if (p.rules && lv_analysis_rules_check(&p, &d) == 0) {
        lv_analyze_opts o = {1, 1};
        json_decref(lv_analyze_with(rules_run, &p, rules_criteria, &o, &d));
    } else if (p.rules && d.errors == 0) {
        abort();   /* refused without saying why */
    }
    json_decref(p.rules);
    lv_diag_free(&d);
    free(text);
    return 0;
}
