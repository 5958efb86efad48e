/*
 * Tiled layouts of pair-coded weights for the SIMD kernels (q35_simd, q35d_simd, int4_simd).
 *
 * The weights W (N x K) are cut into tiles of QTILE_CH = 16 output channels (the last tile
 * padded with all-zero channels) and, along K, into steps of `ks` weights (K padded with
 * code 0 to a whole number of steps; a padded weight is never multiplied by anything but a
 * zero activation). A tile's steps are contiguous, and tiles follow each other.
 *
 * Every format decodes one step of one tile into the same logical picture: nv = ks / 4
 * vectors of 64 unsigned bytes u[v][c][j] (c = channel 0..15, j = 0..3), the "offset codes"
 * u = code - qmin(bits) (so 0..15 for a 4-bit code, 0..7 for a 3-bit one). Vector v holds
 * the k positions
 *
 *   v <  nv/2:  k = 2 * (4v + j)              (even k: the pair's first, 4-bit code)
 *   v >= nv/2:  k = 2 * (4(v - nv/2) + j) + 1  (odd k: the pair's second code)
 *
 * relative to the step. Laid out like this, one 64-byte vector is 16 channels x 4 weights,
 * exactly the operand of vpdpbusd (u8 x s8, 4 products summed into each 32-bit lane) with
 * the 4 matching activations broadcast to every lane. The activations are permuted once per
 * call into the same order ("even positions first, then odd, within each step") instead of
 * shuffling weights: O(K) work instead of O(N K).
 *
 * The three byte layouts of one step (all byte positions i = 4c + j, so a 256-bit path can
 * take bytes 0..31 for channels 0..7 and 32..63 for channels 8..15):
 *
 *  q35  (ks = 8, 64 bytes, 4.0 bits/weight): byte i is the seeds' pair byte (formats/q35.h:
 *       bits 6..3 first code, two's complement; bits 2..0 second code) of channel c for
 *       k = 2j, 2j + 1. The same bytes as the seeds' row layout, interleaved 4 per channel.
 *
 *  q35d (ks = 64, 448 bytes, 3.5 bits/weight): bit planes of the offset codes.
 *       even[q][i]   low nibble = u[2q][i], high nibble = u[2q + 1][i]        (q = 0..3)
 *       odd_lo[r][i] bits 2t+1..2t = bits 1..0 of u[8 + 4r + t][i]           (r = 0..1)
 *       odd_hi[i]    bit o = bit 2 of u[8 + o][i]                             (o = 0..7)
 *       64 even codes x 4 bits + 64 odd codes x 3 bits per 128 weights = 56 bytes: 3.5 bits.
 *
 *  int4 (ks = 8, 64 bytes, 4.0 bits/weight): byte i holds the pair k = 2j, 2j + 1 of
 *       channel c as offset codes: low nibble u[0][i] (k = 2j), high nibble u[1][i].
 *
 * Scales and zeros live in a separate array, per tile, per group along K, per part (1, or
 * 2 when the even and odd codes have their own parameters): 16 scales, then (asymmetric
 * schemes only) 16 zeros, as FP32 or FP16.
 */
#ifndef Q35_FORMAT_QTILE_H
#define Q35_FORMAT_QTILE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#define QTILE_CH 16   /* output channels per tile */
#define QTILE_VEC 64  /* bytes of one logical vector: 16 channels x 4 weights */

typedef struct qtile_q35_step {
    uint8_t pair[QTILE_CH][4];
} qtile_q35_step;
static_assert(sizeof(qtile_q35_step) == 64, "q35 tile step: 16 channels x 4 pair bytes");

typedef struct qtile_q35d_step {
    uint8_t even[4][QTILE_VEC];   /* 4-bit codes of the even k, two vectors per plane */
    uint8_t odd_lo[2][QTILE_VEC]; /* low 2 bits of the odd k's 3-bit codes, 4 per byte */
    uint8_t odd_hi[QTILE_VEC];    /* bit 2 of the odd k's codes, 8 per byte */
} qtile_q35d_step;
static_assert(sizeof(qtile_q35d_step) == 448, "q35d tile step: 1024 weights in 3.5 bits");

typedef struct qtile_int4_step {
    uint8_t pair[QTILE_CH][4];
} qtile_int4_step;
static_assert(sizeof(qtile_int4_step) == 64, "int4 tile step: 16 channels x 4 nibble pairs");

typedef enum { QTILE_Q35, QTILE_Q35D, QTILE_INT4 } qtile_kind;

typedef struct qtile_format {
    qtile_kind kind;
    const char *name;        /* "q35", "q35d", "int4" */
    int bits_even, bits_odd; /* code widths at even and odd k */
    int off_even, off_odd;   /* u = code + off: -qmin(bits) */
    size_t ks;               /* weights along K per step */
    size_t step_bytes;       /* bytes per step of one tile */
    /* u (nv x 64 offset codes, the logical picture above) <-> the stored step */
    void (*encode)(const uint8_t *u, uint8_t *step);
    void (*decode)(const uint8_t *step, uint8_t *u);
} qtile_format;

extern const qtile_format qtile_q35, qtile_q35d, qtile_int4;

static inline size_t qtile_nv(const qtile_format *f) { return f->ks / 4; }

/* k (relative to the step) of byte j of channel c... of vector v; see the table above. */
static inline size_t qtile_kpos(const qtile_format *f, size_t v, size_t j) {
    size_t half = qtile_nv(f) / 2;
    return v < half ? 2 * (4 * v + j) : 2 * (4 * (v - half) + j) + 1;
}

#endif
