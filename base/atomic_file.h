/* Files that appear complete or not at all: write to a temporary name, flush to disk,
 * then rename over the final name. An interrupted run leaves at most a *.tmp.* file. */
#ifndef Q35_ATOMIC_FILE_H
#define Q35_ATOMIC_FILE_H

#include <stddef.h>

/* Returns 0, or -1 with "path: reason" in err. */
int atomic_write(const char *path, const void *data, size_t len, char *err, size_t err_len);

#include <stdbool.h>
#include <stdio.h>

/* Opens a regular file for reading; a directory or block device is refused, and so are a
 * FIFO and a character device unless allow_special (a config given as <(...) is a pipe,
 * /dev/null an empty config). Never waits for a FIFO's writer: one without a writer reads
 * as empty. Run directories hold regular files only (harness/rundir.c checks, and hashes
 * through this with allow_special false). NULL with "path: reason". */
FILE *open_regular_file(const char *path, bool allow_special, char *err, size_t err_len);

/* Reads a whole file (open_regular_file with allow_special) into a NUL-terminated
 * malloc'd buffer; returns NULL with "path: reason" in err. *len (if non-NULL) receives
 * its size. */
char *read_whole_file(const char *path, size_t max_bytes, size_t *len, char *err,
                      size_t err_len);

#endif
