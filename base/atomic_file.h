/* Files that appear complete or not at all: write to a temporary name, flush to disk,
 * then rename over the final name. An interrupted run leaves at most a *.tmp.* file. */
#ifndef Q35_ATOMIC_FILE_H
#define Q35_ATOMIC_FILE_H

#include <stddef.h>

/* Returns 0, or -1 with "path: reason" in err. */
int atomic_write(const char *path, const void *data, size_t len, char *err, size_t err_len);

/* Reads a whole file into a NUL-terminated malloc'd buffer; returns NULL with "path:
 * reason" in err. *len (if non-NULL) receives its size. */
char *read_whole_file(const char *path, size_t max_bytes, size_t *len, char *err,
                      size_t err_len);

#endif
