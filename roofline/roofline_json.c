/* roofline.json: the methods in words, every measurement with its context, PAPI's state,
 * the placement of every bench row. */
#include "roofline_report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_stream =
    "STREAM (McCalpin): arrays a, b, c of N doubles, a = 1, b = 2, c = 0, a = 2a; each "
    "iteration runs copy c=a, scale b=3c, add c=a+b, triad a=b+3c and the read-only kernels "
    "sum+=a (wide loads into 8 accumulators, with prefetcht0, with prefetchnta, 4 interleaved "
    "sub-streams; the fastest counts, so the read roof is not one kernel's speed), each timed "
    "on its own; the first iteration is discarded, the best of the rest reported. Bytes per element: 2 words (copy, scale), 3 words (add, triad), 1 word (read), "
    "8 bytes per word, no write-allocate traffic counted. Every element of a, b, c is checked "
    "against the scalar recurrence (relative error 1e-13) and every read sum against N*a; a "
    "failed check fails the step (exit 1). Threads: OpenMP, contiguous cache-line-aligned "
    "chunks, first touch by the largest thread count.";
static const char *const method_sweep =
    "Read bandwidth vs working-set size: the read kernel over a buffer of S bytes split "
    "across the threads, each thread re-reading its chunk P times inside one parallel region; "
    "P grows until a repetition lasts min_time; best of ntimes-1 repetitions (first "
    "discarded). Levels: walking sizes upwards, a new level starts where bandwidth falls "
    "below 0.75x the median of the current level for two consecutive sizes; the last level "
    "is DRAM when the sweep reached dram_min_bytes, the one before it is the LLC.";
static const char *const method_peak =
    "Compute peaks: register-only loops of independent multiply-adds (FP32/FP64 FMA; INT8 "
    "dot products with VNNI vpdpbusd where present), one per instruction-set path, chosen at "
    "run time; every thread runs the loop in one parallel region; iterations grow until a "
    "repetition lasts min_time; best of ntimes-1 (first discarded); FMA = 2 flops per lane, "
    "INT8 multiply-add = 2 ops; lanes validated against the recurrence. Cross-check: "
    "OpenBLAS SGEMM on n x n matrices (2 n^3 flops), best of ntimes-1, sampled entries "
    "checked against FP64.";
static const char *const method_placement =
    "Per bench.tsv row: AI = ops / bytes moved (the kernel's cost model); achieved GB/s and "
    "GOP/s from the median; bandwidth roof = sweep bandwidth at a working set of the row's "
    "bytes moved (cache-resident weights get the cache's bandwidth); compute roof = measured "
    "peak of fp64 (f64), fp32 (f32, fp16, bf16) or int8 (integer formats); attainable = "
    "min(compute roof, AI x bandwidth roof); binds = the smaller of the two.";

static cJSON *timing_json(const stream_timing *t) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "bytes_per_iteration", t->bytes);
    cJSON_AddNumberToObject(o, "best_s", t->best_s);
    cJSON_AddNumberToObject(o, "avg_s", t->avg_s);
    cJSON_AddNumberToObject(o, "max_s", t->max_s);
    cJSON_AddNumberToObject(o, "gbps_best", t->gbps);
    cJSON_AddNumberToObject(o, "gbps_avg", t->gbps_avg);
    return o;
}

static cJSON *load_json(const double *l) {
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < 3; i++) cJSON_AddItemToArray(a, cJSON_CreateNumber(l[i]));
    return a;
}

char *roofline_json(const roofline_results *r, const papi_counters *pc, const placement_set *ps) {
    const roofline_options *o = &r->opt;
    cJSON *doc = cJSON_CreateObject();
    cJSON *m = cJSON_AddObjectToObject(doc, "method");
    cJSON_AddStringToObject(m, "stream", method_stream);
    cJSON_AddStringToObject(m, "sweep", method_sweep);
    cJSON_AddStringToObject(m, "peak", method_peak);
    cJSON_AddStringToObject(m, "placement", method_placement);
    cJSON_AddStringToObject(m, "references",
                            "McCalpin, STREAM; Williams, Waterman, Patterson, Roofline, CACM "
                            "52(4) 2009; Lo et al., Empirical Roofline Toolkit, PMBS 2014");
    cJSON *p = cJSON_AddObjectToObject(doc, "parameters");
    cJSON_AddBoolToObject(p, "quick", o->quick);
    cJSON_AddNumberToObject(p, "array_bytes", (double)o->array_bytes);
    cJSON_AddStringToObject(p, "array_rule", o->array_rule);
    cJSON_AddNumberToObject(p, "stream_iterations", o->stream_ntimes);
    cJSON_AddNumberToObject(p, "stream_best_of", o->stream_ntimes - 1);
    cJSON_AddNumberToObject(p, "sweep_min_bytes", (double)o->sweep_min_bytes);
    cJSON_AddNumberToObject(p, "sweep_max_bytes", (double)o->sweep_max_bytes);
    cJSON_AddNumberToObject(p, "sweep_sizes_per_octave", o->sweep_per_octave);
    cJSON_AddNumberToObject(p, "sweep_min_time_s", o->sweep_min_time_s);
    cJSON_AddNumberToObject(p, "sweep_repetitions", o->sweep_ntimes);
    cJSON_AddNumberToObject(p, "dram_min_bytes", (double)o->dram_min_bytes);
    cJSON_AddNumberToObject(p, "peak_min_time_s", o->peak_min_time_s);
    cJSON_AddNumberToObject(p, "peak_repetitions", o->peak_ntimes);
    cJSON_AddNumberToObject(p, "sgemm_n", (double)o->sgemm_n);
    cJSON_AddNumberToObject(p, "sgemm_repetitions", o->sgemm_ntimes);
    cJSON *th = cJSON_AddArrayToObject(p, "threads");
    for (size_t i = 0; i < o->n_threads; i++) cJSON_AddItemToArray(th, cJSON_CreateNumber(o->threads[i]));

    cJSON *isa = cJSON_AddObjectToObject(doc, "isa_paths");
    cJSON_AddStringToObject(isa, "stream", r->stream_isa ? r->stream_isa->isa : "none");
    for (int k = 0; k < PEAK_KINDS; k++)
        if (r->peak_kernel[k]) {
            char v[160];
            snprintf(v, sizeof v, "%s (%s)", r->peak_kernel[k]->isa, r->peak_kernel[k]->instruction);
            cJSON_AddStringToObject(isa, peak_kind_name((peak_kind)k), v);
        }
    cJSON *ctx = cJSON_AddObjectToObject(doc, "context");
    cJSON_AddNumberToObject(ctx, "timer_resolution_ns", r->timer.measured_resolution_ns);
    cJSON_AddNumberToObject(ctx, "timer_read_overhead_ns", r->timer.read_overhead_ns);
    cJSON_AddNumberToObject(ctx, "shortest_stream_pass_ticks", isfinite(r->min_stream_ticks) ? r->min_stream_ticks : 0);
    cJSON_AddItemToObject(ctx, "load_avg_before", load_json(r->load_before));
    cJSON_AddItemToObject(ctx, "load_avg_after", load_json(r->load_after));
    cJSON_AddNumberToObject(ctx, "memory_total_bytes", r->memory_total_bytes);
    cJSON *cc = cJSON_AddObjectToObject(ctx, "caches_cpuid");
    cJSON_AddNumberToObject(cc, "l1d_bytes", (double)r->caches.l1d);
    cJSON_AddNumberToObject(cc, "l2_bytes", (double)r->caches.l2);
    cJSON_AddNumberToObject(cc, "l3_bytes", (double)r->caches.l3);
    cJSON_AddNumberToObject(ctx, "elapsed_s", r->elapsed_s);
    cJSON *ph = cJSON_AddObjectToObject(ctx, "phase_s");
    cJSON_AddNumberToObject(ph, "stream", r->stream_s);
    cJSON_AddNumberToObject(ph, "sweep", r->sweep_s);
    cJSON_AddNumberToObject(ph, "peak", r->peak_s);
    cJSON_AddNumberToObject(ph, "sgemm", r->sgemm_s);

    cJSON *st = cJSON_AddArrayToObject(doc, "stream");
    cJSON *sw = cJSON_AddArrayToObject(doc, "sweep");
    cJSON *pk = cJSON_AddArrayToObject(doc, "peak");
    cJSON *sg = cJSON_AddArrayToObject(doc, "sgemm");
    for (size_t i = 0; i < r->n_tc; i++) {
        const roofline_tc *tc = &r->tc[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "threads", tc->threads);
        cJSON_AddBoolToObject(e, "valid", tc->stream.valid);
        if (!tc->stream.valid) cJSON_AddStringToObject(e, "why", tc->stream.why);
        cJSON_AddNumberToObject(e, "max_rel_error", tc->stream.max_rel_error);
        cJSON *ks = cJSON_AddObjectToObject(e, "kernels");
        for (int k = 0; k < STREAM_KINDS; k++)
            cJSON_AddItemToObject(ks, stream_kind_name((stream_kind)k), timing_json(&tc->stream.kernel[k]));
        cJSON *rv = cJSON_AddObjectToObject(e, "read_kernels_gbps"); /* best of each */
        for (size_t v = 0; v < tc->stream.n_read_variants; v++)
            cJSON_AddNumberToObject(rv, r->stream_isa->reads[v].name, tc->stream.read_variant_gbps[v]);
        cJSON_AddItemToArray(st, e);

        e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "threads", tc->threads);
        cJSON *pts = cJSON_AddArrayToObject(e, "points");
        for (size_t s = 0; s < tc->n_sweep; s++) {
            cJSON *pt = cJSON_CreateObject();
            cJSON_AddNumberToObject(pt, "bytes", (double)tc->sweep[s].bytes);
            cJSON_AddNumberToObject(pt, "gbps", tc->sweep[s].gbps);
            cJSON_AddNumberToObject(pt, "passes", (double)tc->sweep[s].passes);
            cJSON_AddNumberToObject(pt, "best_s", tc->sweep[s].best_s);
            cJSON_AddStringToObject(pt, "level", tc->sweep[s].level >= 0 ? tc->levels.level[tc->sweep[s].level].name : "?");
            cJSON_AddItemToArray(pts, pt);
        }
        cJSON *lv = cJSON_AddArrayToObject(e, "levels");
        for (size_t l = 0; l < tc->levels.n; l++) {
            const cache_level *c = &tc->levels.level[l];
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "name", c->name);
            cJSON_AddBoolToObject(x, "llc", c->is_llc);
            cJSON_AddNumberToObject(x, "from_bytes", (double)c->from_bytes);
            cJSON_AddNumberToObject(x, "upto_bytes", (double)c->upto_bytes);
            cJSON_AddNumberToObject(x, "gbps", c->gbps);
            cJSON_AddItemToArray(lv, x);
        }
        cJSON_AddItemToArray(sw, e);

        for (int k = 0; k < PEAK_KINDS; k++) {
            const peak_result *pr = &tc->peak[k];
            if (!pr->kernel) continue;
            e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "kind", peak_kind_name((peak_kind)k));
            cJSON_AddNumberToObject(e, "threads", tc->threads);
            cJSON_AddStringToObject(e, "isa_path", pr->kernel->isa);
            cJSON_AddStringToObject(e, "instruction", pr->kernel->instruction);
            cJSON_AddNumberToObject(e, "rate", pr->rate);
            cJSON_AddStringToObject(e, "unit", k == PEAK_INT8 ? "GOP/s" : "GFLOP/s");
            cJSON_AddNumberToObject(e, "iterations_per_thread", (double)pr->iters);
            cJSON_AddNumberToObject(e, "best_s", pr->best_s);
            cJSON_AddNumberToObject(e, "best_of", pr->ntimes - 1);
            cJSON_AddBoolToObject(e, "valid", pr->valid);
            if (!pr->valid) cJSON_AddStringToObject(e, "why", pr->why);
            cJSON_AddItemToArray(pk, e);
        }
        e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "threads", tc->threads);
        cJSON_AddNumberToObject(e, "n", (double)tc->sgemm.n);
        cJSON_AddNumberToObject(e, "gflops", tc->sgemm.rate);
        cJSON_AddNumberToObject(e, "best_s", tc->sgemm.best_s);
        cJSON_AddNumberToObject(e, "best_of", tc->sgemm.ntimes - 1);
        cJSON_AddStringToObject(e, "openblas_core", tc->sgemm.core);
        cJSON_AddNumberToObject(e, "max_rel_error", tc->sgemm.max_rel_error);
        cJSON_AddBoolToObject(e, "valid", tc->sgemm.valid);
        if (!tc->sgemm.valid) cJSON_AddStringToObject(e, "why", tc->sgemm.why);
        cJSON_AddItemToArray(sg, e);
    }
    cJSON *papi = pc ? papi_counters_json(pc) : cJSON_CreateObject();
    cJSON *probe = cJSON_AddObjectToObject(papi, "stream_read_probe");
    char text[512];
    counters_format(&r->papi_probe, text, sizeof text);
    cJSON_AddStringToObject(probe, "what", "one 1-thread read pass over a STREAM array");
    cJSON_AddNumberToObject(probe, "bytes", r->papi_probe_bytes);
    cJSON_AddStringToObject(probe, "counters", text);
    cJSON_AddItemToObject(doc, "papi", papi);

    cJSON *pl = cJSON_AddObjectToObject(doc, "placement");
    cJSON_AddBoolToObject(pl, "bench_tsv_present", ps->bench != NULL);
    cJSON_AddStringToObject(pl, "note", ps->note);
    if (ps->bench) {
        size_t placed = 0;
        for (size_t i = 0; i < ps->bench->n; i++) placed += ps->rows[i].placed;
        cJSON_AddNumberToObject(pl, "rows", (double)ps->bench->n);
        cJSON_AddNumberToObject(pl, "placed", (double)placed);
        cJSON_AddStringToObject(pl, "table", "roofline.placement.tsv");
    }
    cJSON_AddNumberToObject(doc, "failures", r->failures);
    if (r->failures) cJSON_AddStringToObject(doc, "first_failure", r->failure);
    char *out = cJSON_Print(doc);
    cJSON_Delete(doc);
    return out;
}
