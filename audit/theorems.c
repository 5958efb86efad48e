#include "theorems.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "formats/quant.h"
#include "harness/rng.h"

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
        if (mtab_add(t, id, worst, false, "x", desc, file)) rc = -1;
    }
    free(w);
    free(back);
    free(codes);
    return rc;
}
