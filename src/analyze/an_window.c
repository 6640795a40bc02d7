/* The run window: when this run happened, derived from the artifacts alone,
 * so that log rows of other runs in the same export can be told apart.
 *
 *   start = baseline snapshot time (diag-stats process_start_time +
 *           uptime_seconds) - slack; else the earliest trigger stamp - slack
 *   end   = the latest later-phase snapshot time + slack; else the latest
 *           KQL export stamp
 *
 * The slack, the baseline (the first phase) and the roles of the KQL
 * exports come from the profile (analysis.json "window", "phases", "kql"). */
#include <string.h>

#include "lv/analyze.h"
#include "lv/jsonutil.h"
#include "lv/timeutil.h"

static int snapshot_time(lv_an *an, size_t index, int64_t *ns)
{
    json_t *s = json_array_get(json_object_get(an->model, "snapshots"), index);
    json_t *t = json_object_get(s, "snapshot_time");
    return json_is_string(t) &&
           lv_time_parse_iso(json_string_value(t), json_string_length(t), ns) == 0;
}

/* Whether `role` is one of the roles the rules' "kql" object names. */
static int kql_role(lv_an *an, const char *role)
{
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(an->rules, "kql"), k, v)
        if (json_is_string(v) && strcmp(json_string_value(v), role) == 0)
            return 1;
    return 0;
}

/* The earliest (or latest) stamp of files not in the baseline phase: of
 * any role, or (kql_only) of the KQL exports' roles. */
static int stamp_of(lv_an *an, int kql_only, int latest, int64_t *ns,
                    const char **path)
{
    int found = 0;
    const char *baseline = lv_an_baseline(an);
    for (size_t i = 0; i < an->inv->n; i++) {
        const lv_artifact *a = &an->inv->v[i];
        if (!a->has_stamp || a->status == LV_ART_UNREADABLE ||
            (kql_only && !kql_role(an, a->role)) ||
            (a->phase && strcmp(a->phase, baseline) == 0))
            continue;
        if (!found || (latest ? a->stamp_ns > *ns : a->stamp_ns < *ns)) {
            *ns = a->stamp_ns;
            *path = a->path;
        }
        found = 1;
    }
    return found;
}

void lv_an_window(lv_an *an)
{
    json_t *w = json_object(), *slack_j = json_object_get(json_object_get(an->rules, "window"),
                                                          "slack_seconds");
    int64_t slack = (int64_t)(json_number_value(slack_j) * 1e9);
    int64_t start = 0, end = 0, t;
    const char *from = NULL, *path = NULL;
    char why[600];
    int have_start = 0, have_end = 0;
    size_t nsnap = json_array_size(json_object_get(an->model, "snapshots"));
    if (nsnap && snapshot_time(an, 0, &t)) {
        start = t - slack;
        have_start = 1;
        json_object_set_new(w, "start_from", json_string("baseline snapshot time (process_start_time + uptime_seconds) minus the slack"));
    } else if (stamp_of(an, 0, 0, &t, &from)) {
        start = t - slack;
        have_start = 1;
        snprintf(why, sizeof why, "the earliest trigger stamp (%s) minus the slack", from);
        json_object_set_new(w, "start_from", lv_json_string(why));
    }
    for (size_t i = nsnap; i-- > 1;) {
        if (snapshot_time(an, i, &t)) {
            end = t + slack;
            have_end = 1;
            json_t *s = json_array_get(json_object_get(an->model, "snapshots"), i);
            snprintf(why, sizeof why, "%s snapshot time plus the slack",
                     json_string_value(json_object_get(s, "label")));
            json_object_set_new(w, "end_from", lv_json_string(why));
            break;
        }
    }
    if (!have_end && stamp_of(an, 1, 1, &t, &path)) {
        end = t;
        have_end = 1;
        snprintf(why, sizeof why, "the stamp of the latest KQL export (%s)", path);
        json_object_set_new(w, "end_from", lv_json_string(why));
    }
    an->have_window = have_start && have_end && end >= start;
    an->win_start = start;
    an->win_end = end;
    char iso[40];
    lv_time_format_iso(start, iso);
    json_object_set_new(w, "start", have_start ? json_string(iso) : json_null());
    lv_time_format_iso(end, iso);
    json_object_set_new(w, "end", have_end ? json_string(iso) : json_null());
    json_object_set_new(w, "slack", lv_qty(json_copy(slack_j), "s"));
    json_object_set_new(w, "known", json_boolean(an->have_window));
    if (!an->have_window)
        lv_diag_file(an->d, LV_SEV_WARNING, an->inv->root,
                     "the run window cannot be derived (no snapshot times or "
                     "stamps); log figures are given for the whole export only");
    json_object_set_new(an->model, "window", w);
}
