/* The view of the model for templates: see include/lv/view.h. */
#include "lv/view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lv/numfmt.h"

static int decimals_for(const char *unit, int is_change, int integral)
{
    if (!unit)
        return integral ? 0 : 3;
    if (strcmp(unit, "%") == 0)
        return is_change ? 1 : 2;
    if (strcmp(unit, "s") == 0)
        return 3;
    if (strcmp(unit, "load") == 0)
        return 2;
    if (strcmp(unit, "ms") == 0)
        return integral ? 0 : 1;
    return integral ? 0 : 2;
}

void lv_view_format(const json_t *value, const char *unit, int is_signed,
                    int is_change, char *out)
{
    /* A pid is a name, not a quantity: no thousands separators. */
    int group = !(unit && strcmp(unit, "pid") == 0);
    unsigned flags = (group ? LV_NUMFMT_GROUP : 0) | (is_signed ? LV_NUMFMT_PLUS : 0);
    if (json_is_integer(value) && !(unit && (strcmp(unit, "%") == 0 ||
                                             strcmp(unit, "s") == 0 ||
                                             strcmp(unit, "load") == 0))) {
        lv_fmt_int(out, json_integer_value(value), flags);
        return;
    }
    if (!json_is_number(value) || !isfinite(json_number_value(value))) {
        snprintf(out, LV_NUMFMT_MAX, "n/a");
        return;
    }
    double v = json_number_value(value);
    int integral = json_is_integer(value);
    int dec = decimals_for(unit, is_change, integral);
    if (unit && strcmp(unit, "%") == 0)
        lv_fmt_percent(out, v, dec, flags);
    else
        lv_fmt_fixed(out, v, dec, flags);
}

static int is_quantity(const json_t *o)
{
    return json_is_object(o) && json_object_get(o, "value") &&
           json_object_get(o, "unit") && !json_object_get(o, "text");
}

static void annotate(json_t *q, int is_signed, int is_change)
{
    const char *unit = json_string_value(json_object_get(q, "unit"));
    char text[LV_NUMFMT_MAX], with[LV_NUMFMT_MAX + 64];
    lv_view_format(json_object_get(q, "value"), unit, is_signed, is_change, text);
    int pct = unit && strcmp(unit, "%") == 0;
    if (!unit || !*unit || pct || strcmp(text, "n/a") == 0 ||
        strcmp(unit, "count") == 0 || strcmp(unit, "pid") == 0)
        snprintf(with, sizeof with, "%s", text);
    else
        snprintf(with, sizeof with, "%s %s", text, unit);
    json_object_set_new(q, "text", json_string(text));
    json_object_set_new(q, "text_unit", json_string(with));
}

static void walk(json_t *v, const char *key)
{
    int is_signed = key && (strcmp(key, "delta") == 0 || strcmp(key, "pct") == 0 ||
                            strcmp(key, "change") == 0);
    if (is_quantity(v)) {
        annotate(v, is_signed, is_signed);
        return;
    }
    if (json_is_object(v)) {
        const char *k;
        json_t *c;
        json_t *flags = json_object();
        json_object_foreach(v, k, c) {
            walk(c, k);
            /* Templates cannot ask "is this list empty?": say it. */
            if (json_is_array(c)) {
                char name[300];
                snprintf(name, sizeof name, "has_%s", k);
                json_object_set_new(flags, name, json_boolean(json_array_size(c) > 0));
            }
        }
        json_object_update_missing(v, flags);
        json_decref(flags);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c) walk(c, key);
    }
}

json_t *lv_view(const json_t *model)
{
    /* The metric dictionary and the samples are for criteria and diff, not
     * for people: left out before the deep copy. */
    json_t *top = json_copy((json_t *)model);
    json_object_del(top, "metrics");
    json_object_del(top, "samples");
    json_t *v = json_deep_copy(top);
    json_decref(top);
    walk(v, NULL);
    return v;
}
