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
