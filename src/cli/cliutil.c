/* Helpers shared by the commands: see include/lv/cliutil.h. */
#include "lv/cliutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/common.h"
#include "lv/fileio.h"

int lv_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "labverdict: %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nlabverdict: try 'labverdict %s --help'\n", cmd);
    return LV_EXIT_USAGE;
}

int lv_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int lv_cli_profile(const char *name, lv_profile *p, lv_diag *d)
{
    if (!name)
        name = "memory-pressure";
    size_t n = strlen(name);
    if (!strchr(name, '/') && (n < 5 || strcmp(name + n - 5, ".json") != 0))
        return lv_profile_load_builtin(name, p, d) ? LV_EXIT_USAGE : 0;
    char *text;
    size_t len;
    if (lv_read_file(name, NULL, LV_READ_LIMIT, &text, &len, d) != 0)
        return LV_EXIT_USAGE;
    int rc = lv_profile_parse(text, len, name, p, d);
    free(text);
    return rc ? LV_EXIT_USAGE : 0;
}

int lv_cli_run_with_criteria(const char *profile, const char *criteria, lv_cli_run_fn run,
                             const void *opts)
{
    lv_diag d;
    lv_diag_init(&d, stderr);
    lv_profile p;
    int rc = lv_cli_profile(profile, &p, &d);
    if (rc == 0) {
        lv_criteria *c = criteria ? lv_criteria_load(criteria, NULL, &p, &d)
                                  : lv_criteria_builtin(&p, &d);
        rc = c ? run(opts, &p, c, &d) : LV_EXIT_USAGE;
        lv_criteria_free(c);
        lv_profile_free(&p);
    }
    lv_diag_free(&d);
    return rc;
}
