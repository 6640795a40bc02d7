/* Internal to the criteria module (criteria.c parses, criteria_place.c
 * finds the places of its errors, criteria_eval.c evaluates): the loaded
 * criteria and the parser's state. Not for use elsewhere; see
 * include/lv/criteria.h. */
#ifndef LV_CRITERIA_INT_H
#define LV_CRITERIA_INT_H

#include <jansson.h>
#include <stddef.h>
#include "lv/criteria.h"
#include "lv/diag.h"
#include "lv/jsonplace.h"

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

/* ---- the parser (criteria.c) and its places (criteria_place.c) ---------- */

/* Criteria files nest 5 deep (/proof/0/all/1/metric); deeper steps are
 * counted but not kept. */
#define CRIT_MAX_DEPTH 8

/* One parse. The path is where the parser is in the document, pushed and
 * popped as it descends, so that an error needs no place of its own. */
typedef struct {
    const char *text;   /* the document as read; jansson accepted it */
    size_t len;
    const char *label;  /* the file's name in messages */
    lv_diag *d;
    const char *const *patterns;
    lv_json_step path[CRIT_MAX_DEPTH];   /* where the parser is */
    size_t depth;
    size_t errors;
    json_t *ids;        /* id -> [line, col] of its first use */
} crit_parser;

/* Whether an error is placed at the value or at its key. */
enum { AT_VALUE = 0, AT_KEY = 1 };

void crit_push_key(crit_parser *p, const char *key);
void crit_push_idx(crit_parser *p, size_t idx);
void crit_pop(crit_parser *p);

/* Line and column of the value (or key) at the current path. */
void crit_place(const crit_parser *p, int at_key, long *line, long *col);
/* Byte offset of the key of member `key` of the current object: which of
 * two members was written first. */
size_t crit_member_offset(crit_parser *p, const char *key);

/* An error about the value (or key) at the current path, the path as a
 * JSON pointer before the message. */
void crit_err(crit_parser *p, int at_key, const char *fmt, ...)
    LV_PRINTF(3, 4);
/* The same about member `key` of the current object. */
void crit_err_member(crit_parser *p, const char *key, int at_key,
                     const char *fmt, ...) LV_PRINTF(4, 5);

#endif
