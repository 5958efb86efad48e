/*
 * What library code returns instead of a process exit status: the kind of failure, which
 * the front end alone turns into an exit status (cli/exit_status.h: one mapping for the
 * project). The messages themselves travel in the caller's err buffer, as before.
 *
 * The values 1 and 2 are those the loaders returned before there was this type, so that a
 * caller comparing with them reads the same; compare with the names.
 */
#ifndef Q35_ERROR_H
#define Q35_ERROR_H

typedef enum q35_error {
    Q35_OK = 0,
    Q35_ERR_RUN = 1,   /* a failure found while running: a failed check, an I/O error such as
                          a full disk, a results file that is corrupt or missing */
    Q35_ERR_INPUT = 2, /* bad input: a malformed config or file given by the user, bad usage */
    Q35_ERR_NOMEM = 3, /* out of memory */
} q35_error;

#endif
