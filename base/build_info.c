#include "build_info.h"

#ifndef Q35_GIT_REV
#define Q35_GIT_REV "unknown"
#endif
#ifndef Q35_GIT_DIRTY
#define Q35_GIT_DIRTY 0
#endif
#ifndef Q35_BUILD_CFLAGS
#define Q35_BUILD_CFLAGS "unknown"
#endif

const char *build_git_rev(void) { return Q35_GIT_REV; }
int build_git_dirty(void) { return Q35_GIT_DIRTY; }
const char *build_cflags(void) { return Q35_BUILD_CFLAGS; }

const char *build_compiler(void) {
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#else
    return "unknown";
#endif
}
