#include "suite_block.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "interleave.h"
#include "kernels/registry.h"
#include "timer.h"

void suite_call_kernel(void *p) {
    call_ctx *c = p;
    c->k->run(c->pw, c->x, c->m, c->y, c->threads, c->workspace);
}

int block_items_add(block_items *b, const timed_item *item) {
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        timed_item *grown = realloc(b->v, cap * sizeof *grown);
        if (!grown) return -1;
        b->v = grown;
        b->cap = cap;
    }
    b->v[b->n++] = *item;
    return 0;
}

void block_items_free(block_items *b) {
    for (size_t i = 0; i < b->n; i++) {
        free(b->v[i].y);
        free(b->v[i].workspace);
    }
    free(b->v);
    memset(b, 0, sizeof *b);
}

/* Steal time is judged only over windows that saw this many clock ticks (0.1 s of two
 * CPUs at 100 Hz): one stolen tick in a 5 ms window is not 50 % steal. */
#define NOISE_MIN_TICKS 20

bool suite_is_noisy(const suite_config *cfg, double cv, const noise_totals *noise) {
    double steal = noise_steal_pct(noise);
    return cv > cfg->noise_cv_max || (noise->total_ticks >= NOISE_MIN_TICKS &&
                                      isfinite(steal) && steal > cfg->noise_steal_max_pct);
}

static double cv_of(const measurement *m) {
    sample_stats s;
    stats_compute(m->real_s, (size_t)m->repetitions, &s);
    return s.cv;
}

typedef struct block_ctx {
    const suite_config *cfg;
    suite_results *res;
    block_items *items;
    int block;
    measure_plan plan;
    bool roof_open; /* cfg->roof_probe was opened for this block */
    FILE *progress;
    uint64_t t0;
} block_ctx;

static int log_slot(suite_results *res, const suite_slot *s) {
    if ((res->n_order & (res->n_order - 1)) == 0) { /* grow at powers of two */
        size_t cap = res->n_order ? 2 * res->n_order : 256;
        suite_slot *grown = realloc(res->order, cap * sizeof *grown);
        if (!grown) return -1;
        res->order = grown;
    }
    res->order[res->n_order++] = *s;
    return 0;
}

/* One repetition of an item, with /proc sampled around it (outside the timed region). */
static void run_one(block_ctx *bc, timed_item *it, measurement *m, noise_totals *nt) {
    noise_sample before, after;
    noise_sample_read(&before);
    if (it->kind == SUITE_ITEM_ROOF) {
        suite_roof *r = &bc->res->roofs[it->index];
        double gbps;
        size_t variant;
        const roof_probe *rp = bc->cfg->roof_probe;
        if (rp->probe(rp->self, r->threads, &gbps, &variant) != 0 && r->valid) {
            r->valid = false;
            snprintf(r->why, sizeof r->why, "a read kernel's sum was wrong");
        }
        r->gbps[r->n++] = gbps;
        if (variant < sizeof r->variant_wins / sizeof r->variant_wins[0]) r->variant_wins[variant]++;
    } else {
        measure_repetition(suite_call_kernel, &it->ctx, &bc->plan, m);
    }
    noise_sample_read(&after);
    noise_add(nt, &before, &after);
    noise_add(&bc->res->noise, &before, &after);
}

/* Times `n` items (indices into the block's items) for the configured repetitions in the
 * order of the attempt's plan; samples go to ms[i], noise to ns[i]. */
static int run_attempt(block_ctx *bc, const size_t *which, size_t n, measurement **ms,
                       noise_totals **ns, int attempt) {
    const suite_config *cfg = bc->cfg;
    suite_block *blk = &bc->res->blocks[bc->block];
    size_t rounds = (size_t)cfg->repetitions;
    interleave_slot *plan;
    if (interleave_plan(n, rounds, cfg->interleave,
                        interleave_seed(cfg->seed, blk->name, attempt), &plan))
        return -1;
    int rc = 0;
    noise_totals scratch = {0};
    for (size_t p = 0; p < n * rounds && rc == 0; p++) {
        size_t i = plan[p].item;
        timed_item *it = &bc->items->v[which[i]];
        run_one(bc, it, ms[i], ns[i] ? ns[i] : &scratch);
        suite_slot s = {.block = bc->block, .attempt = attempt, .round = plan[p].round,
                        .position = (uint32_t)p, .kind = it->kind, .index = it->index};
        rc = log_slot(bc->res, &s);
        if (bc->progress && (p + 1) % n == 0 && cfg->interleave == INTERLEAVE_RANDOM)
            fprintf(bc->progress, "  [%s%s round %zu/%zu: %zu items, %.1fs]\n", blk->name,
                    attempt ? " re-measurement" : "", (p + 1) / n, rounds, n,
                    (double)(timer_wall_ns() - bc->t0) * 1e-9);
    }
    free(plan);
    return rc;
}

/* The case whose samples an item holds (the original's, for the twin). */
static case_result *case_of(block_ctx *bc, const timed_item *it) {
    return &bc->res->cases[it->index];
}

static bool item_noisy(block_ctx *bc, const timed_item *it) {
    return it->kind != SUITE_ITEM_ROOF && suite_is_noisy(bc->cfg, cv_of(it->m), it->noise);
}

/* Whether two timed cases are compared at the same batch and threads: by a `compare = A/B`
 * pair of the config (either way round), or as one of the suite's own kernels against a
 * peer (the report compares each own kernel with the fastest and the nearest peer, which
 * only the medians decide, so every peer of the block counts). */
static bool paired(const suite_config *cfg, const case_result *x, const case_result *y) {
    if (x->m != y->m || x->threads != y->threads) return false;
    if (kernel_name_is_peer(x->kernel) != kernel_name_is_peer(y->kernel)) return true;
    for (size_t p = 0; p < cfg->n_compare; p++) {
        const char *a = cfg->compare[p].a->name, *b = cfg->compare[p].b->name;
        if ((!strcmp(a, x->kernel) && !strcmp(b, y->kernel)) ||
            (!strcmp(b, x->kernel) && !strcmp(a, y->kernel)))
            return true;
    }
    return false;
}

/* Marks the partners of marked items (the A/A twin and its original; the cases a
 * `compare` pair compares; own kernels and peers), and theirs, so that those pairs stay
 * timed side by side.
 * Returns how many it marked. */
static size_t mark_partners(block_ctx *bc, bool *mark) {
    block_items *items = bc->items;
    size_t added = 0;
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t i = 0; i < items->n; i++) {
            timed_item *it = &items->v[i];
            if (!mark[i] || it->kind == SUITE_ITEM_ROOF) continue;
            for (size_t j = 0; j < items->n; j++) {
                timed_item *other = &items->v[j];
                if (other->kind == SUITE_ITEM_ROOF || mark[j]) continue;
                mark[j] = other->index == it->index ||
                          (it->kind == SUITE_ITEM_CASE && other->kind == SUITE_ITEM_CASE &&
                           paired(bc->cfg, case_of(bc, it), case_of(bc, other)));
                added += mark[j];
                grew |= mark[j];
            }
        }
    }
    return added;
}

/* At most about this share of a block's items is re-measured in one attempt (the
 * noisiest first, each with its partners): when nearly everything was noisy, the machine
 * was busy throughout and a second pass over all of it would add much time for little
 * gain. */
#define REMEASURE_SHARE (1.0 / 3.0)

/* Marks the noisy items, the noisiest first with their partners, until about
 * REMEASURE_SHARE of the block is marked. Returns whether any was. */
static bool mark_noisiest(block_ctx *bc, bool *mark) {
    block_items *items = bc->items;
    size_t limit = (size_t)ceil(REMEASURE_SHARE * (double)items->n), marked = 0;
    for (size_t i = 0; i < items->n; i++) mark[i] = false;
    while (marked < limit) {
        ssize_t worst = -1;
        double worst_cv = -1;
        for (size_t i = 0; i < items->n; i++) {
            if (mark[i] || !item_noisy(bc, &items->v[i])) continue;
            double cv = cv_of(items->v[i].m);
            if (cv > worst_cv) {
                worst = (ssize_t)i;
                worst_cv = cv;
            }
        }
        if (worst < 0) break;
        mark[worst] = true;
        marked += 1 + mark_partners(bc, mark);
    }
    return marked > 0;
}

/* Re-measures the noisy items (about a third of the block at most, the noisiest first),
 * up to remeasure_max times, interleaved again among themselves; the new measurement
 * replaces the old one. A noisy case takes along its partners (mark_partners). */
static int remeasure(block_ctx *bc) {
    block_items *items = bc->items;
    size_t n = items->n;
    size_t *which = calloc(n ? n : 1, sizeof *which);
    bool *mark = calloc(n ? n : 1, sizeof *mark);
    measurement *next = calloc(n ? n : 1, sizeof *next);
    noise_totals *next_noise = calloc(n ? n : 1, sizeof *next_noise);
    measurement **ms = calloc(n ? n : 1, sizeof *ms);
    noise_totals **ns = calloc(n ? n : 1, sizeof *ns);
    int rc = which && mark && next && next_noise && ms && ns ? 0 : -1;
    for (int attempt = 1; rc == 0 && attempt <= bc->cfg->remeasure_max; attempt++) {
        if (!mark_noisiest(bc, mark)) break;
        size_t k = 0;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            if (!mark[i]) continue;
            memset(&next_noise[k], 0, sizeof next_noise[k]);
            if (measure_restart(items->v[i].m, &bc->plan, &next[k])) {
                rc = -1;
                break;
            }
            which[k] = i;
            ms[k] = &next[k];
            ns[k] = &next_noise[k];
            k++;
        }
        if (rc == 0) {
            bc->res->blocks[bc->block].attempts++;
            rc = run_attempt(bc, which, k, ms, ns, attempt);
        }
        for (size_t j = 0; j < k; j++) {
            timed_item *it = &items->v[which[j]];
            if (rc != 0) {
                measurement_free(&next[j]);
                continue;
            }
            measurement_free(it->m);
            *it->m = next[j];
            *it->noise = next_noise[j];
            if (it->kind == SUITE_ITEM_TWIN) {
                bc->res->aa.attempts++;
                bc->res->aa.kept_attempt = attempt;
            } else {
                case_of(bc, it)->attempts++;
                case_of(bc, it)->kept_attempt = attempt;
            }
        }
    }
    free(which);
    free(mark);
    free(next);
    free(next_noise);
    free(ms);
    free(ns);
    return rc;
}

static int add_roofs(block_ctx *bc, const int *threads, size_t n_roof) {
    suite_results *res = bc->res;
    int max_t = 1;
    for (size_t i = 0; i < n_roof; i++) max_t = threads[i] > max_t ? threads[i] : max_t;
    char why[160] = "";
    const roof_probe *rp = bc->cfg->roof_probe;
    int opened = -1;
    if (!rp)
        snprintf(why, sizeof why, "no read roof probe was given to the suite");
    else
        opened = rp->open(rp->self, (size_t)bc->cfg->roof_buffer_bytes, max_t, why, sizeof why);
    bc->roof_open = opened == 0;
    if (opened == 0) {
        snprintf(res->roof_rule, sizeof res->roof_rule, "%s", rp->rule(rp->self));
        res->n_roof_kernels = rp->variants(rp->self, res->roof_kernels, ROOF_PROBE_MAX_VARIANTS);
    }
    for (size_t i = 0; i < n_roof; i++) {
        suite_roof *grown = realloc(res->roofs, (res->n_roofs + 1) * sizeof *grown);
        if (!grown) return -1;
        res->roofs = grown;
        suite_roof *r = &res->roofs[res->n_roofs];
        memset(r, 0, sizeof *r);
        r->block = bc->block;
        r->threads = threads[i];
        r->valid = opened == 0;
        snprintf(r->why, sizeof r->why, "%s", why);
        r->gbps = calloc((size_t)bc->cfg->repetitions, sizeof *r->gbps);
        if (!r->gbps) return -1;
        res->n_roofs++;
        timed_item it = {.kind = SUITE_ITEM_ROOF, .index = res->n_roofs - 1};
        if (opened == 0 && block_items_add(bc->items, &it)) return -1;
    }
    return 0;
}

/* Statistics, intervals, noise and the roof of every case the block timed. */
static void summarise(block_ctx *bc, size_t first_roof) {
    suite_results *res = bc->res;
    for (size_t r = first_roof; r < res->n_roofs; r++) {
        suite_roof *roof = &res->roofs[r];
        if (roof->valid && ci_median(roof->gbps, (size_t)roof->n, CI_CONFIDENCE, &roof->median))
            roof->valid = false;
    }
    for (size_t i = 0; i < bc->items->n; i++) {
        timed_item *it = &bc->items->v[i];
        if (it->kind != SUITE_ITEM_CASE) continue;
        case_result *c = case_of(bc, it);
        size_t n = (size_t)c->meas.repetitions;
        stats_compute(c->meas.real_s, n, &c->real);
        stats_compute(c->meas.cpu_s, n, &c->cpu);
        if (ci_median(c->meas.real_s, n, CI_CONFIDENCE, &c->median))
            c->median = (estimate){NAN, NAN, NAN, 0};
        c->block = bc->block;
        c->noisy = suite_is_noisy(bc->cfg, c->real.cv, &c->noise);
        res->remeasured += c->attempts > 1;
        res->noisy += c->noisy;
        /* the roof at T threads is the best measured with T or fewer (more threads can
         * always be left idle; a probe whose second thread a neighbour descheduled would
         * otherwise set the 2-thread roof below the 1-thread one) */
        for (size_t r = first_roof; r < res->n_roofs; r++) {
            const suite_roof *roof = &res->roofs[r];
            if (roof->threads > c->threads || !roof->valid) continue;
            if (c->roof_valid && roof->median.value <= c->roof_gbps.value) continue;
            c->roof_valid = true;
            c->roof_gbps = roof->median;
        }
        if (c->roof_valid)
            c->above_roof = c->cost.bytes_moved / c->real.median * 1e-9 > c->roof_gbps.hi;
    }
}

int block_run(const suite_config *cfg, suite_results *res, block_items *items,
              int block_index, const int *roof_threads, size_t n_roof, FILE *progress) {
    block_ctx bc = {.cfg = cfg, .res = res, .items = items, .block = block_index,
                    .plan = {cfg->min_time_s, cfg->repetitions, cfg->warmup, cfg->counters},
                    .progress = progress, .t0 = timer_wall_ns()};
    size_t first_roof = res->n_roofs;
    int rc = n_roof ? add_roofs(&bc, roof_threads, n_roof) : 0;
    size_t n = items->n;
    size_t *which = calloc(n ? n : 1, sizeof *which);
    measurement **ms = calloc(n ? n : 1, sizeof *ms);
    noise_totals **ns = calloc(n ? n : 1, sizeof *ns);
    if (!which || !ms || !ns) rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        which[i] = i;
        ms[i] = items->v[i].m;
        ns[i] = items->v[i].noise;
    }
    res->blocks[block_index].items = n;
    res->blocks[block_index].attempts = 1;
    res->blocks[block_index].seed = interleave_seed(cfg->seed, res->blocks[block_index].name, 0);
    if (rc == 0 && n) {
        if (progress)
            fprintf(progress, "[%s: %zu items x %d repetitions, %s order]\n",
                    res->blocks[block_index].name, n, cfg->repetitions,
                    interleave_mode_names[cfg->interleave]);
        rc = run_attempt(&bc, which, n, ms, ns, 0);
    }
    for (size_t i = 0; i < n; i++)
        if (items->v[i].kind == SUITE_ITEM_CASE) {
            case_result *c = case_of(&bc, &items->v[i]);
            c->attempts = 1;
            c->first_cv = cv_of(&c->meas);
        } else if (items->v[i].kind == SUITE_ITEM_TWIN) {
            res->aa.attempts = 1;
        }
    free(which);
    free(ms);
    free(ns);
    if (rc == 0) rc = remeasure(&bc);
    if (bc.roof_open) bc.cfg->roof_probe->close(bc.cfg->roof_probe->self);
    summarise(&bc, first_roof);
    return rc;
}
