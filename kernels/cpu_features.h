/*
 * Run-time CPU feature detection for kernel dispatch.
 *
 * Kernels ask cpu_features() once, at pack time, and record the path they chose; the
 * harness uses it to list a kernel as unavailable when a required feature is missing.
 * Setting Q35_DISABLE_CPU_FEATURES (comma-separated names, e.g. "avx512f,avx2") masks
 * features, so tests and users can force the fallback paths on a machine that has them.
 */
#ifndef Q35_CPU_FEATURES_H
#define Q35_CPU_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#define CPU_FEATURE_SSE2 (UINT64_C(1) << 0)
#define CPU_FEATURE_AVX (UINT64_C(1) << 1)
#define CPU_FEATURE_AVX2 (UINT64_C(1) << 2)
#define CPU_FEATURE_FMA (UINT64_C(1) << 3)
#define CPU_FEATURE_F16C (UINT64_C(1) << 4)
#define CPU_FEATURE_AVXVNNI (UINT64_C(1) << 5)
#define CPU_FEATURE_AVX512F (UINT64_C(1) << 6)
#define CPU_FEATURE_AVX512BW (UINT64_C(1) << 7)
#define CPU_FEATURE_AVX512VL (UINT64_C(1) << 8)
#define CPU_FEATURE_AVX512DQ (UINT64_C(1) << 9)
#define CPU_FEATURE_AVX512VNNI (UINT64_C(1) << 10)
#define CPU_FEATURE_AVX512BF16 (UINT64_C(1) << 11)
#define CPU_FEATURE_AVX512VBMI (UINT64_C(1) << 12)
#define CPU_FEATURE_AVX512VBMI2 (UINT64_C(1) << 13)
#define CPU_FEATURE_COUNT 14

/* Features the CPU and the OS support, minus those named in Q35_DISABLE_CPU_FEATURES. */
uint64_t cpu_features(void);
/* Features the CPU and the OS support, ignoring the environment. */
uint64_t cpu_features_detected(void);

/* Lower-case name of one feature bit ("avx512vnni"), or NULL. */
const char *cpu_feature_name(uint64_t bit);
/* Space-separated names of the bits in mask, written to buf (always terminated). */
void cpu_features_format(uint64_t mask, char *buf, size_t len);
/* Parses a comma- or space-separated list of feature names into a mask; returns -1 and
 * the offending name in bad (if non-NULL) for an unknown name. */
int cpu_features_parse(const char *list, uint64_t *mask, char *bad, size_t bad_len);

/* Cache sizes in bytes as reported by CPUID (0 where unknown). */
typedef struct cpu_caches {
    size_t l1d, l2, l3;
} cpu_caches;
void cpu_cache_sizes(cpu_caches *out);

/* Short name of the instruction-set family this binary runs on ("x86_64", "aarch64"). */
const char *cpu_arch_name(void);

#endif
