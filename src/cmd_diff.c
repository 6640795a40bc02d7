/* labverdict diff: not written yet. */
#include <stdio.h>

#include "lv/cli.h"
#include "lv/common.h"

int lv_cmd_diff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "labverdict: diff: not implemented yet\n");
    return LV_EXIT_USAGE;
}
