/* Unit tests for atomic output files and the inside-the-folder check. */
#define _XOPEN_SOURCE 700 /* symlink */
#include "lvtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/output.h"

/* A fresh folder for one test, removed (with what is in it) after. */
typedef struct {
    char root[256];
} scratch;

static int setup(void **state)
{
    scratch *s = calloc(1, sizeof *s);
    if (lvtest_scratch(s->root, sizeof s->root, "output") != 0)
        return -1;
    *state = s;
    return 0;
}


static int teardown(void **state)
{
    scratch *s = *state;
    lvtest_remove_tree(s->root);
    free(s);
    return 0;
}

static char *at(const scratch *s, const char *rel)
{
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_printf(&b, "%s/%s", s->root, rel);
    return lv_buf_steal(&b);
}

static void put_file(const char *path, const char *text)
{
    lvtest_put(path, text, strlen(text));
}

/* Entries in folder `dir` other than . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void writes_a_new_file(void **state)
{
    scratch *s = *state;
    char *p = at(s, "report.md");
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_output_write(p, "# hi\n\0x", 7, &d), 0);
    assert_int_equal(d.errors, 0);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 7);
    char *got = lvtest_slurp(p, NULL);
    assert_memory_equal(got, "# hi\n\0x", 7);
    free(got);
    /* 0666 less the umask, not mkstemp's 0600 */
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
    assert_int_equal(entries(s->root), 1);
    /* an empty file too */
    assert_int_equal(lv_output_write(p, "", 0, &d), 0);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 0);
    lv_diag_free(&d);
    free(p);
}

static void replaces_and_keeps_permissions(void **state)
{
    scratch *s = *state;
    char *p = at(s, "log.html");
    put_file(p, "old old old old old\n");
    assert_int_equal(chmod(p, 0640), 0);
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_output_write(p, "new\n", 4, &d), 0);
    char *got = lvtest_slurp(p, NULL);
    assert_string_equal(got, "new\n");
    free(got);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(entries(s->root), 1);  /* no .log.html.XXXXXX left */
    lv_diag_free(&d);
    free(p);
}

static void relative_path_in_current_folder(void **state)
{
    scratch *s = *state;
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(s->root), 0);
    lv_diag d;
    lv_diag_init(&d, NULL);
    int rc = lv_output_write("plain.json", "{}\n", 3, &d);
    char *got = lvtest_slurp("plain.json", NULL);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "{}\n");
    free(got);
    lv_diag_free(&d);
}

static void missing_folder_is_an_error(void **state)
{
    scratch *s = *state;
    char *p = at(s, "no/such/folder/report.md");
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_output_write(p, "x", 1, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, p);
    assert_non_null(strstr(d.v[0].msg, "No such file or directory"));
    assert_int_equal(entries(s->root), 0);
    lv_diag_free(&d);
    free(p);
}

static void folder_as_target_is_untouched(void **state)
{
    scratch *s = *state;
    char *p = at(s, "out");
    char *inner = at(s, "out/keep");
    assert_int_equal(mkdir(p, 0755), 0);
    put_file(inner, "keep\n");
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_output_write(p, "x", 1, &d), -1);
    lv_buf slash;
    lv_buf_init(&slash);
    lv_buf_printf(&slash, "%s/", p);
    assert_int_equal(lv_output_write(slash.data, "x", 1, &d), -1);
    assert_int_equal(d.errors, 2);
    assert_string_equal(d.v[0].file, p);
    assert_string_equal(d.v[0].msg, "cannot write: is a folder, not a file");
    assert_string_equal(d.v[1].msg, "cannot write: not a file name");
    char *got = lvtest_slurp(inner, NULL);
    assert_string_equal(got, "keep\n");
    free(got);
    assert_int_equal(entries(s->root), 1);
    assert_int_equal(entries(p), 1);
    lv_buf_free(&slash);
    lv_diag_free(&d);
    free(p);
    free(inner);
}

/* A write that fails half-way (the file size limit is hit): the old file
 * stays whole and the temporary file is gone. */
static void failed_write_keeps_old_file(void **state)
{
    scratch *s = *state;
    char *p = at(s, "report.md");
    put_file(p, "the old report\n");
    size_t big = 1 << 20;
    char *data = malloc(big);
    memset(data, 'x', big);
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 64 * 1024;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    lv_diag d;
    lv_diag_init(&d, NULL);
    int rc = lv_output_write(p, data, big, &d);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].file, p);
    assert_non_null(strstr(d.v[0].msg, "cannot write"));
    char *got = lvtest_slurp(p, NULL);
    assert_string_equal(got, "the old report\n");
    free(got);
    assert_int_equal(entries(s->root), 1);
    lv_diag_free(&d);
    free(data);
    free(p);
}

static void symlink_target_is_replaced_not_followed(void **state)
{
    scratch *s = *state;
    char *p = at(s, "link.md"), *t = at(s, "target.md");
    put_file(t, "target\n");
    assert_int_equal(symlink("target.md", p), 0);
    lv_diag d;
    lv_diag_init(&d, NULL);
    assert_int_equal(lv_output_write(p, "new\n", 4, &d), 0);
    struct stat st;
    assert_int_equal(lstat(p, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    char *a = lvtest_slurp(p, NULL), *b = lvtest_slurp(t, NULL);
    assert_string_equal(a, "new\n");
    assert_string_equal(b, "target\n");
    free(a);
    free(b);
    lv_diag_free(&d);
    free(p);
    free(t);
}

static void dash_is_standard_output(void **state)
{
    scratch *s = *state;
    char *p = at(s, "stdout.txt");
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    lv_diag d;
    lv_diag_init(&d, NULL);
    int rc = lv_output_write("-", "to stdout\n", 10, &d);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    assert_int_equal(rc, 0);
    char *got = lvtest_slurp(p, NULL);
    assert_string_equal(got, "to stdout\n");
    free(got);
    assert_int_equal(entries(s->root), 1);
    lv_diag_free(&d);
    free(p);
}

static int inside(const scratch *s, const char *path, const char *dir)
{
    char *p = path[0] == '/' || strcmp(path, "-") == 0 ? strdup(path) : at(s, path);
    char *d = at(s, dir);
    int r = lv_output_same_file_inside(p, d);
    free(p);
    free(d);
    return r;
}

static void inside_checks(void **state)
{
    scratch *s = *state;
    char *run = at(s, "run"), *sub = at(s, "run/sub"), *run2 = at(s, "run2"),
         *out = at(s, "out"), *link = at(s, "link"), *deep = at(s, "outlink");
    assert_int_equal(mkdir(run, 0755), 0);
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkdir(run2, 0755), 0);
    assert_int_equal(mkdir(out, 0755), 0);
    assert_int_equal(symlink("run", link), 0);       /* link -> run */
    assert_int_equal(symlink("run/sub", deep), 0);   /* outlink -> run/sub */

    assert_int_equal(inside(s, "run/report.md", "run"), 1);
    assert_int_equal(inside(s, "run/sub/report.md", "run"), 1);
    assert_int_equal(inside(s, "run/./report.md", "run"), 1);
    assert_int_equal(inside(s, "out/report.md", "run"), 0);
    assert_int_equal(inside(s, "report.md", "run"), 0);
    /* ".." tricks */
    assert_int_equal(inside(s, "run/../report.md", "run"), 0);
    assert_int_equal(inside(s, "out/../run/report.md", "run"), 1);
    assert_int_equal(inside(s, "run/sub/../report.md", "run"), 1);
    assert_int_equal(inside(s, "run/sub/..", "run"), 1);
    assert_int_equal(inside(s, "run/..", "run"), 0);
    /* a prefix that is not a folder boundary */
    assert_int_equal(inside(s, "run2/report.md", "run"), 0);
    /* symbolic links to folders, on either side */
    assert_int_equal(inside(s, "link/report.md", "run"), 1);
    assert_int_equal(inside(s, "outlink/report.md", "run"), 1);
    assert_int_equal(inside(s, "run/report.md", "link"), 1);
    assert_int_equal(inside(s, "out/report.md", "link"), 0);
    assert_int_equal(inside(s, "link/../report.md", "run"), 0);
    /* folders that do not exist, and stdout */
    assert_int_equal(inside(s, "nope/report.md", "run"), 0);
    assert_int_equal(inside(s, "run/report.md", "nope"), 0);
    assert_int_equal(inside(s, "-", "run"), 0);
    /* relative to the current folder */
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(run), 0);
    int a = lv_output_same_file_inside("report.md", ".");
    int b = lv_output_same_file_inside("../report.md", ".");
    int c = lv_output_same_file_inside("x.md", "../link");
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(a, 1);
    assert_int_equal(b, 0);
    assert_int_equal(c, 1);
    /* "/" holds everything */
    assert_int_equal(lv_output_same_file_inside(run, "/"), 1);
    free(run);
    free(sub);
    free(run2);
    free(out);
    free(link);
    free(deep);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(writes_a_new_file),
        T(replaces_and_keeps_permissions),
        T(relative_path_in_current_folder),
        T(missing_folder_is_an_error),
        T(folder_as_target_is_untouched),
        T(failed_write_keeps_old_file),
        T(symlink_target_is_replaced_not_followed),
        T(dash_is_standard_output),
        T(inside_checks),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
