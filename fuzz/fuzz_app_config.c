/* libFuzzer target: the app-config loader (lv_parse_app_config). */
#undef LV_FUZZ_PARSER
#define LV_FUZZ_PARSER lv_parse_app_config
#include "fuzz_snapshot.h"
