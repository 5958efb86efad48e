/*
 * formats/half.c against the hardware: FP32 -> FP16 against F16C (vcvtps2ph, round to
 * nearest even) on a large sample of bit patterns (a strided sweep of all 2^32 plus every
 * low-13-bit pattern around the FP16 subnormal and overflow boundaries, with NaNs and
 * infinities), all 65536 FP16 -> FP32 values against vcvtph2ps, BF16 rounding ties, and
 * every conversion path of kernels/half_convert.h bit for bit against formats/half.c.
 */
#include <immintrin.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "formats/half.h"
#include "kernels/cpu_features.h"
#include "kernels/half_convert.h"

static uint32_t bits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}
static float from_bits(uint32_t u) {
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

__attribute__((target("f16c"))) static uint16_t hw_fp32_to_fp16(float f) {
    return (uint16_t)_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
__attribute__((target("f16c"))) static uint16_t hw_fp32_to_fp16_vec(float f) {
    __m128i h = _mm_cvtps_ph(_mm_set1_ps(f), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    return (uint16_t)_mm_extract_epi16(h, 0);
}
__attribute__((target("f16c"))) static float hw_fp16_to_fp32(uint16_t h) {
    return _cvtsh_ss(h);
}
__attribute__((target("avx512f,avx512bf16"))) static void hw_fp32_to_bf16_16(const float *f,
                                                                             uint16_t *out) {
    __m256bh b = _mm512_cvtneps_pbh(_mm512_loadu_ps(f));
    memcpy(out, &b, 32);
}

static bool has(uint64_t f) { return (cpu_features_detected() & f) == f; }

/* The sample: a strided sweep of all patterns plus exhaustive low bits near the edges. */
static float *make_sample(size_t *count) {
    size_t cap = (1ull << 32) / 2039 + 2 + 2 * 46 * 3 * 8192 + 64;
    float *s = malloc(cap * sizeof *s);
    assert_non_null(s);
    size_t n = 0;
    for (uint64_t u = 0; u < (1ull << 32); u += 2039) s[n++] = from_bits((uint32_t)u);
    /* exponents 100..145 cover FP16's subnormals (from 2^-25), normals and overflow (2^16) */
    const uint32_t hi[] = {0, 0x155, 0x3ff};
    for (uint32_t sign = 0; sign < 2; sign++)
        for (uint32_t e = 100; e <= 145; e++)
            for (int h = 0; h < 3; h++)
                for (uint32_t lo = 0; lo < 8192; lo++)
                    s[n++] = from_bits(sign << 31 | e << 23 | hi[h] << 13 | lo);
    const uint32_t special[] = {0x7f800000, 0xff800000, 0x7f800001, 0x7fc00000, 0x7fffffff,
                                0xffa00000, 0x7fffe000, 0x00000001, 0x80000001, 0x007fffff,
                                0x477fe000, 0x477ff000, 0x477fefff, 0x7f7fffff, 0x33000000,
                                0x33000001, 0x32ffffff, 0x387fc000, 0x38800000};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        s[n++] = from_bits(special[i]);
    *count = n;
    return s;
}

static void test_fp32_to_fp16_matches_f16c(void **state) {
    (void)state;
    if (!has(CPU_FEATURE_F16C)) skip();
    size_t n;
    float *s = make_sample(&n);
    size_t mismatches = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t c = fp32_to_fp16(s[i]);
        if (c != hw_fp32_to_fp16(s[i]) || c != hw_fp32_to_fp16_vec(s[i])) {
            if (mismatches++ < 5)
                print_error("%08x: C %04x, F16C %04x\n", bits(s[i]), c, hw_fp32_to_fp16(s[i]));
        }
    }
    print_message("# FP32 -> FP16: %zu patterns compared with F16C\n", n);
    assert_int_equal(mismatches, 0);
    free(s);
}

static void test_fp16_to_fp32_all_values(void **state) {
    (void)state;
    if (!has(CPU_FEATURE_F16C)) skip();
    for (uint32_t h = 0; h < 65536; h++) {
        uint32_t c = bits(fp16_to_fp32((uint16_t)h)), hw = bits(hw_fp16_to_fp32((uint16_t)h));
        if (c != hw) print_error("%04x: C %08x, F16C %08x\n", h, c, hw);
        assert_int_equal(c, hw);
        /* every non-NaN FP16 value survives the round trip */
        if ((h & 0x7c00) != 0x7c00 || (h & 0x3ff) == 0)
            assert_int_equal(fp32_to_fp16(fp16_to_fp32((uint16_t)h)), h);
    }
}

static void test_fp16_hand_values(void **state) {
    (void)state;
    assert_int_equal(fp32_to_fp16(65504.0f), 0x7bff);          /* largest finite */
    assert_int_equal(fp32_to_fp16(65519.996f), 0x7bff);        /* just below the tie */
    assert_int_equal(fp32_to_fp16(65520.0f), 0x7c00);          /* tie: even is infinity */
    assert_int_equal(fp32_to_fp16(0x1p-24f), 0x0001);          /* smallest subnormal */
    assert_int_equal(fp32_to_fp16(0x1p-25f), 0x0000);          /* tie: to even, zero */
    assert_int_equal(fp32_to_fp16(0x1.8p-24f), 0x0002);        /* tie 1.5: to even, 2 */
    assert_int_equal(fp32_to_fp16(0x1.000002p-25f), 0x0001);   /* above the tie */
    assert_int_equal(fp32_to_fp16(1.0f + 0x1p-11f), 0x3c00);   /* tie: stays at even 1.0 */
    assert_int_equal(fp32_to_fp16(1.0f + 0x3p-11f), 0x3c02);   /* tie: up to even */
    assert_int_equal(fp32_to_fp16(-0.0f), 0x8000);
    assert_int_equal(fp32_to_fp16(from_bits(0x7fffe000)), 0x7fff); /* NaN payload kept */
    assert_int_equal(bits(fp16_to_fp32(0x7c01)), 0x7fc02000);      /* sNaN made quiet */
}

static void test_bf16_rounding(void **state) {
    (void)state;
    assert_int_equal(fp32_to_bf16(from_bits(0x3f808000)), 0x3f80); /* tie, even stays */
    assert_int_equal(fp32_to_bf16(from_bits(0x3f818000)), 0x3f82); /* tie, odd goes up */
    assert_int_equal(fp32_to_bf16(from_bits(0x3f807fff)), 0x3f80);
    assert_int_equal(fp32_to_bf16(from_bits(0x3f808001)), 0x3f81);
    assert_int_equal(fp32_to_bf16(from_bits(0xbf818000)), 0xbf82); /* sign symmetric */
    assert_int_equal(fp32_to_bf16(from_bits(0x7f7f8000)), 0x7f80); /* tie to even: infinity */
    assert_int_equal(fp32_to_bf16(from_bits(0x7f7fffff)), 0x7f80); /* overflow */
    assert_int_equal(fp32_to_bf16(from_bits(0x7f800000)), 0x7f80);
    assert_int_equal(fp32_to_bf16(from_bits(0x00008000)), 0x0000); /* subnormal tie */
    assert_int_equal(fp32_to_bf16(from_bits(0x00018000)), 0x0002);
    assert_int_equal(fp32_to_bf16(from_bits(0x7f800001)), 0x7fc0); /* sNaN made quiet */
    assert_int_equal(fp32_to_bf16(from_bits(0xff810000)), 0xffc1);
    assert_int_equal(bits(bf16_to_fp32(0x3f82)), 0x3f820000);
}

static void test_bf16_matches_avx512bf16(void **state) {
    (void)state;
    if (!has(CPU_FEATURE_AVX512F | CPU_FEATURE_AVX512BF16)) skip();
    size_t n;
    float *s = make_sample(&n);
    size_t mismatches = 0, subnormal_flushed = 0;
    for (size_t i = 0; i + 16 <= n; i += 16) {
        uint16_t hw[16];
        hw_fp32_to_bf16_16(s + i, hw);
        for (int j = 0; j < 16; j++) {
            uint32_t x = bits(s[i + j]);
            uint16_t c = fp32_to_bf16(s[i + j]);
            if ((x & 0x7f800000u) == 0 && (x & 0x7fffffu) != 0) { /* the instruction flushes */
                subnormal_flushed += hw[j] != c;
                continue;
            }
            if (hw[j] != c && mismatches++ < 5)
                print_error("%08x: C %04x, vcvtneps2bf16 %04x\n", x, c, hw[j]);
        }
    }
    print_message("# FP32 -> BF16: %zu patterns; vcvtneps2bf16 differs only on %zu subnormal "
                  "inputs (it treats them as zero)\n",
                  n, subnormal_flushed);
    assert_int_equal(mismatches, 0);
    free(s);
}

/* Every codec kernels may select, on this CPU, gives formats/half.c's bits. */
static void check_codecs(half_kind kind) {
    const half_codec *codecs[8];
    size_t nc = half_codec_list(kind, cpu_features_detected(), codecs, 8);
    assert_true(nc >= 1);
    assert_string_equal(codecs[nc - 1]->name, "c");
    size_t n;
    float *s = make_sample(&n);
    uint16_t *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
    float *back_want = malloc(65536 * sizeof *back_want), *back = malloc(65536 * sizeof *back);
    uint16_t *all = malloc(65536 * sizeof *all);
    assert_non_null(want), assert_non_null(got), assert_non_null(back_want);
    assert_non_null(back), assert_non_null(all);
    for (size_t i = 0; i < n; i++) want[i] = kind == HALF_FP16 ? fp32_to_fp16(s[i]) : fp32_to_bf16(s[i]);
    for (uint32_t h = 0; h < 65536; h++) {
        all[h] = (uint16_t)h;
        back_want[h] = kind == HALF_FP16 ? fp16_to_fp32((uint16_t)h) : bf16_to_fp32((uint16_t)h);
    }
    for (size_t c = 0; c < nc; c++) {
        /* odd offsets and lengths exercise the tails */
        for (size_t off = 0; off < 3; off++) {
            memset(got, 0xa5, n * sizeof *got);
            codecs[c]->from_f32(s + off, got + off, n - off - (off ? 5 : 0));
            for (size_t i = off; i < n - (off ? 5 : 0); i++)
                if (got[i] != want[i]) {
                    print_error("%s codec %s: %08x -> %04x, C %04x\n",
                                kind == HALF_FP16 ? "fp16" : "bf16", codecs[c]->name,
                                bits(s[i]), got[i], want[i]);
                    fail();
                }
            codecs[c]->to_f32(all + off, back + off, 65536 - off - (off ? 7 : 0));
            assert_memory_equal(back + off, back_want + off,
                                (65536 - off - (off ? 7 : 0)) * sizeof *back);
        }
        print_message("# %s codec %-10s bit-identical to formats/half.c\n",
                      kind == HALF_FP16 ? "fp16" : "bf16", codecs[c]->name);
    }
    free(s), free(want), free(got), free(back_want), free(back), free(all);
}

static void test_fp16_codecs(void **state) {
    (void)state;
    check_codecs(HALF_FP16);
}

static void test_bf16_codecs(void **state) {
    (void)state;
    check_codecs(HALF_BF16);
}

static void test_codec_selection_follows_features(void **state) {
    (void)state;
    uint64_t all = cpu_features_detected();
    assert_string_equal(half_codec_select(HALF_FP16, 0)->name, "c");
    assert_string_equal(half_codec_select(HALF_BF16, 0)->name, "c");
    if (has(CPU_FEATURE_AVX512F | CPU_FEATURE_AVX512BW | CPU_FEATURE_AVX512VL |
            CPU_FEATURE_AVX512DQ | CPU_FEATURE_AVX2 | CPU_FEATURE_F16C | CPU_FEATURE_FMA)) {
        assert_string_equal(half_codec_select(HALF_FP16, all)->name, "avx512");
        assert_string_equal(half_codec_select(HALF_FP16, all & ~CPU_FEATURE_AVX512F)->name,
                            "avx2");
        assert_string_equal(half_codec_select(HALF_BF16, all & ~CPU_FEATURE_AVX512BF16)->name,
                            "avx512");
    }
    assert_string_equal(
        half_codec_select(HALF_FP16, all & ~(CPU_FEATURE_AVX512F | CPU_FEATURE_F16C))->name, "c");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp32_to_fp16_matches_f16c),
        cmocka_unit_test(test_fp16_to_fp32_all_values),
        cmocka_unit_test(test_fp16_hand_values),
        cmocka_unit_test(test_bf16_rounding),
        cmocka_unit_test(test_bf16_matches_avx512bf16),
        cmocka_unit_test(test_fp16_codecs),
        cmocka_unit_test(test_bf16_codecs),
        cmocka_unit_test(test_codec_selection_follows_features),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
