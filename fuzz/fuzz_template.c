/* libFuzzer target: the template engine. The input is a template: it is
 * compiled (lv_mustache_compile) and rendered over a fixed model, the view
 * of fixtures/runs/hostile (built once at start-up; hostile strings
 * included), with the report's Markdown escape and the embedded partials,
 * as `report --template FILE` does. Inputs of odd length are rendered with
 * the HTML escape instead. */
#include <stdlib.h>

#include "fuzz_common.h"
#include "lv/buf.h"
#include "lv/escape.h"
#include "lv/mustache.h"
#include "lv/report.h"
#include "lv/view.h"

static json_t *tmpl_view;

static const char *tmpl_partial(void *ctx, const char *name, size_t *len)
{
    (void)ctx;
    return lv_template_builtin(name, len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    json_t *model = lv_fuzz_model("hostile");
    tmpl_view = lv_view(model);
    json_decref(model);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_mustache *t = lv_mustache_compile((const char *)data, size, "fuzz.mustache", &d);
    if (!t && d.errors == 0)
        abort();
    if (t) {
        lv_buf out;
        lv_buf_init(&out);
        lv_mustache_render(t, tmpl_view, tmpl_partial, NULL,
                           size % 2 ? lv_escape_html : lv_escape_md_cell, NULL, &out, &d);
        lv_buf_free(&out);
        lv_mustache_free(t);
    }
    lv_diag_free(&d);
    return 0;
}
