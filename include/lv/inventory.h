/* labverdict — the inventory of a run folder.
 *
 * Every regular file below the folder is listed, with its role (from the
 * profile; "unknown" when no rule matches — never an error), phase, the
 * stamp in its name (YYYYMMDDTHHMMSSZ), and a status:
 *
 *   ok          readable and chosen, or the only one of its kind
 *   empty       zero bytes: a failed export
 *   unreadable  cannot be opened (the error is kept)
 *   superseded  an older non-empty export of the same role and phase
 *
 * Of several files of one role and phase the newest non-empty readable one
 * is selected. Symbolic links to folders are never followed (so a link loop
 * cannot trap the walk); entries are sorted by path, bytewise, so the same
 * folder always gives the same inventory.
 *
 * Ownership: lv_inventory owns its artifacts and strings; role and phase
 * point into the profile, which must outlive the inventory. */
#ifndef LV_INVENTORY_H
#define LV_INVENTORY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "lv/diag.h"
#include "lv/profile.h"

typedef enum {
    LV_ART_OK, LV_ART_EMPTY, LV_ART_UNREADABLE, LV_ART_SUPERSEDED
} lv_art_status;

typedef struct {
    char *path;         /* relative to the folder, '/'-separated */
    char *full;         /* the path to open */
    uint64_t size;
    const char *role;   /* "unknown" when no rule matched */
    const char *format; /* the loader; NULL for unknown files */
    const char *feeds;  /* the report sections it feeds; NULL when none */
    const char *phase;  /* NULL when neither folder nor name tells */
    int has_stamp;
    int64_t stamp_ns;
    lv_art_status status;
    char *error;        /* why it is unreadable; NULL otherwise */
    int selected;       /* the one file used for its role and phase */
    long superseded_by; /* index of the selected file, or -1 */
} lv_artifact;

typedef struct {
    char *root;         /* the folder as given */
    lv_artifact *v;
    size_t n, cap;
} lv_inventory;

/* Walk `dir`. Returns 0, or -1 (with an error naming the folder) when the
 * folder itself cannot be read. Files that cannot be read are listed as
 * unreadable, with a warning, and the walk goes on. */
int lv_inventory_scan(const char *dir, const lv_profile *p, lv_inventory *inv,
                      lv_diag *d);
void lv_inventory_free(lv_inventory *inv);

/* The selected file of `role` in `phase` (NULL phase: a file with no phase),
 * or NULL when there is none. */
const lv_artifact *lv_inventory_pick(const lv_inventory *inv, const char *role,
                                     const char *phase);
/* The selected file of `role` whatever its phase (the first by path), for
 * roles that have no phase, or NULL. */
const lv_artifact *lv_inventory_pick_any(const lv_inventory *inv,
                                         const char *role);
/* Every file of `role` in `phase`, selected or not: the count, and the
 * first index (or -1). */
size_t lv_inventory_count(const lv_inventory *inv, const char *role,
                          const char *phase);

const char *lv_art_status_name(lv_art_status s);

/* The inventory as a JSON document (new reference). */
json_t *lv_inventory_json(const lv_inventory *inv, const char *profile);
/* One artifact as a JSON object (new reference). */
json_t *lv_artifact_json(const lv_inventory *inv, const lv_artifact *a);

#endif
