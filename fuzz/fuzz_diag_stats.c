/* libFuzzer target: the diag-stats loader (lv_parse_diag_stats). */
#undef LV_FUZZ_PARSER
#define LV_FUZZ_PARSER lv_parse_diag_stats
#include "fuzz_snapshot.h"
