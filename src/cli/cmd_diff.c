/* labverdict diff: compare two runs.
 *
 * Flow: options -> profile, criteria, template (bad ones: exit 2) -> the
 * model of each side: a run folder is analysed (as `report` does), a file
 * is read as a saved model and its schema checked (unreadable: exit 3) ->
 * the diff model (diff.h) -> render -> write (stdout, or -o atomically) ->
 * exit 0 when the verdicts are the same, 1 when the result or the stage
 * differs. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lv/analyze.h"
#include "lv/cli.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/criteria.h"
#include "lv/diff.h"
#include "lv/fileio.h"
#include "lv/jsonutil.h"
#include "lv/mustache.h"
#include "lv/output.h"
#include "lv/stats.h"

static const char help[] =
    "usage: labverdict diff [OPTION...] A B\n"
    "\n"
    "Compare two runs. A and B are each a run folder or a model saved by\n"
    "'labverdict report --format json', in any mix ('-' reads a model from\n"
    "standard input). Shows the verdicts, the criteria whose state changed,\n"
    "snapshot metrics and deltas side by side, latency with a two-sided\n"
    "Mann-Whitney U test per sample set, and the 5xx counts and status\n"
    "distributions.\n"
    "\n"
    "  --format md|html|json  output format (default md; json is the diff model)\n"
    "  -o FILE                write FILE (atomically) instead of stdout\n"
    "  --alpha P              significance level, 0 < P < 1 (default 0.05):\n"
    "                         a latency change with p > P is shown as ~\n"
    "  --template FILE        Markdown template instead of the built-in one\n"
    "  --criteria FILE        criteria for run folders instead of the profile's\n"
    "                         own (a saved model keeps its own)\n"
    "  --profile NAME|DIR|FILE\n"
    "                         lab profile for run folders: a built-in name\n"
    "                         (default memory-pressure), a profile folder or a\n"
    "                         roles file\n"
    "\n"
    "Exit: 0 the verdicts (result and stage) are the same, 1 the result or the\n"
    "stage differs, 2 usage or a bad criteria/template file, 3 an input cannot\n"
    "be read or an output cannot be written.\n";

typedef struct {
    const char *in[2], *format, *out, *alpha_text, *template_file, *criteria, *profile;
    double alpha;
} opts;

static int parse_alpha(opts *o)
{
    if (!o->alpha_text)
        return 0;
    char *end;
    errno = 0;
    o->alpha = strtod(o->alpha_text, &end);
    if (end == o->alpha_text || *end || errno || !isfinite(o->alpha) || o->alpha <= 0 ||
        o->alpha >= 1)
        return lv_usage_error("diff", "--alpha must be a number between 0 and 1, not '%s'",
                              o->alpha_text);
    return 0;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = "md";
    o->alpha = LV_MW_ALPHA;
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--format") == 0     ? &o->format
                            : strcmp(a, "-o") == 0          ? &o->out
                            : strcmp(a, "--alpha") == 0     ? &o->alpha_text
                            : strcmp(a, "--template") == 0  ? &o->template_file
                            : strcmp(a, "--criteria") == 0  ? &o->criteria
                            : strcmp(a, "--profile") == 0   ? &o->profile
                                                            : NULL;
        if (slot) {
            if (i + 1 >= argc)
                return lv_usage_error("diff", "%s needs a value", a);
            *slot = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return lv_usage_error("diff", "unknown option '%s'", a);
        } else if (n == 2) {
            return lv_usage_error("diff", "two runs only (A and B)");
        } else {
            o->in[n++] = a;
        }
    }
    if (n < 2)
        return lv_usage_error("diff", n ? "only one run given; give A and B" : "no runs given");
    if (strcmp(o->in[0], "-") == 0 && strcmp(o->in[1], "-") == 0)
        return lv_usage_error("diff", "only one of A and B can be '-' (standard input)");
    if (strcmp(o->format, "md") && strcmp(o->format, "html") && strcmp(o->format, "json"))
        return lv_usage_error("diff", "--format must be md, html or json");
    return parse_alpha(o);
}

/* Print the analysis messages of folder `dir` with their files named from
 * the current folder (the folder's own messages name it already), so that
 * the warnings of A and of B can be told apart. */
static void echo_from(const lv_diag *q, const char *dir)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    for (size_t i = 0; i < q->n; i++) {
        lv_diag_entry e = q->v[i];
        char *joined = NULL;
        if (e.file && e.file[0] != '/' &&
            !(strncmp(e.file, dir, len) == 0 && (e.file[len] == '\0' || e.file[len] == '/'))) {
            size_t n = len + strlen(e.file) + 2;
            joined = malloc(n);
            if (!joined)
                abort();
            snprintf(joined, n, "%.*s%s%s", (int)len, dir, dir[len - 1] == '/' ? "" : "/",
                     e.file);
            e.file = joined;
        }
        char *t = lv_diag_format(&e);
        fprintf(stderr, "labverdict: %s\n", t);
        free(t);
        free(joined);
    }
}

/* The model as `report --format json` saves it (written and read back;
 * m is released), so that a folder and its saved model give the same
 * numbers to the last digit: the saved form keeps 15 significant digits. */
static json_t *as_saved(json_t *m, const char *label, lv_diag *d)
{
    lv_buf b;
    lv_buf_init(&b);
    lv_json_dump_buf(&b, m);
    json_decref(m);
    json_t *back = lv_json_load_mem(b.data, b.len, label, d);
    lv_buf_free(&b);
    return back;
}

/* The model of one side, or NULL (its error printed: exit 3). */
static json_t *load_side(const char *path, const char **kind, const lv_profile *p,
                         const lv_criteria *c, lv_diag *d)
{
    struct stat st;
    if (strcmp(path, "-") == 0) {   /* a model on standard input */
        *kind = "model";
        json_t *m = lv_json_load_file("/dev/stdin", "-", d);
        if (m && lv_diff_check_model(m, "-", d) != 0) {
            json_decref(m);
            m = NULL;
        }
        return m;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        *kind = "folder";
        lv_diag q;
        lv_diag_init(&q, NULL);
        json_t *m = lv_analyze(path, p, c, &q);
        echo_from(&q, path);
        lv_diag_free(&q);
        return m ? as_saved(m, path, d) : NULL;
    }
    *kind = "model";
    if (stat(path, &st) != 0) {
        lv_diag_file(d, LV_SEV_ERROR, path, "no such run folder or model file: %s",
                     strerror(errno));
        return NULL;
    }
    json_t *m = lv_json_load_file(path, path, d);
    if (m && lv_diff_check_model(m, path, d) != 0) {
        json_decref(m);
        m = NULL;
    }
    return m;
}

static int emit(const opts *o, const char *kind[2], const lv_buf *b, lv_diag *d)
{
    if (!o->out || strcmp(o->out, "-") == 0) {
        if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
            return LV_EXIT_INPUT;
        return fflush(stdout) == 0 ? LV_EXIT_OK : LV_EXIT_INPUT;
    }
    for (int i = 0; i < 2; i++)
        if (strcmp(kind[i], "folder") == 0 && lv_output_same_file_inside(o->out, o->in[i])) {
            lv_diag_file(d, LV_SEV_ERROR, o->out,
                         "refusing to write into the artifact folder %s", o->in[i]);
            return LV_EXIT_USAGE;
        }
    return lv_output_write(o->out, b->data ? b->data : "", b->len, d) == 0 ? LV_EXIT_OK
                                                                          : LV_EXIT_INPUT;
}

static int compare(const opts *o, json_t *m[2], const char *kind[2],
                   const lv_render_opts *ro, lv_diag *d)
{
    lv_diff_input a = {m[0], o->in[0], kind[0]}, b = {m[1], o->in[1], kind[1]};
    json_t *diff = lv_diff(&a, &b, o->alpha);
    if (json_is_false(json_object_get(diff, "same_profile")))
        lv_diag_file(d, LV_SEV_WARNING, NULL,
                     "A and B are runs of different lab profiles: the comparison may mean little");
    lv_buf out;
    lv_buf_init(&out);
    int rc = lv_diff_render(diff, ro, &out, d) == 0 ? emit(o, kind, &out, d) : LV_EXIT_USAGE;
    if (rc == LV_EXIT_OK)
        rc = lv_diff_exit_code(diff);
    lv_buf_free(&out);
    json_decref(diff);
    return rc;
}

static int run(const void *vo, const lv_profile *p, const lv_criteria *c, lv_diag *d)
{
    const opts *o = vo;
    lv_render_opts ro = {o->format, NULL, 0, o->template_file, 0, 0};
    char *tmpl = NULL;
    if (o->template_file &&
        lv_read_file(o->template_file, NULL, LV_READ_LIMIT, &tmpl, &ro.template_len, d) != 0)
        return LV_EXIT_USAGE;
    ro.template_text = tmpl;
    if (tmpl) {   /* a bad template is found before the runs are read */
        lv_mustache *t = lv_mustache_compile(tmpl, ro.template_len, o->template_file, d);
        lv_mustache_free(t);
        if (!t) {
            free(tmpl);
            return LV_EXIT_USAGE;
        }
    }
    json_t *m[2];
    const char *kind[2];
    for (int i = 0; i < 2; i++)
        m[i] = load_side(o->in[i], &kind[i], p, c, d);
    int rc = m[0] && m[1] ? compare(o, m, kind, &ro, d) : LV_EXIT_INPUT;
    json_decref(m[0]);
    json_decref(m[1]);
    free(tmpl);
    return rc;
}

int lv_cmd_diff(int argc, char **argv)
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
