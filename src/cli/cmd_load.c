/* labverdict load [--as FORMAT] FILE: what one loader reads from one file,
 * as JSON. The format comes from the file's role in the profile unless
 * --as names it; a diag-stats file is read for the profile's app counters
 * either way. Useful to see why a report says what it says, and the way
 * the data-driven suites test each loader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv/cli.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/jsonutil.h"
#include "lv/loaders.h"

static const char help[] =
    "usage: labverdict load [--as FORMAT] [--profile NAME|DIR|FILE] FILE\n"
    "\n"
    "Print what the loader of FILE's format reads from it, as JSON.\n"
    "FORMAT: diag-proc, diag-stats, app-config, json, kql, responses.\n"
    "Without --as the format comes from the file's role in the profile\n"
    "(--profile: a built-in name, default memory-pressure, a profile folder,\n"
    "or a roles file). A diag-stats file is read for the pid and the\n"
    "profile's app counters (analysis.json \"app_counters\").\n";

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

int lv_cmd_load(int argc, char **argv)
{
    const char *file = NULL, *format = NULL, *profile = NULL;
    for (int i = 1; i < argc; i++) {
        if (lv_is_help(argv[i])) {
            fputs(help, stdout);
            return LV_EXIT_OK;
        } else if (strcmp(argv[i], "--as") == 0 && i + 1 < argc) {
            format = argv[++i];
        } else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
            profile = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return lv_usage_error("load", "unknown option '%s'", argv[i]);
        } else if (file) {
            return lv_usage_error("load", "one file only");
        } else {
            file = argv[i];
        }
    }
    if (!file)
        return lv_usage_error("load", "no file given");
    lv_diag d;
    lv_diag_init(&d, stderr);
    lv_profile p = {0};
    /* the profile also with --as: its app counters are what diag-stats reads */
    int rc = lv_cli_profile(profile, &p, &d);
    if (!rc && !format) {
        const lv_role_rule *r = lv_profile_role(&p, base_name(file));
        if (!r)
            rc = lv_usage_error("load", "%s: no role in profile '%s'; name one with --as",
                                file, p.name);
        format = r ? r->format : NULL;
    }
    if (!rc && !lv_format_known(format))
        rc = lv_usage_error("load", "unknown format '%s'", format);
    if (!rc) {
        const char **counters = lv_profile_app_counters(&p);
        json_t *j = lv_load_any(file, file, format, counters, &d);
        rc = j && lv_json_dump(stdout, j) == 0 ? LV_EXIT_OK : LV_EXIT_INPUT;
        json_decref(j);
        free(counters);
    }
    lv_profile_free(&p);
    lv_diag_free(&d);
    return rc;
}
