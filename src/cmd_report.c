/* labverdict report: the experiment log of a run folder (wip: json only). */
#include <stdio.h>
#include <string.h>

#include "lv/analyze.h"
#include "lv/cli.h"
#include "lv/cliutil.h"
#include "lv/common.h"
#include "lv/jsonutil.h"

int lv_cmd_report(int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            i++;
        else
            dir = argv[i];
    }
    if (!dir)
        return lv_usage_error("report", "no folder given");
    lv_diag d;
    lv_diag_init(&d, stderr);
    lv_profile p;
    int rc = lv_cli_profile(NULL, &p, &d);
    if (!rc) {
        json_t *m = lv_analyze(dir, &p, &d);
        rc = m ? LV_EXIT_OK : LV_EXIT_INPUT;
        if (m)
            lv_json_dump(stdout, m);
        json_decref(m);
        lv_profile_free(&p);
    }
    lv_diag_free(&d);
    return rc;
}
