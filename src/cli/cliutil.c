/* Helpers shared by the commands: see include/lv/cliutil.h. */
#include "lv/cliutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/common.h"
#include "lv/analyze.h"
#include "lv/fileio.h"
#include "lv/mustache.h"

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
    if (lv_profile_load(name ? name : "memory-pressure", p, d) != 0)
        return LV_EXIT_USAGE;
    /* the whole profile is checked before any work, every file's errors
     * reported: the analysis rules, the criteria and the template */
    int bad = p->rules && lv_analysis_rules_check(p, d) != 0;
    if (p->criteria.text) {
        lv_criteria *c = lv_criteria_profile(p, d);
        bad |= !c;
        lv_criteria_free(c);
    }
    if (p->report_template.text) {
        lv_mustache *t = lv_mustache_compile(p->report_template.text, p->report_template.len,
                                             p->report_template.label, d);
        bad |= !t;
        lv_mustache_free(t);
    }
    if (bad) {
        lv_profile_free(p);
        return LV_EXIT_USAGE;
    }
    return 0;
}

int lv_cli_run_with_criteria(const char *profile, const char *criteria, lv_cli_run_fn run,
                             const void *opts)
{
    lv_diag d;
    lv_diag_init(&d, stderr);
    lv_profile p;
    int rc = lv_cli_profile(profile, &p, &d);
    if (rc == 0) {
        /* a roles file alone of no built-in's name has no rules: say so now */
        lv_criteria *c = lv_analysis_rules_check(&p, &d) != 0 ? NULL
                         : criteria ? lv_criteria_load(criteria, NULL, &p, &d)
                                    : lv_criteria_profile(&p, &d);
        rc = c ? run(opts, &p, c, &d) : LV_EXIT_USAGE;
        lv_criteria_free(c);
        lv_profile_free(&p);
    }
    lv_diag_free(&d);
    return rc;
}
