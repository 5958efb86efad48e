/* roofline.stream.tsv, roofline.sweep.tsv and roofline.peak.tsv: one row per measurement. */
#include "roofline_report.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/text_buf.h"

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
