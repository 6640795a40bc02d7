/* libFuzzer target: the criteria file (lv_criteria_parse_with, checked
 * against the memory-pressure profile's metric patterns, as the tool
 * does), then, when it loads, lv_criteria_json and lv_criteria_evaluate
 * against the metric dictionary of fixtures/runs/example (both built once
 * at start-up). */
#include <stdlib.h>

#include "fuzz_common.h"
#include "lv/criteria.h"

static json_t *crit_metrics;
static lv_profile crit_profile;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_t *model = lv_fuzz_model("example");
    crit_metrics = json_incref(json_object_get(model, "metrics"));
    json_decref(model);
    lv_diag d;
    lv_diag_init(&d, NULL);
    if (lv_profile_load_builtin("memory-pressure", &crit_profile, &d) != 0)
        abort();
    lv_diag_free(&d);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_criteria *c = lv_criteria_parse_with(
        (const char *)data, size, "fuzz.json",
        (const char *const *)crit_profile.metric_patterns, &d);
    if (!c && d.errors == 0)
        abort();
    if (c) {
        json_t *j = lv_criteria_json(c);
        json_t *e = lv_criteria_evaluate(c, crit_metrics);
        json_t *e0 = lv_criteria_evaluate(c, NULL);
        if (!j || !e || !e0)
            abort();
        json_decref(j);
        json_decref(e);
        json_decref(e0);
        lv_criteria_free(c);
    }
    lv_diag_free(&d);
    return 0;
}
