/*
 * The one mapping from what a library call reports (base/error.h) to the process exit
 * status (README: 0 success; 1 a failure found while running, I/O errors such as a full
 * disk, out of memory; 2 bad usage or bad input).
 */
#ifndef Q35_EXIT_STATUS_H
#define Q35_EXIT_STATUS_H

#include "base/error.h"
#include "commands.h"

static inline int exit_status(int error) {
    switch ((q35_error)error) {
    case Q35_OK: return EXIT_OK;
    case Q35_ERR_INPUT: return EXIT_USAGE;
    case Q35_ERR_RUN:
    case Q35_ERR_NOMEM: return EXIT_FAILURES;
    }
    return EXIT_FAILURES; /* anything else a library returned: a failure, never "bad input" */
}

#endif
