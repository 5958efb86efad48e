/* Fuzz target: the files of a run directory as the commands that read runs see them
 * (verify, seal's checks, the report's reader and renderer, audit): the JSON files (machine.json, hyperfine.*.json,
 * audit.json), the bench tables, steps.tsv, a metrics file, the run's copy of the claims,
 * and COMPLETE. A copy of tests/data/run-fixture is made once; the first byte picks the
 * file the rest of the input replaces, and the original is put back afterwards. */
#include "fuzz_input.h"

#include <dirent.h>
#include <sys/stat.h>

#include "base/atomic_file.h"
#include "cli/run_check.h"
#include "harness/rundir.h"
#include "report/render.h"
#include "report/report_config.h"
#include "report/run_data.h"

#define FIXTURE "tests/data/run-fixture"
static const char *const targets[] = {
    "machine.json", "hyperfine.coldstart.json", "audit.json",     "bench.tsv",
    "bench.samples.tsv", "bench.compare.tsv",   "steps.tsv",      "metrics.bench.tsv",
    "audit.claims.ini",  "COMPLETE",
};
#define N_TARGETS (sizeof targets / sizeof targets[0])

static char run[64];               /* the copy */
static report_config layout;       /* configs/report.ini, for rendering */
static char *original[N_TARGETS];  /* each target's text in the fixture, or NULL */
static size_t original_len[N_TARGETS];

static void put(const char *name, const void *data, size_t size) {
    char path[400], err[512];
    snprintf(path, sizeof path, "%s/%s", run, name);
    if (atomic_write(path, data, size, err, sizeof err)) abort();
}

static void remove_copy(void) {
    DIR *d = opendir(run);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[400];
        snprintf(path, sizeof path, "%s/%s", run, e->d_name);
        if (e->d_name[0] != '.') unlink(path);
    }
    if (d) closedir(d);
    rmdir(run);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    char why[1024];
    if (report_config_load("configs/report.ini", &layout, why, sizeof why)) abort();
    snprintf(run, sizeof run, "/tmp/q35fuzz-run-XXXXXX");
    if (!mkdtemp(run)) abort();
    atexit(remove_copy);
    DIR *d = opendir(FIXTURE);
    if (!d) abort();
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "COMPLETE") == 0) continue;
        char path[400], err[512];
        size_t size;
        snprintf(path, sizeof path, "%s/%s", FIXTURE, e->d_name);
        char *text = read_whole_file(path, 1u << 24, &size, err, sizeof err);
        if (!text) abort();
        put(e->d_name, text, size);
        free(text);
    }
    closedir(d);
    for (size_t i = 0; i < N_TARGETS; i++) {
        char path[400], err[512];
        snprintf(path, sizeof path, "%s/%s", run, targets[i]);
        original[i] = read_whole_file(path, 1u << 24, &original_len[i], err, sizeof err);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    size_t which = data[0] % N_TARGETS;
    put(targets[which], data + 1, size - 1);
    char err[2048];
    rundir_verify(run, err, sizeof err);
    run_problems p;
    if (run_check(run, &p, err, sizeof err) == 0) run_problems_free(&p);
    char **files;
    size_t n;
    if (rundir_files(run, &files, &n, err, sizeof err) == 0) rundir_files_free(files, n);
    if (which != N_TARGETS - 1) { /* an unsealed run: every reader reads its file */
        run_data r;
        if (run_data_load(run, "tests/data/fixture.claims.ini",
                          "tests/data/fixture.references.ini", true, &r, err, sizeof err) == 0) {
            render_options ro = {.figures_dir = "figures", .command = "fuzz"};
            free(render_report(&r, 1, &layout, &ro)); /* the report reads what the run holds */
        }
        run_data_free(&r);
    }
    char path[400];
    snprintf(path, sizeof path, "%s/%s", run, targets[which]);
    if (original[which]) put(targets[which], original[which], original_len[which]);
    else unlink(path);
    return 0;
}
