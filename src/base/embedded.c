/* Lookup in the generated table of embedded files. */
#include "lv/embedded.h"

#include <string.h>

const lv_embedded_file *lv_embedded_find(const char *name)
{
    for (const lv_embedded_file *f = lv_embedded; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
