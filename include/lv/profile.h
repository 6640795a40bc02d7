/* labverdict — a lab profile: what is lab-specific, kept as data.
 *
 * A profile names the file roles of a lab's artifact folder (matched by
 * glob on the base name), the phases, and which loader reads each role. The
 * memory-pressure profile is embedded (profiles/memory-pressure/roles.json);
 * another lab is another profile, not another program.
 *
 * Ownership: lv_profile owns every string in it; lv_profile_free frees all. */
#ifndef LV_PROFILE_H
#define LV_PROFILE_H

#include <stddef.h>
#include "lv/diag.h"

typedef struct {
    char *role;     /* e.g. "kql-http" */
    char *glob;     /* fnmatch pattern on the base name */
    char *format;   /* loader: diag-proc, diag-stats, app-config, kql, responses, json */
    char *feeds;    /* the report sections it feeds, for people; may be NULL */
} lv_role_rule;

typedef struct {
    char *phase;    /* e.g. "baseline" */
    char *folder;   /* a folder of this name puts its files in the phase; may be NULL */
    char *token;    /* this text in a file name puts it in the phase; may be NULL */
} lv_phase_rule;

typedef struct {
    char *name;
    char *title;
    lv_role_rule *roles;
    size_t nroles;
    lv_phase_rule *phases;
    size_t nphases;
} lv_profile;

/* Load the embedded profile `name` ("memory-pressure"). 0, or -1 with an
 * error in d. */
int lv_profile_load_builtin(const char *name, lv_profile *p, lv_diag *d);
/* Parse a profile document (text, len); `label` names it in messages. */
int lv_profile_parse(const char *text, size_t len, const char *label,
                     lv_profile *p, lv_diag *d);
void lv_profile_free(lv_profile *p);

/* The rule whose glob matches `base` (first wins), or NULL. */
const lv_role_rule *lv_profile_role(const lv_profile *p, const char *base);

#endif
