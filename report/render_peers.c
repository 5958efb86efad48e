#include "render_peers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "markdown.h"

static const bench_row *case_named(const run_data *r, const char *name) {
    for (size_t i = 0; i < r->n_bench; i++)
        if (strcmp(r->bench[i].name, name) == 0) return &r->bench[i];
    return NULL;
}

/* "q4_k_repack (4.5 bpw): 1.42x [1.31-1.55]" and what the interval says */
static void peer_cell(text_buf *b, const run_data *r, const compare_row *c) {
    if (!c) {
        md_cell(b, "-");
        return;
    }
    const bench_row *peer = case_named(r, c->a);
    char v[MD_NUM_LEN], lo[MD_NUM_LEN], hi[MD_NUM_LEN], bpw[MD_NUM_LEN];
    const char *reading = c->lo > 1 ? "faster" : c->hi < 1 ? "**slower**" : "not distinguishable";
    md_cellf(b, "`%s` (%s bpw): %sx [%s-%s], %s%s", peer ? peer->kernel : c->a,
             md_num(peer ? peer->bits_per_weight : NAN, 3, bpw), md_num(c->ratio, 3, v), md_num(c->lo, 3, lo),
             md_num(c->hi, 3, hi), reading, c->interleaved ? "" : ", not interleaved");
}

void render_peers(text_buf *b, const run_data *r) {
    bool any = false;
    for (size_t i = 0; i < r->n_compare && !any; i++)
        any = strcmp(r->compare[i].kind, "peer_fastest") == 0 ||
              strcmp(r->compare[i].kind, "peer_nearest") == 0;
    if (!any) return;
    tb_printf(b, "### Against llama.cpp, measured in this run\n\n");
    tb_printf(b, "Each of the suite's own kernels against llama.cpp's ggml kernels timed beside "
                 "it (same shape, batch M and threads, interleaved): the speedup time(peer) / "
                 "time(kernel) over the **fastest peer with at least its bits per weight** and "
                 "over the **peer nearest to its bits per weight**, Hodges-Lehmann estimate with "
                 "its 95 %% interval from the repetitions. \"slower\" means the whole interval "
                 "is below 1: the peer wins.\n\n");
    /* one table per shape, rows in the order the bench wrote the cases */
    for (size_t s = 0; s < r->n_bench; s++) {
        const char *shape = r->bench[s].shape;
        bool first_of_shape = true;
        for (size_t j = 0; j < s && first_of_shape; j++)
            first_of_shape = strcmp(r->bench[j].shape, shape) != 0;
        if (!first_of_shape) continue;
        bool header = false;
        for (size_t i = 0; i < r->n_bench; i++) {
            const bench_row *x = &r->bench[i];
            if (strcmp(x->shape, shape) != 0) continue;
            const compare_row *fast = NULL, *near = NULL;
            for (size_t k = 0; k < r->n_compare; k++) {
                const compare_row *c = &r->compare[k];
                if (strcmp(c->b, x->name) != 0) continue;
                if (strcmp(c->kind, "peer_fastest") == 0) fast = c;
                if (strcmp(c->kind, "peer_nearest") == 0) near = c;
            }
            if (!fast && !near) continue;
            if (!header) {
                tb_printf(b, "**%s** (N x K = %.0f x %.0f)\n\n", shape, x->n, x->k);
                md_header(b, "lrrrll", "kernel", "bits/weight", "M", "threads",
                          "vs the fastest peer of >= its bits/weight",
                          "vs the peer of nearest bits/weight");
                header = true;
            }
            char bpw[MD_NUM_LEN];
            md_row_start(b);
            md_cellf(b, "`%s`", x->kernel);
            md_cell(b, md_num(x->bits_per_weight, 3, bpw));
            md_cellf(b, "%.0f", x->m);
            md_cellf(b, "%.0f", x->threads);
            peer_cell(b, r, fast);
            peer_cell(b, r, near);
            md_row_end(b);
        }
        if (header) tb_printf(b, "\n");
    }
}
