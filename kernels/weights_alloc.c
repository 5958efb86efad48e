#include "weights_alloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *weights_alloc(size_t bytes) {
    const char *env = getenv("Q35_HUGEPAGES");
    bool huge = bytes >= 2 * HUGE_PAGE && !(env && strcmp(env, "0") == 0);
    if (!huge) return aligned_alloc(64, bytes ? (bytes + 63) / 64 * 64 : 64);
    void *p = aligned_alloc(HUGE_PAGE, (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE);
#if defined(MADV_HUGEPAGE)
    if (p) (void)madvise(p, bytes / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE);
#endif
    return p;
}
