/* The flat metric dictionary: see include/lv/metrics.h. */
#include "lv/metrics.h"

#include "lv/jsonutil.h"

void lv_metric_set(json_t *metrics, const char *name, json_t *value,
                   const char *unit, const char *file1, const char *file2)
{
    json_t *files = json_array();
    if (file1)
        json_array_append_new(files, lv_json_string(file1));
    if (file2)
        json_array_append_new(files, lv_json_string(file2));
    json_t *m = json_object();
    json_object_set_new(m, "value", value ? value : json_null());
    json_object_set_new(m, "unit", unit ? json_string(unit) : json_null());
    json_object_set_new(m, "files", files);
    json_object_set_new(metrics, name, m);
}

double lv_metric_value(const json_t *metrics, const char *name, int *known)
{
    json_t *v = json_object_get(json_object_get(metrics, name), "value");
    *known = json_is_number(v);
    return *known ? json_number_value(v) : 0;
}
