/* KQL exports (placeholder until the streaming loader lands). */
#include "lv/analyze.h"

void lv_an_kql(lv_an *an)
{
    (void)an;
}
