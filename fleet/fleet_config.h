/*
 * Fleet configs: which machines of a Slurm cluster run the suite (./run.sh fleet submit).
 * A [fleet] section holds the options every task shares, and each [target NAME] section
 * one target, selected by partition, node list and/or constraint (at least one):
 *
 *   [fleet]
 *   mode = quick            ; quick | full
 *   steps = bench, roofline ; steps of ./run.sh all (default: all of them)
 *   [target zen4]
 *   partition = zen4
 *
 * The fleet manifest that submit writes into the fleet directory is such a file too, with
 * the job id and submission facts added; scripts/fleet.sh reads both through
 * `q35bench fleetconfig`.
 */
#ifndef Q35_FLEET_CONFIG_H
#define Q35_FLEET_CONFIG_H

#include <stddef.h>

/* One report compares at most this many runs (cli/cmd_report.c). */
#define FLEET_MAX_TARGETS 16

typedef struct fleet_target {
    char name[64];
    char partition[128];
    char nodelist[256];
    char constraint[256];
    int line; /* of the [target NAME] header */
} fleet_target;

/* A [fleet] key: its name and value ("" when not given). */
typedef struct fleet_option {
    const char *key;
    char value[1024];
    int line; /* 0 when not given */
} fleet_option;

/* The keys of [fleet], in the order fleetconfig prints them. */
enum {
    FLEET_MODE,       /* quick | full (default quick) */
    FLEET_SUITE,      /* bench config of every task; default: the mode's own */
    FLEET_STEPS,      /* comma-separated steps of ./run.sh all; default: all */
    FLEET_BUILD,      /* family | node (default family) */
    FLEET_BUILD_ROOT, /* where the per-family builds live (default build-fleet) */
    FLEET_RESULTS,    /* results root shared by every node (default results) */
    FLEET_TIME,       /* sbatch --time */
    FLEET_ACCOUNT,    /* sbatch --account */
    FLEET_QOS,        /* sbatch --qos */
    FLEET_SBATCH,     /* further sbatch options, split on spaces */
    FLEET_JOB,        /* manifest only: the array job id */
    FLEET_NAME,       /* manifest only: the fleet's id; its tasks' job names are NAME-TASK */
    FLEET_SUBMITTED,  /* manifest only: UTC time of submission */
    FLEET_ROOT,       /* manifest only: the source tree the tasks run */
    FLEET_N_OPTIONS
};

typedef struct fleet_config {
    fleet_option options[FLEET_N_OPTIONS];
    fleet_target targets[FLEET_MAX_TARGETS];
    size_t n_targets;
} fleet_config;

/* Reads path; returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with "path:line: what was expected" in err. Defaults are
 * filled in for options that were not given. */
int fleet_config_load(const char *path, fleet_config *fc, char *err, size_t len);

#endif
