/* The app-config / app-state loader: the App Service site configuration as
 * `az webapp config show` (flat) or ARM (`properties`, `siteConfig`) writes
 * it, and the Gunicorn options in its startup command.
 * See include/lv/snapshot.h. */
#include <stdlib.h>
#include <string.h>

#include "lv/jsonutil.h"
#include "lv/numparse.h"
#include "lv/snapshot.h"

/* The object that holds the site configuration. The sanitized app-state of
 * the real run nests it under "sku"; ARM nests it under properties. */
static json_t *config_object(json_t *doc)
{
    static const char *const nests[] = {"properties", "siteConfig", "sku"};
    if (json_object_get(doc, "appCommandLine") || json_object_get(doc, "linuxFxVersion"))
        return doc;
    for (size_t i = 0; i < 3; i++) {
        json_t *o = json_object_get(doc, nests[i]);
        if (json_is_object(o)) {
            json_t *inner = config_object(o);
            if (inner)
                return inner;
        }
    }
    return NULL;
}

/* The value of a Gunicorn option in a command line: "--workers=4",
 * "--workers 4", "-w 4" or "-w4". Returns a malloc'd token or NULL. */
static char *option(const char *cmd, const char *lng, const char *shrt)
{
    char *copy = strdup(cmd), *save = NULL, *found = NULL;
    size_t ll = strlen(lng), sl = shrt ? strlen(shrt) : 0;
    int take_next = 0;
    for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        if (take_next) {
            free(found);
            found = strdup(t);
            take_next = 0;
        } else if (strncmp(t, lng, ll) == 0 && t[ll] == '=') {
            free(found);
            found = strdup(t + ll + 1);
        } else if (strcmp(t, lng) == 0 || (shrt && strcmp(t, shrt) == 0)) {
            take_next = 1;
        } else if (shrt && strncmp(t, shrt, sl) == 0 && t[sl]) {
            free(found);
            found = strdup(t + sl);
        }
    }
    free(copy);
    return found;
}

static void gunicorn(const lv_doc *doc, const char *cmd, json_t *out)
{
    if (!strstr(cmd, "gunicorn"))
        return;
    json_t *g = json_object();
    static const char *const opts[][3] = {
        {"workers", "--workers", "-w"}, {"timeout", "--timeout", "-t"},
        {"threads", "--threads", NULL}};
    for (size_t i = 0; i < 3; i++) {
        char *v = option(cmd, opts[i][1], opts[i][2]);
        uint64_t n;
        if (v && lv_parse_u64(v, strlen(v), &n) == LV_NUM_OK && n < 1000000)
            json_object_set_new(g, opts[i][0], json_integer((json_int_t)n));
        else if (v)
            lv_doc_warn(doc, "/appCommandLine", "gunicorn %s \"%s\" is not a count",
                        opts[i][1], v);
        free(v);
    }
    char *bind = option(cmd, "--bind", "-b");
    if (bind)
        json_object_set_new(g, "bind", lv_json_string(bind));
    free(bind);
    json_object_set_new(out, "gunicorn", g);
}

static void copy_typed(json_t *from, json_t *out, const char *key,
                       json_type type)
{
    json_t *v = json_object_get(from, key);
    if (v && (json_typeof(v) == type ||
              (type == JSON_TRUE && json_is_boolean(v))))
        json_object_set(out, key, v);
}

static void sku(json_t *doc, json_t *out)
{
    json_t *s = json_object_get(doc, "sku");
    if (json_is_string(s))
        json_object_set(out, "sku", s);
    else if (json_is_object(s) && !json_object_get(s, "appCommandLine") &&
             json_is_string(json_object_get(s, "name")))
        json_object_set(out, "sku", json_object_get(s, "name"));
}

json_t *lv_parse_app_config(const char *text, size_t len, const char *label,
                            lv_diag *d)
{
    lv_doc doc = {text, len, label, d};
    json_t *src = lv_doc_load_object(&doc, "an App Service configuration");
    if (!src)
        return NULL;
    json_t *out = json_object();
    json_t *cfg = config_object(src);
    if (cfg) {
        copy_typed(cfg, out, "linuxFxVersion", JSON_STRING);
        copy_typed(cfg, out, "appCommandLine", JSON_STRING);
        copy_typed(cfg, out, "alwaysOn", JSON_TRUE);
        copy_typed(cfg, out, "numberOfWorkers", JSON_INTEGER);
        copy_typed(cfg, out, "location", JSON_STRING);
        json_t *cmd = json_object_get(cfg, "appCommandLine");
        if (json_is_string(cmd))
            gunicorn(&doc, json_string_value(cmd), out);
    }
    sku(src, out);
    copy_typed(src, out, "state", JSON_STRING);
    json_decref(src);
    return out;
}
