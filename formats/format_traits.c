#include "format_traits.h"

#include <string.h>

const char *const compute_kind_names[] = {"fp64", "fp32", "int8", NULL};

#define FLOAT_WHY "FP32 arithmetic (the weights are converted to FP32 or multiplied as such)"
#define INT8_WHY "INT8 dot products: the activations are quantized to 8 bits and multiplied as integers"

const format_traits format_table[FORMAT_COUNT] = {
    [FORMAT_F32] = {"f32", "IEEE single-precision weights", 32, true, COMPUTE_FP32, FLOAT_WHY},
    [FORMAT_FP16] = {"fp16", "IEEE half-precision weights", 16, true, COMPUTE_FP32, FLOAT_WHY},
    [FORMAT_BF16] = {"bf16", "bfloat16 weights", 16, true, COMPUTE_FP32,
                     FLOAT_WHY "; the BF16 dot products of oneDNN and ggml (AVX512_BF16) can "
                     "exceed this roof: no BF16 peak is measured"},
    [FORMAT_INT8] = {"int8", "8-bit integer codes with scales", 8, false, COMPUTE_INT8, INT8_WHY},
    [FORMAT_INT4] = {"int4", "4-bit integer codes with scales (and zeros)", 4, false, COMPUTE_INT8,
                     INT8_WHY},
    [FORMAT_Q35] = {"q35", "the seeds' 3.5-bit pairs: a 4-bit and a 3-bit code in one byte", 4,
                    false, COMPUTE_INT8, INT8_WHY},
    [FORMAT_Q35D] = {"q35d", "the same 4+3-bit codes stored densely, 7 bits per pair", 3.5, false,
                     COMPUTE_INT8, INT8_WHY},
    [FORMAT_Q8_0] = {"q8_0", "llama.cpp Q8_0: 32 8-bit codes and an FP16 scale", 8.5, true,
                     COMPUTE_INT8, INT8_WHY},
    [FORMAT_Q4_0] = {"q4_0", "llama.cpp Q4_0: 32 4-bit codes and an FP16 scale", 4.5, true,
                     COMPUTE_INT8, INT8_WHY},
    [FORMAT_Q4_K] = {"q4_K", "llama.cpp Q4_K: 256-weight superblocks of 4-bit codes", 4.5, true,
                     COMPUTE_INT8, INT8_WHY},
    [FORMAT_Q3_K] = {"q3_K", "llama.cpp Q3_K: 256-weight superblocks of 3-bit codes", 3.4375, true,
                     COMPUTE_INT8, INT8_WHY},
    [FORMAT_IQ3_S] = {"iq3_s", "llama.cpp IQ3_S: a lattice codebook, 256-weight superblocks",
                      3.4375, true, COMPUTE_INT8, INT8_WHY},
    [FORMAT_IQ4_XS] = {"iq4_xs", "llama.cpp IQ4_XS: non-uniform 4-bit codes, 256-weight superblocks",
                       4.25, true, COMPUTE_INT8, INT8_WHY},
};

const char *format_name(format_id f) {
    return (unsigned)f < FORMAT_COUNT ? format_table[f].name : "?";
}

int format_lookup(const char *name) {
    for (int f = 0; f < FORMAT_COUNT; f++)
        if (strcmp(format_table[f].name, name) == 0) return f;
    return -1;
}
