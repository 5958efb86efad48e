#include "run_output.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/system_info.h"
#include "commands.h"

int run_output_open(run_output *o, const char *who, const char *out_dir,
                    const char *results_root, const char *salt, double need_bytes) {
    memset(o, 0, sizeof *o);
    o->who = who;
    o->part_of_larger = out_dir != NULL;
    char err[1400];
    if (out_dir) {
        if (rundir_open(out_dir, &o->rd, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", who, err);
            return EXIT_USAGE;
        }
    } else if (rundir_create(results_root ? results_root : "results", salt, &o->rd, err,
                             sizeof err)) {
        fprintf(stderr, "%s: %s\n", who, err);
        return EXIT_FAILURES;
    }
    if (need_bytes > 0 &&
        system_space_short(system_free_bytes(o->rd.path), need_bytes, o->rd.path, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", who, err);
        run_output_discard(o);
        return EXIT_FAILURES;
    }
    return EXIT_OK;
}

int run_output_write(run_output *o, const char *name, char *text) {
    if (rundir_write_text(&o->rd, name, text)) {
        o->write_failed = true;
        return -1;
    }
    return 0;
}

int run_output_close(run_output *o, int status, bool quiet) {
    char err[1400];
    if (o->write_failed) {
        fprintf(stderr, "%s: %s is left unsealed: a file could not be written\n", o->who,
                o->rd.path);
        return EXIT_FAILURES;
    }
    if (!o->part_of_larger && rundir_seal(&o->rd, err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", o->who, err);
        return EXIT_FAILURES;
    }
    if (!quiet)
        printf("results: %s%s\n", o->rd.path,
               o->part_of_larger ? " (not sealed: part of a larger run)" : "");
    return status;
}

void run_output_discard(run_output *o) {
    if (!o->part_of_larger) rmdir(o->rd.path); /* only if empty */
}
