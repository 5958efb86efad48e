#include "qtile.h"

#include <string.h>

#include "q35.h"

/* q35: u[0][i] = first + 8, u[1][i] = second + 4; byte i is the seeds' pair byte. */
static void q35_encode(const uint8_t *u, uint8_t *step) {
    for (size_t i = 0; i < QTILE_VEC; i++)
        step[i] = q35_pack_byte((int)u[i] - 8, (int)u[QTILE_VEC + i] - 4);
}

static void q35_decode(const uint8_t *step, uint8_t *u) {
    for (size_t i = 0; i < QTILE_VEC; i++) {
        u[i] = (uint8_t)(q35_first(step[i]) + 8);
        u[QTILE_VEC + i] = (uint8_t)(q35_second(step[i]) + 4);
    }
}

static void q35d_encode(const uint8_t *u, uint8_t *out) {
    qtile_q35d_step s;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < QTILE_VEC; i++) {
        for (size_t q = 0; q < 4; q++)
            s.even[q][i] = (uint8_t)((u[(2 * q) * QTILE_VEC + i] & 0xF) |
                                     ((u[(2 * q + 1) * QTILE_VEC + i] & 0xF) << 4));
        for (size_t o = 0; o < 8; o++) {
            unsigned v = u[(8 + o) * QTILE_VEC + i] & 0x7;
            s.odd_lo[o / 4][i] |= (uint8_t)((v & 3) << (2 * (o % 4)));
            s.odd_hi[i] |= (uint8_t)(((v >> 2) & 1) << o);
        }
    }
    memcpy(out, &s, sizeof s);
}

static void q35d_decode(const uint8_t *in, uint8_t *u) {
    qtile_q35d_step s;
    memcpy(&s, in, sizeof s);
    for (size_t i = 0; i < QTILE_VEC; i++) {
        for (size_t q = 0; q < 4; q++) {
            u[(2 * q) * QTILE_VEC + i] = s.even[q][i] & 0xF;
            u[(2 * q + 1) * QTILE_VEC + i] = s.even[q][i] >> 4;
        }
        for (size_t o = 0; o < 8; o++)
            u[(8 + o) * QTILE_VEC + i] = (uint8_t)(((s.odd_lo[o / 4][i] >> (2 * (o % 4))) & 3) |
                                                   (((s.odd_hi[i] >> o) & 1) << 2));
    }
}

static void int4_encode(const uint8_t *u, uint8_t *step) {
    for (size_t i = 0; i < QTILE_VEC; i++)
        step[i] = (uint8_t)((u[i] & 0xF) | ((u[QTILE_VEC + i] & 0xF) << 4));
}

static void int4_decode(const uint8_t *step, uint8_t *u) {
    for (size_t i = 0; i < QTILE_VEC; i++) {
        u[i] = step[i] & 0xF;
        u[QTILE_VEC + i] = step[i] >> 4;
    }
}

const qtile_format qtile_q35 = {
    .kind = QTILE_Q35, .name = "q35", .bits_even = 4, .bits_odd = 3, .off_even = 8,
    .off_odd = 4, .ks = 8, .step_bytes = sizeof(qtile_q35_step), .encode = q35_encode,
    .decode = q35_decode,
};

const qtile_format qtile_q35d = {
    .kind = QTILE_Q35D, .name = "q35d", .bits_even = 4, .bits_odd = 3, .off_even = 8,
    .off_odd = 4, .ks = 64, .step_bytes = sizeof(qtile_q35d_step), .encode = q35d_encode,
    .decode = q35d_decode,
};

const qtile_format qtile_int4 = {
    .kind = QTILE_INT4, .name = "int4", .bits_even = 4, .bits_odd = 4, .off_even = 8,
    .off_odd = 8, .ks = 8, .step_bytes = sizeof(qtile_int4_step), .encode = int4_encode,
    .decode = int4_decode,
};
