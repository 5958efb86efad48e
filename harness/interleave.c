#include "interleave.h"

#include <stdlib.h>

#include "base/rng.h"

const char *const interleave_mode_names[] = {"random", "none", NULL};

int interleave_plan(size_t n_items, size_t rounds, interleave_mode mode, uint64_t seed,
                    interleave_slot **out) {
    *out = NULL;
    if (n_items == 0 || rounds == 0 || n_items > UINT32_MAX || rounds > UINT32_MAX) return -1;
    interleave_slot *s = malloc(n_items * rounds * sizeof *s);
    if (!s) return -1;
    if (mode == INTERLEAVE_NONE) {
        for (size_t i = 0; i < n_items; i++)
            for (size_t r = 0; r < rounds; r++)
                s[i * rounds + r] = (interleave_slot){(uint32_t)i, (uint32_t)r};
        *out = s;
        return 0;
    }
    uint64_t draw = 0; /* index into the seed's stream of random numbers */
    for (size_t r = 0; r < rounds; r++) {
        interleave_slot *round = s + r * n_items;
        for (size_t i = 0; i < n_items; i++) round[i] = (interleave_slot){(uint32_t)i, (uint32_t)r};
        /* Fisher-Yates; the modulo bias of a 64-bit draw over at most 2^32 items is below
         * 2^-32 and does not matter for a schedule */
        for (size_t i = n_items - 1; i > 0; i--) {
            size_t j = (size_t)(rng_u64(seed, 0, draw++) % (i + 1));
            interleave_slot t = round[i];
            round[i] = round[j];
            round[j] = t;
        }
    }
    *out = s;
    return 0;
}

uint64_t interleave_seed(uint64_t suite_seed, const char *block, int attempt) {
    return rng_u64(suite_seed, rng_stream(block), (uint64_t)attempt);
}
