/* The inventory of a run folder: see include/lv/inventory.h. */
#include "lv/inventory.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lv/buf.h"
#include "lv/jsonutil.h"
#include "lv/timeutil.h"

#define MAX_DEPTH 16
#define MAX_FILES 100000

static char *join(const char *a, const char *b)
{
    lv_buf buf;
    lv_buf_init(&buf);
    if (a && *a) {
        lv_buf_puts(&buf, a);
        lv_buf_putc(&buf, '/');
    }
    lv_buf_puts(&buf, b);
    return lv_buf_steal(&buf);
}

static int find_stamp(const char *base, int64_t *ns)
{
    size_t n = strlen(base);
    for (size_t i = 0; i + 16 <= n; i++)
        if (base[i + 8] == 'T' && base[i + 15] == 'Z' &&
            lv_time_parse_stamp(base + i, 16, ns) == 0)
            return 1;
    return 0;
}

/* Phase from the folders of the relative path first, then from the name. */
static const char *find_phase(const lv_profile *p, const char *rel,
                              const char *base)
{
    for (size_t i = 0; i < p->nphases; i++) {
        const char *f = p->phases[i].folder;
        if (!f)
            continue;
        size_t fl = strlen(f);
        for (const char *s = rel; s < base; s++)
            if ((s == rel || s[-1] == '/') && strncmp(s, f, fl) == 0 &&
                s[fl] == '/')
                return p->phases[i].phase;
    }
    for (size_t i = 0; i < p->nphases; i++)
        if (p->phases[i].token && strstr(base, p->phases[i].token))
            return p->phases[i].phase;
    return NULL;
}

static lv_artifact *add(lv_inventory *inv)
{
    if (inv->n == inv->cap) {
        size_t cap = inv->cap ? inv->cap * 2 : 32;
        lv_artifact *v = realloc(inv->v, cap * sizeof *v);
        if (!v)
            abort();
        inv->v = v;
        inv->cap = cap;
    }
    lv_artifact *a = &inv->v[inv->n++];
    memset(a, 0, sizeof *a);
    a->superseded_by = -1;
    return a;
}

static void add_file(lv_inventory *inv, const lv_profile *p, const char *rel,
                     const char *full, lv_diag *d)
{
    lv_artifact *a = add(inv);
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    a->path = strdup(rel);
    a->full = strdup(full);
    const lv_role_rule *r = lv_profile_role(p, base);
    a->role = r ? r->role : "unknown";
    a->format = r ? r->format : NULL;
    a->feeds = r ? r->feeds : NULL;
    a->phase = find_phase(p, rel, base);
    a->has_stamp = find_stamp(base, &a->stamp_ns);
    struct stat st;
    int fd = open(full, O_RDONLY | O_NONBLOCK);
    if (fd < 0 || fstat(fd, &st) != 0) {
        a->status = LV_ART_UNREADABLE;
        a->error = strdup(strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        a->status = LV_ART_UNREADABLE;
        a->error = strdup(S_ISDIR(st.st_mode) ? "a link to a folder; not followed"
                                              : "not a regular file");
    } else {
        a->size = (uint64_t)st.st_size;
        a->status = st.st_size == 0 ? LV_ART_EMPTY : LV_ART_OK;
    }
    if (fd >= 0)
        close(fd);
    if (a->status == LV_ART_UNREADABLE)
        lv_diag_file(d, LV_SEV_WARNING, full, "unreadable: %s", a->error);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int walk(lv_inventory *inv, const lv_profile *p, const char *full,
                const char *rel, int depth, lv_diag *d);

static void walk_entry(lv_inventory *inv, const lv_profile *p,
                       const char *full, const char *rel, const char *name,
                       int depth, lv_diag *d)
{
    char *f = join(full, name), *r = join(rel, name);
    struct stat st;
    if (lstat(f, &st) == 0 && S_ISDIR(st.st_mode)) {
        const lv_role_rule *role = lv_profile_role(p, name);
        if (role) /* e.g. a folder named diag-proc.json: say so, by name */
            lv_diag_file(d, LV_SEV_WARNING, f,
                         "a folder where a %s file is expected; not an artifact "
                         "(its content is listed as any folder's)", role->role);
        if (depth >= MAX_DEPTH)
            lv_diag_file(d, LV_SEV_WARNING, f,
                         "folder nested more than %d deep; not read", MAX_DEPTH);
        else
            walk(inv, p, f, r, depth + 1, d);
    } else if (inv->n < MAX_FILES) {
        add_file(inv, p, r, f, d);
    }
    free(f);
    free(r);
}

static int walk(lv_inventory *inv, const lv_profile *p, const char *full,
                const char *rel, int depth, lv_diag *d)
{
    DIR *dir = opendir(full);
    if (!dir) {
        lv_diag_file(d, depth ? LV_SEV_WARNING : LV_SEV_ERROR, full,
                     "cannot read folder: %s", strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                abort();
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        walk_entry(inv, p, full, rel, names[i], depth, d);
        free(names[i]);
    }
    free(names);
    return 0;
}

static int same_group(const lv_artifact *a, const lv_artifact *b)
{
    if (strcmp(a->role, b->role) != 0)
        return 0;
    if (!a->phase || !b->phase)
        return a->phase == b->phase;
    return strcmp(a->phase, b->phase) == 0;
}

/* Newer: a later stamp; with equal (or no) stamps, the later path. */
static int newer(const lv_artifact *a, const lv_artifact *b)
{
    if (a->has_stamp != b->has_stamp)
        return a->has_stamp;
    if (a->has_stamp && a->stamp_ns != b->stamp_ns)
        return a->stamp_ns > b->stamp_ns;
    return strcmp(a->path, b->path) > 0;
}

static void select_newest(lv_inventory *inv)
{
    for (size_t i = 0; i < inv->n; i++) {
        lv_artifact *a = &inv->v[i];
        if (!a->format || a->status != LV_ART_OK)
            continue;
        long best = (long)i;
        for (size_t j = 0; j < inv->n; j++) {
            lv_artifact *b = &inv->v[j];
            if (j != i && b->status == LV_ART_OK && b->format &&
                same_group(a, b) && newer(b, &inv->v[best]))
                best = (long)j;
        }
        if (best == (long)i)
            a->selected = 1;
        else
            a->superseded_by = best;
    }
    for (size_t i = 0; i < inv->n; i++)
        if (inv->v[i].superseded_by >= 0)
            inv->v[i].status = LV_ART_SUPERSEDED;
}

int lv_inventory_scan(const char *dir, const lv_profile *p, lv_inventory *inv,
                      lv_diag *d)
{
    memset(inv, 0, sizeof *inv);
    inv->root = strdup(dir);
    size_t len = strlen(inv->root);
    while (len > 1 && inv->root[len - 1] == '/')
        inv->root[--len] = '\0';
    struct stat st;
    if (stat(inv->root, &st) != 0) {
        lv_diag_file(d, LV_SEV_ERROR, inv->root, "no such folder: %s",
                     strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        lv_diag_file(d, LV_SEV_ERROR, inv->root, "not a folder");
        return -1;
    }
    if (walk(inv, p, inv->root, "", 0, d) != 0)
        return -1;
    select_newest(inv);
    return 0;
}

void lv_inventory_free(lv_inventory *inv)
{
    for (size_t i = 0; i < inv->n; i++) {
        free(inv->v[i].path);
        free(inv->v[i].full);
        free(inv->v[i].error);
    }
    free(inv->v);
    free(inv->root);
    memset(inv, 0, sizeof *inv);
}

static int phase_is(const lv_artifact *a, const char *phase)
{
    if (!phase || !a->phase)
        return phase == a->phase;
    return strcmp(a->phase, phase) == 0;
}

const lv_artifact *lv_inventory_pick(const lv_inventory *inv, const char *role,
                                     const char *phase)
{
    for (size_t i = 0; i < inv->n; i++)
        if (inv->v[i].selected && strcmp(inv->v[i].role, role) == 0 &&
            phase_is(&inv->v[i], phase))
            return &inv->v[i];
    return NULL;
}

const lv_artifact *lv_inventory_pick_any(const lv_inventory *inv,
                                         const char *role)
{
    for (size_t i = 0; i < inv->n; i++)
        if (inv->v[i].selected && strcmp(inv->v[i].role, role) == 0)
            return &inv->v[i];
    return NULL;
}

size_t lv_inventory_count(const lv_inventory *inv, const char *role,
                          const char *phase)
{
    size_t n = 0;
    for (size_t i = 0; i < inv->n; i++)
        if (strcmp(inv->v[i].role, role) == 0 && phase_is(&inv->v[i], phase))
            n++;
    return n;
}

const char *lv_art_status_name(lv_art_status s)
{
    switch (s) {
    case LV_ART_OK: return "ok";
    case LV_ART_EMPTY: return "empty";
    case LV_ART_UNREADABLE: return "unreadable";
    case LV_ART_SUPERSEDED: return "superseded";
    }
    return "unknown";
}

json_t *lv_artifact_json(const lv_inventory *inv, const lv_artifact *a)
{
    json_t *o = json_object();
    char stamp[40];
    json_object_set_new(o, "path", lv_json_string(a->path));
    json_object_set_new(o, "size", json_integer((json_int_t)a->size));
    json_object_set_new(o, "role", json_string(a->role));
    json_object_set_new(o, "phase", a->phase ? json_string(a->phase) : json_null());
    if (a->has_stamp)
        lv_time_format_iso(a->stamp_ns, stamp);
    json_object_set_new(o, "stamp", a->has_stamp ? json_string(stamp) : json_null());
    json_object_set_new(o, "status", json_string(lv_art_status_name(a->status)));
    json_object_set_new(o, "selected", json_boolean(a->selected));
    if (a->selected && a->feeds)
        json_object_set_new(o, "feeds", json_string(a->feeds));
    if (a->error)
        json_object_set_new(o, "error", lv_json_string(a->error));
    if (a->superseded_by >= 0)
        json_object_set_new(o, "superseded_by",
                            lv_json_string(inv->v[a->superseded_by].path));
    return o;
}

json_t *lv_inventory_json(const lv_inventory *inv, const char *profile)
{
    json_t *files = json_array();
    size_t counts[4] = {0};
    for (size_t i = 0; i < inv->n; i++) {
        json_array_append_new(files, lv_artifact_json(inv, &inv->v[i]));
        counts[inv->v[i].status]++;
    }
    json_t *o = json_object();
    json_object_set_new(o, "profile", lv_json_string(profile));
    json_object_set_new(o, "folder", lv_json_string(inv->root));
    json_object_set_new(o, "file_count", json_integer((json_int_t)inv->n));
    json_t *by = json_object();
    for (int s = 0; s < 4; s++)
        json_object_set_new(by, lv_art_status_name((lv_art_status)s),
                            json_integer((json_int_t)counts[s]));
    json_object_set_new(o, "status_counts", by);
    json_object_set_new(o, "files", files);
    return o;
}
