/*
 * What every fuzz target shares: the input as a file (a memfd, so no disk is touched and
 * nothing is left behind), for the loaders that take a path. Header-only: each target is
 * one small .c file built with libFuzzer (make fuzz).
 */
#ifndef Q35_FUZZ_INPUT_H
#define Q35_FUZZ_INPUT_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Writes data to a new memfd and puts its path (/proc/self/fd/N) in path; returns the fd
 * (close it when done) or -1. */
static inline int fuzz_input_file(const uint8_t *data, size_t size, char *path, size_t len) {
    int fd = memfd_create("q35fuzz", MFD_CLOEXEC);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    snprintf(path, len, "/proc/self/fd/%d", fd);
    return fd;
}

/* The input as a NUL-terminated string (malloc'd; embedded NULs end it early). */
static inline char *fuzz_input_text(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) return NULL;
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
