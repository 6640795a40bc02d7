/* One body for the three snapshot targets: define LV_FUZZ_PARSER first. */
#include <stdlib.h>

#include "fuzz_common.h"
#include "lv/jsonutil.h"
#include "lv/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *o = LV_FUZZ_PARSER((const char *)data, size, "fuzz.json", &d);
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
