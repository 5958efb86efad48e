/* Fuzz target: the readers of the tab-separated results files (base/tsv.c and the readers
 * built on it: metrics.*.tsv, bench.tsv, roofline.placement.tsv, fleet.tasks.tsv). The
 * first byte picks the reader; the rest is the file. */
#include "fuzz_input.h"

#include "base/metrics_read.h"
#include "base/tsv.h"
#include "fleet/fleet_tasks.h"
#include "harness/bench_tsv.h"
#include "roofline/placement_tsv.h"

enum { TSV, METRICS, BENCH, PLACEMENT, FLEET_TASKS, N_READERS };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int which = data[0] % N_READERS;
    char err[2048];
    switch (which) {
    case TSV: {
        char *text = fuzz_input_text(data + 1, size - 1);
        tsv_table t;
        if (text && tsv_parse(text, "fuzz.tsv", &t, err, sizeof err) == 0) {
            double v;
            bool missing;
            for (size_t r = 0; r < t.n_rows; r++)
                for (size_t c = 0; c < t.n_cols; c++) {
                    tsv_number(tsv_cell(&t, r, (int)c), &v, &missing);
                    tsv_get_number(&t, r, (int)c, TSV_MISSING_OK | TSV_INTEGER, &v, err, sizeof err);
                }
            tsv_free(&t);
        }
        break;
    }
    case METRICS: {
        char *text = fuzz_input_text(data + 1, size - 1);
        metric_table t = {0};
        if (text && metrics_read_text(&t, text, "metrics.fuzz.tsv", "metrics.fuzz.tsv", err,
                                      sizeof err) == 0)
            metrics_index(&t, err, sizeof err);
        metrics_free(&t);
        break;
    }
    case BENCH: {
        char *text = fuzz_input_text(data + 1, size - 1);
        bench_table t;
        if (text && bench_tsv_parse(text, "bench.tsv", &t, err, sizeof err) == 0)
            bench_table_free(&t);
        break;
    }
    case PLACEMENT: {
        char path[64];
        int fd = fuzz_input_file(data + 1, size - 1, path, sizeof path);
        placement_table t;
        if (fd >= 0 && placement_tsv_read(path, &t, err, sizeof err) == 0)
            placement_table_free(&t);
        if (fd >= 0) close(fd);
        break;
    }
    case FLEET_TASKS: {
        char path[64];
        int fd = fuzz_input_file(data + 1, size - 1, path, sizeof path);
        fleet_tasks t;
        if (fd >= 0 && fleet_tasks_load(path, &t, err, sizeof err) == 0) fleet_tasks_free(&t);
        if (fd >= 0) close(fd);
        break;
    }
    }
    return 0;
}
