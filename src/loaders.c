/* Loaders by format name: see include/lv/loaders.h. */
#include "lv/loaders.h"

#include <string.h>

#include "lv/snapshot.h"

static const char *const formats[] = {"diag-proc", "diag-stats", "app-config",
                                      "json", "kql", "responses"};

int lv_format_known(const char *format)
{
    for (size_t i = 0; format && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(format, formats[i]) == 0)
            return 1;
    return 0;
}

json_t *lv_load_any(const char *path, const char *label, const char *format,
                    lv_diag *d)
{
    if (strcmp(format, "kql") == 0 || strcmp(format, "responses") == 0) {
        lv_diag_file(d, LV_SEV_ERROR, label, "format %s: not wired yet", format);
        return NULL;
    }
    return lv_load_snapshot(path, label, format, d);
}
