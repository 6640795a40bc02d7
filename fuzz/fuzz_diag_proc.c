/* libFuzzer target: the diag-proc loader (lv_parse_diag_proc). */
#undef LV_FUZZ_PARSER
#define LV_FUZZ_PARSER lv_parse_diag_proc
#include "fuzz_snapshot.h"
