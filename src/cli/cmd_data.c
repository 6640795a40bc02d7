/* labverdict criteria / labverdict template: print a profile's data files
 * (the built-in ones by default), so that a user starts editing from the
 * real thing. */
#include <stdio.h>
#include <string.h>

#include "lv/cli.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/embedded.h"
#include "lv/report.h"

static const char criteria_help[] =
    "usage: labverdict criteria [--profile NAME|DIR|FILE]\n"
    "\n"
    "Print the criteria file of a lab profile (default memory-pressure): the\n"
    "hypothesis, proof and disproof criteria and their thresholds. Save it,\n"
    "edit it, and pass it to 'labverdict report --criteria FILE'.\n"
    "\n"
    "  --profile NAME|DIR|FILE\n"
    "                       a built-in name, a profile folder (its\n"
    "                       criteria.json), or a roles file\n";

static const char template_help[] =
    "usage: labverdict template [--profile NAME|DIR|FILE] [NAME]\n"
    "\n"
    "Print the template NAME (e.g. report.md), or list the names. report.md\n"
    "is the report template of the profile (default memory-pressure): its\n"
    "own, or the generic built-in one for a profile without one. Save it,\n"
    "edit it, and pass it to 'labverdict report --template FILE' (or put it\n"
    "in a profile folder as report.md.mustache).\n"
    "\n"
    "  --profile NAME|DIR|FILE\n"
    "                       a built-in name, a profile folder, or a roles file\n";

static int print_text(const char *text, size_t len)
{
    fwrite(text, 1, len, stdout);
    return fflush(stdout) == 0 ? LV_EXIT_OK : LV_EXIT_INPUT;
}

/* The profile --profile names (NULL: the default), checked whole. */
static int load_profile(const char *name, lv_profile *p, lv_diag *d)
{
    lv_diag_init(d, stderr);
    int rc = lv_cli_profile(name, p, d);
    if (rc)
        lv_diag_free(d);
    return rc;
}

int lv_cmd_criteria(int argc, char **argv)
{
    const char *profile = NULL;
    for (int i = 1; i < argc; i++) {
        if (lv_is_help(argv[i])) {
            fputs(criteria_help, stdout);
            return LV_EXIT_OK;
        } else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
            profile = argv[++i];
        } else {
            return lv_usage_error("criteria", "unexpected argument '%s'", argv[i]);
        }
    }
    lv_diag d;
    lv_profile p;
    int rc = load_profile(profile, &p, &d);
    if (rc)
        return rc;
    if (p.criteria.text)
        rc = print_text(p.criteria.text, p.criteria.len);
    else
        rc = lv_criteria_profile(&p, &d) ? LV_EXIT_OK : LV_EXIT_USAGE; /* says why */
    lv_profile_free(&p);
    lv_diag_free(&d);
    return rc;
}

static void list_templates(void)
{
    static const char prefix[] = "templates/", suffix[] = ".mustache";
    for (const lv_embedded_file *f = lv_embedded; f->name; f++) {
        size_t n = strlen(f->name);
        if (strncmp(f->name, prefix, sizeof prefix - 1) == 0 && n > sizeof suffix)
            printf("%.*s\n", (int)(n - (sizeof prefix - 1) - (sizeof suffix - 1)),
                   f->name + sizeof prefix - 1);
    }
}

int lv_cmd_template(int argc, char **argv)
{
    const char *profile = NULL, *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (lv_is_help(argv[i])) {
            fputs(template_help, stdout);
            return LV_EXIT_OK;
        } else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
            profile = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return lv_usage_error("template", "unknown option '%s'", argv[i]);
        } else if (name) {
            return lv_usage_error("template", "one name only");
        } else {
            name = argv[i];
        }
    }
    if (!name) {
        list_templates();
        return LV_EXIT_OK;
    }
    size_t len;
    const char *text = lv_template_builtin(name, &len);
    if (!text)
        return lv_usage_error("template", "no built-in template '%s' (list them with 'labverdict template')",
                              name);
    if (strcmp(name, "report.md") != 0)
        return print_text(text, len);
    /* the report template is the profile's */
    lv_diag d;
    lv_profile p;
    int rc = load_profile(profile, &p, &d);
    if (rc)
        return rc;
    if (p.report_template.text)
        rc = print_text(p.report_template.text, p.report_template.len);
    else
        rc = print_text(text, len);
    lv_profile_free(&p);
    lv_diag_free(&d);
    return rc;
}
