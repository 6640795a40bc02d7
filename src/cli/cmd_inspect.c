/* labverdict inspect [--profile NAME|DIR|FILE] DIR: the inventory as JSON. */
#include <stdio.h>
#include <string.h>

#include "lv/cli.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/inventory.h"
#include "lv/jsonutil.h"

static const char help[] =
    "usage: labverdict inspect [--profile NAME|DIR|FILE] DIR\n"
    "\n"
    "Print the inventory of a run folder as JSON: every file with its path,\n"
    "size, role, phase, stamp and status (ok, empty, unreadable, superseded),\n"
    "and which file of each role and phase is used.\n"
    "\n"
    "  --profile NAME|DIR|FILE\n"
    "                       lab profile: a built-in name (default\n"
    "                       memory-pressure), a profile folder, or a roles file\n";

int lv_cmd_inspect(int argc, char **argv)
{
    const char *dir = NULL, *profile = NULL;
    for (int i = 1; i < argc; i++) {
        if (lv_is_help(argv[i])) {
            fputs(help, stdout);
            return LV_EXIT_OK;
        } else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
            profile = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return lv_usage_error("inspect", "unknown option '%s'", argv[i]);
        } else if (dir) {
            return lv_usage_error("inspect", "one folder only");
        } else {
            dir = argv[i];
        }
    }
    if (!dir)
        return lv_usage_error("inspect", "no folder given");
    lv_diag d;
    lv_diag_init(&d, stderr);
    lv_profile p;
    int rc = lv_cli_profile(profile, &p, &d);
    if (rc) {
        lv_diag_free(&d);
        return rc;
    }
    lv_inventory inv;
    rc = LV_EXIT_INPUT;
    if (lv_inventory_scan(dir, &p, &inv, &d) == 0) {
        json_t *j = lv_inventory_json(&inv, p.name);
        rc = lv_json_dump(stdout, j) == 0 ? LV_EXIT_OK : LV_EXIT_INPUT;
        json_decref(j);
    }
    lv_inventory_free(&inv);
    lv_profile_free(&p);
    lv_diag_free(&d);
    return rc;
}
