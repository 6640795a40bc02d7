/* One body for the three snapshot targets: define LV_FUZZ_PARSER first.
 * A loader that takes the app counters (diag-stats) is called through
 * LV_FUZZ_CALL(text, len, d) instead, which its target defines. */
#include <stdlib.h>

#include "fuzz_common.h"
#include "lv/jsonutil.h"
#include "lv/snapshot.h"

#ifndef LV_FUZZ_CALL
#define LV_FUZZ_CALL(text, len, d) LV_FUZZ_PARSER(text, len, "fuzz.json", d)
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *o = LV_FUZZ_CALL((const char *)data, size, &d);
    if (!o && d.errors == 0)
        abort(); /* NULL must come with an error */
    if (o) {
        char *s = json_dumps(o, JSON_SORT_KEYS);
        free(s);
    }
    json_decref(o);
    lv_diag_free(&d);
    return 0;
}

/* the next target defines its own */
#undef LV_FUZZ_CALL
