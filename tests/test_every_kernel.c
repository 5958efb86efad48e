/*
 * Every kernel in the registry, through the contract only, on odd shapes against the FP64
 * reference (as ggml's test-backend-ops runs every operation of a backend against the CPU
 * one): a new variant is tested here the day its registry line is added, without anyone
 * writing a test for it.
 *
 * For each registered kernel that is available on this host (the llama.cpp peers where
 * the library is installed; an unavailable kernel is listed with the reason), each shape of
 * the table below is packed with default parameters, run, and checked by the correctness
 * gate (harness/gate.c: every output channel against the FP64 product of the kernel's own
 * dequantized weights and activations, within the kernel's gate_bound; no NaN or Inf).
 *
 * The shapes are a sparse cover, not a product: K odd (1 to 517), K past a scale group (129,
 * 257, 288, 517, 768) and the block multiples that llama.cpp's formats need (32, 96, 256,
 * 512, 768), N and M from 1 to 65 (both sides of 8, 16, 32 and 64), 1 to 3 threads. A kernel
 * whose pack() refuses a shape (K not a multiple of its block, N not a multiple of its
 * interleave, K over its max_k) runs the others: the refusal is printed with pack's reason.
 * A kernel that refuses every shape fails, as does any gate failure.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/rng.h"
#include "harness/gate.h"
#include "kernels/registry.h"

typedef struct shape {
    size_t m, n, k;
} shape;

static const shape shapes[] = {
    /* K odd, and K past a group boundary (128, 256, 512) */
    {1, 1, 1},    {65, 7, 1},    {2, 65, 3},    {5, 33, 7},   {17, 64, 63},
    {1, 65, 129}, {64, 8, 129},  {3, 16, 255},  {65, 33, 257}, {1, 2, 257},
    {8, 17, 517},
    /* multiples of 32 and 256 (llama.cpp's blocks), past a boundary too */
    {1, 8, 32},   {65, 65, 32},  {3, 16, 96},   {1, 64, 256}, {17, 8, 256},
    {2, 16, 288}, {64, 16, 512}, {5, 8, 512},   {1, 65, 768}, {65, 8, 768},
};
#define N_SHAPES (sizeof shapes / sizeof shapes[0])

/* Outcome of one kernel on one shape. */
typedef enum { CASE_PASSED, CASE_REFUSED, CASE_FAILED } case_outcome;

static case_outcome run_case(const kernel *k, const shape *s, int threads, char *why,
                             size_t len) {
    if (k->max_k && s->k > k->max_k) {
        snprintf(why, len, "K = %zu is over its max_k %zu", s->k, k->max_k);
        return CASE_REFUSED;
    }
    float *w = malloc(s->n * s->k * sizeof *w), *x = malloc(s->m * s->k * sizeof *x);
    float *y = malloc(s->m * s->n * sizeof *y);
    assert_true(w && x && y);
    rng_fill_normal(w, s->n * s->k, 7, rng_stream("every-kernel:W"), 0, 1, 1);
    rng_fill_normal(x, s->m * s->k, 7, rng_stream("every-kernel:X"), 0, 1, 1);
    quant_params qp = {0};
    kernel_error err = {{0}};
    kernel_weights *pw = k->pack(w, s->n, s->k, &qp, &err);
    if (!pw) {
        snprintf(why, len, "%s", err.msg[0] ? err.msg : "pack() refused it without a reason");
        free(w), free(x), free(y);
        return err.msg[0] ? CASE_REFUSED : CASE_FAILED;
    }
    size_t ws = k->workspace_bytes ? k->workspace_bytes(pw, s->m, threads) : 0;
    void *wsp = ws ? aligned_alloc(64, (ws + 63) / 64 * 64) : NULL;
    assert_true(!ws || wsp);
    for (size_t i = 0; i < s->m * s->n; i++) y[i] = NAN; /* an output never written shows */
    k->run(pw, x, s->m, y, threads, wsp);
    gate_inputs gi = {.k = k, .pw = pw, .w = w, .x = x, .y = y, .m = s->m, .n = s->n,
                      .kdim = s->k, .bound = k->gate_bound, .max_macs = UINT64_MAX, .seed = 1,
                      .threads = 1};
    gate_result g;
    assert_int_equal(gate_check(&gi, &g), 0);
    assert_int_equal(g.channels_checked, s->n); /* every channel, no sample */
    case_outcome out = g.passed ? CASE_PASSED : CASE_FAILED;
    if (!g.passed) snprintf(why, len, "%s", g.reason);
    k->free(pw);
    free(wsp), free(w), free(x), free(y);
    return out;
}

/* The shapes a kernel's pack() refused, grouped by reason (the reason up to "; got", where
 * pack names the shape it was given). */
typedef struct refusals {
    char why[4][KERNEL_ERROR_LEN];
    char shapes[4][256];
    size_t n;
} refusals;

static void refusals_add(refusals *rf, const char *why, const shape *sh) {
    size_t len = strcspn(why, ";");
    size_t r = 0;
    while (r < rf->n && !(strlen(rf->why[r]) == len && strncmp(rf->why[r], why, len) == 0)) r++;
    if (r == rf->n) {
        if (rf->n == 4) r = 3; /* a fifth reason is listed under the fourth */
        else snprintf(rf->why[rf->n++], sizeof rf->why[0], "%.*s", (int)len, why);
    }
    size_t used = strlen(rf->shapes[r]);
    snprintf(rf->shapes[r] + used, sizeof rf->shapes[r] - used, " %zux%zux%zu", sh->m, sh->n,
             sh->k);
}

static void test_every_kernel_on_odd_shapes(void **state) {
    (void)state;
    size_t kernels_run = 0, failures = 0;
    for (size_t i = 0; i < kernel_count(); i++) {
        const kernel *k = kernel_at(i);
        char why[KERNEL_ERROR_LEN + 64];
        if (!kernel_is_available(k, why, sizeof why)) {
            print_message("# %s: not run: unavailable on this host: %s\n", k->name, why);
            continue;
        }
        size_t passed = 0, refused = 0;
        refusals rf = {0};
        for (size_t s = 0; s < N_SHAPES; s++) {
            const shape *sh = &shapes[s];
            int threads = 1 + (int)(s % 3);
            switch (run_case(k, sh, threads, why, sizeof why)) {
            case CASE_PASSED: passed++; break;
            case CASE_REFUSED:
                refused++;
                refusals_add(&rf, why, sh);
                break;
            case CASE_FAILED:
                failures++;
                print_message("# %s FAILED at M=%zu N=%zu K=%zu, %d thread(s): %s\n", k->name,
                              sh->m, sh->n, sh->k, threads, why);
                break;
            }
        }
        print_message("# %s: %zu shape(s) passed the gate, %zu refused by pack\n", k->name,
                      passed, refused);
        for (size_t r = 0; r < rf.n; r++)
            print_message("#   refused (M x N x K):%s: %s\n", rf.shapes[r], rf.why[r]);
        if (passed == 0) {
            failures++;
            print_message("# %s FAILED: it runs none of the %zu shapes\n", k->name, N_SHAPES);
        }
        kernels_run++;
    }
    /* the portable kernels run everywhere: a registry that yields none is broken */
    assert_true(kernels_run >= 3);
    if (failures) fail_msg("%zu failure(s) above", failures);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kernel_on_odd_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
