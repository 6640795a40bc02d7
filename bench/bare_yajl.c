/* The benchmark's floor: a bare streaming parse of a KQL export with yajl,
 * every callback empty, the file read in 256 KiB blocks (as src/load/kql.c does).
 * Usage: bare_yajl FILE   (prints the bytes parsed; exit 1 on a parse or
 * read error). Not part of labverdict; built by `make bench` only. */
#include <stdio.h>
#include <stdlib.h>
#include <yajl/yajl_parse.h>

static int on_null(void *c) { (void)c; return 1; }
static int on_bool(void *c, int b) { (void)c; (void)b; return 1; }
static int on_number(void *c, const char *s, size_t n)
{
    (void)c; (void)s; (void)n;
    return 1;
}
static int on_string(void *c, const unsigned char *s, size_t n)
{
    (void)c; (void)s; (void)n;
    return 1;
}
static int on_mark(void *c) { (void)c; return 1; }
static int on_key(void *c, const unsigned char *s, size_t n)
{
    (void)c; (void)s; (void)n;
    return 1;
}

static const yajl_callbacks cbs = {
    on_null, on_bool, NULL, NULL, on_number, on_string,
    on_mark, on_key, on_mark, on_mark, on_mark,
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bare_yajl FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    enum { BLOCK = 256 << 10 };
    unsigned char *buf = malloc(BLOCK);
    yajl_handle h = yajl_alloc(&cbs, NULL, NULL);
    if (!buf || !h)
        return 1;
    unsigned long long total = 0;
    size_t got;
    int rc = 0;
    while ((got = fread(buf, 1, BLOCK, f)) > 0) {
        total += got;
        if (yajl_parse(h, buf, got) != yajl_status_ok) {
            rc = 1;
            break;
        }
    }
    if (!rc && (ferror(f) || yajl_complete_parse(h) != yajl_status_ok))
        rc = 1;
    if (rc) {
        unsigned char *e = yajl_get_error(h, 0, NULL, 0);
        fprintf(stderr, "bare_yajl: %s: %s", argv[1], e ? (char *)e : "error\n");
        if (e)
            yajl_free_error(h, e);
    } else {
        printf("%llu bytes\n", total);
    }
    yajl_free(h);
    free(buf);
    fclose(f);
    return rc;
}
