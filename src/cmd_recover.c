/* labverdict recover: not written yet. */
#include <stdio.h>

#include "lv/cli.h"
#include "lv/common.h"

int lv_cmd_recover(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "labverdict: recover: not implemented yet\n");
    return LV_EXIT_USAGE;
}
