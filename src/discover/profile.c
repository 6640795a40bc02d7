/* Lab profiles: see include/lv/profile.h. */
#include "lv/profile.h"

#include <fnmatch.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/embedded.h"
#include "lv/fileio.h"
#include "lv/jsonplace.h"
#include "lv/jsonutil.h"
#include "lv/metricpat.h"

static char *opt_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static int bad(lv_diag *d, const char *label, const char *what)
{
    lv_diag_file(d, LV_SEV_ERROR, label, "not a lab profile: %s", what);
    return -1;
}

static int parse_roles(json_t *arr, const char *label, lv_profile *p,
                       lv_diag *d)
{
    size_t i;
    json_t *r;
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return bad(d, label, "\"roles\" must be a non-empty array");
    p->roles = calloc(json_array_size(arr), sizeof *p->roles);
    if (!p->roles)
        abort();
    json_array_foreach(arr, i, r) {
        lv_role_rule *rr = &p->roles[p->nroles++];
        rr->role = opt_str(r, "role");
        rr->glob = opt_str(r, "glob");
        rr->format = opt_str(r, "format");
        rr->feeds = opt_str(r, "feeds");
        if (!rr->role || !rr->glob || !rr->format)
            return bad(d, label, "each role needs \"role\", \"glob\" and \"format\"");
    }
    return 0;
}

static int parse_phases(json_t *arr, const char *label, lv_profile *p,
                        lv_diag *d)
{
    size_t i;
    json_t *r;
    if (!json_is_array(arr))
        return bad(d, label, "\"phases\" must be an array");
    p->phases = calloc(json_array_size(arr) + 1, sizeof *p->phases);
    if (!p->phases)
        abort();
    json_array_foreach(arr, i, r) {
        lv_phase_rule *ph = &p->phases[p->nphases++];
        ph->phase = opt_str(r, "phase");
        ph->folder = opt_str(r, "folder");
        ph->token = opt_str(r, "token");
        if (!ph->phase)
            return bad(d, label, "each phase needs \"phase\"");
    }
    return 0;
}

/* The profile's text, for the places of its errors. */
typedef struct {
    const char *text;
    size_t len;
    const char *label;
    lv_diag *d;
} profile_text;

/* An error about the value at path[0..n), at its place and with the path
 * as a JSON pointer first, as the criteria files' errors are. */
static void err_at(const profile_text *t, const lv_json_step *path, size_t n,
                   const char *fmt, ...) LV_PRINTF(4, 5);
static void err_at(const profile_text *t, const lv_json_step *path, size_t n,
                   const char *fmt, ...)
{
    lv_buf m;
    lv_buf_init(&m);
    lv_json_pointer(&m, path, n);
    lv_buf_puts(&m, ": ");
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    long line, col;
    lv_line_col(t->text, t->len, lv_json_locate(t->text, t->len, path, n, 0),
                &line, &col);
    lv_diag_at(t->d, LV_SEV_ERROR, t->label, line, col, "%s", m.data);
    lv_buf_free(&m);
}

/* "metric_patterns" (optional; absent, p->metric_patterns stays NULL):
 * copies of its patterns, each well-formed. Every bad one is reported
 * before failing, as in a criteria file. */
static int parse_patterns(const profile_text *t, json_t *arr, lv_profile *p)
{
    lv_json_step path[] = {{"metric_patterns", 0}, {NULL, 0}};
    if (!arr)
        return 0;
    if (!json_is_array(arr)) {
        err_at(t, path, 1, "\"metric_patterns\" must be an array of "
               "metric-name patterns, not %s", lv_json_kind(arr));
        return -1;
    }
    p->metric_patterns = calloc(json_array_size(arr) + 1,
                                sizeof *p->metric_patterns);
    if (!p->metric_patterns)
        abort();
    size_t i, n = 0;
    int rc = 0;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(v);
        const char *why = s && *s ? lv_metric_pattern_error(s) : NULL;
        path[1].idx = i;
        if (!s || !*s) {
            err_at(t, path, 2, "a metric pattern is a non-empty string, "
                   "not %s", s ? "\"\"" : lv_json_kind(v));
            rc = -1;
        } else if (why) {
            err_at(t, path, 2, "pattern \"%s\" has %s", s, why);
            rc = -1;
        } else {
            p->metric_patterns[n++] = strdup(s);
        }
    }
    return rc;
}

int lv_profile_parse(const char *text, size_t len, const char *label,
                     lv_profile *p, lv_diag *d)
{
    json_error_t err;
    memset(p, 0, sizeof *p);
    /* a UTF-8 byte order mark (Windows editors write one) is skipped; it is
     * one more character on line 1 */
    int bom = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0;
    json_t *doc = json_loadb(text + 3 * bom, len - 3 * (size_t)bom, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        lv_diag_at(d, LV_SEV_ERROR, label, err.line,
                   err.column + (bom && err.line == 1), "%s", err.text);
        return -1;
    }
    profile_text t = {text, len, label, d};
    json_t *patterns = json_object_get(doc, "metric_patterns");
    int rc = -1;
    p->name = opt_str(doc, "profile");
    p->title = opt_str(doc, "title");
    if (!p->name)
        bad(d, label, "\"profile\" (its name) is missing");
    else if (parse_roles(json_object_get(doc, "roles"), label, p, d) == 0 &&
             parse_phases(json_object_get(doc, "phases"), label, p, d) == 0 &&
             parse_patterns(&t, patterns, p) == 0)
        rc = 0;
    json_decref(doc);
    if (rc)
        lv_profile_free(p);
    return rc;
}

int lv_profile_load_builtin(const char *name, lv_profile *p, lv_diag *d)
{
    char path[256];
    snprintf(path, sizeof path, "profiles/%s/roles.json", name);
    const lv_embedded_file *f = lv_embedded_find(path);
    if (!f) {
        lv_diag_file(d, LV_SEV_ERROR, NULL, "no built-in profile '%s'", name);
        return -1;
    }
    return lv_profile_parse(f->data, f->size, path, p, d);
}

void lv_profile_free(lv_profile *p)
{
    for (size_t i = 0; i < p->nroles; i++) {
        free(p->roles[i].role);
        free(p->roles[i].glob);
        free(p->roles[i].format);
        free(p->roles[i].feeds);
    }
    for (size_t i = 0; i < p->nphases; i++) {
        free(p->phases[i].phase);
        free(p->phases[i].folder);
        free(p->phases[i].token);
    }
    for (size_t i = 0; p->metric_patterns && p->metric_patterns[i]; i++)
        free(p->metric_patterns[i]);
    free(p->metric_patterns);
    free(p->roles);
    free(p->phases);
    free(p->name);
    free(p->title);
    memset(p, 0, sizeof *p);
}

const lv_role_rule *lv_profile_role(const lv_profile *p, const char *base)
{
    for (size_t i = 0; i < p->nroles; i++)
        if (fnmatch(p->roles[i].glob, base, 0) == 0)
            return &p->roles[i];
    return NULL;
}
