/*
 * The run-directory life cycle every step command shares, in one place: open the run given
 * with --out (a run still being written, sealed by whoever created it) or create a new one
 * under --results; check the free space before anything is measured; write each file
 * atomically; seal the run unless it is part of a larger one; print where the results are.
 * Messages go to stderr prefixed with the command; the functions return exit statuses.
 */
#ifndef Q35_RUN_OUTPUT_H
#define Q35_RUN_OUTPUT_H

#include <stdbool.h>

#include "harness/rundir.h"

typedef struct run_output {
    run_dir rd;
    const char *who;     /* message prefix, e.g. "q35bench roofline" */
    bool part_of_larger; /* opened with --out: not sealed here */
    bool write_failed;   /* a file could not be written: the run is not sealed */
} run_output;

/* out_dir (an unsealed run; 2 when it is not one) or a new run under results_root (salt goes
 * into its id; 1 when it cannot be created). need_bytes: what the command will write, about;
 * 1 when the free space is clearly smaller. 0 when the run is ready. */
int run_output_open(run_output *o, const char *who, const char *out_dir,
                    const char *results_root, const char *salt, double need_bytes);
/* Writes one file; text is taken over (NULL: rendering ran out of memory). 0, or -1 after
 * printing why (then run_output_close does not seal). */
int run_output_write(run_output *o, const char *name, char *text);
/* Seals a run it created when every write succeeded (whatever the command's status: a failed
 * check is a result); prints "results: PATH" unless quiet. Returns the exit status: the
 * command's own, or 1 when a write or the seal failed. */
int run_output_close(run_output *o, int status, bool quiet);
/* Removes a run it created and wrote nothing into (a command that stops before measuring). */
void run_output_discard(run_output *o);

#endif
