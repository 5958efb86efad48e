/* The report fixture's comparisons (tests/data/run-fixture/bench.compare.tsv, written by
 * tests/data/add_noise_fixture.py) are what harness/intervals.c computes from the fixture's
 * own repetitions (bench.samples.tsv): ratio, interval, coverage, p-value and the
 * "distinguishable" flag, so the expected report renders numbers the C code stands by. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness/intervals.h"
#include "base/tsv.h"

#define FIX "tests/data/run-fixture/"

static size_t samples_of(const tsv_table *t, const char *name, double *out, size_t max) {
    size_t n = 0;
    int nc = tsv_column(t, "name"), vc = tsv_column(t, "real_ms");
    for (size_t i = 0; i < t->n_rows && n < max; i++)
        if (strcmp(tsv_cell(t, i, nc), name) == 0) out[n++] = strtod(tsv_cell(t, i, vc), NULL);
    return n;
}

static void near(const char *what, const char *id, double got, const char *text) {
    double want = strtod(text, NULL);
    if (!(fabs(got - want) <= 1e-5 * fabs(want) + 1e-12))
        fail_msg("%s: %s is %.9g in the fixture, %.9g recomputed", id, what, want, got);
}

static void test_fixture_comparisons_recompute(void **state) {
    (void)state;
    tsv_table s, c;
    char err[512];
    if (tsv_read(FIX "bench.samples.tsv", &s, err, sizeof err)) fail_msg("%s", err);
    if (tsv_read(FIX "bench.compare.tsv", &c, err, sizeof err)) fail_msg("%s", err);
    assert_true(c.n_rows >= 5);
    size_t kinds = 0;
    for (size_t i = 0; i < c.n_rows; i++) {
        const char *id = tsv_cell(&c, i, tsv_column(&c, "id"));
        double a[64], b[64];
        size_t na = samples_of(&s, tsv_cell(&c, i, tsv_column(&c, "a")), a, 64);
        size_t nb = samples_of(&s, tsv_cell(&c, i, tsv_column(&c, "b")), b, 64);
        assert_true(na >= 3 && nb >= 3);
        estimate e;
        double u, p;
        assert_int_equal(ci_ratio(a, na, b, nb, CI_CONFIDENCE, &e), 0);
        assert_int_equal(rank_test_mwu(a, na, b, nb, &u, &p), 0);
        near("ratio", id, e.value, tsv_cell(&c, i, tsv_column(&c, "ratio")));
        near("lo", id, e.lo, tsv_cell(&c, i, tsv_column(&c, "lo")));
        near("hi", id, e.hi, tsv_cell(&c, i, tsv_column(&c, "hi")));
        near("coverage", id, e.coverage, tsv_cell(&c, i, tsv_column(&c, "coverage")));
        near("p_value", id, p, tsv_cell(&c, i, tsv_column(&c, "p_value")));
        assert_string_equal(tsv_cell(&c, i, tsv_column(&c, "distinguishable")),
                            ci_ratio_distinguishable(&e) ? "yes" : "no");
        kinds |= 1u << (strcmp(tsv_cell(&c, i, tsv_column(&c, "kind")), "aa") == 0);
    }
    assert_int_equal(kinds, 3); /* the A/A row and others were checked */
    tsv_free(&s);
    tsv_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_comparisons_recompute),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
