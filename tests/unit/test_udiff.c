/* Unit tests of the unified diff behind `report --check`. */
#include "lvtest.h"

#include "lv/udiff.h"

static void equal_texts_give_nothing(void **state)
{
    lv_buf b;
    lv_buf_init(&b);
    assert_int_equal(lv_udiff("a\nb\n", 4, "a\nb\n", 4, "x", "y", &b), 0);
    assert_int_equal(b.len, 0);
    lv_buf_free(&b);
}

static void a_changed_line_in_context(void **state)
{
    const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const char *b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    lv_buf o;
    lv_buf_init(&o);
    assert_int_equal(lv_udiff(a, strlen(a), b, strlen(b), "old", "new", &o), 1);
    assert_string_equal(o.data, "--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
    lv_buf_free(&o);
}

static void distant_changes_make_two_hunks(void **state)
{
    const char *a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
    const char *b = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\n";
    lv_buf o;
    lv_buf_init(&o);
    lv_udiff(a, strlen(a), b, strlen(b), "old", "new", &o);
    assert_string_equal(o.data, "--- old\n+++ new\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n"
                                "@@ -9,4 +9,5 @@\n i\n j\n k\n-l\n+L\n+m\n");
    lv_buf_free(&o);
}

/* Apply a unified diff to `a` (the test's own small patcher) and compare
 * with `b`: whatever alignment the diff chose, it must be a correct one. */
static char *apply(const char *a, const char *diff)
{
    lv_buf out;
    lv_buf_init(&out);
    const char *p = strstr(diff, "@@");
    size_t line = 1;
    const char *ap = a;
    while (p && *p) {
        size_t from = strtoul(p + 4, NULL, 10);
        if (from == 0)
            from = 1;
        while (line < from) {
            const char *nl = strchr(ap, '\n');
            lv_buf_put(&out, ap, (size_t)(nl - ap + 1));
            ap = nl + 1;
            line++;
        }
        p = strchr(p, '\n') + 1;
        while (*p && *p != '@') {
            const char *nl = strchr(p, '\n');
            if (*p == ' ' || *p == '-') {
                ap = strchr(ap, '\n') + 1;
                line++;
            }
            if (*p == ' ' || *p == '+')
                lv_buf_put(&out, p + 1, (size_t)(nl - p));
            p = nl + 1;
        }
    }
    lv_buf_puts(&out, ap);
    return lv_buf_steal(&out);
}

static void random_edits_apply_back(void **state)
{
    srand(7);
    for (int round = 0; round < 300; round++) {
        lv_buf a, b;
        lv_buf_init(&a);
        lv_buf_init(&b);
        int n = rand() % 40;
        for (int i = 0; i < n; i++) {
            int v = rand() % 6;
            lv_buf_printf(&a, "%d\n", v);
            int e = rand() % 5;
            if (e == 0)
                continue;                      /* delete */
            if (e == 1)
                lv_buf_printf(&b, "x%d\n", v); /* change */
            else
                lv_buf_printf(&b, "%d\n", v);
            if (rand() % 7 == 0)
                lv_buf_puts(&b, "new\n");      /* insert */
        }
        lv_buf d;
        lv_buf_init(&d);
        const char *as = a.data ? a.data : "", *bs = b.data ? b.data : "";
        int changed = lv_udiff(as, a.len, bs, b.len, "a", "b", &d);
        assert_int_equal(changed, strcmp(as, bs) != 0);
        if (changed) {
            char *got = apply(as, d.data);
            assert_string_equal(got, bs);
            free(got);
        }
        lv_buf_free(&a);
        lv_buf_free(&b);
        lv_buf_free(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equal_texts_give_nothing),
        cmocka_unit_test(a_changed_line_in_context),
        cmocka_unit_test(distant_changes_make_two_hunks),
        cmocka_unit_test(random_edits_apply_back),
    };
    return cmocka_run_group_tests_name("udiff", tests, NULL, NULL);
}
