/* labverdict criteria / labverdict template: print the built-in data files,
 * so that a user starts editing from the real thing. */
#include <stdio.h>
#include <string.h>

#include "lv/cli.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/embedded.h"

static const char criteria_help[] =
    "usage: labverdict criteria [--profile NAME]\n"
    "\n"
    "Print the built-in criteria file of a lab (default memory-pressure):\n"
    "the hypothesis, proof and disproof criteria and their thresholds. Save\n"
    "it, edit it, and pass it to 'labverdict report --criteria FILE'.\n";

static const char template_help[] =
    "usage: labverdict template [NAME]\n"
    "\n"
    "Print the built-in template NAME (e.g. report.md), or list the names.\n"
    "Save it, edit it, and pass it to 'labverdict report --template FILE'.\n";

static int print_embedded(const char *path)
{
    const lv_embedded_file *f = lv_embedded_find(path);
    if (!f)
        return -1;
    fwrite(f->data, 1, f->size, stdout);
    return fflush(stdout) == 0 ? 0 : -1;
}

int lv_cmd_criteria(int argc, char **argv)
{
    const char *profile = "memory-pressure";
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
    char path[512];
    snprintf(path, sizeof path, "profiles/%s/criteria.json", profile);
    if (print_embedded(path) != 0)
        return lv_usage_error("criteria", "no built-in criteria for lab '%s'", profile);
    return LV_EXIT_OK;
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
    if (argc > 1 && lv_is_help(argv[1])) {
        fputs(template_help, stdout);
        return LV_EXIT_OK;
    }
    if (argc > 2)
        return lv_usage_error("template", "one name only");
    if (argc < 2) {
        list_templates();
        return LV_EXIT_OK;
    }
    char path[512];
    snprintf(path, sizeof path, "templates/%s.mustache", argv[1]);
    if (print_embedded(path) != 0)
        return lv_usage_error("template", "no built-in template '%s' (list them with 'labverdict template')",
                              argv[1]);
    return LV_EXIT_OK;
}
