/* Nothing lost: the tool never writes into the artifact folder, and `-o`
 * replaces a report whole or not at all.
 *
 * The binary (the labverdict next to this test's folder) runs on a copy
 * of fixtures/runs/example. Before and after every command the folder is
 * snapshotted: every entry (folders too) with its type, size, mode,
 * modification time in nanoseconds and a hash of its content (FNV-1a 64),
 * and every folder's own mtime, which changes when anything is created in
 * it, even a temporary file removed again.
 *
 *   - report (md, html, json, --sources, -o outside), inspect, recover and
 *     load of every artifact leave the folder exactly as it was;
 *   - -o naming a place inside the folder (directly, through "..", through
 *     a symbolic link to the folder, over an artifact) is refused (exit 2)
 *     and nothing is written;
 *   - -o over an old report: a run killed while it writes (SIGKILL at
 *     increasing delays, SIGXFSZ from RLIMIT_FSIZE) leaves the target either
 *     the old report whole or the new one whole, never a mix or a cut;
 *     with SIGXFSZ ignored the write fails cleanly (exit 3), the old report
 *     is intact and no temporary file is left. */
#define _DEFAULT_SOURCE /* usleep */
#define _XOPEN_SOURCE 700 /* symlink */
#include "lvtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lv/buf.h"

static char binary[1024];
static char root[256], run[300];


/* ---- snapshots ------------------------------------------------------- */

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line per entry below `dir`, sorted, appended to `out`. */
static void snap_dir(const char *dir, const char *rel, lv_buf *out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[4096];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && n < 4096)
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        char full[2048], r[2048];
        snprintf(full, sizeof full, "%s/%s", dir, names[i]);
        snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        struct stat st;
        assert_int_equal(lstat(full, &st), 0);
        uint64_t h = 0;
        if (S_ISREG(st.st_mode)) {
            size_t len;
            char *text = lvtest_slurp(full, &len);
            h = fnv1a(text, len);
            free(text);
        }
        lv_buf_printf(out, "%s mode %o size %lld mtime %lld.%09ld hash %016llx\n", r,
                      (unsigned)st.st_mode, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                      st.st_mtim.tv_nsec, (unsigned long long)h);
        if (S_ISDIR(st.st_mode))
            snap_dir(full, r, out);
        free(names[i]);
    }
}

static char *snapshot(void)
{
    lv_buf b;
    lv_buf_init(&b);
    struct stat st;
    assert_int_equal(lstat(run, &st), 0);
    lv_buf_printf(&b, ". mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    snap_dir(run, "", &b);
    return lv_buf_steal(&b);
}

/* ---- running the binary ---------------------------------------------- */

typedef struct {
    int rc;      /* exit code, or -signal */
    char *err;   /* stderr */
} result;

/* Run the binary with args (NULL-terminated); stdout to `out` (NULL:
 * /dev/null). `fsize`: RLIMIT_FSIZE in bytes (0: none); `ignore_xfsz`;
 * `kill_after_us`: SIGKILL after that many microseconds (0: never). */
static result run_with(const char *const *args, const char *out, rlim_t fsize,
                       int ignore_xfsz, long kill_after_us)
{
    char errpath[400];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", root);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
            _exit(127);
        if (fsize) {
            struct rlimit rl = {fsize, fsize};
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
                _exit(127);
        }
        signal(SIGXFSZ, ignore_xfsz ? SIG_IGN : SIG_DFL);
        char *argv[32];
        int n = 0;
        argv[n++] = binary;
        for (int i = 0; args[i] && n < 31; i++)
            argv[n++] = (char *)args[i];
        argv[n] = NULL;
        execv(binary, argv);
        _exit(127);
    }
    if (kill_after_us) {
        usleep((useconds_t)kill_after_us);
        kill(pid, SIGKILL);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    result r;
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    r.err = lvtest_slurp(errpath, NULL);
    return r;
}

static result run_args(const char *const *args)
{
    return run_with(args, NULL, 0, 0, 0);
}

static int setup(void **state)
{
    (void)state;
    if (lvtest_scratch(root, sizeof root, "lost") != 0)
        return -1;
    snprintf(run, sizeof run, "%s/run", root);
    return lvtest_copy_run("fixtures/runs/example", run);
}

static int teardown(void **state)
{
    (void)state;
    lvtest_remove_tree(root);
    return 0;
}

static void same_folder(const char *before, const char *what)
{
    char *after = snapshot();
    if (strcmp(before, after) != 0) {
        fprintf(stderr, "  %s changed the artifact folder\n--- before\n%s--- after\n%s", what,
                before, after);
        fail();
    }
    free(after);
}

/* ---- the cases -------------------------------------------------------- */

static void commands_never_write_into_the_folder(void **state)
{
    (void)state;
    char out[400];
    snprintf(out, sizeof out, "%s/report.md", root);
    const char *const reports[][8] = {
        {"report", run, NULL},
        {"report", "--format", "html", run, NULL},
        {"report", "--format", "json", "--sources", run, NULL},
        {"report", "-o", out, run, NULL},
        {"report", "--format", "html", "-o", out, run, NULL},
        {"report", "--expect", "falsified", run, NULL},
        {"inspect", run, NULL},
    };
    char *before = snapshot();
    /* a second apart at least, so that a rewrite would show in an mtime
     * even on a file system with coarse times */
    struct timespec ts = {1, 100000000};
    nanosleep(&ts, NULL);
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        result r = run_args(reports[i]);
        if (r.rc != 0 && !(i == 5 && r.rc == 1))
            fail_msg("%s: exit %d: %s", reports[i][0], r.rc, r.err);
        free(r.err);
        same_folder(before, reports[i][0]);
    }
    /* recover and load, on every artifact */
    static const char *const phases[] = {"baseline", "trigger"};
    for (int p = 0; p < 2; p++) {
        char dir[400];
        snprintf(dir, sizeof dir, "%s/%s", run, phases[p]);
        DIR *d = opendir(dir);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char file[700];
            snprintf(file, sizeof file, "%s/%.255s", dir, e->d_name);
            const char *load[] = {"load", file, NULL};
            result r = run_args(load);
            free(r.err);
            same_folder(before, "load");
            if (strstr(e->d_name, ".csv")) {
                const char *rec[] = {"recover", file, NULL};
                r = run_args(rec);
                assert_int_equal(r.rc, 0);
                free(r.err);
                same_folder(before, "recover");
            }
        }
        closedir(d);
    }
    free(before);
}

static void output_inside_the_folder_is_refused(void **state)
{
    (void)state;
    char link[400];
    snprintf(link, sizeof link, "%s/link-to-run", root);
    assert_int_equal(symlink("run", link), 0);
    char *before = snapshot();
    char t[6][500];
    snprintf(t[0], sizeof t[0], "%s/report.md", run);
    snprintf(t[1], sizeof t[1], "%s/trigger/report.md", run);
    snprintf(t[2], sizeof t[2], "%s/trigger/../baseline/./report.md", run);
    snprintf(t[3], sizeof t[3], "%s/report.md", link);
    snprintf(t[4], sizeof t[4], "%s/baseline/diag-proc.json", run); /* an artifact */
    snprintf(t[5], sizeof t[5], "%s/trigger/kql-http-20260512T085450Z.json", link);
    for (int i = 0; i < 6; i++) {
        const char *args[] = {"report", "-o", t[i], run, NULL};
        result r = run_args(args);
        assert_int_equal(r.rc, 2);
        if (!strstr(r.err, "refusing to write into the artifact folder"))
            fail_msg("-o %s: %s", t[i], r.err);
        free(r.err);
        same_folder(before, t[i]);
        /* the folder given through the link, the output by its real path */
        const char *args2[] = {"report", "-o", t[i], link, NULL};
        r = run_args(args2);
        assert_int_equal(r.rc, 2);
        free(r.err);
        same_folder(before, t[i]);
    }
    free(before);
    unlink(link);
}

/* A template that makes a large report (~19 MB), so that the write takes
 * long enough to be interrupted. */
static void big_template(char *path, size_t n)
{
    snprintf(path, n, "%s/big.mustache", root);
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_puts(&b, "# Big {{profile.title}}\n\n");
    for (int i = 0; i < 400000; i++)
        lv_buf_printf(&b, "line %07d of a large report, verdict {{verdict.result}}\n", i);
    lvtest_put(path, b.data, b.len);
    lv_buf_free(&b);
}

static void count_temporaries(const char *dir, const char *base, int *n)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    char prefix[300];
    snprintf(prefix, sizeof prefix, ".%s.", base);
    *n = 0;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            (*n)++;
    closedir(d);
}

static void remove_temporaries(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char prefix[300];
    snprintf(prefix, sizeof prefix, ".%s.", base);
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            char p[700];
            snprintf(p, sizeof p, "%s/%.255s", dir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
}

static void interrupted_output_leaves_the_old_report_whole(void **state)
{
    (void)state;
    char tmpl[400], target[420], outdir[400];
    big_template(tmpl, sizeof tmpl);
    snprintf(outdir, sizeof outdir, "%s/out", root);
    assert_int_equal(mkdir(outdir, 0755), 0);
    snprintf(target, sizeof target, "%.400s/log.md", outdir);
    static const char old[] = "# The old report\n\nIt must survive whole.\n";
    const char *args[] = {"report", "--template", tmpl, "-o", target, run, NULL};

    /* the new report, for comparison: what a finished run writes */
    result r = run_args(args);
    assert_int_equal(r.rc, 0);
    free(r.err);
    size_t newlen;
    char *fresh = lvtest_slurp(target, &newlen);
    assert_true(newlen > 16u << 20);

    /* killed at increasing delays: old whole, or new whole */
    int saw_old = 0, saw_new = 0;
    for (long us = 1000; us <= 4096000; us *= 2) {
        lvtest_put(target, old, sizeof old - 1);
        r = run_with(args, NULL, 0, 0, us);
        free(r.err);
        size_t len;
        char *now = lvtest_slurp(target, &len);
        assert_non_null(now);
        if (len == sizeof old - 1 && memcmp(now, old, len) == 0)
            saw_old = 1;
        else if (len == newlen && memcmp(now, fresh, len) == 0)
            saw_new = 1;
        else
            fail_msg("killed after %ld us: the target is neither the old nor the new "
                     "report (%zu bytes)", us, len);
        free(now);
        remove_temporaries(outdir, "log.md");
        fprintf(stderr, "  SIGKILL after %ld us: %s\n", us,
                r.rc == 0 ? "had finished: the new report, whole" : "the old report, whole");
        if (r.rc == 0)
            break;
    }
    assert_true(saw_old);
    fprintf(stderr, "  SIGKILL while writing: the old report stayed whole%s\n",
            saw_new ? "; later runs finished and replaced it whole" : "");

    /* the file size limit: killed by SIGXFSZ mid-write, old report whole */
    lvtest_put(target, old, sizeof old - 1);
    r = run_with(args, NULL, 1 << 20, 0, 0);
    assert_int_equal(r.rc, -SIGXFSZ);
    free(r.err);
    size_t len;
    char *now = lvtest_slurp(target, &len);
    assert_int_equal(len, sizeof old - 1);
    assert_memory_equal(now, old, len);
    free(now);
    remove_temporaries(outdir, "log.md");

    /* SIGXFSZ ignored: the write fails, is reported, and cleans up */
    r = run_with(args, NULL, 1 << 20, 1, 0);
    assert_int_equal(r.rc, 3);
    assert_non_null(strstr(r.err, "log.md"));
    free(r.err);
    now = lvtest_slurp(target, &len);
    assert_int_equal(len, sizeof old - 1);
    assert_memory_equal(now, old, len);
    free(now);
    int temps;
    count_temporaries(outdir, "log.md", &temps);
    assert_int_equal(temps, 0);
    free(fresh);
}

int main(int argc, char **argv)
{
    (void)argc;
    snprintf(binary, sizeof binary, "%s", argv[0]);
    char *slash = strrchr(binary, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(binary, sizeof binary, ".");
    size_t l = strlen(binary);
    snprintf(binary + l, sizeof binary - l, "/../labverdict");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commands_never_write_into_the_folder),
        cmocka_unit_test(output_inside_the_folder_is_refused),
        cmocka_unit_test(interrupted_output_leaves_the_old_report_whole),
    };
    return cmocka_run_group_tests_name("nothing_lost", tests, setup, teardown);
}
