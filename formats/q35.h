/*
 * The seeds' 3.5-bit pair byte ("q35"): one byte per pair of consecutive weights k, k + 1.
 *
 *   bit  7     6  5  4  3     2  1  0
 *        0   | first (k)  | second (k+1) |
 *              4-bit two's   3-bit two's
 *              complement    complement
 *              -8..7         -4..3
 *
 * Bit 7 is unused: written as 0, ignored when read (the seeds mask the byte with 0x7F).
 * A row of K weights takes ceil(K/2) bytes; when K is odd the last byte holds w[K-1] as
 * its first value and a second value of 0 that no activation ever multiplies.
 *
 * The codes come from formats/quant.h (quant_row with bits_even = 4, bits_odd = 3); this
 * file only fixes where they go in the byte. Memory cost: 8 bits per pair = 4.0 bits per
 * weight for the codes, plus the scales and zeros the scheme stores.
 */
#ifndef Q35_FORMAT_Q35_H
#define Q35_FORMAT_Q35_H

#include <stddef.h>
#include <stdint.h>

#include "quant.h"

#define Q35_BITS_FIRST 4
#define Q35_BITS_SECOND 3

static inline uint8_t q35_pack_byte(int first, int second) {
    return (uint8_t)((((unsigned)first & 0xFu) << 3) | ((unsigned)second & 0x7u));
}

/* Sign-extended codes of a pair byte. */
static inline int q35_first(uint8_t b) { return (int)((b >> 3) & 0xF) - (((b >> 3) & 0x8) << 1); }
static inline int q35_second(uint8_t b) { return (int)(b & 0x7) - ((b & 0x4) << 1); }

/* The quant_scheme of the q35 codes (4-bit even, 3-bit odd positions); the caller sets
 * symmetric, split, group and fp16_params. */
static inline quant_scheme q35_scheme(void) {
    quant_scheme s = {.bits_even = Q35_BITS_FIRST, .bits_odd = Q35_BITS_SECOND};
    return s;
}

/* Packs the k codes of one row (from quant_row) into ceil(k/2) pair bytes. */
void q35_pack_row(const int8_t *codes, size_t k, uint8_t *out);

/* Unpacks ceil(k/2) pair bytes back into k codes. */
void q35_unpack_row(const uint8_t *bytes, size_t k, int8_t *codes);

#endif
