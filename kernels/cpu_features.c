#include "cpu_features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define Q35_X86 1
#endif

static const struct {
    uint64_t bit;
    const char *name;
} feature_names[CPU_FEATURE_COUNT] = {
    {CPU_FEATURE_SSE2, "sse2"},
    {CPU_FEATURE_AVX, "avx"},
    {CPU_FEATURE_AVX2, "avx2"},
    {CPU_FEATURE_FMA, "fma"},
    {CPU_FEATURE_F16C, "f16c"},
    {CPU_FEATURE_AVXVNNI, "avxvnni"},
    {CPU_FEATURE_AVX512F, "avx512f"},
    {CPU_FEATURE_AVX512BW, "avx512bw"},
    {CPU_FEATURE_AVX512VL, "avx512vl"},
    {CPU_FEATURE_AVX512DQ, "avx512dq"},
    {CPU_FEATURE_AVX512VNNI, "avx512vnni"},
    {CPU_FEATURE_AVX512BF16, "avx512bf16"},
    {CPU_FEATURE_AVX512VBMI, "avx512vbmi"},
    {CPU_FEATURE_AVX512VBMI2, "avx512vbmi2"},
};

const char *cpu_feature_name(uint64_t bit) {
    for (size_t i = 0; i < CPU_FEATURE_COUNT; i++)
        if (feature_names[i].bit == bit) return feature_names[i].name;
    return NULL;
}

void cpu_features_format(uint64_t mask, char *buf, size_t len) {
    size_t used = 0;
    if (len == 0) return;
    buf[0] = '\0';
    for (size_t i = 0; i < CPU_FEATURE_COUNT; i++) {
        if (!(mask & feature_names[i].bit)) continue;
        int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", feature_names[i].name);
        if (n < 0 || (size_t)n >= len - used) return;
        used += (size_t)n;
    }
}

int cpu_features_parse(const char *list, uint64_t *mask, char *bad, size_t bad_len) {
    *mask = 0;
    const char *p = list;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t') p++;
        if (!*p) break;
        size_t n = strcspn(p, ", \t");
        uint64_t bit = 0;
        for (size_t i = 0; i < CPU_FEATURE_COUNT; i++)
            if (strlen(feature_names[i].name) == n && strncmp(feature_names[i].name, p, n) == 0)
                bit = feature_names[i].bit;
        if (!bit) {
            if (bad) snprintf(bad, bad_len, "%.*s", (int)n, p);
            return -1;
        }
        *mask |= bit;
        p += n;
    }
    return 0;
}

#ifdef Q35_X86
static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}
#endif

uint64_t cpu_features_detected(void) {
    uint64_t f = 0;
#ifdef Q35_X86
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (d & (1u << 26)) f |= CPU_FEATURE_SSE2;
    int osxsave = (c >> 27) & 1;
    uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    int os_ymm = (xcr0 & 0x6) == 0x6;          /* XMM and YMM state enabled by the OS */
    int os_zmm = os_ymm && (xcr0 & 0xe0) == 0xe0; /* opmask, ZMM_Hi256, Hi16_ZMM */
    if (os_ymm) {
        if (c & (1u << 28)) f |= CPU_FEATURE_AVX;
        if (c & (1u << 12)) f |= CPU_FEATURE_FMA;
        if (c & (1u << 29)) f |= CPU_FEATURE_F16C;
    }
    unsigned max_leaf = __get_cpuid_max(0, NULL);
    if (max_leaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        unsigned b7 = b, c7 = c;
        if (os_ymm && (b7 & (1u << 5))) f |= CPU_FEATURE_AVX2;
        if (os_zmm) {
            if (b7 & (1u << 16)) f |= CPU_FEATURE_AVX512F;
            if (b7 & (1u << 17)) f |= CPU_FEATURE_AVX512DQ;
            if (b7 & (1u << 30)) f |= CPU_FEATURE_AVX512BW;
            if (b7 & (1u << 31)) f |= CPU_FEATURE_AVX512VL;
            if (c7 & (1u << 1)) f |= CPU_FEATURE_AVX512VBMI;
            if (c7 & (1u << 6)) f |= CPU_FEATURE_AVX512VBMI2;
            if (c7 & (1u << 11)) f |= CPU_FEATURE_AVX512VNNI;
        }
        __cpuid_count(7, 1, a, b, c, d);
        if (os_ymm && (a & (1u << 4))) f |= CPU_FEATURE_AVXVNNI;
        if (os_zmm && (a & (1u << 5))) f |= CPU_FEATURE_AVX512BF16;
    }
#endif
    return f;
}

uint64_t cpu_features(void) {
    uint64_t f = cpu_features_detected();
    const char *off = getenv("Q35_DISABLE_CPU_FEATURES");
    uint64_t mask = 0;
    /* An unknown name disables nothing here; the harness reports it as an error. */
    if (off && cpu_features_parse(off, &mask, NULL, 0) == 0) f &= ~mask;
    return f;
}

void cpu_cache_sizes(cpu_caches *out) {
    memset(out, 0, sizeof *out);
#ifdef Q35_X86
    unsigned a, b, c, d;
    unsigned max_ext = __get_cpuid_max(0x80000000u, NULL);
    char vendor[13] = {0};
    __cpuid(0, a, b, c, d);
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    /* Deterministic cache parameters: leaf 4 (Intel) or 0x8000001D (AMD). */
    unsigned leaf = strcmp(vendor, "AuthenticAMD") == 0 ? 0x8000001Du : 4u;
    if (leaf == 0x8000001Du && max_ext < leaf) return;
    if (leaf == 4u && __get_cpuid_max(0, NULL) < 4) return;
    for (unsigned i = 0; i < 8; i++) {
        __cpuid_count(leaf, i, a, b, c, d);
        unsigned type = a & 0x1f;
        if (type == 0) break;
        unsigned level = (a >> 5) & 0x7;
        size_t ways = ((b >> 22) & 0x3ff) + 1;
        size_t parts = ((b >> 12) & 0x3ff) + 1;
        size_t line = (b & 0xfff) + 1;
        size_t sets = (size_t)c + 1;
        size_t size = ways * parts * line * sets;
        if (level == 1 && type == 1) out->l1d = size;
        if (level == 2) out->l2 = size;
        if (level == 3) out->l3 = size;
    }
#endif
}

const char *cpu_arch_name(void) {
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#else
    return "other";
#endif
}
