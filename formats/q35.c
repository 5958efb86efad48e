#include "q35.h"

void q35_pack_row(const int8_t *codes, size_t k, uint8_t *out) {
    size_t pairs = k / 2;
    for (size_t i = 0; i < pairs; i++) out[i] = q35_pack_byte(codes[2 * i], codes[2 * i + 1]);
    if (k & 1) out[pairs] = q35_pack_byte(codes[k - 1], 0);
}

void q35_unpack_row(const uint8_t *bytes, size_t k, int8_t *codes) {
    for (size_t kk = 0; kk < k; kk++) {
        uint8_t b = bytes[kk / 2];
        codes[kk] = (int8_t)((kk & 1) ? q35_second(b) : q35_first(b));
    }
}
