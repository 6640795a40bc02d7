/* Shared by the libFuzzer targets (fuzz/fuzz_*.c; `make fuzz`).
 *
 * Every target feeds one input surface the bytes libFuzzer gives it and
 * throws the result away: the sanitizers (address, undefined) and the
 * fuzzer's leak check are the oracle. Diagnostics are collected, never
 * printed. LV_FUZZ_ROOT is the repository (set by the Makefile), so a
 * target can build a fixed model from a fixture run once, at start-up. */
#ifndef LV_FUZZ_COMMON_H
#define LV_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lv/analyze.h"
#include "lv/criteria.h"
#include "lv/diag.h"
#include "lv/profile.h"

#ifndef LV_FUZZ_ROOT
#define LV_FUZZ_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The analysis model of fixtures/runs/<run> (new reference); aborts when it
 * cannot be built, since the target would then fuzz nothing useful. */
static inline json_t *lv_fuzz_model(const char *run)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/fixtures/runs/%s", LV_FUZZ_ROOT, run);
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_profile p;
    if (lv_profile_load_builtin("memory-pressure", &p, &d) != 0)
        abort();
    lv_criteria *c = lv_criteria_profile(&p, &d);
    if (!c)
        abort();
    json_t *model = lv_analyze(dir, &p, c, &d);
    if (!model) {
        fprintf(stderr, "fuzz: cannot analyse %s\n", dir);
        abort();
    }
    lv_criteria_free(c);
    lv_profile_free(&p);
    lv_diag_free(&d);
    return model;
}

#endif
