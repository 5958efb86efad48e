/*
 * Template of the AVX-512 microkernel (no include guard: kernels/qk_avx512.c includes it
 * once per instantiation). Before including, define
 *   QK_KIND    the qtile_kind (QTILE_Q35, QTILE_Q35D, QTILE_INT4)
 *   QK_TN      tiles of 16 channels at a time (they share the activation broadcasts)
 *   QK_MB      rows at a time (they share every decoded weight vector)
 *   QK_INTOUT  1: store the INT32 sums (tests), 0: compute y
 *   QK_FN      the function's name
 * The function computes tiles [t, t + QK_TN) for rows [i0, i0 + QK_MB): for each scale
 * group it decodes each step of each tile once, into NV = ks / 4 vectors of 16 channels x 4 offset
 * codes, and feeds each vector to QK_MB vpdpbusd (one per row, activations broadcast 4
 * bytes at a time); accumulators are kept apart for even and odd k. At the end of a group
 * the exact sums t = acc - offset term are scaled into FP32 accumulators.
 */
static void QK_FN(const qk_weights *w, const qk_act *a, size_t t, size_t i0, float *y,
                  int32_t *acc_out) {
    enum {
        KS = QK_KIND == QTILE_Q35D ? 64 : 8,
        NV = KS / 4,
        HALF = NV / 2,
        SB = QK_KIND == QTILE_Q35D ? 448 : 64,
        UNROLL = 64 / KS,
    };
    const size_t G = w->qp.groups, P = w->qp.parts, gs = w->group_steps, steps = w->steps;
    const bool fp16 = w->qp.scheme.fp16_params, asym = !w->qp.scheme.symmetric;
    const bool seed = w->qp.dequant == QUANT_DEQUANT_SEED;
    const uint8_t *tp[QK_TN];
    const int8_t *xr[QK_MB];
    for (int tn = 0; tn < QK_TN; tn++) tp[tn] = w->codes + (t + (size_t)tn) * steps * SB;
    for (int mb = 0; mb < QK_MB; mb++) xr[mb] = a->xq + (i0 + (size_t)mb) * a->xstride;
    /* FP32 sums across groups: for row blocks they live in memory (L1), since in registers
     * they would be live through the whole step loop and push the INT32 accumulators out of
     * the 32 vector registers; for M = 1 (QK_TN registers) they stay in registers. */
#if QK_MB == 1
    __m512 yacc[QK_TN][1];
#define QK_YGET(tn, mb) yacc[tn][mb]
#define QK_YSET(tn, mb, v) (yacc[tn][mb] = (v))
#else
    float yacc[QK_TN][QK_MB][QTILE_CH] __attribute__((aligned(64)));
#define QK_YGET(tn, mb) _mm512_load_ps(yacc[tn][mb])
#define QK_YSET(tn, mb, v) _mm512_store_ps(yacc[tn][mb], (v))
#endif
#if !QK_INTOUT
    for (int tn = 0; tn < QK_TN; tn++)
        for (int mb = 0; mb < QK_MB; mb++) QK_YSET(tn, mb, _mm512_setzero_ps());
#endif
    (void)yacc, (void)fp16, (void)asym, (void)seed, (void)y, (void)acc_out;

    for (size_t g = 0; g < G; g++) {
        size_t s0 = g * gs, s1 = s0 + gs < steps ? s0 + gs : steps;
        __m512i acc[QK_TN][QK_MB][2];
#pragma GCC unroll 8
        for (int tn = 0; tn < QK_TN; tn++)
#pragma GCC unroll 8
            for (int mb = 0; mb < QK_MB; mb++)
                acc[tn][mb][0] = acc[tn][mb][1] = _mm512_setzero_si512();
        /* One step: prefetch (M = 1), then every vector of every tile into every row. */
#if QK_PREFETCH && QK_MB == 1 /* may point past the tile: a prefetch never faults */
#define QK_PF(s)                                                                              \
    _Pragma("GCC unroll 8") for (int tn = 0; tn < QK_TN; tn++)                                \
    _Pragma("GCC unroll 8") for (int l = 0; l < SB / 64; l++)                                 \
        _mm_prefetch((const char *)((uintptr_t)(tp[tn] + (s) * SB) + QK_PREFETCH + 64 * l),   \
                     _MM_HINT_T0);
#else
#define QK_PF(s)
#endif
#define QK_STEP(s)                                                                            \
    do {                                                                                      \
        QK_PF(s)                                                                              \
        _Pragma("GCC unroll 16") for (int v = 0; v < NV; v++) {                               \
            __m512i xb[QK_MB];                                                                \
            _Pragma("GCC unroll 8") for (int mb = 0; mb < QK_MB; mb++)                        \
                xb[mb] = qk_bcast4(xr[mb] + (s) * KS + 4 * v);                                \
            _Pragma("GCC unroll 8") for (int tn = 0; tn < QK_TN; tn++) {                      \
                __m512i wv = qk_decode(QK_KIND, tp[tn] + (s) * SB, v);                        \
                _Pragma("GCC unroll 8") for (int mb = 0; mb < QK_MB; mb++)                    \
                    acc[tn][mb][v >= HALF] = _mm512_dpbusd_epi32(acc[tn][mb][v >= HALF], wv, xb[mb]); \
            }                                                                                 \
        }                                                                                     \
    } while (0)
        /* Short steps (ks = 8) go UNROLL at a time, so every layout runs 64 k per iteration. */
        size_t s = s0;
        for (; s + UNROLL <= s1; s += UNROLL) {
#pragma GCC unroll 8
            for (int u = 0; u < UNROLL; u++) QK_STEP(s + (size_t)u);
        }
        for (; s < s1; s++) QK_STEP(s);
#undef QK_STEP
#undef QK_PF
        /* end of group g: t = acc - sum(off * qx), exact; then FP32. Accumulators are only
         * ever indexed by constants, so they stay in registers. */
#pragma GCC unroll 8
        for (int tn = 0; tn < QK_TN; tn++)
#pragma GCC unroll 8
            for (int mb = 0; mb < QK_MB; mb++) {
                size_t row = i0 + (size_t)mb, at = (row * G + g) * P;
                __m512i t0 = acc[tn][mb][0], t1 = acc[tn][mb][1];
                if (P == 1) {
                    t0 = _mm512_sub_epi32(_mm512_add_epi32(t0, t1), _mm512_set1_epi32(a->xoff[at]));
#if QK_INTOUT
                    qk_store_acc(w, acc_out, t0, row, t + (size_t)tn, g, 0);
#else
                    QK_YSET(tn, mb, qk_epilogue(w, a, t0, QK_YGET(tn, mb), t + (size_t)tn, g, 0, at, fp16, asym, seed));
#endif
                } else {
                    t0 = _mm512_sub_epi32(t0, _mm512_set1_epi32(a->xoff[at]));
                    t1 = _mm512_sub_epi32(t1, _mm512_set1_epi32(a->xoff[at + 1]));
#if QK_INTOUT
                    qk_store_acc(w, acc_out, t0, row, t + (size_t)tn, g, 0);
                    qk_store_acc(w, acc_out, t1, row, t + (size_t)tn, g, 1);
#else
                    __m512 yv = qk_epilogue(w, a, t0, QK_YGET(tn, mb), t + (size_t)tn, g, 0, at, fp16, asym, seed);
                    QK_YSET(tn, mb, qk_epilogue(w, a, t1, yv, t + (size_t)tn, g, 1, at + 1, fp16, asym, seed));
#endif
                }
            }
    }
#if !QK_INTOUT
    for (int tn = 0; tn < QK_TN; tn++)
        for (int mb = 0; mb < QK_MB; mb++) {
            size_t row = i0 + (size_t)mb, ch = (t + (size_t)tn) * QTILE_CH;
            __m512 out = _mm512_mul_ps(_mm512_set1_ps(a->sx[row]), QK_YGET(tn, mb));
            size_t live = w->n - ch < QTILE_CH ? w->n - ch : QTILE_CH;
            __mmask16 mask = (__mmask16)((1u << live) - 1u);
            _mm512_mask_storeu_ps(y + row * w->n + ch, mask, out);
        }
#endif
}

#undef QK_YGET
#undef QK_YSET
#undef QK_TN
#undef QK_MB
#undef QK_INTOUT
#undef QK_FN
