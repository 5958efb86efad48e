/* The registry of kernel variants (kernels/registry.def) and queries on it. */
#ifndef Q35_REGISTRY_H
#define Q35_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel.h"

size_t kernel_count(void);
const kernel *kernel_at(size_t i);
const kernel *kernel_find(const char *name);

/* True when every CPU feature the kernel needs is present and its optional available()
 * hook agrees; otherwise the reason (e.g. "needs avx512vnni") is written to why. */
bool kernel_is_available(const kernel *k, char *why, size_t len);

/* Whether the kernel is the FP64 oracle the correctness gate compares with (ref_f64): it
 * runs in suites as a reference, not as a kernel anyone would deploy. */
bool kernel_is_reference(const kernel *k);

/* Whether the registered kernel of that name measures an outside library as a peer
 * (kernel.h `peer`, e.g. llama.cpp's ggml kernels); false for an unknown name. */
bool kernel_name_is_peer(const char *name);

/* The code path the kernel selects on this CPU ("c" for portable code). */
const char *kernel_isa(const kernel *k);

/* Checks a registry entry against the contract (required functions present, a name made
 * of [a-z0-9_], a positive gate bound); returns false and the reason otherwise. */
bool kernel_check_contract(const kernel *k, char *why, size_t len);

#endif
