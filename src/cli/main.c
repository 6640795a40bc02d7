/* labverdict — command line: finds the command and hands over to the
 * library (include/lv/cli.h). Nothing else happens here but one setting of
 * the process's allocator (keep_freed_memory). */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "lv/cli.h"
#include "lv/common.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *what;
} commands[] = {
    {"inspect", lv_cmd_inspect, "list the artifacts of a run folder (JSON)"},
    {"recover", lv_cmd_recover, "print a response CSV's records, glued or not"},
    {"load", lv_cmd_load, "print what a loader reads from one artifact"},
    {"report", lv_cmd_report, "write the experiment log of a run folder"},
    {"diff", lv_cmd_diff, "compare two runs"},
    {"criteria", lv_cmd_criteria, "print the built-in criteria file"},
    {"template", lv_cmd_template, "print a built-in template, or list them"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: labverdict COMMAND [OPTION...] ARG...\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].what);
    fprintf(out, "\n'labverdict COMMAND --help' lists a command's options.\n"
                 "Exit codes: 0 done, 1 a gate failed, 2 usage, 3 input "
                 "unreadable.\n");
}

/* A run is short, and its big blocks (file texts, record arrays, samples)
 * come and go: the second response CSV's text and records fit where the
 * first's were. glibc gives blocks over its mmap threshold back to the
 * kernel when freed, and fresh pages cost a fault each when first touched
 * (about 10 us on a VM). Keeping freed memory for the next block takes the
 * 500,000-row report from 7,400 page faults to 4,000 for 0.6 MB more peak
 * RSS (docs/performance.md). The library itself leaves the allocator alone:
 * this is the program's choice, for the process it runs. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);    /* glibc's largest */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    if (argc < 2) {
        fprintf(stderr, "labverdict: no command given; try 'labverdict --help'\n");
        return LV_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("labverdict %s\n", LV_VERSION);
        return LV_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return LV_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "labverdict: unknown command '%s'; try 'labverdict --help'\n",
            argv[1]);
    return LV_EXIT_USAGE;
}
