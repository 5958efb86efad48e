/* Tests' input files: a text written to a new file under /tmp, for readers that take a path. */
#ifndef Q35_TESTS_TEMP_TEXT_FILE_H
#define Q35_TESTS_TEMP_TEXT_FILE_H

#include <stddef.h>

/* Writes text to a new file /tmp/q35-test-XXXXXX (its name in path, of size bytes); returns
 * path, or NULL when the file could not be written. The caller removes it. */
const char *temp_text_file(const char *text, char *path, size_t size);

#endif
