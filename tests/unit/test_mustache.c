/* Unit tests for the Mustache engine: every case of the spec's core modules
 * (from ../shared/conformance/mustache-spec, one cmocka test per case), then
 * error paths, limits and our own decisions (falsy values, numbers). */
#include "lvtest.h"

#include <jansson.h>

#include "lv/buf.h"
#include "lv/diag.h"
#include "lv/mustache.h"

static const char *const spec_modules[] = {
    "comments", "delimiters", "interpolation", "inverted", "partials",
    "sections",
};
#define N_MODULES (sizeof spec_modules / sizeof spec_modules[0])

/* ---- helpers ---------------------------------------------------------- */

/* Partials from a JSON object of name -> source (ctx), counting calls. */
typedef struct {
    json_t *partials;
    int calls;
} partial_src;

static const char *json_partial(void *ctx, const char *name, size_t *len)
{
    partial_src *ps = ctx;
    ps->calls++;
    json_t *p = json_object_get(ps->partials, name);
    if (!json_is_string(p))
        return NULL;
    *len = json_string_length(p);
    return json_string_value(p);
}

/* Compile and render; returns the output (malloc'd) or NULL on an error,
 * whose first diagnostic, formatted, goes to *err (malloc'd) when given.
 * `partials_json` and `data_json` are JSON texts (NULL: none). */
static char *render_ex(const char *tpl, const char *data_json,
                       const char *partials_json, char **err, int *pf_calls)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    json_t *data = data_json ? json_loads(data_json, JSON_DECODE_ANY, NULL)
                             : NULL;
    partial_src ps = {partials_json ? json_loads(partials_json, 0, NULL)
                                    : json_object(), 0};
    if (data_json)
        assert_non_null(data);
    assert_non_null(ps.partials);
    char *res = NULL;
    lv_mustache *t = lv_mustache_compile(tpl, strlen(tpl), "t.mustache", &d);
    if (t) {
        lv_buf out;
        lv_buf_init(&out);
        if (lv_mustache_render(t, data, json_partial, &ps, NULL, NULL, &out,
                               &d) == 0)
            res = lv_buf_steal(&out);
        lv_buf_free(&out);
    }
    if (!res) {
        assert_true(d.errors == 1 && d.n == 1);
        if (err)
            *err = lv_diag_format(&d.v[0]);
    } else {
        assert_int_equal(d.n, 0);
    }
    if (pf_calls)
        *pf_calls = ps.calls;
    lv_mustache_free(t);
    json_decref(data);
    json_decref(ps.partials);
    lv_diag_free(&d);
    return res;
}

static char *render(const char *tpl, const char *data_json,
                    const char *partials_json)
{
    return render_ex(tpl, data_json, partials_json, NULL, NULL);
}

#define assert_renders(tpl, data, partials, expected)                        \
    do {                                                                     \
        char *got_ = render(tpl, data, partials);                            \
        assert_non_null(got_);                                               \
        assert_string_equal(got_, expected);                                 \
        free(got_);                                                          \
    } while (0)

/* The error of a template that fails, checked to contain `want`. */
static void assert_fails_with(const char *tpl, const char *data,
                              const char *partials, const char *want)
{
    char *err = NULL;
    char *got = render_ex(tpl, data, partials, &err, NULL);
    assert_null(got);
    assert_non_null(err);
    if (!strstr(err, want))
        fail_msg("error '%s' does not contain '%s'", err, want);
    free(err);
}

/* ---- the spec ------------------------------------------------------------ */

static void spec_case(void **state)
{
    json_t *c = *state;
    const char *tpl = json_string_value(json_object_get(c, "template"));
    json_t *exp = json_object_get(c, "expected");
    assert_non_null(tpl);
    assert_non_null(exp);
    partial_src ps = {json_object_get(c, "partials"), 0};
    lv_diag d;
    lv_diag_init(&d, stderr);
    lv_buf out;
    lv_buf_init(&out);
    lv_mustache *t = lv_mustache_compile(
        tpl, json_string_length(json_object_get(c, "template")), "spec", &d);
    int rc = t ? lv_mustache_render(t, json_object_get(c, "data"),
                                    json_partial, &ps, NULL, NULL, &out, &d)
               : -1;
    int same = rc == 0 && out.len == json_string_length(exp) &&
               memcmp(out.data ? out.data : "", json_string_value(exp),
                      out.len) == 0;
    if (!same && rc == 0)
        fprintf(stderr, "template: %s\nexpected: [%s]\ngot:      [%s]\n", tpl,
                json_string_value(exp), out.data ? out.data : "");
    lv_buf_free(&out);
    lv_mustache_free(t);
    lv_diag_free(&d);
    assert_int_equal(rc, 0);
    assert_true(same);
}

static void spec_absent(void **state)
{
    LV_NEED_SHARED();
    fail_msg("%s", (const char *)*state);
}

/* The spec cases as cmocka tests, appended to *tests (growing it). The
 * loaded files go to `docs` to be freed after the run. */
typedef struct {
    struct CMUnitTest *v;
    size_t n, cap;
} test_list;

static void add_test(test_list *l, const char *name, CMUnitTestFunction fn,
                     void *state)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            abort();
    }
    struct CMUnitTest *t = &l->v[l->n++];
    memset(t, 0, sizeof *t);
    t->name = name;
    t->test_func = fn;
    t->initial_state = state;
}

static void add_spec_tests(test_list *l, json_t *docs, json_t *names)
{
    const char *shared = lvtest_shared();
    if (!shared) {
        add_test(l, "spec: core modules", spec_absent, "no ../shared");
        return;
    }
    for (size_t i = 0; i < N_MODULES; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/conformance/mustache-spec/%s.json",
                 shared, spec_modules[i]);
        json_error_t je;
        json_t *doc = json_load_file(path, 0, &je);
        json_t *cases = json_object_get(doc, "tests");
        if (!json_is_array(cases)) {
            /* Present ../shared without the spec is a broken setup. */
            json_t *msg = json_sprintf("cannot read %s: %s", path, je.text);
            json_array_append_new(names, msg);
            add_test(l, spec_modules[i], spec_absent,
                     (void *)json_string_value(msg));
            json_decref(doc);
            continue;
        }
        json_array_append_new(docs, doc);
        for (size_t k = 0; k < json_array_size(cases); k++) {
            json_t *c = json_array_get(cases, k);
            json_t *nm = json_sprintf("%s: %s", spec_modules[i],
                json_string_value(json_object_get(c, "name")));
            json_array_append_new(names, nm);
            add_test(l, json_string_value(nm), spec_case, c);
        }
    }
}

/* ---- compile errors -------------------------------------------------------- */

static void unclosed_section_names_its_place(void **state)
{
    assert_fails_with("a\n  {{#sec}}\nbody\n", "{}", NULL,
                      "t.mustache:2:3: error: unclosed section 'sec'");
    assert_fails_with("{{#a}}{{#b}}{{/b}}", "{}", NULL,
                      "t.mustache:1:1: error: unclosed section 'a'");
}

static void mismatched_and_stray_close(void **state)
{
    assert_fails_with("{{#a}}x\n  {{/b}}", "{}", NULL,
                      "t.mustache:2:3: error: section 'a' (opened at 1:1) "
                      "closed by 'b'");
    assert_fails_with("x{{/a}}", "{}", NULL,
                      "t.mustache:1:2: error: closing tag 'a' without an "
                      "open section");
}

static void open_tag_at_eof(void **state)
{
    assert_fails_with("hello {{", "{}", NULL,
                      "t.mustache:1:7: error: unclosed tag: '{{' without '}}'");
    assert_fails_with("{{name", "{}", NULL, "t.mustache:1:1: error: unclosed");
    assert_fails_with("{{{name}}", "{}", NULL,
                      "t.mustache:1:1: error: unclosed tag: '{{{' without "
                      "'}}}'");
    assert_fails_with("{{=<% %>=}}\n<%x", "{}", NULL,
                      "t.mustache:2:1: error: unclosed tag: '<%' without '%>'");
    assert_fails_with("{{! never closed", "{}", NULL, "1:1: error: unclosed");
}

static void bad_delimiters(void **state)
{
    assert_fails_with("{{=<%=}}", "{}", NULL, "1:1: error: bad delimiter");
    assert_fails_with("{{= a b c =}}", "{}", NULL, "bad delimiter change");
    assert_fails_with("{{= =}}", "{}", NULL, "bad delimiter change");
    assert_fails_with("{{=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b=}}", "{}", NULL,
                      "longer than 32 bytes");
    assert_fails_with("{{=<% %>}}", "{}", NULL, "unclosed tag: '{{=' without "
                      "'=}}'");
}

static void bad_names(void **state)
{
    assert_fails_with("{{}}", "{}", NULL, "1:1: error: empty tag name");
    assert_fails_with("x {{ }}", "{}", NULL, "1:3: error: empty tag name");
    assert_fails_with("{{#}}{{/}}", "{}", NULL, "empty tag name");
    assert_fails_with("{{{ }}}", "{}", NULL, "empty tag name");
    assert_fails_with("{{>}}", "{}", NULL, "empty tag name");
    assert_fails_with("{{a b}}", "{}", NULL, "tag name 'a b' contains "
                      "whitespace");
    assert_fails_with("{{a..b}}", "{}", NULL, "bad name 'a..b'");
    assert_fails_with("{{#.a}}{{/.a}}", "{}", NULL, "bad name '.a'");
    assert_fails_with("{{a.}}", "{}", NULL, "bad name 'a.'");
    char long_name[LV_MUSTACHE_MAX_NAME + 8];
    memset(long_name, 'n', sizeof long_name);
    memcpy(long_name, "{{", 2);
    memcpy(long_name + LV_MUSTACHE_MAX_NAME + 3, "}}", 3);
    assert_fails_with(long_name, "{}", NULL, "is longer than 256 bytes");
    memcpy(long_name + LV_MUSTACHE_MAX_NAME + 2, "}}", 3); /* 256 bytes */
    assert_renders(long_name, "{}", NULL, "");
}

static void nesting_limit(void **state)
{
    lv_buf b;
    lv_buf_init(&b);
    for (int i = 0; i < LV_MUSTACHE_MAX_NESTING; i++)
        lv_buf_puts(&b, "{{#a}}");
    lv_buf_puts(&b, "{{n}}");
    for (int i = 0; i < LV_MUSTACHE_MAX_NESTING; i++)
        lv_buf_puts(&b, "{{/a}}");
    /* At the limit it compiles and renders. */
    assert_renders(b.data, "{\"a\": true, \"n\": 7}", NULL, "7");
    lv_buf_reset(&b);
    for (int i = 0; i <= LV_MUSTACHE_MAX_NESTING; i++)
        lv_buf_puts(&b, "{{#a}}");
    assert_fails_with(b.data, "{}", NULL,
                      "1:601: error: sections nested too deeply");
    lv_buf_free(&b);
}

/* ---- render errors and partials -------------------------------------------- */

static void partial_recursion_is_bounded(void **state)
{
    assert_fails_with("x\n {{>p}}", "{}", "{\"p\": \"{{>p}}\"}",
                      "p:1:1: error: partial 'p' nested too deeply");
    assert_fails_with("{{>a}}", "{\"l\": [1]}",
                      "{\"a\": \"{{#l}}{{>b}}{{/l}}\", \"b\": \"{{>a}}\"}",
                      "nested too deeply (over 256 levels of sections and "
                      "partials; a partial including itself?)");
}

static void partial_compile_error_names_partial(void **state)
{
    assert_fails_with("ok {{>bad}}", "{}", "{\"bad\": \"line\\n {{#x}}\"}",
                      "bad:2:2: error: unclosed section 'x'");
}

static void partials_compiled_once(void **state)
{
    int calls = 0;
    char *got = render_ex("{{#l}}{{>p}}{{>missing}}{{/l}}",
                          "{\"l\": [1, 2, 3]}", "{\"p\": \"<{{.}}>\"}", NULL,
                          &calls);
    assert_string_equal(got, "<1><2><3>");
    assert_int_equal(calls, 2);
    free(got);
}

static void nested_partial_indentation(void **state)
{
    /* Standalone partials add up their indentation... */
    assert_renders("  {{>outer}}\n|", "{}",
                   "{\"outer\": \"a\\n  {{>inner}}\\nb\\n\","
                   " \"inner\": \"x\\ny\\n\"}",
                   "  a\n    x\n    y\n  b\n|");
    /* ...an inline partial is not indented past its first line... */
    assert_renders("  {{>outer}}", "{}",
                   "{\"outer\": \"a {{>inner}}\\n\", \"inner\": \"x\\ny\\n\"}",
                   "  a x\ny\n\n");
    /* ...interpolated values are never indented... */
    assert_renders("\t{{>p}}", "{\"v\": \"1\\n2\"}",
                   "{\"p\": \"{{v}}\\n{{#s}}\\n{{/s}}\\nend\\n\"}",
                   "\t1\n2\n\tend\n");
    /* ...and, as if the partial's source lines were indented, an indent
     * before a skipped section's closing tag goes with the section. */
    assert_renders("\t{{>p}}", "{\"v\": \"1\\n2\"}",
                   "{\"p\": \"{{v}}\\n{{#s}}\\n{{/s}}end\\n\"}",
                   "\t1\n2\nend\n");
}

static void step_budget(void **state)
{
    /* 1000^3 iterations of nothing: stopped, not run for ever. */
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_puts(&b, "{\"l\": [");
    for (int i = 0; i < 1000; i++)
        lv_buf_puts(&b, i ? ",0" : "0");
    lv_buf_puts(&b, "]}");
    assert_fails_with("{{#l}}{{#l}}\n{{#l}}{{/l}}{{/l}}{{/l}}", b.data, NULL,
                      "t.mustache:2:1: error: rendering stopped after "
                      "20000000 steps");
    lv_buf_free(&b);
}

static void output_limit(void **state)
{
    /* A 1 MiB string written 70 times passes the 64 MiB limit. */
    lv_buf b;
    lv_buf_init(&b);
    lv_buf_puts(&b, "{\"s\": \"");
    for (int i = 0; i < (1 << 20); i++)
        lv_buf_putc(&b, 'x');
    lv_buf_puts(&b, "\", \"l\": [");
    for (int i = 0; i < 70; i++)
        lv_buf_puts(&b, i ? ",1" : "1");
    lv_buf_puts(&b, "]}");
    assert_fails_with("{{#l}}{{s}}{{/l}}", b.data, NULL,
                      "1:7: error: rendering stopped: output over 67108864 "
                      "bytes");
    lv_buf_free(&b);
}

/* ---- our decisions ----------------------------------------------------- */

static void falsy_values(void **state)
{
    const char *tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}";
    assert_renders(tpl, "{\"v\": \"\"}", NULL, "F");
    assert_renders(tpl, "{\"v\": []}", NULL, "F");
    assert_renders(tpl, "{\"v\": null}", NULL, "F");
    assert_renders(tpl, "{\"v\": false}", NULL, "F");
    assert_renders(tpl, "{}", NULL, "F");
    assert_renders(tpl, "{\"v\": 0}", NULL, "T");
    assert_renders(tpl, "{\"v\": 0.0}", NULL, "T");
    assert_renders(tpl, "{\"v\": {}}", NULL, "T");
    assert_renders(tpl, "{\"v\": \" \"}", NULL, "T");
    assert_renders(tpl, "{\"v\": [false]}", NULL, "T");
    /* NULL data: everything is missing. */
    assert_renders("[{{a}}{{.}}{{#a}}x{{/a}}{{^a}}y{{/a}}]", NULL, NULL, "[y]");
}

static void value_text(const char *json, const char *want)
{
    json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    lv_buf b;
    lv_buf_init(&b);
    lv_mustache_append_value(&b, v);
    assert_string_equal(b.data ? b.data : "", want);
    lv_buf_free(&b);
    json_decref(v);
}

static void value_formatting(void **state)
{
    value_text("1.21", "1.21");
    value_text("100.0", "100");
    value_text("-2.5", "-2.5");
    value_text("0.1", "0.1");
    value_text("0.30000000000000004", "0.30000000000000004");
    value_text("1e21", "1e+21");
    value_text("123456789012345678901.0", "123456789012345680000");
    value_text("0.000001", "0.000001");
    value_text("1.5e-7", "1.5e-7");
    value_text("-0.0", "0");
    value_text("5e-324", "5e-324");
    value_text("1.7976931348623157e308", "1.7976931348623157e+308");
    value_text("9007199254740993", "9007199254740993");
    value_text("-9223372036854775808", "-9223372036854775808");
    value_text("true", "true");
    value_text("false", "false");
    value_text("null", "");
    value_text("[1]", "");
    value_text("{\"a\": 1}", "");
    value_text("\"<&>\"", "<&>");
}

static void markdown_escape(void *ctx, lv_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '|' || s[i] == '*')
            lv_buf_putc(out, '\\');
        lv_buf_putc(out, s[i]);
    }
}

static void custom_escape(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    const char *tpl = "{{v}} {{{v}}} {{&v}}";
    lv_mustache *t = lv_mustache_compile(tpl, strlen(tpl), NULL, &d);
    json_t *data = json_pack("{s:s}", "v", "a|*b<");
    lv_buf out;
    lv_buf_init(&out);
    lv_buf_puts(&out, "kept:");
    assert_int_equal(lv_mustache_render(t, data, NULL, NULL, markdown_escape,
                                        NULL, &out, &d), 0);
    assert_string_equal(out.data, "kept:a\\|\\*b< a|*b< a|*b<");
    lv_buf_free(&out);
    json_decref(data);
    lv_mustache_free(t);
    lv_diag_free(&d);
}

static void no_partial_function(void **state)
{
    lv_diag d;
    lv_diag_init(&d, NULL);
    lv_mustache *t = lv_mustache_compile("[{{>p}}]", 8, "x", &d);
    lv_buf out;
    lv_buf_init(&out);
    assert_int_equal(lv_mustache_render(t, NULL, NULL, NULL, NULL, NULL, &out,
                                        &d), 0);
    assert_string_equal(out.data, "[]");
    lv_buf_free(&out);
    lv_mustache_free(t);
    lv_mustache_free(NULL);
    lv_diag_free(&d);
}

static void nul_bytes_and_lengths(void **state)
{
    /* The source is taken by length: NUL bytes in text pass through. */
    lv_diag d;
    lv_diag_init(&d, NULL);
    const char src[] = "a\0{{x}}\0b{{";
    lv_mustache *t = lv_mustache_compile(src, 9, "n", &d);
    assert_non_null(t);
    json_t *data = json_pack("{s:s}", "x", "X");
    lv_buf out;
    lv_buf_init(&out);
    assert_int_equal(lv_mustache_render(t, data, NULL, NULL, NULL, NULL, &out,
                                        &d), 0);
    assert_int_equal(out.len, 5);
    assert_memory_equal(out.data, "a\0X\0b", 5);
    lv_buf_free(&out);
    json_decref(data);
    lv_mustache_free(t);
    lv_diag_free(&d);
}

/* Random templates from an alphabet of Mustache syntax: each compiles or
 * fails with exactly one error, and renders or fails with one error. */
static void random_templates_never_crash(void **state)
{
    static const char *const bits[] = {
        "{{", "}}", "{{{", "}}}", "{{#a}}", "{{/a}}", "{{^b}}", "{{/b}}",
        "{{>p}}", "{{>q}}", "{{=<% %>=}}", "<%", "%>", "<%={{ }}=%>", "{{!",
        "{{.}}", "{{a.b}}", "{{&c}}", "\n", "  ", "\r\n", "x", "=", "#", "/",
        "{", "}", "{{#l}}", "{{/l}}",
    };
    const char *partials = "{\"p\": \"{{#a}}{{>q}}{{/a}}\\n\", \"q\": \"  "
                           "{{>p}}\\n{{a.b}}\", \"r\": \"{{#x}}\"}";
    const char *data = "{\"a\": {\"b\": 1.5}, \"b\": false, \"c\": \"<\","
                       " \"l\": [1, {\"a\": 2}, [3]]}";
    unsigned long seed = 12345;
    lv_buf b;
    lv_buf_init(&b);
    for (int round = 0; round < 3000; round++) {
        lv_buf_reset(&b);
        int parts = 1 + round % 25;
        for (int i = 0; i < parts; i++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            lv_buf_puts(&b, bits[(seed >> 33) % (sizeof bits / sizeof *bits)]);
        }
        char *err = NULL;
        char *got = render_ex(b.data, data, partials, &err, NULL);
        assert_true((got == NULL) != (err == NULL));
        free(got);
        free(err);
    }
    lv_buf_free(&b);
}

static void long_input_is_linear(void **state)
{
    /* 2 MB of tags on one line, and a line of many standalone candidates:
     * finishes quickly (no rescans of the line per tag). */
    lv_buf b;
    lv_buf_init(&b);
    for (int i = 0; i < 200000; i++)
        lv_buf_puts(&b, "  {{! c }}");
    lv_buf_puts(&b, "{{#a}}{{/a}}\n");
    for (int i = 0; i < 100000; i++)
        lv_buf_puts(&b, "{{x}} ");
    char *got = render(b.data, "{\"x\": 1}", NULL);
    assert_non_null(got);
    assert_int_equal(strlen(got), 200000 * 2 + 1 + 100000 * 2);
    free(got);
    lv_buf_free(&b);
}

int main(void)
{
    static const struct CMUnitTest own[] = {
        cmocka_unit_test(unclosed_section_names_its_place),
        cmocka_unit_test(mismatched_and_stray_close),
        cmocka_unit_test(open_tag_at_eof),
        cmocka_unit_test(bad_delimiters),
        cmocka_unit_test(bad_names),
        cmocka_unit_test(nesting_limit),
        cmocka_unit_test(partial_recursion_is_bounded),
        cmocka_unit_test(partial_compile_error_names_partial),
        cmocka_unit_test(partials_compiled_once),
        cmocka_unit_test(nested_partial_indentation),
        cmocka_unit_test(step_budget),
        cmocka_unit_test(output_limit),
        cmocka_unit_test(falsy_values),
        cmocka_unit_test(value_formatting),
        cmocka_unit_test(custom_escape),
        cmocka_unit_test(no_partial_function),
        cmocka_unit_test(nul_bytes_and_lengths),
        cmocka_unit_test(random_templates_never_crash),
        cmocka_unit_test(long_input_is_linear),
    };
    test_list l = {NULL, 0, 0};
    json_t *docs = json_array(), *names = json_array();
    add_spec_tests(&l, docs, names);
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        add_test(&l, own[i].name, own[i].test_func, NULL);
    int rc = _cmocka_run_group_tests("mustache", l.v, l.n, NULL, NULL);
    free(l.v);
    json_decref(docs);
    json_decref(names);
    return rc;
}
