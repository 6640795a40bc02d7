/* The diag-proc loader: /proc/meminfo, /proc/vmstat, PSI and loadavg as the
 * lab app's /diag/proc endpoint returns them. See include/lv/snapshot.h. */
#include <stdlib.h>
#include <string.h>

#include "lv/jsonutil.h"
#include "lv/numparse.h"
#include "lv/snapshot.h"

/* An unsigned counter from a JSON string ("6114788") or integer. Counters
 * past the model's int64 range are refused: they cannot be told from
 * corruption and would not survive the JSON model. */
static int counter(const lv_doc *doc, const char *ptr, json_t *v,
                   json_int_t *out)
{
    if (json_is_integer(v)) {
        if (json_integer_value(v) < 0) {
            lv_doc_warn(doc, ptr, "negative counter %lld; left out",
                        (long long)json_integer_value(v));
            return -1;
        }
        *out = json_integer_value(v);
        return 0;
    }
    if (!json_is_string(v)) {
        lv_doc_warn(doc, ptr, "expected a count, found a JSON %s; left out",
                    json_is_real(v) ? "real" : json_is_null(v) ? "null" : "value");
        return -1;
    }
    uint64_t u;
    const char *s = json_string_value(v);
    lv_num_status st = lv_parse_u64(s, json_string_length(v), &u);
    if (st == LV_NUM_OK && u > (uint64_t)INT64_MAX)
        st = LV_NUM_RANGE;
    if (st != LV_NUM_OK) {
        json_t *q = lv_json_string(s);
        lv_doc_warn(doc, ptr, "%s: %s; left out", json_string_value(q),
                    lv_num_status_text(st));
        json_decref(q);
        return -1;
    }
    *out = (json_int_t)u;
    return 0;
}

/* "523896 kB" (or a bare number) into {"value":523896,"unit":"kB"}. */
static json_t *mem_value(const lv_doc *doc, const char *ptr, json_t *v)
{
    json_int_t n;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        const char *sp = strchr(s, ' ');
        size_t nl = sp ? (size_t)(sp - s) : strlen(s);
        const char *unit = sp ? sp + 1 : NULL;
        uint64_t u;
        lv_num_status st = lv_parse_u64(s, nl, &u);
        if (st == LV_NUM_OK && u > (uint64_t)INT64_MAX)
            st = LV_NUM_RANGE;
        /* /proc/meminfo speaks kB (or no unit, for page counts); another
         * unit would make deltas across snapshots compare apples and MB. */
        if (st != LV_NUM_OK || (unit && strcmp(unit, "kB") != 0)) {
            json_t *q = lv_json_string(s);
            lv_doc_warn(doc, ptr, "\"%s\" is not \"N kB\": %s; left out",
                        json_string_value(q),
                        st != LV_NUM_OK ? lv_num_status_text(st) : "the unit is not kB");
            json_decref(q);
            return NULL;
        }
        json_t *o = json_pack("{s:I}", "value", (json_int_t)u);
        json_object_set_new(o, "unit", unit ? lv_json_string(unit) : json_null());
        return o;
    }
    if (counter(doc, ptr, v, &n) != 0)
        return NULL;
    return json_pack("{s:I,s:n}", "value", n, "unit");
}

static void load_meminfo(const lv_doc *doc, json_t *src, json_t *out)
{
    const char *key;
    json_t *v;
    json_t *mem = json_object();
    json_object_foreach(src, key, v) {
        char ptr[512];
        snprintf(ptr, sizeof ptr, "/meminfo/%s", key);
        json_t *m = mem_value(doc, ptr, v);
        if (m)
            json_object_set_new(mem, key, m);
    }
    json_object_set_new(out, "meminfo", mem);
}

static void load_vmstat(const lv_doc *doc, json_t *src, json_t *out)
{
    const char *key;
    json_t *v;
    json_t *vm = json_object();
    json_object_foreach(src, key, v) {
        char ptr[512];
        json_int_t n;
        snprintf(ptr, sizeof ptr, "/vmstat/%s", key);
        if (counter(doc, ptr, v, &n) == 0)
            json_object_set_new(vm, key, json_integer(n));
    }
    json_object_set_new(out, "vmstat", vm);
}

/* "some avg10=0.02 avg60=0.72 avg300=0.69 total=141136058" */
static json_t *psi_line(const lv_doc *doc, const char *ptr, const char *kind,
                        json_t *v)
{
    if (!json_is_string(v)) {
        lv_doc_warn(doc, ptr, "expected a PSI line; left out");
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t kl = strlen(kind);
    if (strncmp(s, kind, kl) != 0 || s[kl] != ' ') {
        lv_doc_warn(doc, ptr, "PSI line does not start with \"%s \"; left out", kind);
        return NULL;
    }
    static const char *const fields[] = {"avg10", "avg60", "avg300", "total"};
    json_t *o = json_object();
    const char *p = s + kl + 1;
    for (size_t i = 0; i < 4; i++) {
        size_t fl = strlen(fields[i]);
        const char *end = strchr(p, ' ');
        size_t tl = end ? (size_t)(end - p) : strlen(p);
        double x;
        uint64_t u;
        if (tl <= fl + 1 || strncmp(p, fields[i], fl) != 0 || p[fl] != '=' ||
            (i < 3 ? lv_parse_decimal(p + fl + 1, tl - fl - 1, &x)
                   : lv_parse_u64(p + fl + 1, tl - fl - 1, &u)) != LV_NUM_OK ||
            (i < 3 && (x < 0 || x > 100)) || (i == 3 && u > (uint64_t)INT64_MAX)) {
            lv_doc_warn(doc, ptr, "field %s missing or not a number; line left out",
                        fields[i]);
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, fields[i], i < 3 ? json_real(x)
                                                : json_integer((json_int_t)u));
        p = end ? end + 1 : p + tl;
    }
    return o;
}

static void load_psi(const lv_doc *doc, json_t *src, json_t *out)
{
    static const char *const kinds[] = {"some", "full"};
    json_t *psi = json_object();
    for (size_t i = 0; i < 2; i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/pressure_memory/%s", kinds[i]);
        json_t *v = json_object_get(src, kinds[i]);
        json_t *o = v ? psi_line(doc, ptr, kinds[i], v) : NULL;
        if (o)
            json_object_set_new(psi, kinds[i], o);
    }
    json_object_set_new(out, "psi", psi);
}

/* "0.10 0.20 0.35 3/751 1941": three averages, runnable/threads, last pid. */
static void load_loadavg(const lv_doc *doc, json_t *v, json_t *out)
{
    double l[3];
    uint64_t run, thr, pid;
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    const char *p = s;
    for (int i = 0; i < 3; i++) {
        const char *e = strchr(p, ' ');
        if (!e || lv_parse_decimal(p, (size_t)(e - p), &l[i]) != LV_NUM_OK ||
            l[i] < 0)
            goto bad;
        p = e + 1;
    }
    const char *slash = strchr(p, '/'), *sp = strchr(p, ' ');
    if (!slash || !sp || slash > sp ||
        lv_parse_u64(p, (size_t)(slash - p), &run) != LV_NUM_OK ||
        lv_parse_u64(slash + 1, (size_t)(sp - slash - 1), &thr) != LV_NUM_OK ||
        lv_parse_u64(sp + 1, strlen(sp + 1), &pid) != LV_NUM_OK ||
        run > INT64_MAX || thr > INT64_MAX || pid > INT64_MAX)
        goto bad;
    json_object_set_new(out, "loadavg",
                        json_pack("{s:f,s:f,s:f,s:I,s:I,s:I}", "load1", l[0],
                                  "load5", l[1], "load15", l[2], "runnable",
                                  (json_int_t)run, "threads", (json_int_t)thr,
                                  "last_pid", (json_int_t)pid));
    return;
bad:
    lv_doc_warn(doc, "/loadavg", "not \"L1 L5 L15 R/T PID\"; left out");
}

json_t *lv_parse_diag_proc(const char *text, size_t len, const char *label,
                           lv_diag *d)
{
    lv_doc doc = {text, len, label, d};
    json_t *src = lv_doc_load_object(&doc, "a /diag/proc snapshot");
    if (!src)
        return NULL;
    json_t *out = json_object();
    json_t *v;
    if (json_is_object(v = json_object_get(src, "meminfo")))
        load_meminfo(&doc, v, out);
    else
        lv_doc_warn(&doc, "/meminfo", "missing or not an object");
    if (json_is_object(v = json_object_get(src, "vmstat")))
        load_vmstat(&doc, v, out);
    else
        lv_doc_warn(&doc, "/vmstat", "missing or not an object");
    if (json_is_object(v = json_object_get(src, "pressure_memory")))
        load_psi(&doc, v, out);
    else
        lv_doc_warn(&doc, "/pressure_memory", "missing or not an object");
    if ((v = json_object_get(src, "loadavg")))
        load_loadavg(&doc, v, out);
    json_decref(src);
    return out;
}
