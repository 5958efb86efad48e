#include "timing.h"

#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "harness/timer.h"

const char *const decode_test_names[TEST_COUNT] = {"pp", "tg"};

void decode_prompt_tokens(int32_t *out, size_t count, size_t vocab, uint64_t seed) {
    uint64_t stream = rng_stream("decode:prompt");
    for (size_t i = 0; i < count; i++) out[i] = (int32_t)(rng_u64(seed, stream, i) % vocab);
}

void decode_measurement_free(decode_measurement *m) {
    for (size_t i = 0; i < m->n; i++) free(m->series[i].seconds);
    free(m->series);
    m->series = NULL;
    m->n = 0;
}

/* One pp or tg run from an empty cache; returns its wall time in seconds. */
static double run_once(decode_engine *e, const decode_plan *p, decode_test test,
                       const int32_t *prompt, int32_t *last) {
    uint64_t t0 = timer_wall_ns();
    if (test == TEST_PP) {
        *last = decode_forward(e, prompt, p->pp, 0);
    } else {
        int32_t token = prompt[0];
        for (size_t i = 0; i < p->tg; i++) token = decode_forward(e, &token, 1, i);
        *last = token;
    }
    return (double)(timer_wall_ns() - t0) * 1e-9;
}

int decode_measure(decode_engine *e, const decode_plan *p, decode_progress progress, void *ctx,
                   decode_measurement *out) {
    memset(out, 0, sizeof *out);
    out->n = p->n_threads * TEST_COUNT;
    out->series = calloc(out->n, sizeof *out->series);
    int32_t *prompt = malloc(p->pp * sizeof *prompt);
    if (!out->series || !prompt) {
        free(prompt);
        decode_measurement_free(out);
        return -1;
    }
    decode_prompt_tokens(prompt, p->pp, e->w->shape.vocab, p->seed);
    for (size_t i = 0; i < out->n; i++) {
        decode_series *s = &out->series[i];
        s->threads = p->threads[i / TEST_COUNT];
        s->test = (decode_test)(i % TEST_COUNT);
        s->tokens = s->test == TEST_PP ? p->pp : p->tg;
        s->seconds = calloc((size_t)p->repetitions, sizeof *s->seconds);
        if (!s->seconds) {
            free(prompt);
            decode_measurement_free(out);
            return -1;
        }
    }
    int total = p->warmup + p->repetitions;
    for (int rep = 0; rep < total; rep++) {
        for (size_t i = 0; i < out->n; i++) {
            decode_series *s = &out->series[i];
            e->threads = s->threads;
            if (rep < p->warmup) { /* untimed: the prompt batch, then one generated token */
                int32_t next = decode_forward(e, prompt, s->test == TEST_PP ? p->pp : 1, 0);
                (void)next;
                continue;
            }
            uint64_t before[PART_COUNT];
            memcpy(before, e->part_ns, sizeof before);
            double sec = run_once(e, p, s->test, prompt, &s->last_token);
            s->seconds[s->n++] = sec;
            for (int q = 0; q < PART_COUNT; q++) s->part_ns[q] += e->part_ns[q] - before[q];
        }
        if (progress) progress(ctx, rep + 1, total);
    }
    free(prompt);
    return 0;
}
