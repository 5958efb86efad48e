#include "roofline_report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_buf.h"
#include "base/metrics_tsv.h"

#define MIB (1024.0 * 1024.0)

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

char *roofline_stream_tsv(const roofline_results *r) {
    text_buf b = {0};
    tb_printf(&b, "kernel\tformula\tthreads\twords_per_element\tarray_bytes\tbytes_per_iteration\t"
                  "best_of\tbest_s\tavg_s\tmax_s\tgbps_best\tgbps_avg\tvalid\tisa_path\n");
    for (size_t i = 0; i < r->n_tc; i++)
        for (int k = 0; k < STREAM_KINDS; k++) {
            const stream_timing *t = &r->tc[i].stream.kernel[k];
            tb_printf(&b, "%s\t%s\t%d\t%d\t%zu\t%.0f\t%d\t%.9g\t%.9g\t%.9g\t%.6g\t%.6g\t%s\t%s\n",
                      stream_kind_name((stream_kind)k), stream_kind_formula((stream_kind)k),
                      r->tc[i].threads,
                      stream_words_read((stream_kind)k) + stream_words_written((stream_kind)k),
                      r->opt.array_bytes, t->bytes, r->opt.stream_ntimes - 1, t->best_s,
                      t->avg_s, t->max_s, t->gbps, t->gbps_avg,
                      r->tc[i].stream.valid ? "yes" : "no", r->stream_isa->isa);
        }
    return tb_take(&b);
}

char *roofline_sweep_tsv(const roofline_results *r) {
    text_buf b = {0};
    tb_printf(&b, "threads\tbytes\tkib\tgbps\tpasses\tbest_s\tlevel\n");
    for (size_t i = 0; i < r->n_tc; i++) {
        const roofline_tc *tc = &r->tc[i];
        for (size_t s = 0; s < tc->n_sweep; s++) {
            const sweep_point *p = &tc->sweep[s];
            tb_printf(&b, "%d\t%zu\t%.1f\t%.6g\t%llu\t%.9g\t%s\n", tc->threads, p->bytes,
                      (double)p->bytes / 1024.0, p->gbps, (unsigned long long)p->passes,
                      p->best_s, p->level >= 0 ? tc->levels.level[p->level].name : "?");
        }
    }
    return tb_take(&b);
}

char *roofline_peak_tsv(const roofline_results *r) {
    text_buf b = {0};
    tb_printf(&b, "what\tthreads\tisa_path\tinstruction\trate\tunit\tbest_s\tbest_of\tvalid\n");
    for (size_t i = 0; i < r->n_tc; i++) {
        const roofline_tc *tc = &r->tc[i];
        for (int k = 0; k < PEAK_KINDS; k++) {
            const peak_result *p = &tc->peak[k];
            if (!p->kernel) continue;
            tb_printf(&b, "%s_%s\t%d\t%s\t%s\t%.6g\t%s\t%.9g\t%d\t%s\n", peak_kind_name((peak_kind)k),
                      k == PEAK_INT8 ? "dot" : "fma", tc->threads, p->kernel->isa,
                      p->kernel->instruction, p->rate, k == PEAK_INT8 ? "GOP/s" : "GFLOP/s",
                      p->best_s, p->ntimes - 1, p->valid ? "yes" : "no");
        }
        tb_printf(&b, "sgemm_openblas\t%d\t%s\tcblas_sgemm n=%zu\t%.6g\tGFLOP/s\t%.9g\t%d\t%s\n",
                  tc->threads, tc->sgemm.core, tc->sgemm.n, tc->sgemm.rate, tc->sgemm.best_s,
                  tc->sgemm.ntimes - 1, tc->sgemm.valid ? "yes" : "no");
    }
    return tb_take(&b);
}

static void add_metric_ids(text_buf *b, const roofline_results *r) {
    char id[160];
    for (size_t i = 0; i < r->n_tc; i++) {
        const roofline_tc *tc = &r->tc[i];
        int t = tc->threads;
        for (int k = 0; k < STREAM_KINDS; k++) {
            const stream_timing *st = &tc->stream.kernel[k];
            snprintf(id, sizeof id, "roofline.stream.%s.t%d.gbps", stream_kind_name((stream_kind)k), t);
            char fastest[96] = "";
            if (k == STREAM_READ && tc->stream.n_read_variants)
                snprintf(fastest, sizeof fastest, ", fastest of %zu read kernels: %s",
                         tc->stream.n_read_variants,
                         r->stream_isa->reads[tc->stream.read_best].name);
            if (tc->stream.valid)
                metrics_add(b, id, st->gbps, "gbps",
                            "measured: STREAM %s (%s), %d thread(s), best of %d, arrays of %.0f MiB%s, "
                            "%d words/element, ISA %s%s",
                            stream_kind_name((stream_kind)k), stream_kind_formula((stream_kind)k),
                            t, r->opt.stream_ntimes - 1, (double)r->opt.array_bytes / MIB,
                            r->opt.quick ? " (quick: below STREAM's size rule)" : "",
                            stream_words_read((stream_kind)k) + stream_words_written((stream_kind)k),
                            r->stream_isa->isa, fastest);
            else
                metrics_add(b, id, NAN, "gbps", "STREAM %s, %d thread(s): %s",
                            stream_kind_name((stream_kind)k), t, tc->stream.why);
        }
        const char *names[] = {"l1", "l2", "llc", "dram"};
        for (int l = 0; l < 4; l++) {
            const cache_level *c = levels_find(&tc->levels, names[l]);
            snprintf(id, sizeof id, "roofline.sweep.%s.t%d.gbps", names[l], t);
            if (c)
                metrics_add(b, id, c->gbps, "gbps",
                            "measured: read bandwidth on the %s plateau (working sets %.3g to %.3g "
                            "MiB, level detected from the sweep), %d thread(s)",
                            names[l], (double)c->from_bytes / MIB, (double)c->upto_bytes / MIB, t);
            else
                metrics_add(b, id, NAN, "gbps",
                            "the sweep found no %s level at %d thread(s) (%zu levels%s)", names[l],
                            t, tc->levels.n,
                            tc->levels.has_dram ? "" : "; it did not reach DRAM-sized working sets");
            snprintf(id, sizeof id, "roofline.sweep.%s.t%d.upto_bytes", names[l], t);
            metrics_add(b, id, c ? (double)c->upto_bytes : NAN, "bytes",
                        c ? "measured: largest swept working set in the %s level"
                          : "no %s level detected",
                        names[l]);
        }
        for (int k = 0; k < PEAK_KINDS; k++) {
            const peak_result *p = &tc->peak[k];
            snprintf(id, sizeof id, "roofline.peak.%s.t%d", peak_metric_name((peak_kind)k), t);
            if (p->kernel && p->valid)
                metrics_add(b, id, p->rate, peak_metric_unit((peak_kind)k),
                            "measured: %s microkernel, %s path (%s), %d thread(s), best of %d",
                            peak_kind_name((peak_kind)k), p->kernel->isa, p->kernel->instruction,
                            t, p->ntimes - 1);
            else
                metrics_add(b, id, NAN, peak_metric_unit((peak_kind)k), "%s",
                            p->kernel ? p->why : "no microkernel for this CPU");
        }
        snprintf(id, sizeof id, "roofline.sgemm.gflops.t%d", t);
        if (tc->sgemm.valid)
            metrics_add(b, id, tc->sgemm.rate, "gflops",
                        "measured: OpenBLAS cblas_sgemm %zux%zux%zu (core %s), %d thread(s), best of %d",
                        tc->sgemm.n, tc->sgemm.n, tc->sgemm.n, tc->sgemm.core, t, tc->sgemm.ntimes - 1);
        else
            metrics_add(b, id, NAN, "gflops", "%s", tc->sgemm.why);
    }
    /* The best over thread counts: on a shared host more threads can measure less, and a
     * roof is the most the machine was seen to do. */
    for (int k = 0; k < STREAM_KINDS; k++) {
        double best = NAN;
        int bt = 0;
        for (size_t i = 0; i < r->n_tc; i++)
            if (r->tc[i].stream.valid && !(r->tc[i].stream.kernel[k].gbps <= best)) {
                best = r->tc[i].stream.kernel[k].gbps;
                bt = r->tc[i].threads;
            }
        snprintf(id, sizeof id, "roofline.stream.%s.best.gbps", stream_kind_name((stream_kind)k));
        if (bt)
            metrics_add(b, id, best, "gbps", "measured: the highest of roofline.stream.%s.t<T>.gbps (at %d thread(s))",
                        stream_kind_name((stream_kind)k), bt);
        else
            metrics_add(b, id, NAN, "gbps", "no valid STREAM %s result", stream_kind_name((stream_kind)k));
    }
    for (int k = 0; k < PEAK_KINDS; k++) {
        const char *name = peak_metric_name((peak_kind)k), *unit = peak_metric_unit((peak_kind)k);
        double best = NAN;
        int bt = 0;
        for (size_t i = 0; i < r->n_tc; i++)
            if (r->tc[i].peak[k].valid && !(r->tc[i].peak[k].rate <= best)) {
                best = r->tc[i].peak[k].rate;
                bt = r->tc[i].threads;
            }
        snprintf(id, sizeof id, "roofline.peak.%s.best", name);
        if (bt)
            metrics_add(b, id, best, unit,
                        "measured: the highest of roofline.peak.%s.t<T> (at %d thread(s))", name, bt);
        else
            metrics_add(b, id, NAN, unit, "no valid %s peak", name);
    }
}

char *roofline_metrics(const roofline_results *r, const papi_counters *pc, const placement_set *ps) {
    text_buf b = {0};
    metrics_begin(&b);
    add_metric_ids(&b, r);
    const papi_status *st = pc ? papi_counters_status(pc) : NULL;
    bool avail = st && st->available;
    metrics_add(&b, "roofline.papi.available", avail ? 1 : 0, "bool", "%s",
                avail ? "PAPI counts the timed regions" : st ? st->reason : "PAPI not opened");
    counter_derived d;
    counters_derive(&r->papi_probe, r->papi_probe_bytes, &d);
    char why[300];
    snprintf(why, sizeof why, "n/a (%s)", r->papi_probe.note);
    metrics_add(&b, "roofline.papi.stream_read.ipc", d.have_ipc ? d.ipc : NAN, "x", "%s",
                d.have_ipc ? "measured: instructions per cycle of a 1-thread read pass" : why);
    metrics_add(&b, "roofline.papi.stream_read.bytes_per_miss",
                d.have_misses ? d.bytes_per_miss : NAN, "bytes", "%s",
                d.have_misses ? "measured: bytes read per counted miss of a 1-thread read pass" : why);
    metrics_add(&b, "roofline.host.memory_gb", r->memory_total_bytes > 0 ? r->memory_total_bytes / 1e9 : NAN,
                "gb", "measured: MemTotal of this host (/proc/meminfo), 1e9 bytes");
    metrics_add(&b, "roofline.quick", r->opt.quick ? 1 : 0, "bool", "%s",
                r->opt.quick ? "quick mode: smaller arrays and fewer repetitions; not for citation"
                             : "full mode");
    metrics_add(&b, "roofline.elapsed_s", r->elapsed_s, "s", "measured: time the measurements took");
    metrics_add(&b, "roofline.validation_failures", r->failures, "count", "%s",
                r->failures ? r->failure : "every STREAM, peak and SGEMM result validated");
    if (!ps->bench) {
        metrics_add(&b, "roofline.placement.rows", NAN, "count", "%s", ps->note);
    } else {
        metrics_add(&b, "roofline.placement.rows", (double)ps->bench->n, "count",
                    "bench.tsv rows placed on the roofline (roofline.placement.tsv)");
        char seen[4096] = "";
        for (size_t i = 0; i < ps->bench->n; i++) {
            const bench_row *row = &ps->bench->rows[i];
            const placement *p = &ps->rows[i];
            if (!p->placed) continue;
            char kern[64], shape[64], base[200], key[210];
            metrics_token(row->kernel, kern, sizeof kern);
            metrics_token(row->shape, shape, sizeof shape);
            snprintf(base, sizeof base, "roofline.placement.%s.%s.m%.0f.t%.0f", kern, shape, row->m,
                     row->threads);
            snprintf(key, sizeof key, "|%s|", base);
            if (strstr(seen, key)) continue; /* the same case from a second sweep */
            if (strlen(seen) + strlen(key) < sizeof seen) strcat(seen, key);
            char id[240];
            snprintf(id, sizeof id, "%s.ai", base);
            metrics_add(&b, id, p->ai, "x", "ops per byte moved (kernel cost model)");
            snprintf(id, sizeof id, "%s.pct_bw_roof", base);
            metrics_add(&b, id, p->pct_bw_roof, "pct",
                        "measured: %.4g GB/s of a %.4g GB/s %s roof (%d thread(s)); binds: %s",
                        p->gbps, p->bw_roof_gbps, p->level, p->roof_threads, p->binds);
            snprintf(id, sizeof id, "%s.pct_compute_roof", base);
            metrics_add(&b, id, p->pct_compute_roof, "pct",
                        "measured: %.4g GOP/s of a %.4g G/s %s roof (%d thread(s)); binds: %s",
                        p->gops, p->compute_roof_gops, peak_kind_name(p->compute_kind),
                        p->roof_threads, p->binds);
        }
    }
    return tb_take(&b);
}
