/* Atomic output files: see include/lv/output.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "lv/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lv/buf.h"

static int write_stdout(const char *data, size_t len, lv_diag *d)
{
    if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
        lv_diag_file(d, LV_SEV_ERROR, NULL, "standard output: write error: %s",
                     strerror(errno));
        return -1;
    }
    return 0;
}

/* The folder part of `path` ("." when there is none) as a malloc'd string;
 * the name part in *base. */
static char *split_path(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    lv_buf b;
    lv_buf_init(&b);
    if (!slash)
        lv_buf_putc(&b, '.');
    else if (slash == path)
        lv_buf_putc(&b, '/');
    else
        lv_buf_put(&b, path, (size_t)(slash - path));
    *base = slash ? slash + 1 : path;
    return lv_buf_steal(&b);
}

static int not_a_name(const char *base)
{
    return !*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Flush the folder entry of the rename to disk; some file systems cannot,
 * and the data itself is already safe, so failures are ignored. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int lv_output_write(const char *path, const char *data, size_t len,
                    lv_diag *d)
{
    if (strcmp(path, "-") == 0)
        return write_stdout(data, len, d);
    const char *base;
    char *dir = split_path(path, &base);
    struct stat st;
    if (not_a_name(base) || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        lv_diag_file(d, LV_SEV_ERROR, path, "cannot write: %s",
                     not_a_name(base) ? "not a file name" : "is a folder, not a file");
        free(dir);
        return -1;
    }
    mode_t mode;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    lv_buf tmp;
    lv_buf_init(&tmp);
    lv_buf_printf(&tmp, "%s/.%s.XXXXXX", dir, base);
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        lv_diag_file(d, LV_SEV_ERROR, path,
                     "cannot create a temporary file in its folder: %s",
                     strerror(errno));
        lv_buf_free(&tmp);
        free(dir);
        return -1;
    }
    const char *what = NULL;
    if (fchmod(fd, mode) != 0)
        what = "cannot set permissions";
    else if (write_all(fd, data, len) != 0)
        what = "cannot write";
    else if (fsync(fd) != 0)
        what = "cannot flush to disk";
    int e = errno;
    if (close(fd) != 0 && !what) {
        what = "cannot write";
        e = errno;
    }
    if (!what && rename(tmp.data, path) != 0) {
        what = "cannot replace";
        e = errno;
    }
    if (what) {
        unlink(tmp.data);
        lv_diag_file(d, LV_SEV_ERROR, path, "%s: %s", what, strerror(e));
    } else {
        sync_dir(dir);
    }
    lv_buf_free(&tmp);
    free(dir);
    return what ? -1 : 0;
}

int lv_output_same_file_inside(const char *path, const char *dir)
{
    if (!path || !dir || strcmp(path, "-") == 0)
        return 0;
    const char *base;
    char *parent = split_path(path, &base);
    /* "x/.." or "x/" names a folder: where it points is what counts. */
    char *where = realpath(not_a_name(base) ? path : parent, NULL);
    char *root = realpath(dir, NULL);
    int inside = 0;
    if (where && root) {
        size_t n = strlen(root);
        inside = strcmp(root, "/") == 0 ||
                 (strncmp(where, root, n) == 0 &&
                  (where[n] == '\0' || where[n] == '/'));
    }
    free(where);
    free(root);
    free(parent);
    return inside;
}
