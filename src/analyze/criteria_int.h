/* Internal to the criteria module (criteria.c parses, criteria_eval.c
 * evaluates): the loaded criteria. Not for use elsewhere; see
 * include/lv/criteria.h. */
#ifndef LV_CRITERIA_INT_H
#define LV_CRITERIA_INT_H

#include <jansson.h>
#include <stddef.h>
#include "lv/criteria.h"

typedef enum {
    LV_CMP_GT, LV_CMP_GE, LV_CMP_LT, LV_CMP_LE, LV_CMP_BETWEEN,
    LV_CMP_CHANGED, LV_CMP_UNCHANGED
} lv_cmp;

typedef struct {
    char *metric;
    lv_cmp cmp;
    json_t *threshold;   /* as written (number, or [lo, hi]); NULL for changed/unchanged */
    double lo, hi;       /* the threshold (lo alone unless between) */
    char *unit;          /* NULL when not given (only changed/unchanged) */
    long line, col;      /* of the condition's unit (else its comparator) */
} lv_cond;

typedef struct {
    char *id, *title, *seed, *why;
    const char *kind;    /* "proof", "disproof", "failure_stage" */
    int any;             /* 1: "any", 0: "all" */
    lv_cond *conds;
    size_t nconds;
    char **needs;
    size_t nneeds;
} lv_crit;

struct lv_criteria {
    char *label, *lab, *title, *hypothesis;
    lv_crit *proof, *disproof;
    size_t nproof, ndisproof;
    int has_failure;
    lv_crit failure;     /* title/why optional, any only */
};

/* The comparator's spelling in files and output. */
const char *lv_cmp_name(lv_cmp c);

#endif
