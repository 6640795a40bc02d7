/* libFuzzer target: the KQL loader (lv_kql_stream_mem), both shapes (the
 * Log Analytics "tables" document and the CLI's flat array).
 *
 * Each input is streamed twice: once counting rows only (as `load` learns
 * the columns), once asking for the columns the analysis asks for, with a
 * row handler that reads every cell as the analysis does (int64, double).
 * The feed size (bytes handed to yajl at a time) depends on the input's
 * length, so tokens straddling chunks are exercised too. */
#include <string.h>

#include "fuzz_common.h"
#include "lv/kql.h"

static int kql_row(void *ctx, const lv_kql_value *vals, size_t nvals,
               uint64_t rown, long long off)
{
    size_t *sum = ctx;
    (void)rown;
    (void)off;
    for (size_t i = 0; i < nvals; i++) {
        int64_t n;
        double x;
        if (lv_kql_int64(&vals[i], &n) == 0)
            *sum += (size_t)n;
        if (lv_kql_double(&vals[i], &x) == 0)
            *sum += x > 0;
        /* the contract: text is NUL-terminated at len */
        if (vals[i].text[vals[i].len] != '\0')
            abort();
        if (vals[i].len)
            *sum += (unsigned char)vals[i].text[vals[i].len - 1];
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const lv_kql_column http[] = {
        {"TimeGenerated", 1}, {"CsUriStem", 1}, {"ScStatus", 1}, {"TimeTaken", 1}};
    static const lv_kql_column logs[] = {
        {"TimeGenerated", 0}, {"Message", 0}, {"Level", 0}, {"ResultDescription", 0}};
    const char *text = (const char *)data;
    size_t feed = size % 3 == 0 ? 1 + size % 61 : 0;
    size_t old = lv_kql_set_feed_size(feed);

    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_kql_info info;
    int rc = lv_kql_stream_mem(text, size, "fuzz.json", NULL, 0, NULL, NULL, &info, &d);
    if (rc != 0 && d.errors != 1)
        abort(); /* the contract: exactly one error on failure */
    lv_kql_info_free(&info);

    size_t sum = 0;
    const lv_kql_column *want = size % 2 ? http : logs;
    rc = lv_kql_stream_mem(text, size, "fuzz.json", want, 4, kql_row, &sum, &info, &d);
    lv_kql_info_free(&info);
    lv_diag_free(&d);
    lv_kql_set_feed_size(old);
    return 0;
}
