/* Evaluation of criteria against the metric dictionary, and the verdict.
 * See include/lv/criteria.h and docs/criteria.md. */
#include "criteria_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lv/buf.h"
#include "lv/jsonutil.h"

typedef enum { ST_UNKNOWN = 0, ST_MET, ST_NOT_MET } st;

static const char *st_name(st s)
{
    return s == ST_MET ? "met" : s == ST_NOT_MET ? "not_met" : "unknown";
}

/* A number as text, the same in every locale: whole numbers in full
 * ("2175295"), others with 6 significant digits ("-91.456"). */
static void put_num(lv_buf *b, double x)
{
    char s[64];
    if (x == floor(x) && fabs(x) < 1e15)
        snprintf(s, sizeof s, "%.0f", x);
    else
        snprintf(s, sizeof s, "%.6g", x);
    for (char *c = s; *c; c++)   /* a radix from a foreign LC_NUMERIC */
        if (*c == ',')
            *c = '.';
    if (strcmp(s, "-0") == 0)
        strcpy(s, "0");
    lv_buf_puts(b, s);
}

/* " kB", " %", ...; nothing for the dimensionless "count" and "ratio". */
static void put_unit(lv_buf *b, const char *unit)
{
    if (unit && *unit && strcmp(unit, "count") != 0 &&
        strcmp(unit, "ratio") != 0) {
        lv_buf_putc(b, ' ');
        lv_buf_puts(b, unit);
    }
}

/* A metric name as words: "min.pct.MemAvailable" is "MemAvailable min %
 * change". Names of other shapes are written as they are. */
static void put_metric(lv_buf *b, const char *name)
{
    static const struct {
        const char *prefix, *suffix;
        int phase;   /* a phase segment follows the prefix */
    } forms[] = {
        {"min.pct.", " min % change", 0}, {"max.pct.", " max % change", 0},
        {"min.delta.", " min change", 0}, {"max.delta.", " max change", 0},
        {"snap.", " at ", 1}, {"delta.", " change at ", 1},
        {"pct.", " % change at ", 1}, {"reset.", " reset at ", 1},
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t pl = strlen(forms[i].prefix);
        if (strncmp(name, forms[i].prefix, pl) != 0)
            continue;
        const char *rest = name + pl;
        if (!forms[i].phase) {
            lv_buf_puts(b, rest);
            lv_buf_puts(b, forms[i].suffix);
            return;
        }
        const char *dot = strchr(rest, '.');
        if (!dot || dot == rest || !dot[1])
            break;
        lv_buf_puts(b, dot + 1);
        lv_buf_puts(b, forms[i].suffix);
        lv_buf_put(b, rest, (size_t)(dot - rest));
        return;
    }
    lv_buf_puts(b, name);
}

static void put_threshold(lv_buf *b, const lv_cond *cd)
{
    if (cd->cmp == LV_CMP_BETWEEN) {
        lv_buf_putc(b, '[');
        put_num(b, cd->lo);
        lv_buf_puts(b, ", ");
        put_num(b, cd->hi);
        lv_buf_putc(b, ']');
    } else {
        put_num(b, cd->lo);
    }
    put_unit(b, cd->unit);
}

static int compare(const lv_cond *cd, double x)
{
    switch (cd->cmp) {
    case LV_CMP_GT: return x > cd->lo;
    case LV_CMP_GE: return x >= cd->lo;
    case LV_CMP_LT: return x < cd->lo;
    case LV_CMP_LE: return x <= cd->lo;
    case LV_CMP_BETWEEN: return x >= cd->lo && x <= cd->hi;
    case LV_CMP_CHANGED: return x != 0;
    case LV_CMP_UNCHANGED: return x == 0;
    }
    return 0;
}

/* Add the metric's source files to `files`, each once. */
static void add_files(json_t *files, const json_t *m)
{
    size_t i, j;
    json_t *f, *g;
    json_array_foreach(json_object_get(m, "files"), i, f) {
        if (!json_is_string(f))
            continue;
        int seen = 0;
        json_array_foreach(files, j, g)
            if (json_equal(f, g))
                seen = 1;
        if (!seen)
            json_array_append(files, f);
    }
}

/* One condition: its JSON, its state, its text in `text`. */
static json_t *eval_cond(const char *label, const lv_cond *cd,
                         const json_t *metrics, json_t *files, st *state,
                         lv_buf *text)
{
    json_t *m = json_is_object(metrics) ? json_object_get(metrics, cd->metric)
                                        : NULL;
    if (!json_is_object(m))
        m = NULL;
    json_t *v = m ? json_object_get(m, "value") : NULL;
    json_t *mu = m ? json_object_get(m, "unit") : NULL;
    const char *munit = json_is_string(mu) && json_string_length(mu)
                            ? json_string_value(mu) : NULL;
    if (m)
        add_files(files, m);

    json_t *o = json_object();
    json_object_set_new(o, "metric", lv_json_string(cd->metric));
    json_object_set_new(o, "comparator", json_string(lv_cmp_name(cd->cmp)));
    json_object_set_new(o, "threshold",
                        cd->threshold ? json_deep_copy(cd->threshold) : json_null());
    json_object_set_new(o, "unit", cd->unit ? lv_json_string(cd->unit) : json_null());
    json_object_set_new(o, "value", json_is_number(v) ? json_deep_copy(v) : json_null());
    json_object_set_new(o, "value_unit", munit ? lv_json_string(munit) : json_null());

    size_t start = text->len;
    put_metric(text, cd->metric);
    st s = ST_UNKNOWN;
    if (!m) {
        lv_buf_puts(text, ": no value (the metric is missing from the evidence)");
    } else if (!v || json_is_null(v)) {
        lv_buf_puts(text, ": no value (evidence missing)");
    } else if (!json_is_number(v)) {
        lv_buf_printf(text, ": the value is not a number");
    } else if (cd->unit && munit && strcmp(cd->unit, munit) != 0) {
        lv_buf_printf(text, ": %s:%ld:%ld: unit mismatch: the metric is in %s, "
                            "the threshold in %s; not compared",
                      label, cd->line, cd->col, munit, cd->unit);
    } else {
        double x = json_number_value(v);
        const char *vu = munit ? munit : cd->unit;
        int ok = compare(cd, x);
        s = ok ? ST_MET : ST_NOT_MET;
        lv_buf_putc(text, ' ');
        put_num(text, x);
        put_unit(text, vu);
        switch (cd->cmp) {
        case LV_CMP_CHANGED:
        case LV_CMP_UNCHANGED:
            lv_buf_puts(text, x != 0 ? ", changed" : ", unchanged");
            break;
        case LV_CMP_BETWEEN:
            lv_buf_puts(text, ok ? ", within " : ", not within ");
            put_threshold(text, cd);
            break;
        default:
            lv_buf_printf(text, "%s %s ", ok ? "" : ", not", lv_cmp_name(cd->cmp));
            put_threshold(text, cd);
            break;
        }
    }
    json_object_set_new(o, "state", json_string(st_name(s)));
    json_object_set_new(o, "reason", lv_json_stringn(text->data + start,
                                                     text->len - start));
    *state = s;
    return o;
}

/* A criterion (or the failure stage): its conditions combined. `signals`,
 * when given, receives the text of every met condition. */
static json_t *eval_crit(const lv_criteria *c, const lv_crit *cr,
                         const json_t *metrics, st *state, json_t *signals)
{
    json_t *conds = json_array(), *files = json_array();
    lv_buf evidence, one;
    lv_buf_init(&evidence);
    lv_buf_init(&one);
    size_t met = 0, not_met = 0, unknown = 0;
    for (size_t i = 0; i < cr->nconds; i++) {
        st s;
        lv_buf_reset(&one);
        json_array_append_new(conds, eval_cond(c->label, &cr->conds[i], metrics,
                                               files, &s, &one));
        if (evidence.len)
            lv_buf_puts(&evidence, "; ");
        lv_buf_put(&evidence, one.data, one.len);
        if (s == ST_MET) {
            met++;
            if (signals)
                json_array_append_new(signals, lv_json_stringn(one.data, one.len));
        } else if (s == ST_NOT_MET) {
            not_met++;
        } else {
            unknown++;
        }
    }
    st s;
    if (cr->any)
        s = met ? ST_MET : unknown ? ST_UNKNOWN : ST_NOT_MET;
    else
        s = not_met ? ST_NOT_MET : unknown ? ST_UNKNOWN : ST_MET;
    *state = s;

    json_t *o = json_object();
    if (cr->id)
        json_object_set_new(o, "id", lv_json_string(cr->id));
    json_object_set_new(o, "kind", json_string(cr->kind));
    json_object_set_new(o, "title", cr->title ? lv_json_string(cr->title) : json_null());
    json_object_set_new(o, "seed", cr->seed ? lv_json_string(cr->seed) : json_null());
    json_object_set_new(o, "mode", json_string(cr->any ? "any" : "all"));
    json_object_set_new(o, "state", json_string(st_name(s)));
    json_object_set_new(o, "conditions", conds);
    json_object_set_new(o, "files", files);
    json_t *needs = json_array();
    for (size_t i = 0; i < cr->nneeds; i++)
        json_array_append_new(needs, lv_json_string(cr->needs[i]));
    json_object_set_new(o, "needs", needs);
    json_object_set_new(o, "why", cr->why ? lv_json_string(cr->why) : json_null());
    json_object_set_new(o, "evidence", lv_json_stringn(evidence.data ? evidence.data : "",
                                                       evidence.len));
    lv_buf_free(&evidence);
    lv_buf_free(&one);
    return o;
}

static void reason(json_t *reasons, const char *fmt, ...) LV_PRINTF(2, 3);
static void reason(json_t *reasons, const char *fmt, ...)
{
    lv_buf b;
    lv_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    lv_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    json_array_append_new(reasons, lv_json_stringn(b.data ? b.data : "", b.len));
    lv_buf_free(&b);
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The reasons of the conditions of evaluated criterion `cj` in `state`
 * ("unknown", "not_met"), joined with "; ". */
static const char *conds_in(const json_t *cj, const char *state, lv_buf *b)
{
    lv_buf_reset(b);
    size_t i;
    json_t *cd;
    json_array_foreach(json_object_get(cj, "conditions"), i, cd)
        if (strcmp(str(cd, "state"), state) == 0) {
            lv_buf_puts(b, b->len ? "; " : "");
            lv_buf_puts(b, str(cd, "reason"));
        }
    if (!b->data)
        lv_buf_puts(b, "");
    return b->data;
}

/* "; it needs diag-proc/baseline, diag-proc/midleak|postheavy" or "". */
static void needs_text(const lv_crit *cr, lv_buf *b)
{
    lv_buf_reset(b);
    for (size_t i = 0; i < cr->nneeds; i++) {
        lv_buf_puts(b, i ? ", " : "; it needs ");
        lv_buf_puts(b, cr->needs[i]);
    }
    if (!b->data)
        lv_buf_puts(b, "");
}

json_t *lv_criteria_evaluate(const lv_criteria *c, const json_t *metrics)
{
    json_t *out = json_object();
    json_object_set_new(out, "hypothesis", lv_json_string(c->hypothesis));
    json_t *crits = json_array();
    json_t *reasons = json_array();
    lv_buf nb, cb;
    lv_buf_init(&nb);
    lv_buf_init(&cb);

    /* disproof first in the reasons: any one decides */
    st *ps = calloc(c->nproof + 1, sizeof *ps);
    st *ds = calloc(c->ndisproof + 1, sizeof *ds);
    if (!ps || !ds)
        abort();
    json_t **pj = calloc(c->nproof + 1, sizeof *pj);
    json_t **dj = calloc(c->ndisproof + 1, sizeof *dj);
    if (!pj || !dj)
        abort();
    size_t pmet = 0, dmet = 0;
    for (size_t i = 0; i < c->nproof; i++) {
        pj[i] = eval_crit(c, &c->proof[i], metrics, &ps[i], NULL);
        json_array_append(crits, pj[i]);
        pmet += ps[i] == ST_MET;
    }
    for (size_t i = 0; i < c->ndisproof; i++) {
        dj[i] = eval_crit(c, &c->disproof[i], metrics, &ds[i], NULL);
        json_array_append(crits, dj[i]);
        dmet += ds[i] == ST_MET;
    }
    json_object_set_new(out, "criteria", crits);

    const char *result;
    if (dmet) {
        result = "falsified";
        for (size_t i = 0; i < c->ndisproof; i++)
            if (ds[i] == ST_MET)
                reason(reasons, "disproof \"%s\" (%s) is met: %s",
                       c->disproof[i].id, c->disproof[i].title,
                       conds_in(dj[i], "met", &cb));
    } else {
        if (pmet == c->nproof) {
            result = "supported";
            reason(reasons, "every proof criterion is met (%zu of %zu) and no "
                            "disproof criterion is met", pmet, c->nproof);
        } else {
            result = "inconclusive";
            reason(reasons, "%zu of %zu proof criteria are met and no disproof "
                            "criterion is met", pmet, c->nproof);
            for (size_t i = 0; i < c->nproof; i++) {
                if (ps[i] == ST_NOT_MET) {
                    reason(reasons, "proof \"%s\" (%s) is not met: %s",
                           c->proof[i].id, c->proof[i].title,
                           conds_in(pj[i], "not_met", &cb));
                } else if (ps[i] == ST_UNKNOWN) {
                    needs_text(&c->proof[i], &nb);
                    reason(reasons, "proof \"%s\" (%s) is unknown, evidence "
                                    "missing: %s%s",
                           c->proof[i].id, c->proof[i].title,
                           conds_in(pj[i], "unknown", &cb), nb.data);
                }
            }
        }
        for (size_t i = 0; i < c->ndisproof; i++)
            if (ds[i] == ST_UNKNOWN) {
                needs_text(&c->disproof[i], &nb);
                reason(reasons, "disproof \"%s\" (%s) could not be checked, "
                                "evidence missing: %s%s",
                       c->disproof[i].id, c->disproof[i].title,
                       conds_in(dj[i], "unknown", &cb), nb.data);
            }
    }

    const char *stage;
    json_t *signals = json_array();
    if (!c->has_failure) {
        stage = "unknown";
        reason(reasons, "stage unknown: the criteria define no failure stage");
    } else {
        st fs;
        json_t *f = eval_crit(c, &c->failure, metrics, &fs, signals);
        size_t n = c->failure.nconds;
        if (fs == ST_MET) {
            stage = "failure";
            reason(reasons, "stage failure: %zu of %zu failure signals present",
                   json_array_size(signals), n);
        } else if (fs == ST_NOT_MET) {
            stage = "pre-failure";
            reason(reasons, "stage pre-failure: none of the %zu failure signals "
                            "is present", n);
        } else {
            stage = "unknown";
            lv_buf b;
            lv_buf_init(&b);
            size_t i;
            json_t *cd;
            json_array_foreach(json_object_get(f, "conditions"), i, cd)
                if (strcmp(str(cd, "state"), "unknown") == 0) {
                    lv_buf_puts(&b, b.len ? ", " : "");
                    lv_buf_puts(&b, str(cd, "metric"));
                }
            reason(reasons, "stage unknown: no failure signal is present, but "
                            "these have no evidence: %s", b.data ? b.data : "");
            lv_buf_free(&b);
        }
        json_object_set_new(out, "failure_stage", f);
    }

    json_t *verdict = json_object();
    json_object_set_new(verdict, "result", json_string(result));
    json_object_set_new(verdict, "stage", json_string(stage));
    json_object_set_new(verdict, "reasons", reasons);
    json_object_set_new(verdict, "failure_signals", signals);
    json_object_set_new(out, "verdict", verdict);

    for (size_t i = 0; i < c->nproof; i++)
        json_decref(pj[i]);
    for (size_t i = 0; i < c->ndisproof; i++)
        json_decref(dj[i]);
    free(pj);
    free(dj);
    free(ps);
    free(ds);
    lv_buf_free(&nb);
    lv_buf_free(&cb);
    return out;
}
