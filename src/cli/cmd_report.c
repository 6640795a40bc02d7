/* labverdict report: the experiment log of a run folder.
 *
 * Flow: options -> profile (all its files), criteria, template (bad ones:
 * exit 2; the template is --template FILE, else the profile's own, else the
 * generic built-in one) ->
 * analyze the folder (unreadable: exit 3) -> render -> write (stdout, or
 * -o through a temporary file renamed into place) -> gates (--expect,
 * --expect-stage: exit 1 when the verdict differs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/cli.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/criteria.h"
#include "lv/fileio.h"
#include "lv/jsonutil.h"
#include "lv/output.h"
#include "lv/report.h"
#include "lv/udiff.h"

static const char help[] =
    "usage: labverdict report [OPTION...] DIR\n"
    "\n"
    "Write the experiment log of the run folder DIR: inventory, run context,\n"
    "snapshots, deltas, latency, logs, criteria and the verdict.\n"
    "\n"
    "  --format md|html|json  output format (default md; json is the model)\n"
    "  -o FILE                write FILE (atomically) instead of stdout\n"
    "  --criteria FILE        criteria file instead of the profile's own\n"
    "  --template FILE        Markdown template instead of the profile's\n"
    "  --profile NAME|DIR|FILE\n"
    "                         lab profile: a built-in name (default\n"
    "                         memory-pressure), a profile folder, or a roles\n"
    "                         file alone (see 'man labverdict')\n"
    "  --sources              add a table of where each figure comes from\n"
    "  --expect RESULT        exit 1 unless the verdict is RESULT\n"
    "                         (supported, falsified, inconclusive)\n"
    "  --expect-stage STAGE   exit 1 unless the stage is STAGE\n"
    "                         (pre-failure, failure)\n"
    "  --check FILE           write nothing; exit 0 when FILE is what this\n"
    "                         command would write, 1 (with a unified diff on\n"
    "                         stderr) when FILE is stale\n"
    "  --no-charts            leave the charts out\n"
    "\n"
    "Exit: 0 done, 1 a gate failed, 2 usage or a bad criteria/template file,\n"
    "3 the folder or an output cannot be read or written.\n";

typedef struct {
    const char *dir, *format, *out, *criteria, *template_file, *profile;
    const char *expect, *expect_stage, *check;
    int sources, no_charts;
} opts;

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = "md";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--format") == 0          ? &o->format
                            : strcmp(a, "-o") == 0               ? &o->out
                            : strcmp(a, "--criteria") == 0       ? &o->criteria
                            : strcmp(a, "--template") == 0       ? &o->template_file
                            : strcmp(a, "--profile") == 0        ? &o->profile
                            : strcmp(a, "--expect") == 0         ? &o->expect
                            : strcmp(a, "--expect-stage") == 0   ? &o->expect_stage
                            : strcmp(a, "--check") == 0          ? &o->check
                                                                 : NULL;
        if (slot) {
            if (i + 1 >= argc)
                return lv_usage_error("report", "%s needs a value", a);
            *slot = argv[++i];
        } else if (strcmp(a, "--sources") == 0) {
            o->sources = 1;
        } else if (strcmp(a, "--no-charts") == 0) {
            o->no_charts = 1;
        } else if (a[0] == '-' && a[1]) {
            return lv_usage_error("report", "unknown option '%s'", a);
        } else if (o->dir) {
            return lv_usage_error("report", "one folder only");
        } else {
            o->dir = a;
        }
    }
    if (!o->dir)
        return lv_usage_error("report", "no folder given");
    if (o->check && o->out)
        return lv_usage_error("report", "--check compares with a file; it takes no -o");
    if (strcmp(o->format, "md") && strcmp(o->format, "html") && strcmp(o->format, "json"))
        return lv_usage_error("report", "--format must be md, html or json");
    if (o->expect && strcmp(o->expect, "supported") && strcmp(o->expect, "falsified") &&
        strcmp(o->expect, "inconclusive"))
        return lv_usage_error("report", "--expect must be supported, falsified or inconclusive");
    if (o->expect_stage && strcmp(o->expect_stage, "pre-failure") &&
        strcmp(o->expect_stage, "failure"))
        return lv_usage_error("report", "--expect-stage must be pre-failure or failure");
    return 0;
}

/* 0, or 1 (with a message) when a --expect gate fails. */
static int gates(const opts *o, const json_t *model)
{
    json_t *v = json_object_get(model, "verdict");
    const char *result = json_string_value(json_object_get(v, "result"));
    const char *stage = json_string_value(json_object_get(v, "stage"));
    int rc = 0;
    if (o->expect && (!result || strcmp(result, o->expect) != 0)) {
        fprintf(stderr, "labverdict: %s: gate failed: verdict is %s, expected %s\n",
                o->dir, result ? result : "unknown", o->expect);
        rc = LV_EXIT_GATE;
    }
    if (o->expect_stage && (!stage || strcmp(stage, o->expect_stage) != 0)) {
        fprintf(stderr, "labverdict: %s: gate failed: stage is %s, expected %s\n",
                o->dir, stage ? stage : "unknown", o->expect_stage);
        rc = LV_EXIT_GATE;
    }
    return rc;
}

/* --check: the report in memory against the file on disk. */
static int check(const opts *o, const lv_buf *b, lv_diag *d)
{
    char *old;
    size_t len;
    if (lv_read_file(o->check, NULL, LV_READ_LIMIT, &old, &len, d) != 0)
        return LV_EXIT_INPUT;
    lv_buf diff;
    lv_buf_init(&diff);
    int stale = lv_udiff(old, len, b->data ? b->data : "", b->len, o->check,
                         "(regenerated)", &diff);
    if (stale) {
        fprintf(stderr, "labverdict: %s: stale: it differs from the report of %s "
                        "regenerated now\n", o->check, o->dir);
        fwrite(diff.data, 1, diff.len, stderr);
    }
    lv_buf_free(&diff);
    free(old);
    return stale ? LV_EXIT_GATE : LV_EXIT_OK;
}

static int emit(const opts *o, const lv_buf *b, lv_diag *d)
{
    if (o->check)
        return check(o, b, d);
    if (!o->out || strcmp(o->out, "-") == 0) {
        if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
            return LV_EXIT_INPUT;
        return fflush(stdout) == 0 ? LV_EXIT_OK : LV_EXIT_INPUT;
    }
    return lv_output_write(o->out, b->data ? b->data : "", b->len, d) == 0 ? LV_EXIT_OK
                                                                          : LV_EXIT_INPUT;
}

static int run(const void *vo, const lv_profile *p, const lv_criteria *c, lv_diag *d)
{
    const opts *o = vo;
    /* The tool never writes into the folder it reads: refuse before work. */
    if (o->out && strcmp(o->out, "-") != 0 && lv_output_same_file_inside(o->out, o->dir)) {
        lv_diag_file(d, LV_SEV_ERROR, o->out,
                     "refusing to write into the artifact folder %s", o->dir);
        return LV_EXIT_USAGE;
    }
    lv_render_opts ro = {o->format, NULL, 0, o->template_file, o->sources, !o->no_charts};
    char *tmpl = NULL;
    if (o->template_file &&
        lv_read_file(o->template_file, NULL, LV_READ_LIMIT, &tmpl, &ro.template_len, d) != 0)
        return LV_EXIT_USAGE;
    ro.template_text = tmpl;
    /* --template, else the profile's own template, else the generic one */
    if (!tmpl && p->report_template.text) {
        ro.template_text = p->report_template.text;
        ro.template_len = p->report_template.len;
        ro.template_name = p->report_template.label;
    }
    /* Only the JSON model shows the samples; md and html never read them. */
    lv_analyze_opts ao = {strcmp(o->format, "json") == 0, 0};
    json_t *model = lv_analyze_with(o->dir, p, c, &ao, d);
    int rc = LV_EXIT_INPUT;
    if (model) {
        lv_buf b;
        lv_buf_init(&b);
        rc = lv_report_render(model, &ro, &b, d) == 0 ? emit(o, &b, d) : LV_EXIT_USAGE;
        if (rc == LV_EXIT_OK || rc == LV_EXIT_GATE) {
            int g = gates(o, model);
            rc = rc ? rc : g;
        }
        lv_buf_free(&b);
        json_decref(model);
    }
    free(tmpl);
    return rc;
}

int lv_cmd_report(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (lv_is_help(argv[i])) {
            fputs(help, stdout);
            return LV_EXIT_OK;
        }
    opts o;
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc;
    return lv_cli_run_with_criteria(o.profile, o.criteria, run, &o);
}
