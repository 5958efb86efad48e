/* Rendering the roofline step's results, one file per output format: roofline.json
 * (roofline_json.c), the TSV tables (roofline_tables.c) and metrics.roofline.tsv
 * (roofline_metrics.c; ids in docs/results-roofline.md). Each returns a malloc'd string, or
 * NULL when out of memory. */
#ifndef Q35_ROOFLINE_REPORT_H
#define Q35_ROOFLINE_REPORT_H

#include "harness/bench_tsv.h"
#include "papi_counters.h"
#include "placement.h"
#include "roofline_run.h"

char *roofline_json(const roofline_results *r, const papi_counters *pc, const placement_set *ps);
char *roofline_stream_tsv(const roofline_results *r);
char *roofline_sweep_tsv(const roofline_results *r);
char *roofline_peak_tsv(const roofline_results *r);
char *roofline_metrics(const roofline_results *r, const papi_counters *pc, const placement_set *ps);

#endif
