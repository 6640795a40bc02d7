/* Broken input, whole runs: a copy of fixtures/runs/example with one
 * artifact replaced by something broken, analysed as `report --format json`
 * does (lv_analyze, then the JSON renderer), in this process so that
 * `make check-asan` sees every byte of it.
 *
 * The rule checked everywhere: the run is still analysed (exit 0, never a
 * crash or a hang), and when the replaced file is one the analysis uses and
 * its content is broken, a diagnostic names that file; when the content is
 * only dressed differently (a BOM, CRLF line ends) the figures are exactly
 * those of the pristine run and nothing is said about the file. Where a
 * single value is wrong (a counter past 2^64, a negative count, NaN spelled
 * out, a string for a number, ...) the figure it feeds is unknown, never a
 * wrong number.
 *
 * Cases: every JSONTestSuite file in the place of every JSON artifact (needs
 * ../shared); zero-byte files, folders, dangling symbolic links, FIFOs and
 * link loops in the place of every artifact; truncation, binary garbage, NUL
 * bytes, invalid UTF-8, BOM and CRLF for every artifact; out-of-range and
 * mistyped values, missing and duplicate keys, deep nesting. */
#define _XOPEN_SOURCE 700 /* symlink, mkfifo */
#include "lvtest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "lv/analyze.h"
#include "lv/buf.h"
#include "lv/criteria.h"
#include "lv/diag.h"
#include "lv/jsonutil.h"
#include "lv/profile.h"
#include "lv/report.h"

#define EXAMPLE "fixtures/runs/example"
#define NAMEMAX 256
#define HANG_SECONDS 60 /* one analysis of the example takes milliseconds */

static lv_profile profile;
static lv_criteria *criteria;
static char root[256]; /* scratch folder; the run copy is root/run */
static char run[300];

/* ---- files ---------------------------------------------------------- */


static void put(const char *path, const char *data, size_t len)
{
    lvtest_remove_tree(path); /* it may be a folder, a link or a FIFO now */
    lvtest_put(path, data, len);
}

/* A fresh copy of the example run at `run`. */
static void fresh_run(void)
{
    lvtest_remove_tree(run);
    assert_int_equal(lvtest_copy_run(EXAMPLE, run), 0);
}

/* The artifacts of the example, relative ("baseline/diag-proc.json"),
 * sorted; `ext` filters by ending (NULL: all). */
static size_t list_artifacts(const char *ext, char names[][NAMEMAX], size_t max)
{
    static const char *const phases[] = {"baseline", "trigger"};
    size_t n = 0;
    for (int p = 0; p < 2; p++) {
        char dir[300];
        snprintf(dir, sizeof dir, "%s/%s", EXAMPLE, phases[p]);
        DIR *d = opendir(dir);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (e->d_name[0] == '.')
                continue;
            if (ext && (l < strlen(ext) || strcmp(e->d_name + l - strlen(ext), ext) != 0))
                continue;
            assert_true(n < max);
            int w = snprintf(names[n++], NAMEMAX, "%s/%s", phases[p], e->d_name);
            assert_true(w > 0 && w < NAMEMAX);   /* our fixtures' names are short */
        }
        closedir(d);
    }
    qsort(names, n, NAMEMAX, (int (*)(const void *, const void *))strcmp);
    return n;
}

/* ---- analysis --------------------------------------------------------- */

typedef struct {
    json_t *model;   /* NULL when the analysis refused the folder */
    lv_diag d;
} outcome;

static void on_alarm(int sig)
{
    (void)sig;
    static const char m[] = "broken input: an analysis hung\n";
    if (write(2, m, sizeof m - 1) < 0) {
    }
    _exit(99);
}

/* Analyse `run` as `report --format json` does. */
static void analyse(outcome *o)
{
    lv_diag_init(&o->d, NULL);
    alarm(HANG_SECONDS);
    o->model = lv_analyze(run, &profile, criteria, &o->d);
    if (o->model) {
        lv_buf b;
        lv_buf_init(&b);
        lv_render_opts ro = {"json", NULL, 0, NULL, 0, 0};
        assert_int_equal(lv_report_render(o->model, &ro, &b, &o->d), 0);
        assert_true(b.len > 0);
        lv_buf_free(&b);
    }
    alarm(0);
}

static void done(outcome *o)
{
    json_decref(o->model);
    lv_diag_free(&o->d);
}

/* Does a diagnostic name `rel` (as "baseline/x.json" or ".../baseline/x.json")? */
static int named(const lv_diag *d, const char *rel)
{
    size_t rl = strlen(rel);
    for (size_t i = 0; i < d->n; i++) {
        const char *f = d->v[i].file;
        if (!f)
            continue;
        size_t fl = strlen(f);
        if (strcmp(f, rel) == 0 ||
            (fl > rl && f[fl - rl - 1] == '/' && strcmp(f + fl - rl, rel) == 0))
            return 1;
    }
    return 0;
}

static void dump_diag(const lv_diag *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char *m = lv_diag_format(&d->v[i]);
        fprintf(stderr, "    %s\n", m);
        free(m);
    }
}

/* The inventory entry of `rel` in the model. */
static json_t *inventory_entry(const json_t *model, const char *rel)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(model, "inventory"), i, e) {
        if (strcmp(json_string_value(json_object_get(e, "path")), rel) == 0)
            return e;
    }
    return NULL;
}

static int selected(const json_t *model, const char *rel)
{
    return json_is_true(json_object_get(inventory_entry(model, rel), "selected"));
}

/* The metrics of the pristine example, to compare with. */
static json_t *pristine_metrics;
static lv_diag pristine_diag;

/* Every metric of the pristine run that `m` has with another value, or has
 * not: a count of differences (0: the same figures). Printed. */
static size_t metric_differences(const json_t *m, const char *what)
{
    size_t diffs = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)pristine_metrics, k, v) {
        json_t *w = json_object_get(m, k);
        if (!w || !json_equal(json_object_get(v, "value"), json_object_get(w, "value"))) {
            if (diffs++ < 5)
                fprintf(stderr, "  %s: metric %s differs\n", what, k);
        }
    }
    if (json_object_size(m) != json_object_size(pristine_metrics)) {
        fprintf(stderr, "  %s: %zu metrics, pristine %zu\n", what, json_object_size(m),
                json_object_size(pristine_metrics));
        diffs++;
    }
    return diffs;
}

static int setup(void **state)
{
    (void)state;
    signal(SIGALRM, on_alarm);
    if (lvtest_scratch(root, sizeof root, "broken") != 0)
        return -1;
    snprintf(run, sizeof run, "%s/run", root);
    lv_diag d;
    lv_diag_init(&d, stderr);
    if (lv_profile_load_builtin("memory-pressure", &profile, &d) != 0)
        return -1;
    criteria = lv_criteria_profile(&profile, &d);
    lv_diag_free(&d);
    if (!criteria)
        return -1;
    fresh_run();
    lv_diag_init(&pristine_diag, NULL);
    json_t *model = lv_analyze(run, &profile, criteria, &pristine_diag);
    if (!model)
        return -1;
    pristine_metrics = json_incref(json_object_get(model, "metrics"));
    json_decref(model);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lvtest_remove_tree(root);
    json_decref(pristine_metrics);
    lv_diag_free(&pristine_diag);
    lv_criteria_free(criteria);
    lv_profile_free(&profile);
    return 0;
}

/* How many diagnostics of the pristine run name `rel` (the heavy CSV is
 * glued: it always has one warning). */
static size_t pristine_named(const char *rel)
{
    size_t n = 0;
    for (size_t i = 0; i < pristine_diag.n; i++) {
        lv_diag one = pristine_diag;
        one.v = &pristine_diag.v[i];
        one.n = 1;
        n += (size_t)named(&one, rel);
    }
    return n;
}

/* ---- the cases ------------------------------------------------------- */

/* Fail unless a diagnostic names `rel`. */
static void expect_named(const outcome *o, const char *rel, const char *what)
{
    if (!named(&o->d, rel)) {
        fprintf(stderr, "  %s in place of %s: no diagnostic names it; got:\n", what, rel);
        dump_diag(&o->d);
        fail();
    }
}

/* Each JSONTestSuite file in the place of each JSON artifact. */
static void json_test_suite_in_every_json_artifact(void **state)
{
    (void)state;
    LV_NEED_SHARED();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/conformance/json-test-suite/test_parsing",
             lvtest_shared());
    DIR *dd = opendir(dir);
    assert_non_null(dd);
    static char cases[400][NAMEMAX];
    size_t ncases = 0;
    struct dirent *e;
    while ((e = readdir(dd)))
        if (e->d_name[0] != '.' && ncases < 400)
            snprintf(cases[ncases++], NAMEMAX, "%s", e->d_name);
    closedir(dd);
    assert_int_equal(ncases, 318);
    qsort(cases, ncases, NAMEMAX, (int (*)(const void *, const void *))strcmp);

    static char arts[64][NAMEMAX];
    size_t narts = list_artifacts(".json", arts, 64);
    assert_true(narts >= 16);
    fresh_run();
    size_t runs = 0, refusals = 0;
    for (size_t a = 0; a < narts; a++) {
        char target[1024], orig[1024];
        snprintf(target, sizeof target, "%s/%s", run, arts[a]);
        snprintf(orig, sizeof orig, "%s/%s", EXAMPLE, arts[a]);
        for (size_t c = 0; c < ncases; c++) {
            char path[4400];
            snprintf(path, sizeof path, "%.4095s/%.255s", dir, cases[c]);
            size_t len;
            char *text = lvtest_slurp_or_fail(path, &len);
            put(target, text, len);
            free(text);
            outcome o;
            analyse(&o);
            runs++;
            if (!o.model) {
                fprintf(stderr, "  %s in place of %s: the run was refused\n", cases[c], arts[a]);
                dump_diag(&o.d);
                fail();
            }
            if (cases[c][0] == 'n' && selected(o.model, arts[a])) {
                expect_named(&o, arts[a], cases[c]);
                refusals++;
            }
            done(&o);
        }
        size_t len;
        char *text = lvtest_slurp_or_fail(orig, &len);
        put(target, text, len);
        free(text);
    }
    fprintf(stderr, "  %zu runs (%zu files x %zu artifacts), %zu invalid files named\n",
            runs, ncases, narts, refusals);
}

/* Restore `rel` in the run from the example. */
static void restore(const char *rel)
{
    char target[1024], orig[1024];
    snprintf(target, sizeof target, "%s/%s", run, rel);
    snprintf(orig, sizeof orig, "%s/%s", EXAMPLE, rel);
    size_t len;
    char *text = lvtest_slurp_or_fail(orig, &len);
    put(target, text, len);
    free(text);
}

static void target_of(const char *rel, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", run, rel);
}

/* Zero-byte files, folders, dangling links, FIFOs and link loops in the
 * place of every artifact: still a run, and the odd entry is named (the
 * zero-byte one as "empty" in the inventory, as the lab's failed exports
 * are). Opening a FIFO would block: the alarm turns a hang into a failure. */
static void odd_files_in_every_artifact(void **state)
{
    (void)state;
    static char arts[64][NAMEMAX];
    size_t narts = list_artifacts(NULL, arts, 64);
    static const char *const kinds[] = {"zero-byte", "folder", "dangling link", "FIFO",
                                        "link to itself", "link loop"};
    fresh_run();
    for (size_t a = 0; a < narts; a++) {
        char target[1024];
        target_of(arts[a], target, sizeof target);
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            lvtest_remove_tree(target);
            char other[1100];
            snprintf(other, sizeof other, "%s.other", target);
            switch (k) {
            case 0: put(target, "", 0); break;
            case 1: assert_int_equal(mkdir(target, 0755), 0); break;
            case 2: assert_int_equal(symlink("no-such-file", target), 0); break;
            case 3: assert_int_equal(mkfifo(target, 0644), 0); break;
            case 4: assert_int_equal(symlink(strrchr(target, '/') + 1, target), 0); break;
            case 5:
                assert_int_equal(symlink(strrchr(other, '/') + 1, target), 0);
                assert_int_equal(symlink(strrchr(target, '/') + 1, other), 0);
                break;
            }
            outcome o;
            analyse(&o);
            if (!o.model) {
                fprintf(stderr, "  %s in place of %s: the run was refused\n", kinds[k], arts[a]);
                dump_diag(&o.d);
                fail();
            }
            if (k == 0) {
                json_t *e = inventory_entry(o.model, arts[a]);
                assert_non_null(e);
                assert_string_equal(json_string_value(json_object_get(e, "status")), "empty");
            } else {
                expect_named(&o, arts[a], kinds[k]);
            }
            done(&o);
            lvtest_remove_tree(other);
        }
        restore(arts[a]);
    }
}

/* Link loops and links to folders inside the run folder itself: the walk
 * never follows them, and the figures are those of the pristine run. */
static void link_loops_in_the_folder(void **state)
{
    (void)state;
    fresh_run();
    char p[1024];
    snprintf(p, sizeof p, "%s/trigger/self", run);
    assert_int_equal(symlink(".", p), 0);
    snprintf(p, sizeof p, "%s/trigger/up", run);
    assert_int_equal(symlink("..", p), 0);
    snprintf(p, sizeof p, "%s/loop-a", run);
    assert_int_equal(symlink("loop-b", p), 0);
    snprintf(p, sizeof p, "%s/loop-b", run);
    assert_int_equal(symlink("loop-a", p), 0);
    snprintf(p, sizeof p, "%s/baseline/deep", run);
    assert_int_equal(symlink("../trigger/up", p), 0);
    outcome o;
    analyse(&o);
    assert_non_null(o.model);
    assert_int_equal(metric_differences(json_object_get(o.model, "metrics"), "link loops"), 0);
    expect_named(&o, "trigger/self", "a link to a folder");
    expect_named(&o, "loop-a", "a link loop");
    done(&o);
    fresh_run();
}

static uint64_t rng = UINT64_C(0x2545F4914F6CDD1D);
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Damaged and re-dressed content in the place of every non-empty artifact.
 * Damage must be named when the file is used; a BOM or CRLF line ends must
 * change nothing at all. */
static void damaged_content_in_every_artifact(void **state)
{
    (void)state;
    static char arts[64][NAMEMAX];
    size_t narts = list_artifacts(NULL, arts, 64);
    static const char *const kinds[] = {
        "cut at 1/4", "cut at 1/2", "cut before the last brace", "binary garbage",
        "a NUL byte", "0xFF", "an overlong NUL (C0 80)", "a surrogate (ED A0 80)",
        "a lone continuation byte", "UTF-16", "a UTF-8 BOM", "CRLF line ends"};
    enum { N_KINDS = sizeof kinds / sizeof kinds[0], K_BOM = N_KINDS - 2, K_CRLF = N_KINDS - 1 };
    fresh_run();
    for (size_t a = 0; a < narts; a++) {
        char orig[1024], target[1024];
        snprintf(orig, sizeof orig, "%s/%s", EXAMPLE, arts[a]);
        target_of(arts[a], target, sizeof target);
        size_t len;
        char *text = lvtest_slurp_or_fail(orig, &len);
        if (len == 0) {
            free(text);
            continue;
        }
        int csv = strstr(arts[a], ".csv") != NULL;
        /* where to damage: inside the first string (JSON) or the second
         * line (CSV), where the bytes are surely read */
        const char *q = csv ? strchr(text, '\n') : strchr(text, '"');
        size_t at = q ? (size_t)(q - text) + 1 : len / 2;
        if (at >= len)
            at = len / 2;
        for (size_t k = 0; k < N_KINDS; k++) {
            lv_buf b;
            lv_buf_init(&b);
            size_t end = len;
            while (end > 0 && strchr(" \r\n\t", text[end - 1]))
                end--;
            switch (k) {
            case 0: lv_buf_put(&b, text, len / 4); break;
            case 1: lv_buf_put(&b, text, len / 2); break;
            case 2: lv_buf_put(&b, text, end - 1); break;
            case 3:
                for (int i = 0; i < 4096; i++)
                    lv_buf_putc(&b, (char)(rnd() & 0xff));
                break;
            case K_BOM:
                lv_buf_put(&b, "\xef\xbb\xbf", 3);
                lv_buf_put(&b, text, len);
                break;
            case K_CRLF:
                for (size_t i = 0; i < len; i++) {
                    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
                        lv_buf_putc(&b, '\r');
                    lv_buf_putc(&b, text[i]);
                }
                break;
            case 9: /* UTF-16LE, as PowerShell's Out-File writes */
                lv_buf_put(&b, "\xff\xfe", 2);
                for (size_t i = 0; i < len; i++) {
                    lv_buf_putc(&b, text[i]);
                    lv_buf_putc(&b, '\0');
                }
                break;
            default: {
                static const char *const bad[] = {"\0", "\xff", "\xc0\x80", "\xed\xa0\x80", "\x80"};
                static const size_t badlen[] = {1, 1, 2, 3, 1};
                lv_buf_put(&b, text, at);
                lv_buf_put(&b, bad[k - 4], badlen[k - 4]);
                lv_buf_put(&b, text + at, len - at);
            }
            }
            put(target, b.data ? b.data : "", b.len);
            lv_buf_free(&b);
            outcome o;
            analyse(&o);
            if (!o.model) {
                fprintf(stderr, "  %s in %s: the run was refused\n", kinds[k], arts[a]);
                dump_diag(&o.d);
                fail();
            }
            if (k == K_BOM || k == K_CRLF) {
                char what[400];
                snprintf(what, sizeof what, "%s in %s", kinds[k], arts[a]);
                size_t n = 0;
                for (size_t i = 0; i < o.d.n; i++) {
                    lv_diag one = o.d;
                    one.v = &o.d.v[i];
                    one.n = 1;
                    n += (size_t)named(&one, arts[a]);
                }
                if (n != pristine_named(arts[a])) {
                    fprintf(stderr, "  %s: diagnostics name the file:\n", what);
                    dump_diag(&o.d);
                    fail();
                }
                assert_int_equal(metric_differences(json_object_get(o.model, "metrics"), what), 0);
            } else if (selected(o.model, arts[a]) && !(csv && k <= 2)) {
                /* a CSV cut after a whole record is a shorter, valid file */
                char what[400];
                snprintf(what, sizeof what, "%s", kinds[k]);
                expect_named(&o, arts[a], what);
            }
            done(&o);
        }
        free(text);
        restore(arts[a]);
    }
}

/* Replace, in the text of `rel`, the first `from` by `to`, and analyse. */
static void edit_and_analyse(const char *rel, const char *from, const char *to, outcome *o)
{
    char orig[1024], target[1024];
    snprintf(orig, sizeof orig, "%s/%s", EXAMPLE, rel);
    target_of(rel, target, sizeof target);
    size_t len;
    char *text = lvtest_slurp_or_fail(orig, &len);
    char *at = strstr(text, from);
    if (!at)
        fail_msg("%s: no '%s'", rel, from);
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_put(&b, text, (size_t)(at - text));
    lv_buf_puts(&b, to);
    lv_buf_puts(&b, at + strlen(from));
    put(target, b.data, b.len);
    lv_buf_free(&b);
    free(text);
    analyse(o);
    assert_non_null(o->model);
}

/* The value of metric `name`, or NULL when it is absent or null. */
static json_t *metric(const outcome *o, const char *name)
{
    json_t *v = json_object_get(json_object_get(json_object_get(o->model, "metrics"), name),
                                "value");
    return json_is_null(v) ? NULL : v;
}

#define MID_PROC "trigger/diag-proc-midleak-20260512T083700Z.json"
#define MID_STATS "trigger/diag-stats-midleak-20260512T083700Z.json"
#define HTTP "trigger/kql-http-20260512T085450Z.json"

/* A counter, a memory value or a leak count that is out of range, of the
 * wrong type or spelled as NaN/Infinity: left out (the figure is unknown),
 * named with the file; never a wrong number. */
static void values_out_of_range_are_unknown(void **state)
{
    (void)state;
    char digits400[420];
    memset(digits400, '9', 400);
    digits400[400] = '\0';
    char quoted400[430];
    snprintf(quoted400, sizeof quoted400, "\"%s\"", digits400);
    const char *const bad[] = {
        "\"18446744073709551616\"", "\"18446744073709551615\"", "\"99999999999999999999999\"",
        "18446744073709551616", "\"-5\"", "-5", "\"NaN\"", "NaN", "\"Infinity\"", "Infinity",
        "-Infinity", "\"1e400\"", "1e400", "1.5", "\"12.0\"", "\"0x10\"", "\"+7\"", "\" 7\"",
        "\"\"", "true", "null", "[1]", "{}", quoted400, digits400};
    fresh_run();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char to[600];
        outcome o;
        /* a vmstat counter */
        snprintf(to, sizeof to, "\"pgscan_kswapd\":%s", bad[i]);
        edit_and_analyse(MID_PROC, "\"pgscan_kswapd\":\"6733912\"", to, &o);
        expect_named(&o, MID_PROC, bad[i]);
        assert_null(metric(&o, "snap.midleak.pgscan_kswapd"));
        assert_null(metric(&o, "delta.midleak.pgscan_kswapd"));
        done(&o);
        /* a memory value "N kB" */
        snprintf(to, sizeof to, "\"MemAvailable\":%s", bad[i]);
        edit_and_analyse(MID_PROC, "\"MemAvailable\":\"71236 kB\"", to, &o);
        expect_named(&o, MID_PROC, bad[i]);
        assert_null(metric(&o, "snap.midleak.MemAvailable"));
        assert_null(metric(&o, "pct.midleak.MemAvailable"));
        done(&o);
        /* the leak block count of diag-stats */
        snprintf(to, sizeof to, "\"leak_block_count\":%s", bad[i]);
        edit_and_analyse(MID_STATS, "\"leak_block_count\":17", to, &o);
        expect_named(&o, MID_STATS, bad[i]);
        assert_null(metric(&o, "snap.midleak.leak_block_count"));
        done(&o);
        restore(MID_PROC);
        restore(MID_STATS);
    }
}

/* KQL cells of the wrong kind or out of range: a status that is not an HTTP
 * status is unknown (never truncated into one: 4294967496 is not 200), a
 * TimeTaken that is not a duration is left out of the latency figures, and
 * both are named. */
static void kql_cells_out_of_range_are_named(void **state)
{
    (void)state;
    /* the first /leak row of the example's HTTP export, in the window */
    static const char row[] = "\"/leak\",\n          200,\n          ";
    const char *const status[] = {"4294967496", "-200", "\"abc\"", "null", "true", "200.5",
                                  "18446744073709551616", "\"2000\"", "99"};
    fresh_run();
    double share = json_real_value(json_object_get(
        json_object_get(pristine_metrics, "kql.whole.share_2xx"), "value"));
    for (size_t i = 0; i < sizeof status / sizeof status[0]; i++) {
        char to[300];
        snprintf(to, sizeof to, "\"/leak\",\n          %s,\n          ", status[i]);
        outcome o;
        edit_and_analyse(HTTP, row, to, &o);
        expect_named(&o, HTTP, status[i]);
        json_t *n = metric(&o, "kql.whole.share_2xx");
        assert_non_null(n);
        if (!(json_real_value(n) < share))
            fail_msg("status %s counted as 2xx (share %g)", status[i], json_real_value(n));
        done(&o);
    }
    const char *const taken[] = {"-5", "\"-5\"", "\"NaN\"", "\"abc\"", "null", "1e400",
                                 "\"1e400\"", "true", "[]"};
    json_t *mean0 = json_object_get(json_object_get(pristine_metrics,
                                                    "kql.whole.endpoint./leak.mean"), "value");
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++) {
        /* the TimeTaken after the first /leak 200 */
        char orig[1024];
        snprintf(orig, sizeof orig, "%s/%s", EXAMPLE, HTTP);
        size_t len;
        char *text = lvtest_slurp_or_fail(orig, &len);
        char *at = strstr(text, row);
        assert_non_null(at);
        at += strlen(row);
        char *num_end = at + strspn(at, "0123456789");
        lv_buf b;
        lv_buf_init(&b);
        lv_buf_put(&b, text, (size_t)(at - text));
        lv_buf_puts(&b, taken[i]);
        lv_buf_puts(&b, num_end);
        char target[1024];
        target_of(HTTP, target, sizeof target);
        put(target, b.data, b.len);
        lv_buf_free(&b);
        free(text);
        outcome o;
        analyse(&o);
        assert_non_null(o.model);
        expect_named(&o, HTTP, taken[i]);
        json_t *mean = metric(&o, "kql.whole.endpoint./leak.mean");
        if (mean && json_number_value(mean) < 0)
            fail_msg("TimeTaken %s gives a negative mean", taken[i]);
        if (mean && json_equal(mean, mean0))
            fail_msg("TimeTaken %s: the mean did not leave the row out", taken[i]);
        done(&o);
    }
    restore(HTTP);
}

/* Keys missing, keys twice, nesting thousands deep. */
static void missing_duplicate_and_deep(void **state)
{
    (void)state;
    fresh_run();
    outcome o;
    /* no vmstat at all: every vmstat figure unknown, the file named */
    edit_and_analyse(MID_PROC, "\"vmstat\":", "\"vmstat_renamed\":", &o);
    expect_named(&o, MID_PROC, "no vmstat");
    assert_null(metric(&o, "delta.midleak.pgscan_kswapd"));
    assert_null(metric(&o, "delta.midleak.pswpout"));
    done(&o);
    /* the same key twice: refused, named with its place */
    edit_and_analyse(MID_STATS, "\"leak_block_count\":17", "\"leak_block_count\":17,\"leak_block_count\":0", &o);
    expect_named(&o, MID_STATS, "a duplicate key");
    assert_null(metric(&o, "snap.midleak.leak_block_count"));
    done(&o);
    edit_and_analyse(MID_PROC, "\"pgscan_kswapd\":\"6733912\"",
                     "\"pgscan_kswapd\":\"6733912\",\"pgscan_kswapd\":\"1\"", &o);
    expect_named(&o, MID_PROC, "a duplicate key");
    done(&o);
    restore(MID_PROC);
    restore(MID_STATS);
    edit_and_analyse(HTTP, "\"name\": \"TimeTaken\"", "\"name\": \"TimeTaken\", \"name\": \"X\"", &o);
    expect_named(&o, HTTP, "a duplicate key");
    done(&o);
    edit_and_analyse(HTTP, "\"name\": \"TimeTaken\"", "\"name\": \"TimeTakenX\"", &o);
    expect_named(&o, HTTP, "a missing column");
    assert_null(metric(&o, "kql.whole.endpoint./leak.p95"));
    done(&o);
    restore(HTTP);
    /* nesting: 100,000 arrays, and 5,000 objects, in every JSON artifact,
     * at the top and inside a value */
    static char arts[64][NAMEMAX];
    size_t narts = list_artifacts(".json", arts, 64);
    lv_buf deep_arrays, deep_objects, deep_cell;
    lv_buf_init(&deep_arrays);
    lv_buf_init(&deep_objects);
    lv_buf_init(&deep_cell);
    for (int i = 0; i < 100000; i++)
        lv_buf_putc(&deep_arrays, '[');
    for (int i = 0; i < 100000; i++)
        lv_buf_putc(&deep_arrays, ']');
    for (int i = 0; i < 5000; i++)
        lv_buf_puts(&deep_objects, "{\"a\":");
    lv_buf_putc(&deep_objects, '1');
    for (int i = 0; i < 5000; i++)
        lv_buf_putc(&deep_objects, '}');
    lv_buf_puts(&deep_cell, "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":"
                            "[{\"name\":\"TimeGenerated\"}],\"rows\":[[");
    lv_buf_put(&deep_cell, deep_arrays.data, deep_arrays.len);
    lv_buf_puts(&deep_cell, "]]}]}");
    const lv_buf *const docs[] = {&deep_arrays, &deep_objects, &deep_cell};
    for (size_t a = 0; a < narts; a++) {
        char target[1024];
        target_of(arts[a], target, sizeof target);
        for (int k = 0; k < 3; k++) {
            put(target, docs[k]->data, docs[k]->len);
            analyse(&o);
            assert_non_null(o.model);
            if (selected(o.model, arts[a]))
                expect_named(&o, arts[a], "deep nesting");
            done(&o);
        }
        restore(arts[a]);
    }
    lv_buf_free(&deep_arrays);
    lv_buf_free(&deep_objects);
    lv_buf_free(&deep_cell);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_test_suite_in_every_json_artifact),
        cmocka_unit_test(odd_files_in_every_artifact),
        cmocka_unit_test(link_loops_in_the_folder),
        cmocka_unit_test(damaged_content_in_every_artifact),
        cmocka_unit_test(values_out_of_range_are_unknown),
        cmocka_unit_test(kql_cells_out_of_range_are_named),
        cmocka_unit_test(missing_duplicate_and_deep),
    };
    return cmocka_run_group_tests_name("broken_input", tests, setup, teardown);
}
