/* Lab profiles: see include/lv/profile.h. */
#include "lv/profile.h"

#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lv/embedded.h"

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
    int rc = -1;
    p->name = opt_str(doc, "profile");
    p->title = opt_str(doc, "title");
    if (!p->name)
        bad(d, label, "\"profile\" (its name) is missing");
    else if (parse_roles(json_object_get(doc, "roles"), label, p, d) == 0 &&
             parse_phases(json_object_get(doc, "phases"), label, p, d) == 0)
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
