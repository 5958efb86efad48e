/* metrics.roofline.tsv: every id of docs/results-roofline.md, through base/metrics_tsv.h. */
#include "roofline_report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/metrics_tsv.h"
#include "base/text_buf.h"

#define MIB (1024.0 * 1024.0)

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
