/* labverdict inspect: not written yet. */
#include <stdio.h>

#include "lv/cli.h"
#include "lv/common.h"

int lv_cmd_inspect(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "labverdict: inspect: not implemented yet\n");
    return LV_EXIT_USAGE;
}
