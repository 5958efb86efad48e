/* Memory for packed weights, the same for every kernel so that no kernel gets an allocator
 * advantage: 64-byte aligned, and buffers that span several 2 MiB pages are 2 MiB-aligned
 * and offered as transparent huge pages (madvise; effective where THP is "madvise" or
 * "always"). A matrix-vector product streams its weights once per call, and with 4 KiB pages
 * that stream crosses a TLB entry and a hardware-prefetch boundary every 4 KiB.
 * Q35_HUGEPAGES=0 in the environment turns the huge-page advice off for every kernel. */
#ifndef Q35_WEIGHTS_ALLOC_H
#define Q35_WEIGHTS_ALLOC_H

#include <stddef.h>

/* At least `bytes` bytes (rounded up to the alignment), or NULL; release with free(). */
void *weights_alloc(size_t bytes);

#endif
