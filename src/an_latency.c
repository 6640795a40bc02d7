/* Client latency from the response CSVs (leak and heavy; the glued heavy
 * stream through the recovery of responses.c). Nearest-rank percentiles,
 * as defined in include/lv/stats.h. (placeholder until the loader lands) */
#include "lv/analyze.h"

void lv_an_latency(lv_an *an)
{
    json_object_set_new(an->model, "latency", json_array());
}
