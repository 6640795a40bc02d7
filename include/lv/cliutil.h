/* labverdict — what the commands share: option errors, help, profiles. */
#ifndef LV_CLIUTIL_H
#define LV_CLIUTIL_H

#include <stdio.h>
#include "lv/criteria.h"
#include "lv/profile.h"

/* Print "labverdict: CMD: message" and a one-line hint; returns
 * LV_EXIT_USAGE so commands can `return lv_usage_error(...)`. */
int lv_usage_error(const char *cmd, const char *fmt, ...) LV_PRINTF(2, 3);

/* 1 when argv[i] is --help or -h. */
int lv_is_help(const char *arg);

/* Load the profile named by --profile (NULL: the default, memory-pressure):
 * a built-in name, a profile folder or a roles file (profile.h,
 * lv_profile_load), then check all of it before any work: the analysis
 * rules (lv_analysis_rules_check), the criteria (lv_criteria_profile) and
 * the template (it must compile), every error at its place. Exit code
 * style: 0, or LV_EXIT_USAGE (p is then freed). */
int lv_cli_profile(const char *name, lv_profile *p, lv_diag *d);

/* What report and diff do once their options are read: load the profile
 * (--profile, or the built-in one) and the criteria (--criteria FILE, or
 * the profile's own), then call run(opts, profile, criteria, d) with
 * messages going to stderr. Returns run's exit code, or LV_EXIT_USAGE when
 * the profile or the criteria cannot be loaded, or the profile has no
 * analysis rules (a roles file alone whose name is no built-in). */
typedef int (*lv_cli_run_fn)(const void *opts, const lv_profile *p, const lv_criteria *c,
                             lv_diag *d);
int lv_cli_run_with_criteria(const char *profile, const char *criteria, lv_cli_run_fn run,
                             const void *opts);

#endif
