#include "theorems.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "formats/quant.h"
#include "base/rng.h"

typedef struct scheme_case {
    const char *name, *what;
    quant_scheme s;
} scheme_case;

int theorems_compute(metric_table *t, const char *file) {
    static const scheme_case cases[] = {
        {"seed_int4", "symmetric 4-bit per row, scale = max|w| / 7 (the seeds' INT4)",
         {4, 4, true, false, 0, false}},
        {"seed_q35", "asymmetric 16 levels per row (the seeds' 3.5-bit computation)",
         {4, 4, false, false, 0, false}},
        {"q35_shared", "4-bit and 3-bit codes sharing one asymmetric scale and offset per row",
         {4, 3, false, false, 0, false}},
        {"q35_split", "4-bit and 3-bit codes with separate asymmetric parameters per row",
         {4, 3, false, true, 0, false}},
    };
    float *w = malloc(THEOREM_K * sizeof *w), *back = malloc(THEOREM_K * sizeof *back);
    int8_t *codes = malloc(THEOREM_K);
    float scale[2], zero[2];
    int rc = (w && back && codes) ? 0 : -1;
    uint64_t stream = rng_stream("audit:theorem1");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0] && rc == 0; c++) {
        const quant_scheme *s = &cases[c].s;
        double worst = 0;
        for (size_t r = 0; r < THEOREM_ROWS; r++) {
            for (size_t k = 0; k < THEOREM_K; k++)
                w[k] = (float)rng_normal(THEOREM_SEED, stream, r * THEOREM_K + k);
            quant_row(s, w, THEOREM_K, codes, scale, zero, NULL);
            dequant_row(s, codes, scale, zero, THEOREM_K, back);
            for (size_t k = 0; k < THEOREM_K; k++) {
                double half = scale[quant_param_index(s, k)] / 2.0;
                double ratio = half > 0 ? fabs((double)w[k] - (double)back[k]) / half : 0;
                if (ratio > worst) worst = ratio;
            }
        }
        char id[128], desc[300];
        snprintf(id, sizeof id, "audit.theorem.error_bound.%s.max_ratio", cases[c].name);
        snprintf(desc, sizeof desc,
                 "largest |w - dequant(quant(w))| / (scale / 2) over %d x %d N(0, 1) values, seed "
                 "%d: %s",
                 THEOREM_ROWS, THEOREM_K, THEOREM_SEED, cases[c].what);
        if (metrics_put(t, id, worst, false, "x", desc, file)) rc = -1;
        if (s->split || rc) continue;
        /* The stated matmul bound |y - y'| <= K x scale, for one output of a dot product
         * with INT8 activations (the seeds' kernel quantizes activations to INT8): the
         * activation vector that follows the signs of the weight errors at full scale (127)
         * is a valid input and makes the error 127 x sum |e_k|; a random INT8 vector (N(0, 1)
         * scaled to 127 at its largest magnitude) shows the typical case. */
        double adversarial = 0, typical = 0;
        for (size_t r = 0; r < THEOREM_ROWS; r++) {
            for (size_t k = 0; k < THEOREM_K; k++)
                w[k] = (float)rng_normal(THEOREM_SEED, stream, r * THEOREM_K + k);
            quant_row(s, w, THEOREM_K, codes, scale, zero, NULL);
            dequant_row(s, codes, scale, zero, THEOREM_K, back);
            double bound = (double)THEOREM_K * scale[quant_param_index(s, 0)];
            double err_adv = 0, err_rand = 0, xmax = 0;
            for (size_t k = 0; k < THEOREM_K; k++) {
                double x = rng_normal(THEOREM_SEED + 1, stream, r * THEOREM_K + k);
                if (fabs(x) > xmax) xmax = fabs(x);
            }
            for (size_t k = 0; k < THEOREM_K; k++) {
                double e = (double)w[k] - (double)back[k];
                double x = rng_normal(THEOREM_SEED + 1, stream, r * THEOREM_K + k);
                err_adv += 127.0 * fabs(e);
                err_rand += round(127.0 * x / xmax) * e;
            }
            if (bound > 0 && err_adv / bound > adversarial) adversarial = err_adv / bound;
            if (bound > 0 && fabs(err_rand) / bound > typical) typical = fabs(err_rand) / bound;
        }
        snprintf(id, sizeof id, "audit.theorem.matmul_bound.%s.max_ratio", cases[c].name);
        snprintf(desc, sizeof desc,
                 "largest |sum_k a_k (w_k - w'_k)| / (K x scale), K = %d, over %d rows, with the "
                 "INT8 activation vector a_k = 127 sign(w_k - w'_k): %s",
                 THEOREM_K, THEOREM_ROWS, cases[c].what);
        if (metrics_put(t, id, adversarial, false, "x", desc, file)) rc = -1;
        snprintf(id, sizeof id, "audit.theorem.matmul_bound.%s.random_ratio", cases[c].name);
        snprintf(desc, sizeof desc,
                 "the same ratio with random INT8 activations (N(0, 1) scaled to 127 at the "
                 "largest magnitude), largest over %d rows: %s",
                 THEOREM_ROWS, cases[c].what);
        if (metrics_put(t, id, typical, false, "x", desc, file)) rc = -1;
    }
    /* Theorem 2: |sum of K products| <= K x 128 x 8 for INT8 activations (-128..127) and
     * 4-bit codes (-8..7); the largest K that keeps it within INT32. */
    double max_k = floor((double)INT32_MAX / (128.0 * 8.0));
    if (rc == 0 && metrics_put(t, "audit.theorem.int32.max_safe_k", max_k, false, "count",
                            "largest K with K x 128 x 8 <= 2^31 - 1: INT8 activations times "
                            "4-bit codes accumulated in INT32 cannot overflow up to it",
                            file))
        rc = -1;
    free(w);
    free(back);
    free(codes);
    return rc;
}
