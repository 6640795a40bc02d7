/* Loaders by format name: see include/lv/loaders.h. */
#include "lv/loaders.h"

#include <stdlib.h>
#include <string.h>

#include "lv/jsonutil.h"
#include "lv/kql.h"
#include "lv/responses.h"
#include "lv/snapshot.h"

static const char *const formats[] = {"diag-proc", "diag-stats", "app-config",
                                      "json", "kql", "responses"};

int lv_format_known(const char *format)
{
    for (size_t i = 0; format && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(format, formats[i]) == 0)
            return 1;
    return 0;
}

static json_t *responses(const char *path, const char *label, lv_diag *d)
{
    lv_response_set s;
    if (lv_responses_load(path, label, &s, d) != 0)
        return NULL;
    json_t *recs = json_array();
    for (size_t i = 0; i < s.n; i++) {
        const lv_response *r = &s.v[i];
        json_t *o = json_pack("{s:I,s:s,s:f,s:s,s:b,s:I}", "index", (json_int_t)r->index,
                              "status", r->status_text, "seconds", r->seconds,
                              "seconds_text", r->seconds_text, "fallback_merged",
                              r->fallback_merged, "offset", (json_int_t)r->offset);
        if (r->label)
            json_object_set_new(o, "label", lv_json_string(r->label));
        json_array_append_new(recs, o);
    }
    json_t *out = json_pack("{s:b,s:o,s:o}", "glued", s.glued, "decimals",
                            s.decimals >= 0 ? json_integer(s.decimals) : json_null(),
                            "records", recs);
    lv_response_set_free(&s);
    return out;
}

/* The export's columns and rows as streamed; for inspection of small files
 * (the report never builds this: it reduces rows as they come). */
static int kql_row(void *ctx, const lv_kql_value *v, size_t n, uint64_t row,
                   long long off)
{
    (void)row;
    (void)off;
    json_t *r = json_array();
    for (size_t i = 0; i < n; i++) {
        switch (v[i].kind) {
        case LV_KV_STRING: json_array_append_new(r, lv_json_stringn(v[i].text, v[i].len)); break;
        case LV_KV_NUMBER: json_array_append_new(r, json_string(v[i].text)); break;
        case LV_KV_BOOL: json_array_append_new(r, json_boolean(v[i].boolean)); break;
        case LV_KV_MISSING: break; /* a flat row without this key */
        default: json_array_append_new(r, json_null()); break;
        }
    }
    json_array_append_new(ctx, r);
    return 0;
}

static json_t *kql(const char *path, const char *label, lv_diag *d)
{
    /* First learn the columns, then stream them all by name. */
    lv_kql_info info;
    if (lv_kql_stream_file(path, label, NULL, 0, NULL, NULL, &info, d) != 0) {
        lv_kql_info_free(&info);
        return NULL;
    }
    /* The flat shape has no column list: ask for the columns labs use. */
    static const char *const known[] = {"TimeGenerated", "CsUriStem", "ScStatus",
                                        "TimeTaken", "CsHost", "ResultDescription",
                                        "Level", "Message"};
    int flat = info.shape == LV_KQL_SHAPE_FLAT;
    size_t nc = flat ? sizeof known / sizeof known[0] : info.ncolumns;
    lv_kql_column *want = calloc(nc + 1, sizeof *want);
    for (size_t i = 0; i < nc; i++)
        want[i].name = flat ? known[i] : info.columns[i];
    json_t *rows = json_array();
    lv_kql_info info2;
    int rc = lv_kql_stream_file(path, label, want, nc, kql_row, rows, &info2, d);
    json_t *cols = json_array();
    for (size_t i = 0; i < nc; i++)
        if (!flat || (rc == 0 && info2.want_found[i]))
            json_array_append_new(cols, lv_json_string(want[i].name));
    json_t *out = rc ? NULL
                     : json_pack("{s:s,s:o,s:O}", "shape",
                                 info.shape == LV_KQL_SHAPE_FLAT ? "flat array" : "tables",
                                 "columns", cols, "rows", rows);
    if (rc)
        json_decref(cols);
    json_decref(rows);
    free(want);
    lv_kql_info_free(&info);
    lv_kql_info_free(&info2);
    return out;
}

json_t *lv_load_any(const char *path, const char *label, const char *format,
                    const char *const *counters, lv_diag *d)
{
    if (strcmp(format, "responses") == 0)
        return responses(path, label, d);
    if (strcmp(format, "kql") == 0)
        return kql(path, label, d);
    return lv_load_snapshot(path, label, format, counters, d);
}
