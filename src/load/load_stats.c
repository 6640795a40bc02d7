/* The diag-stats loader: the lab app's own counters (/diag/stats).
 * The pid is kept: Gunicorn runs several workers and each answers with its
 * own view, so two snapshots may come from different processes. Which
 * counters the app reports besides it is the profile's (analysis.json,
 * "app_counters"); the caller passes them. See include/lv/snapshot.h. */
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/jsonutil.h"
#include "lv/snapshot.h"
#include "lv/timeutil.h"

static void count_field(const lv_doc *doc, json_t *src, json_t *out,
                        const char *key)
{
    json_t *v = json_object_get(src, key);
    lv_buf ptr;
    lv_buf_init(&ptr);
    lv_buf_printf(&ptr, "/%s", key);
    if (!v)
        lv_doc_warn(doc, ptr.data, "missing");
    else if (!json_is_integer(v) || json_integer_value(v) < 0)
        lv_doc_warn(doc, ptr.data, "expected a non-negative integer; left out");
    else
        json_object_set(out, key, v);
    lv_buf_free(&ptr);
}

const char *const lv_diag_stats_default_counters[] = {"request_count", NULL};

int lv_diag_stats_member(const char *name)
{
    static const char *const members[] = {"pid", "process_start_time", "uptime_seconds",
                                          "snapshot_time", "endpoint_counters"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (strcmp(name, members[i]) == 0)
            return 1;
    return 0;
}

static void endpoint_counters(const lv_doc *doc, json_t *src, json_t *out)
{
    json_t *ec = json_object_get(src, "endpoint_counters");
    if (!ec)
        return;
    if (!json_is_object(ec)) {
        lv_doc_warn(doc, "/endpoint_counters", "not an object; left out");
        return;
    }
    json_t *o = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(ec, key, v) {
        if (json_is_integer(v) && json_integer_value(v) >= 0) {
            json_object_set(o, key, v);
        } else {
            char ptr[512];
            snprintf(ptr, sizeof ptr, "/endpoint_counters/%s", key);
            lv_doc_warn(doc, ptr, "expected a non-negative integer; left out");
        }
    }
    json_object_set_new(out, "endpoint_counters", o);
}

/* snapshot_time = process_start_time + uptime_seconds: the moment the
 * worker answered, which places the snapshot on the log's time line. */
static void times(const lv_doc *doc, json_t *src, json_t *out)
{
    json_t *st = json_object_get(src, "process_start_time");
    json_t *up = json_object_get(src, "uptime_seconds");
    int64_t start = 0;
    int have_start = 0;
    if (json_is_string(st) &&
        lv_time_parse_iso(json_string_value(st), json_string_length(st),
                          &start) == 0) {
        char iso[40];
        lv_time_format_iso(start, iso);
        json_object_set_new(out, "process_start_time", json_string(iso));
        have_start = 1;
    } else if (st) {
        lv_doc_warn(doc, "/process_start_time", "not an ISO 8601 time; left out");
    }
    if (!up)
        return;
    double u = json_number_value(up);
    if (!json_is_number(up) || !(u >= 0) || u > 1e9) {
        lv_doc_warn(doc, "/uptime_seconds", "%s; left out",
                    !json_is_number(up) ? "expected a number of seconds"
                    : u > 1e9           ? "over 10^9 seconds (31 years): out of range"
                                        : "negative where seconds >= 0 are expected");
        return;
    }
    json_object_set(out, "uptime_seconds", up);
    if (have_start) {
        /* Times are handled up to the end of 2261 (int64 nanoseconds end in
         * April 2262); a start near it plus a long uptime would overflow. */
        static const char last[] = "2261-12-31T23:59:59.999999999Z";
        int64_t max, up_ns = llround(u * 1e9);
        if (lv_time_parse_iso(last, sizeof last - 1, &max) != 0)
            abort();
        if (start > max - up_ns) {
            lv_doc_warn(doc, "/uptime_seconds",
                        "process_start_time plus uptime_seconds falls after 2261, past "
                        "the times this tool handles; the snapshot time is left out");
            return;
        }
        char iso[40];
        lv_time_format_iso(start + up_ns, iso);
        json_object_set_new(out, "snapshot_time", json_string(iso));
    }
}

json_t *lv_parse_diag_stats(const char *text, size_t len, const char *label,
                            const char *const *counters, lv_diag *d)
{
    lv_doc doc = {text, len, label, d};
    json_t *src = lv_doc_load_object(&doc, "a /diag/stats snapshot");
    if (!src)
        return NULL;
    json_t *out = json_object();
    count_field(&doc, src, out, "pid");
    if (!counters)
        counters = lv_diag_stats_default_counters;
    for (size_t i = 0; counters[i]; i++) {
        /* the document's own members are read as such, a counter once */
        int again = lv_diag_stats_member(counters[i]);
        for (size_t j = 0; j < i && !again; j++)
            again = strcmp(counters[i], counters[j]) == 0;
        if (!again)
            count_field(&doc, src, out, counters[i]);
    }
    times(&doc, src, out);
    endpoint_counters(&doc, src, out);
    json_decref(src);
    return out;
}
