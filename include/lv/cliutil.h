/* labverdict — what the commands share: option errors, help, profiles. */
#ifndef LV_CLIUTIL_H
#define LV_CLIUTIL_H

#include <stdio.h>
#include "lv/profile.h"

/* Print "labverdict: CMD: message" and a one-line hint; returns
 * LV_EXIT_USAGE so commands can `return lv_usage_error(...)`. */
int lv_usage_error(const char *cmd, const char *fmt, ...) LV_PRINTF(2, 3);

/* 1 when argv[i] is --help or -h. */
int lv_is_help(const char *arg);

/* Load the profile named by --profile (a built-in name, or a file path when
 * it contains '/' or ends in .json). Exit code style: 0, or LV_EXIT_USAGE. */
int lv_cli_profile(const char *name, lv_profile *p, lv_diag *d);

#endif
