/* How this binary was built; filled in by the Makefile in base/build_info.c. */
#ifndef Q35_BUILD_INFO_H
#define Q35_BUILD_INFO_H

const char *build_git_rev(void);
int build_git_dirty(void);
const char *build_cflags(void);
const char *build_compiler(void);

#endif
