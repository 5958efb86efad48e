/*
 * A memory-bandwidth probe the suite times interleaved with the kernels it judges (the
 * DRAM read roof, docs/noise.md). The harness knows only this interface, as it knows only
 * harness/counters.h for hardware counters; roofline/read_roof.c implements it with the
 * STREAM-style read kernels, and the front end hands it to the suite (suite_config
 * .roof_probe). Without a probe, blocks that asked for roofs record why there are none.
 */
#ifndef Q35_ROOF_PROBE_H
#define Q35_ROOF_PROBE_H

#include <stddef.h>

#define ROOF_PROBE_MAX_VARIANTS 8

typedef struct roof_probe {
    void *self;
    /* Prepares probes at up to max_threads threads over a buffer of `bytes` (0: the
     * provider's own rule). Returns 0, or -1 with the reason in why. */
    int (*open)(void *self, size_t bytes, int max_threads, char *why, size_t len);
    /* One probe: *gbps = the bandwidth measured (1e9 bytes/s), *variant = which of the
     * provider's variants gave it. Returns 0, or -1 when the probe's check failed (the
     * figure is then no measurement of reading). */
    int (*probe)(void *self, int threads, double *gbps, size_t *variant);
    void (*close)(void *self);
    /* After open: how the buffer was sized, and the names of the variants tried. */
    const char *(*rule)(const void *self);
    size_t (*variants)(const void *self, const char **names, size_t max);
} roof_probe;

#endif
