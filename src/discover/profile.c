/* Lab profiles: see include/lv/profile.h. */
#include "lv/profile.h"

#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lv/buf.h"
#include "lv/embedded.h"
#include "lv/fileio.h"
#include "lv/jsonplace.h"
#include "lv/jsonutil.h"
#include "lv/loaders.h"
#include "lv/metricpat.h"

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
    if (n)
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

/* Member `key` of the object at path[0..n) (path has room for one more
 * step): a copy of its string, or NULL. A value that is not a non-empty
 * string is an error when present, and its absence when required. */
static char *str_at(const profile_text *t, json_t *obj, lv_json_step *path,
                    size_t n, const char *key, int required, int *rc)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v) && json_string_length(v) > 0)
        return strdup(json_string_value(v));
    if (!v && !required)
        return NULL;
    path[n].key = key;
    if (!v)
        err_at(t, path, n, "missing \"%s\"", key);
    else
        err_at(t, path, n + 1, "\"%s\" must be a non-empty string, not %s", key,
               json_is_string(v) ? "\"\"" : lv_json_kind(v));
    *rc = -1;
    return NULL;
}

static int parse_roles(const profile_text *t, json_t *arr, lv_profile *p)
{
    lv_json_step path[3] = {{"roles", 0}, {NULL, 0}, {NULL, 0}};
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        if (!arr)
            err_at(t, path, 0, "missing \"roles\" (a non-empty array of "
                   "{\"role\", \"glob\", \"format\"})");
        else
            err_at(t, path, 1, "\"roles\" must be a non-empty array of "
                   "{\"role\", \"glob\", \"format\"}, not %s",
                   json_is_array(arr) ? "an empty array" : lv_json_kind(arr));
        return -1;
    }
    p->roles = calloc(json_array_size(arr), sizeof *p->roles);
    if (!p->roles)
        abort();
    size_t i;
    json_t *r;
    int rc = 0;
    json_array_foreach(arr, i, r) {
        path[1].key = NULL;
        path[1].idx = i;
        if (!json_is_object(r)) {
            err_at(t, path, 2, "a role is an object {\"role\", \"glob\", "
                   "\"format\"}, not %s", lv_json_kind(r));
            rc = -1;
            continue;
        }
        lv_role_rule *rr = &p->roles[p->nroles++];
        rr->role = str_at(t, r, path, 2, "role", 1, &rc);
        rr->glob = str_at(t, r, path, 2, "glob", 1, &rc);
        rr->format = str_at(t, r, path, 2, "format", 1, &rc);
        rr->feeds = str_at(t, r, path, 2, "feeds", 0, &rc);
        if (rr->format && !lv_format_known(rr->format)) {
            path[2].key = "format";
            err_at(t, path, 3, "unknown format \"%s\" (expected diag-proc, "
                   "diag-stats, app-config, json, kql or responses)", rr->format);
            rc = -1;
        }
    }
    return rc;
}

static int parse_phases(const profile_text *t, json_t *arr, lv_profile *p)
{
    lv_json_step path[3] = {{"phases", 0}, {NULL, 0}, {NULL, 0}};
    if (!json_is_array(arr)) {
        if (!arr)
            err_at(t, path, 0, "missing \"phases\" (an array of {\"phase\", "
                   "\"folder\", \"token\"})");
        else
            err_at(t, path, 1, "\"phases\" must be an array of {\"phase\", "
                   "\"folder\", \"token\"}, not %s", lv_json_kind(arr));
        return -1;
    }
    p->phases = calloc(json_array_size(arr) + 1, sizeof *p->phases);
    if (!p->phases)
        abort();
    size_t i;
    json_t *r;
    int rc = 0;
    json_array_foreach(arr, i, r) {
        path[1].key = NULL;
        path[1].idx = i;
        if (!json_is_object(r)) {
            err_at(t, path, 2, "a phase is an object {\"phase\", \"folder\", "
                   "\"token\"}, not %s", lv_json_kind(r));
            rc = -1;
            continue;
        }
        lv_phase_rule *ph = &p->phases[p->nphases++];
        ph->phase = str_at(t, r, path, 2, "phase", 1, &rc);
        ph->folder = str_at(t, r, path, 2, "folder", 0, &rc);
        ph->token = str_at(t, r, path, 2, "token", 0, &rc);
    }
    return rc;
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
                   err.column + (bom && err.line == 1), "invalid JSON: %s", err.text);
        return -1;
    }
    profile_text t = {text, len, label, d};
    lv_json_step root[1] = {{"profile", 0}};
    int rc = 0;
    if (!json_is_object(doc)) {
        err_at(&t, root, 0, "a profile's roles file is a JSON object, not %s",
               lv_json_kind(doc));
        rc = -1;
    } else {
        p->name = str_at(&t, doc, root, 0, "profile", 1, &rc);
        p->title = str_at(&t, doc, root, 0, "title", 0, &rc);
        /* every error of the file is reported, not only the first */
        rc |= parse_roles(&t, json_object_get(doc, "roles"), p);
        rc |= parse_phases(&t, json_object_get(doc, "phases"), p);
        rc |= parse_patterns(&t, json_object_get(doc, "metric_patterns"), p);
    }
    json_decref(doc);
    if (rc)
        lv_profile_free(p);
    return rc;
}

/* ---- the files of a profile ---------------------------------------------- */

static char *memdup0(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        abort();
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static void file_free(lv_profile_file *f)
{
    free(f->text);
    free(f->label);
    memset(f, 0, sizeof *f);
}

/* f <- a copy of the embedded file `path`; 0, or -1 when there is none. */
static int file_embedded(lv_profile_file *f, const char *path)
{
    const lv_embedded_file *e = lv_embedded_find(path);
    if (!e)
        return -1;
    f->text = memdup0(e->data, e->size);
    f->len = e->size;
    f->label = strdup(path);
    return 0;
}

static char *join(const char *dir, const char *name)
{
    lv_buf b;
    lv_buf_init(&b);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    lv_buf_printf(&b, "%.*s%s%s", (int)n, dir, dir[n - 1] == '/' ? "" : "/", name);
    return lv_buf_steal(&b);
}

/* The file `name` of the folder `dir` into f (its label: DIR/NAME). A
 * missing file is an error when `required`, else f stays empty; 0, or -1. */
static int file_in_dir(lv_profile_file *f, const char *dir, const char *name,
                       int required, lv_diag *d)
{
    char *path = join(dir, name);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        if (required)
            lv_diag_file(d, LV_SEV_ERROR, path,
                         "missing: a profile folder holds roles.json, analysis.json "
                         "and criteria.json (and optionally report.md.mustache)");
        free(path);
        return required ? -1 : 0;
    }
    if (lv_read_file(path, NULL, LV_READ_LIMIT, &f->text, &f->len, d) != 0) {
        free(path);
        return -1;
    }
    f->label = path;
    return 0;
}

/* p->rules from p->analysis (JSON syntax only: lv_analysis_rules_check
 * checks the rest). */
static int parse_rules(lv_profile *p, lv_diag *d)
{
    if (!p->analysis.text)
        return 0;
    p->rules = lv_json_load_mem(p->analysis.text, p->analysis.len, p->analysis.label, d);
    return p->rules ? 0 : -1;
}

/* The roles document of f, parsed into p (which keeps f). */
static int parse_roles_file(lv_profile_file *f, lv_profile *p, lv_diag *d)
{
    if (lv_profile_parse(f->text, f->len, f->label, p, d) != 0) {
        file_free(f);
        return -1;
    }
    p->roles_file = *f;
    return 0;
}

int lv_profile_load_builtin(const char *name, lv_profile *p, lv_diag *d)
{
    char path[300];
    lv_profile_file roles = {0};
    memset(p, 0, sizeof *p);
    snprintf(path, sizeof path, "profiles/%s/roles.json", name);
    if (strchr(name, '/') || file_embedded(&roles, path) != 0) {
        lv_diag_file(d, LV_SEV_ERROR, NULL, "no built-in profile '%s'", name);
        return -1;
    }
    if (parse_roles_file(&roles, p, d) != 0)
        return -1;
    p->source = strdup(name);
    snprintf(path, sizeof path, "profiles/%s/analysis.json", name);
    file_embedded(&p->analysis, path);
    snprintf(path, sizeof path, "profiles/%s/criteria.json", name);
    file_embedded(&p->criteria, path);
    snprintf(path, sizeof path, "profiles/%s/report.md.mustache", name);
    file_embedded(&p->report_template, path);
    if (parse_rules(p, d) != 0) {
        lv_profile_free(p);
        return -1;
    }
    return 0;
}

int lv_profile_load_dir(const char *dir, lv_profile *p, lv_diag *d)
{
    lv_profile_file roles = {0}, analysis = {0}, criteria = {0}, tmpl = {0};
    memset(p, 0, sizeof *p);
    /* every missing or unreadable file is reported, not only the first */
    int rc = file_in_dir(&roles, dir, "roles.json", 1, d);
    rc |= file_in_dir(&analysis, dir, "analysis.json", 1, d);
    rc |= file_in_dir(&criteria, dir, "criteria.json", 1, d);
    rc |= file_in_dir(&tmpl, dir, "report.md.mustache", 0, d);
    if (rc == 0)
        rc = parse_roles_file(&roles, p, d);
    else
        file_free(&roles);
    p->analysis = analysis;
    p->criteria = criteria;
    p->report_template = tmpl;
    if (rc == 0) {
        p->source = strdup(dir);
        rc = parse_rules(p, d);
    }
    if (rc != 0)
        lv_profile_free(p);
    return rc;
}

int lv_profile_use_builtin(lv_profile *p, lv_diag *d)
{
    lv_profile b;
    lv_diag quiet;
    lv_diag_init(&quiet, NULL);
    int have = p->name && lv_profile_load_builtin(p->name, &b, &quiet) == 0;
    lv_diag_free(&quiet);
    if (!have)
        return 0;
    file_free(&p->analysis);
    file_free(&p->criteria);
    file_free(&p->report_template);
    json_decref(p->rules);
    p->analysis = b.analysis;
    p->criteria = b.criteria;
    p->report_template = b.report_template;
    p->rules = b.rules;
    memset(&b.analysis, 0, sizeof b.analysis);
    memset(&b.criteria, 0, sizeof b.criteria);
    memset(&b.report_template, 0, sizeof b.report_template);
    b.rules = NULL;
    lv_profile_free(&b);
    (void)d;
    return 0;
}

int lv_profile_load_file(const char *path, lv_profile *p, lv_diag *d)
{
    lv_profile_file roles = {0};
    memset(p, 0, sizeof *p);
    if (lv_read_file(path, NULL, LV_READ_LIMIT, &roles.text, &roles.len, d) != 0)
        return -1;
    roles.label = strdup(path);
    if (parse_roles_file(&roles, p, d) != 0)
        return -1;
    p->source = strdup(path);
    return lv_profile_use_builtin(p, d);
}

int lv_profile_load(const char *arg, lv_profile *p, lv_diag *d)
{
    size_t n = strlen(arg);
    struct stat st;
    int is_dir = stat(arg, &st) == 0 && S_ISDIR(st.st_mode);
    if (!strchr(arg, '/') && (n < 5 || strcmp(arg + n - 5, ".json") != 0)) {
        char path[300];
        snprintf(path, sizeof path, "profiles/%s/roles.json", arg);
        if (lv_embedded_find(path))
            return lv_profile_load_builtin(arg, p, d);
        memset(p, 0, sizeof *p);
        if (is_dir)
            lv_diag_file(d, LV_SEV_ERROR, NULL,
                         "no built-in profile '%s' (for the profile folder, write ./%s)",
                         arg, arg);
        else
            lv_diag_file(d, LV_SEV_ERROR, NULL, "no built-in profile '%s'", arg);
        return -1;
    }
    return is_dir ? lv_profile_load_dir(arg, p, d) : lv_profile_load_file(arg, p, d);
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
    free(p->source);
    file_free(&p->roles_file);
    file_free(&p->analysis);
    file_free(&p->criteria);
    file_free(&p->report_template);
    json_decref(p->rules);
    memset(p, 0, sizeof *p);
}

const lv_role_rule *lv_profile_role(const lv_profile *p, const char *base)
{
    for (size_t i = 0; i < p->nroles; i++)
        if (fnmatch(p->roles[i].glob, base, 0) == 0)
            return &p->roles[i];
    return NULL;
}

const lv_phase_rule *lv_profile_phase(const lv_profile *p, const char *phase)
{
    for (size_t i = 0; i < p->nphases; i++)
        if (strcmp(p->phases[i].phase, phase) == 0)
            return &p->phases[i];
    return NULL;
}

const char **lv_profile_app_counters(const lv_profile *p)
{
    json_t *arr = json_object_get(p->rules, "app_counters");
    if (!json_is_array(arr))
        return NULL;
    const char **out = calloc(json_array_size(arr) + 1, sizeof *out);
    if (!out)
        abort();
    size_t i, n = 0;
    json_t *e;
    json_array_foreach(arr, i, e) if (json_is_string(e))
        out[n++] = json_string_value(e);
    return out;
}
