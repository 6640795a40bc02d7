/* libFuzzer target: the response CSV loader (lv_responses_parse): the
 * normal libcsv shape and the recovery of glued streams. Checks the
 * documented result: indexes 1..N in order, labels all-or-nothing, an
 * empty set on error. */
#include <string.h>

#include "fuzz_common.h"
#include "lv/responses.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_response_set s;
    int rc = lv_responses_parse((const char *)data, size, "fuzz.csv", &s, &d);
    if (rc != 0) {
        if (s.v || s.n || d.errors == 0)
            abort();
    } else {
        for (size_t i = 0; i < s.n; i++) {
            if (s.v[i].index != i + 1)
                abort();
            if ((s.v[i].label == NULL) != (s.v[0].label == NULL))
                abort();
            if (s.v[i].seconds_text == NULL || strlen(s.v[i].seconds_text) > 31 ||
                memchr(s.v[i].status_text, '\0', sizeof s.v[i].status_text) == NULL)
                abort();
        }
    }
    lv_response_set_free(&s);
    lv_diag_free(&d);
    return 0;
}
