/* labverdict recover [--help] FILE
 *
 * Print a client response CSV's records, glued or not, one a line in index
 * order: "index,status,seconds", or "label,index,status,seconds" when the
 * file's records carry a label. Status and seconds are printed as the file
 * wrote them (e.g. "000", "4.839467"). Warnings go to stderr. */
#include <stdio.h>
#include <string.h>

#include "lv/cli.h"
#include "lv/common.h"
#include "lv/diag.h"
#include "lv/responses.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: labverdict recover [--help] FILE\n"
            "\n"
            "Print the records of a client response CSV (index,status,seconds)\n"
            "one a line, ordered by index, whether the file has one record a\n"
            "line or records glued together with no separator. The number of\n"
            "decimals of the seconds is inferred; a fallback record\n"
            "'N,000,0' right after record N is folded into it (one request).\n"
            "When the records carry a label, lines are label,index,status,seconds\n"
            "(a label with a comma or quote is CSV-quoted).\n"
            "\n"
            "Exit codes: 0 done (warnings on stderr), 2 usage, 3 the file cannot\n"
            "be read, is broken, or admits more than one reading.\n");
}

static void put_label(const char *s, FILE *out)
{
    if (strpbrk(s, ",\"") == NULL) {
        fputs(s, out);
        return;
    }
    putc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

int lv_cmd_recover(int argc, char **argv)
{
    const char *file = NULL;
    int opts = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0) {
            opts = 0;
        } else if (opts && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            usage(stdout);
            return LV_EXIT_OK;
        } else if (opts && a[0] == '-' && a[1] != '\0') {
            fprintf(stderr,
                    "labverdict: recover: unknown option '%s'; try "
                    "'labverdict recover --help'\n",
                    a);
            return LV_EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "labverdict: recover: one FILE only; try "
                            "'labverdict recover --help'\n");
            return LV_EXIT_USAGE;
        } else {
            file = a;
        }
    }
    if (!file) {
        fprintf(stderr, "labverdict: recover: no FILE given; try "
                        "'labverdict recover --help'\n");
        return LV_EXIT_USAGE;
    }
    lv_diag d;
    lv_diag_init(&d, stderr);
    lv_response_set set;
    int rc = lv_responses_load(file, NULL, &set, &d);
    lv_diag_free(&d);
    if (rc != 0)
        return LV_EXIT_INPUT;
    for (size_t i = 0; i < set.n; i++) {
        const lv_response *r = &set.v[i];
        if (r->label) {
            put_label(r->label, stdout);
            putc(',', stdout);
        }
        printf("%llu,%s,%s\n", (unsigned long long)r->index, r->status_text,
               r->seconds_text);
    }
    lv_response_set_free(&set);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "labverdict: recover: cannot write the output\n");
        return LV_EXIT_INPUT;
    }
    return LV_EXIT_OK;
}
