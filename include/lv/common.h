/* labverdict — shared definitions: exit codes and version.
 *
 * Exit codes are part of the command-line contract (README, labverdict(1)):
 * every command maps its outcome onto exactly these four values. */
#ifndef LV_COMMON_H
#define LV_COMMON_H

#define LV_VERSION "0.1.0"

enum lv_exit {
    LV_EXIT_OK = 0,     /* done */
    LV_EXIT_GATE = 1,   /* a gate failed: verdict differs, stale report */
    LV_EXIT_USAGE = 2,  /* usage, or a bad criteria/template file */
    LV_EXIT_INPUT = 3   /* an input cannot be read */
};

#if defined(__GNUC__)
#define LV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LV_PRINTF(a, b)
#endif

#endif
