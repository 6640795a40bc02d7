/* labverdict — command line. Parses arguments and calls the library. */
#include <stdio.h>
#include <string.h>

#include "lv/common.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("labverdict %s\n", LV_VERSION);
        return LV_EXIT_OK;
    }
    fprintf(stderr, "usage: labverdict COMMAND ...\n");
    return LV_EXIT_USAGE;
}
