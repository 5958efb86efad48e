#include "roofline_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config_values.h"
#include "base/system_info.h"

#define MIB (1024.0 * 1024.0)
#define GIB (1024.0 * MIB)

void roofline_options_default(roofline_options *o, bool quick) {
    memset(o, 0, sizeof *o);
    o->quick = quick;
    o->features = cpu_features();
    cpu_caches c;
    cpu_cache_sizes(&c);
    size_t llc = c.l3 ? c.l3 : c.l2;
    if (quick) {
        o->array_bytes = (size_t)(64 * MIB);
        snprintf(o->array_rule, sizeof o->array_rule,
                 "quick: 64 MiB per array, below STREAM's rule (4x the last-level cache, "
                 "or 1 GiB when it is unknown); figures may include cache effects");
    } else if (llc) {
        o->array_bytes = ((4 * llc + (size_t)MIB - 1) / (size_t)MIB) * (size_t)MIB;
        snprintf(o->array_rule, sizeof o->array_rule,
                 "4x the last-level cache CPUID reports (%zu bytes)", llc);
    } else {
        o->array_bytes = (size_t)GIB;
        snprintf(o->array_rule, sizeof o->array_rule,
                 "1 GiB per array: CPUID reports no cache sizes, so STREAM's 4x-LLC rule "
                 "cannot be applied");
    }
    double avail = system_memory_available_bytes();
    if (avail > 0 && 3.0 * (double)o->array_bytes > 0.5 * avail) {
        size_t fit = (size_t)(0.5 * avail / 3.0 / MIB) * (size_t)MIB;
        size_t len = strlen(o->array_rule);
        snprintf(o->array_rule + len, sizeof o->array_rule - len,
                 "; shrunk to %zu MiB to stay within half the available memory", fit >> 20);
        o->array_bytes = fit;
    }
    o->stream_ntimes = quick ? 4 : 11;
    o->sweep_min_bytes = 16 * 1024;
    o->sweep_max_bytes = o->array_bytes;
    o->sweep_per_octave = quick ? 1 : 2;
    o->sweep_min_time_s = quick ? 0.005 : 0.020;
    o->sweep_ntimes = quick ? 3 : 5;
    o->dram_min_bytes = llc ? 4 * llc : (size_t)(256 * MIB);
    o->peak_min_time_s = quick ? 0.010 : 0.050;
    o->peak_ntimes = quick ? 3 : 6;
    o->sgemm_n = quick ? 512 : 2048;
    o->sgemm_ntimes = quick ? 3 : 4;
    int t = system_online_cpus();
    if (t < 1) t = 1;
    for (int i = 1; i <= t && o->n_threads < ROOFLINE_MAX_THREADS - 1; i = t <= 8 ? i + 1 : i * 2)
        o->threads[o->n_threads++] = i;
    if (o->threads[o->n_threads - 1] != t) o->threads[o->n_threads++] = t;
}

int roofline_options_threads(roofline_options *o, const char *list, char *why, size_t len) {
    cv_list l;
    if (cv_split(list, &l, why, len)) return -1;
    if (l.n == 0 || l.n > ROOFLINE_MAX_THREADS) {
        snprintf(why, len, "expected 1 to %d thread counts", ROOFLINE_MAX_THREADS);
        cv_list_free(&l);
        return -1;
    }
    o->n_threads = 0;
    for (size_t i = 0; i < l.n; i++) {
        uint64_t v;
        if (cv_u64(l.items[i], 1, 1024, &v, why, len)) {
            cv_list_free(&l);
            return -1;
        }
        o->threads[o->n_threads++] = (int)v;
    }
    cv_list_free(&l);
    return 0;
}

void roofline_results_free(roofline_results *r) {
    for (size_t i = 0; i < r->n_tc; i++) {
        free(r->tc[i].sweep);
        free(r->tc[i].sweep_bytes);
        free(r->tc[i].sweep_gbps);
    }
    free(r->tc);
    memset(r, 0, sizeof *r);
}

static void fail(roofline_results *r, FILE *progress, const char *what, const char *why) {
    r->failures++;
    if (!r->failure[0]) snprintf(r->failure, sizeof r->failure, "%s: %s", what, why);
    if (progress) fprintf(progress, "roofline: FAILED %s: %s\n", what, why);
}

static void run_stream(roofline_results *r, stream_arrays *arr, FILE *progress) {
    double tick = r->timer.measured_resolution_ns > 0 ? r->timer.measured_resolution_ns : 1.0;
    r->min_stream_ticks = INFINITY;
    for (size_t i = 0; i < r->n_tc; i++) {
        roofline_tc *tc = &r->tc[i];
        stream_measure(r->stream_isa, arr, r->opt.stream_ntimes, tc->threads, &tc->stream);
        if (progress) fprintf(progress, "roofline: stream t%-2d", tc->threads);
        for (int k = 0; k < STREAM_KINDS; k++) {
            double ticks = tc->stream.kernel[k].best_s * 1e9 / tick;
            if (ticks < r->min_stream_ticks) r->min_stream_ticks = ticks;
            if (progress)
                fprintf(progress, " %s %.1f", stream_kind_name((stream_kind)k),
                        tc->stream.kernel[k].gbps);
        }
        if (progress)
            fprintf(progress, " GB/s (best of %d)%s\n", r->opt.stream_ntimes - 1,
                    tc->stream.valid ? "" : "  VALIDATION FAILED");
        if (!tc->stream.valid) {
            char what[32];
            snprintf(what, sizeof what, "stream t%d", tc->threads);
            fail(r, progress, what, tc->stream.why);
        }
    }
}

static int run_sweep(roofline_results *r, const stream_arrays *arr, FILE *progress) {
    size_t sizes[256];
    size_t n = sweep_sizes(r->opt.sweep_min_bytes, r->opt.sweep_max_bytes, r->opt.sweep_per_octave,
                           sizes, 256);
    for (size_t i = 0; i < r->n_tc; i++) {
        roofline_tc *tc = &r->tc[i];
        tc->sweep = calloc(n ? n : 1, sizeof *tc->sweep);
        tc->sweep_bytes = calloc(n ? n : 1, sizeof *tc->sweep_bytes);
        tc->sweep_gbps = calloc(n ? n : 1, sizeof *tc->sweep_gbps);
        if (!tc->sweep || !tc->sweep_bytes || !tc->sweep_gbps) return -1;
        for (size_t s = 0; s < n; s++) {
            /* each thread needs at least one cache line */
            if (sizes[s] < (size_t)tc->threads * 64) continue;
            /* beyond 64 MiB (DRAM on any current CPU but the largest-cache parts) one size
             * per octave is enough and the big sizes dominate the step's time */
            bool pow2 = (sizes[s] & (sizes[s] - 1)) == 0;
            if (sizes[s] > ((size_t)64 << 20) && !pow2 && s + 1 < n) continue;
            sweep_point *p = &tc->sweep[tc->n_sweep];
            if (sweep_measure(r->stream_isa, arr->a, sizes[s], tc->threads, r->opt.sweep_min_time_s,
                              r->opt.sweep_ntimes, p) != 0)
                continue;
            tc->sweep_bytes[tc->n_sweep] = p->bytes;
            tc->sweep_gbps[tc->n_sweep] = p->gbps;
            tc->n_sweep++;
        }
        int level_of[256];
        levels_detect(tc->sweep_bytes, tc->sweep_gbps, tc->n_sweep, LEVELS_DROP,
                      r->opt.dram_min_bytes, &tc->levels, level_of);
        for (size_t s = 0; s < tc->n_sweep; s++) tc->sweep[s].level = level_of[s];
        if (progress) {
            fprintf(progress, "roofline: sweep  t%-2d", tc->threads);
            for (size_t l = 0; l < tc->levels.n; l++)
                fprintf(progress, " %s%s <= %.3g MiB: %.1f GB/s;", tc->levels.level[l].name,
                        tc->levels.level[l].is_llc ? " (llc)" : "",
                        (double)tc->levels.level[l].upto_bytes / MIB, tc->levels.level[l].gbps);
            fprintf(progress, " (%zu sizes)\n", tc->n_sweep);
        }
    }
    return 0;
}

static void run_peaks(roofline_results *r, FILE *progress) {
    for (int kind = 0; kind < PEAK_KINDS; kind++) {
        r->peak_kernel[kind] = peak_select((peak_kind)kind, r->opt.features);
        for (size_t i = 0; i < r->n_tc; i++) {
            peak_result *p = &r->tc[i].peak[kind];
            peak_measure(r->peak_kernel[kind], r->tc[i].threads, r->opt.peak_min_time_s,
                         r->opt.peak_ntimes, p);
            if (progress)
                fprintf(progress, "roofline: peak   t%-2d %s %s: %.1f %s\n", r->tc[i].threads,
                        peak_kind_name((peak_kind)kind), r->peak_kernel[kind]->isa, p->rate,
                        kind == PEAK_INT8 ? "GOP/s" : "GFLOP/s");
            if (!p->valid) {
                char what[48];
                snprintf(what, sizeof what, "peak %s t%d", peak_kind_name((peak_kind)kind),
                         r->tc[i].threads);
                fail(r, progress, what, p->why);
            }
        }
    }
}

static void run_sgemm(roofline_results *r, FILE *progress) {
    for (size_t i = 0; i < r->n_tc; i++) {
        sgemm_result *s = &r->tc[i].sgemm;
        if (sgemm_measure(r->opt.sgemm_n, r->tc[i].threads, r->opt.sgemm_ntimes, s) != 0 &&
            !s->why[0])
            snprintf(s->why, sizeof s->why, "could not run");
        if (progress)
            fprintf(progress, "roofline: sgemm  t%-2d n=%zu: %.1f GFLOP/s (OpenBLAS %s)\n",
                    r->tc[i].threads, r->opt.sgemm_n, s->rate, s->core);
        if (!s->valid) {
            char what[32];
            snprintf(what, sizeof what, "sgemm t%d", r->tc[i].threads);
            fail(r, progress, what, s->why);
        }
    }
}

static void papi_probe(roofline_results *r, papi_counters *pc, const stream_arrays *arr) {
    memset(&r->papi_probe, 0, sizeof r->papi_probe);
    r->papi_probe_bytes = (double)arr->n * sizeof(double);
    if (!pc) {
        snprintf(r->papi_probe.note, sizeof r->papi_probe.note, "no counter provider");
        return;
    }
    const counter_provider *cp = papi_counters_provider(pc);
    cp->begin(cp->self);
    volatile double sink = r->stream_isa->read(arr->a, arr->n);
    (void)sink;
    cp->end(cp->self, &r->papi_probe);
    r->papi_probe.calls = 1;
}

int roofline_run(const roofline_options *o, papi_counters *pc, roofline_results *out,
                 FILE *progress) {
    memset(out, 0, sizeof *out);
    out->opt = *o;
    uint64_t t0 = timer_wall_ns();
    getloadavg(out->load_before, 3);
    cpu_cache_sizes(&out->caches);
    timer_measure(&out->timer);
    out->memory_total_bytes = system_memory_total_bytes();
    out->stream_isa = stream_kernels_select(o->features);
    out->n_tc = o->n_threads;
    out->tc = calloc(o->n_threads ? o->n_threads : 1, sizeof *out->tc);
    if (!out->tc) {
        snprintf(out->failure, sizeof out->failure, "out of memory");
        return -1;
    }
    int max_t = 1;
    for (size_t i = 0; i < o->n_threads; i++) {
        out->tc[i].threads = o->threads[i];
        if (o->threads[i] > max_t) max_t = o->threads[i];
    }
    if (progress)
        fprintf(progress,
                "roofline: %s STREAM arrays of %.0f MiB (%s), ISA path %s, threads %d..%d\n",
                o->quick ? "quick:" : "", (double)o->array_bytes / MIB, o->array_rule,
                out->stream_isa->isa, o->threads[0], max_t);
    stream_arrays arr;
    if (stream_arrays_alloc(&arr, o->array_bytes / sizeof(double), max_t) != 0) {
        snprintf(out->failure, sizeof out->failure,
                 "out of memory for three STREAM arrays of %zu bytes", o->array_bytes);
        return -1;
    }
    papi_probe(out, pc, &arr);
    uint64_t t1 = timer_wall_ns();
    run_stream(out, &arr, progress);
    uint64_t t2 = timer_wall_ns();
    int rc = run_sweep(out, &arr, progress);
    uint64_t t3 = timer_wall_ns();
    stream_arrays_free(&arr);
    if (rc) {
        snprintf(out->failure, sizeof out->failure, "out of memory for the sweep");
        return -1;
    }
    run_peaks(out, progress);
    uint64_t t4 = timer_wall_ns();
    run_sgemm(out, progress);
    out->stream_s = (double)(t2 - t1) * 1e-9;
    out->sweep_s = (double)(t3 - t2) * 1e-9;
    out->peak_s = (double)(t4 - t3) * 1e-9;
    out->sgemm_s = (double)(timer_wall_ns() - t4) * 1e-9;
    getloadavg(out->load_after, 3);
    out->elapsed_s = (double)(timer_wall_ns() - t0) * 1e-9;
    return 0;
}

void roofline_roofs(const roofline_results *r, roof_curve *curves, roof_set *set) {
    for (size_t i = 0; i < r->n_tc; i++) {
        const roofline_tc *tc = &r->tc[i];
        roof_curve *c = &curves[i];
        memset(c, 0, sizeof *c);
        c->threads = tc->threads;
        c->bytes = tc->sweep_bytes;
        c->gbps = tc->sweep_gbps;
        c->n = tc->n_sweep;
        c->levels = &tc->levels;
        for (int k = 0; k < PEAK_KINDS; k++)
            c->peak[k] = tc->peak[k].valid ? tc->peak[k].rate : 0.0;
    }
    set->curves = curves;
    set->n = r->n_tc;
}
