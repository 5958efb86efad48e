#include "kernel_choice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weights.h"
#include "harness/measure.h"
#include "base/rng.h"
#include "harness/stats.h"
#include "kernels/registry.h"

typedef struct timed_call {
    const kernel *k;
    const kernel_weights *pw;
    const float *x;
    float *y;
    int threads;
    void *workspace;
} timed_call;

static void call(void *ctx) {
    timed_call *c = ctx;
    c->k->run(c->pw, c->x, 1, c->y, c->threads, c->workspace);
}

/* Median seconds of one M = 1 call of kn on rows x k generated weights; < 0 on failure. */
static double time_candidate(const kernel *kn, size_t rows, size_t k, int threads, uint64_t seed) {
    float *w = malloc(rows * k * sizeof *w), *x = malloc(k * sizeof *x), *y = malloc(rows * sizeof *y);
    double median = -1;
    if (w && x && y) {
        decode_fill_bell(w, rows * k, seed, rng_stream("decode:choice:W"), 0.0f, 1.0f, threads);
        decode_fill_bell(x, k, seed, rng_stream("decode:choice:x"), 0.0f, 1.0f, 1);
        quant_params qp = {0};
        kernel_error err = {{0}};
        kernel_weights *pw = kn->pack(w, rows, k, &qp, &err);
        size_t ws = pw && kn->workspace_bytes ? kn->workspace_bytes(pw, 1, threads) : 0;
        void *wsb = ws ? aligned_alloc(64, (ws + 63) / 64 * 64) : NULL;
        if (pw && (!ws || wsb)) {
            timed_call c = {kn, pw, x, y, threads, wsb};
            measure_plan plan = {.min_time_s = 0.02, .repetitions = 3, .warmup = 1};
            measurement m;
            if (measure_run(call, &c, &plan, &m) == 0) {
                sample_stats st;
                stats_compute(m.real_s, (size_t)m.repetitions, &st);
                median = st.median;
                measurement_free(&m);
            }
        }
        free(wsb);
        if (pw) kn->free(pw);
    }
    free(w);
    free(x);
    free(y);
    return median;
}

static bool same_candidates(const decode_candidates *a, const decode_candidates *b) {
    return a->n == b->n && memcmp(a->k, b->k, a->n * sizeof a->k[0]) == 0;
}

static void append(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...) {
    size_t used = strlen(buf);
    if (used + 1 >= len) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

int decode_choose_kernels(const decode_format *f, const decode_shape *s, int threads,
                          uint64_t seed, const kernel *out[MAT_COUNT], char *note, size_t len) {
    static const decode_matrix_role order[MAT_COUNT] = {MAT_GATE, MAT_Q, MAT_K, MAT_V,
                                                         MAT_O, MAT_UP, MAT_DOWN, MAT_LM_HEAD};
    note[0] = '\0';
    bool done[MAT_COUNT] = {false};
    for (int i = 0; i < MAT_COUNT; i++) {
        decode_matrix_role r = order[i];
        if (done[r]) continue;
        const decode_candidates *c = &f->role[r];
        size_t n, k;
        decode_matrix_dims(s, r, &n, &k);
        const kernel *usable[DECODE_MAX_CANDIDATES];
        size_t nu = 0;
        char why[300] = "";
        for (size_t j = 0; j < c->n; j++) {
            char w[200];
            if (!kernel_is_available(c->k[j], w, sizeof w))
                append(why, sizeof why, "%s %s; ", c->k[j]->name, w);
            else if (c->k[j]->max_k && k > c->k[j]->max_k)
                append(why, sizeof why, "%s: K above its max_k; ", c->k[j]->name);
            else usable[nu++] = c->k[j];
        }
        if (!nu) {
            snprintf(note, len, "no kernel of format %s can run %s (%zux%zu) here: %s", f->name,
                     decode_matrix_names[r], n, k, why);
            return -1;
        }
        const kernel *best = usable[0];
        if (nu > 1) {
            size_t rows = n < DECODE_CHOICE_ROWS ? n : DECODE_CHOICE_ROWS;
            double best_s = -1;
            append(note, len, "%s%s: fastest at M = 1 of", note[0] ? "; " : "", decode_matrix_names[r]);
            for (size_t j = 0; j < nu; j++) {
                double t = time_candidate(usable[j], rows, k, threads, seed);
                append(note, len, " %s %.4g ms", usable[j]->name, t * 1e3);
                if (t > 0 && (best_s < 0 || t < best_s)) best = usable[j], best_s = t;
            }
            append(note, len, " (%zux%zu, %s)", rows, k, rows < n ? "the first rows" : "the whole matrix");
        }
        if (why[0]) append(note, len, "%s(skipped: %s)", note[0] ? " " : "", why);
        for (int q = 0; q < MAT_COUNT; q++)
            if (!done[q] && same_candidates(&f->role[q], c)) out[q] = best, done[q] = true;
    }
    return 0;
}
