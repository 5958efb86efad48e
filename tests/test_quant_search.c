/* formats/quant_search.h: the MSE parameter search is an option on top of quant_row; with no
 * search steps it is quant_row, it is never worse than min/max on what it searched, and its
 * codes always follow quant_row's formula for the parameters it stores. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "formats/half.h"
#include "formats/quant_search.h"
#include "base/rng.h"

enum { K = 1000 }; /* not a multiple of the group sizes: a short last group */

static void fill(float *w, uint64_t seed) {
    for (size_t i = 0; i < K; i++) w[i] = (float)rng_normal(seed, 1, i);
}

static double sse(const quant_scheme *s, const float *w, const int8_t *c, const float *sc,
                  const float *ze) {
    float out[K];
    dequant_row(s, c, sc, s->symmetric ? NULL : ze, K, out);
    double e = 0;
    for (size_t i = 0; i < K; i++) e += ((double)w[i] - out[i]) * ((double)w[i] - out[i]);
    return e;
}

static const quant_scheme schemes[] = {
    {4, 3, false, false, 0, false}, {4, 3, false, true, 0, false}, {4, 3, false, true, 128, true},
    {4, 3, false, false, 64, false}, {4, 4, true, false, 128, false}, {3, 3, false, false, 32, true},
    {8, 8, true, false, 0, false},
};

static void test_zero_steps_is_quant_row(void **state) {
    (void)state;
    float w[K], sc1[2 * K], ze1[2 * K], sc2[2 * K], ze2[2 * K];
    int8_t c1[K], c2[K];
    fill(w, 1);
    quant_search none = {0, 0.5};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        const quant_scheme *s = &schemes[i];
        quant_stats st1, st2;
        quant_row(s, w, K, c1, sc1, ze1, &st1);
        quant_row_search(s, &none, w, K, c2, sc2, ze2, &st2);
        size_t np = quant_groups(s, K) * quant_parts(s);
        assert_memory_equal(c1, c2, K);
        assert_memory_equal(sc1, sc2, np * sizeof(float));
        if (!s->symmetric) assert_memory_equal(ze1, ze2, np * sizeof(float));
        assert_int_equal(st1.clipped, st2.clipped);
    }
}

static void test_search_never_worse(void **state) {
    (void)state;
    float w[K], sc[2 * K], ze[2 * K];
    int8_t c[K];
    quant_search opt = {12, 0.5};
    for (uint64_t seed = 1; seed <= 3; seed++) {
        fill(w, seed);
        for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
            const quant_scheme *s = &schemes[i];
            quant_row(s, w, K, c, sc, ze, NULL);
            double plain = sse(s, w, c, sc, ze);
            quant_row_search(s, &opt, w, K, c, sc, ze, NULL);
            double searched = sse(s, w, c, sc, ze);
            /* candidates are ranked with float sums: allow their rounding */
            assert_true(searched <= plain * (1 + 1e-5));
        }
    }
    /* and it does find something better on split 3-bit groups */
    quant_scheme s = {4, 3, false, true, 128, true};
    fill(w, 4);
    quant_row(&s, w, K, c, sc, ze, NULL);
    double plain = sse(&s, w, c, sc, ze);
    quant_row_search(&s, &opt, w, K, c, sc, ze, NULL);
    assert_true(sse(&s, w, c, sc, ze) < 0.95 * plain);
}

/* quant_row's code for one value under stored parameters. */
static int expect_code(float w, float scale, float zero, int bits) {
    if (scale == 0.0f) return 0;
    float v = nearbyintf((w - zero) / scale);
    int qmin = -(1 << (bits - 1)), qmax = (1 << (bits - 1)) - 1;
    return v < qmin ? qmin : v > qmax ? qmax : (int)v;
}

static void test_codes_follow_stored_params(void **state) {
    (void)state;
    float w[K], sc[2 * K], ze[2 * K];
    int8_t c[K];
    quant_search opt = {12, 0.5};
    fill(w, 5);
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        const quant_scheme *s = &schemes[i];
        quant_stats st;
        quant_row_search(s, &opt, w, K, c, sc, ze, &st);
        size_t clipped = 0;
        for (size_t kk = 0; kk < K; kk++) {
            size_t p = quant_param_index(s, kk);
            float z = s->symmetric ? 0.0f : ze[p];
            int bits = (kk & 1) ? s->bits_odd : s->bits_even;
            assert_int_equal(c[kk], expect_code(w[kk], sc[p], z, bits));
            float v = nearbyintf((w[kk] - z) / sc[p]);
            clipped += v < -(1 << (bits - 1)) || v > (1 << (bits - 1)) - 1;
            if (s->fp16_params) {
                assert_true(sc[p] == fp16_round(sc[p]));
                assert_true(z == fp16_round(z));
            }
        }
        assert_int_equal(st.clipped, clipped);
    }
}

static void test_constant_group(void **state) {
    (void)state;
    float w[K], sc[2 * K], ze[2 * K], out[K];
    int8_t c[K];
    for (size_t i = 0; i < K; i++) w[i] = 0.25f;
    quant_search opt = {12, 0.5};
    quant_scheme s = {4, 3, false, true, 128, false};
    quant_row_search(&s, &opt, w, K, c, sc, ze, NULL);
    dequant_row(&s, c, sc, ze, K, out);
    for (size_t i = 0; i < K; i++) assert_true(out[i] == 0.25f); /* through the zero point */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_steps_is_quant_row),
        cmocka_unit_test(test_search_never_worse),
        cmocka_unit_test(test_codes_follow_stored_params),
        cmocka_unit_test(test_constant_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
