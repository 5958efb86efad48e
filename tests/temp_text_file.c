#include "temp_text_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *temp_text_file(const char *text, char *path, size_t size) {
    if (snprintf(path, size, "/tmp/q35-test-XXXXXX") >= (int)size) return NULL;
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return NULL;
    }
    int bad = fputs(text, f) < 0;
    if (fclose(f) != 0 || bad) {
        unlink(path);
        return NULL;
    }
    return path;
}
