/*
 * Run directories: results/<id>/ with id = UTC date-time, host and a short hash, e.g.
 * 20261124T101530Z-myhost-3fa29c01. Every file inside is written atomically. The run is
 * complete only once COMPLETE exists: the SHA-256 of every file in sha256sum's format
 * ("<64 hex digits>  <file>", after one '#' comment line), so a truncated or altered file
 * is detected when the run is read back, by q35bench or without it:
 *     cd RUN_DIR && sha256sum -c COMPLETE
 */
#ifndef Q35_RUNDIR_H
#define Q35_RUNDIR_H

#include <stddef.h>

#define RUNDIR_MARKER "COMPLETE"

typedef struct run_dir {
    char path[1024];
    char id[256];
} run_dir;

/* Creates a new run directory under root (created if missing). `salt` (e.g. the config
 * text) goes into the hash. Returns 0, or -1 with the reason in err. */
int rundir_create(const char *root, const char *salt, run_dir *rd, char *err, size_t len);
/* Opens an existing, not yet sealed run directory to add files to it. */
int rundir_open(const char *path, run_dir *rd, char *err, size_t len);
/* Writes one file into the run atomically. */
int rundir_write(const run_dir *rd, const char *name, const char *data, size_t size, char *err,
                 size_t len);
/* rundir_write for a malloc'd text, which it frees; NULL text means rendering ran out of
 * memory. Prints the reason to stderr on failure; returns 0 or -1. */
int rundir_write_text(const run_dir *rd, const char *name, char *text);
/* Writes the COMPLETE marker with the SHA-256 of every file now in the directory. Refuses
 * an empty run and one holding anything but regular files (a FIFO, a symlink, a device). */
int rundir_seal(const run_dir *rd, char *err, size_t len);
/* rundir_seal for a run that failed: each reason (a failed step, a missing required file)
 * becomes a "# failed: REASON" line of COMPLETE (rundir_failure reads them back). */
#define RUNDIR_FAILED_PREFIX "# failed: "
int rundir_seal_failed(const run_dir *rd, const char *const *failures, size_t n_failures,
                       char *err, size_t len);

/* The files a run consists of, sorted: those COMPLETE lists when it is sealed, otherwise
 * the regular files now in it. Readers read only these. 0, or -1 with the reason in err. */
int rundir_files(const char *path, char ***names, size_t *n, char *err, size_t len);
void rundir_files_free(char **names, size_t n);

typedef enum {
    RUNDIR_COMPLETE,
    RUNDIR_INCOMPLETE, /* no marker: interrupted or still running */
    RUNDIR_CORRUPT,    /* a listed file is missing, has another size or another hash */
    RUNDIR_MISSING,    /* not a directory */
} rundir_state;

/* Checks a run directory (every listed file hashed again, no unlisted file beside them);
 * why explains anything but RUNDIR_COMPLETE. */
rundir_state rundir_verify(const char *path, char *why, size_t len);
/* 1 with the reasons in why when a sealed run was sealed as failed, else 0. */
int rundir_failure(const char *path, char *why, size_t len);
/* The newest complete run under root (by id, which sorts by time); 0 or -1. */
int rundir_latest_complete(const char *root, char *out, size_t len);

/* Creates a directory and its missing parents (mkdir -p); 0, or -1 with the reason in err. */
int rundir_mkdir_parents(const char *path, char *err, size_t len);

/* The one reader of COMPLETE: the files it lists and their SHA-256, or -1 with
 * "RUN/COMPLETE:line: what was expected" in err (used by verify and the report). */
typedef struct rundir_entry {
    char name[256];
    char sha256[65];
    int line;
} rundir_entry;
typedef struct rundir_manifest {
    rundir_entry *files;
    size_t n;
    char *failed; /* the "# failed:" reasons joined by "; ", NULL for a run that succeeded */
} rundir_manifest;
int rundir_manifest_read(const char *path, rundir_manifest *m, char *err, size_t len);
void rundir_manifest_free(rundir_manifest *m);

#endif
