/*
 * Template (no include guard): the microkernel instantiations and the tile/row loop for one
 * layout, included by kernels/qk_avx512.c with QK_KIND, QK_KNAME, QK_TNB and QK_MBB defined.
 */
#define QK_BLOCK(tn, mb, io) QK_CAT(QK_CAT(QK_CAT(QK_CAT(blk, QK_KNAME), tn), mb), io)

#define QK_TN 4
#define QK_MB 1
#define QK_INTOUT 0
#define QK_FN QK_BLOCK(4, 1, 0)
#include "qk_avx512_tile.h"
#define QK_TN 1
#define QK_MB 1
#define QK_INTOUT 0
#define QK_FN QK_BLOCK(1, 1, 0)
#include "qk_avx512_tile.h"
#define QK_TN 1
#define QK_MB 2
#define QK_INTOUT 0
#define QK_FN QK_BLOCK(1, 2, 0)
#include "qk_avx512_tile.h"
#define QK_TN 1
#define QK_MB 4
#define QK_INTOUT 0
#define QK_FN QK_BLOCK(1, 4, 0)
#include "qk_avx512_tile.h"
#define QK_TN QK_TNB
#define QK_MB QK_MBB
#define QK_INTOUT 0
#define QK_FN QK_BLOCK(big, big, 0)
#include "qk_avx512_tile.h"
#define QK_TN 4
#define QK_MB 1
#define QK_INTOUT 1
#define QK_FN QK_BLOCK(4, 1, 1)
#include "qk_avx512_tile.h"
#define QK_TN 1
#define QK_MB 1
#define QK_INTOUT 1
#define QK_FN QK_BLOCK(1, 1, 1)
#include "qk_avx512_tile.h"
#define QK_TN 1
#define QK_MB 2
#define QK_INTOUT 1
#define QK_FN QK_BLOCK(1, 2, 1)
#include "qk_avx512_tile.h"
#define QK_TN 1
#define QK_MB 4
#define QK_INTOUT 1
#define QK_FN QK_BLOCK(1, 4, 1)
#include "qk_avx512_tile.h"
#define QK_TN QK_TNB
#define QK_MB QK_MBB
#define QK_INTOUT 1
#define QK_FN QK_BLOCK(big, big, 1)
#include "qk_avx512_tile.h"

/* Tiles [t0, t1) for all rows: M = 1 four tiles at a time, M > 1 row blocks per tile. */
#define QK_GEMM_LOOP(io)                                                                      \
    do {                                                                                      \
        size_t t = t0;                                                                        \
        if (a->m == 1) {                                                                      \
            for (; t + 4 <= t1; t += 4) QK_BLOCK(4, 1, io)(w, a, t, 0, y, acc_out);           \
            for (; t < t1; t++) QK_BLOCK(1, 1, io)(w, a, t, 0, y, acc_out);                   \
            break;                                                                            \
        }                                                                                     \
        for (; t < t1; t += QK_TNB) {                                                         \
            size_t i = 0;                                                                     \
            if (t + QK_TNB <= t1)                                                             \
                for (; i + QK_MBB <= a->m; i += QK_MBB)                                       \
                    QK_BLOCK(big, big, io)(w, a, t, i, y, acc_out);                           \
            for (size_t tt = t; tt < t + QK_TNB && tt < t1; tt++) {                           \
                size_t r = i;                                                                 \
                for (; r + 4 <= a->m; r += 4) QK_BLOCK(1, 4, io)(w, a, tt, r, y, acc_out);    \
                if (a->m - r >= 2) QK_BLOCK(1, 2, io)(w, a, tt, r, y, acc_out), r += 2;       \
                if (a->m - r >= 1) QK_BLOCK(1, 1, io)(w, a, tt, r, y, acc_out);               \
            }                                                                                 \
        }                                                                                     \
    } while (0)

static void QK_CAT(gemm, QK_KNAME)(const qk_weights *w, const qk_act *a, size_t t0, size_t t1,
                                   float *y, int32_t *acc_out) {
    if (acc_out) QK_GEMM_LOOP(1);
    else QK_GEMM_LOOP(0);
}

#undef QK_GEMM_LOOP
#undef QK_BLOCK
#undef QK_KIND
#undef QK_KNAME
#undef QK_TNB
#undef QK_MBB
