#include "render_fleet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "render.h"



/* The run of a task, or NULL. */
static const run_data *run_of(const run_data *runs, size_t n_runs, const fleet_task *t) {
    return t->run_index >= 0 && (size_t)t->run_index < n_runs ? &runs[t->run_index] : NULL;
}

/* Header of a table with one column per machine (task with a run); align 'l' or 'r'. */
static void machine_header(text_buf *b, const char *first, const fleet_tasks *ft, char align) {
    size_t n = 0;
    tb_printf(b, "|");
    md_cell(b, first);
    for (size_t i = 0; i < ft->n; i++)
        if (ft->tasks[i].run_index >= 0) {
            md_cell(b, ft->tasks[i].target);
            n++;
        }
    tb_printf(b, "\n| --- |");
    for (size_t i = 0; i < n; i++) tb_printf(b, align == 'r' ? " ---: |" : " --- |");
    tb_printf(b, "\n");
}

static void section_tasks(text_buf *b, const run_data *runs, size_t n_runs,
                          const fleet_tasks *ft) {
    size_t with_run = 0;
    for (size_t i = 0; i < ft->n; i++) with_run += run_of(runs, n_runs, &ft->tasks[i]) != NULL;
    tb_printf(b, "## Fleet\n\n");
    tb_printf(b, "Slurm array job `%s`: %zu task%s, one per target, each on a whole node "
                 "(`--exclusive`); %zu produced a sealed run. Below, the machines are named by "
                 "their target; the run ids in the later sections are those of this table.\n\n",
              ft->tasks[0].job, ft->n, ft->n == 1 ? "" : "s", with_run);
    tb_printf(b, "| task | target | selected by | node | Slurm state | exit code | run, or why "
                 "there is none |\n| ---: | --- | --- | --- | --- | --- | --- |\n");
    for (size_t i = 0; i < ft->n; i++) {
        const fleet_task *t = &ft->tasks[i];
        const run_data *r = run_of(runs, n_runs, t);
        tb_printf(b, "|");
        md_cell(b, t->task);
        md_cell(b, t->target);
        md_cell(b, t->selection);
        md_cell(b, t->node);
        md_cell(b, t->state);
        md_cell(b, t->exit_code);
        char what[1400];
        if (r && strcmp(t->reason, "-") != 0)
            snprintf(what, sizeof what, "`%s` (%s)", r->id, t->reason);
        else if (r)
            snprintf(what, sizeof what, "`%s`", r->id);
        else
            snprintf(what, sizeof what, "**no run**: %s", t->reason);
        md_cell(b, what);
        tb_printf(b, "\n");
    }
    tb_printf(b, "\n");
    if (with_run < ft->n)
        tb_printf(b, "**Incomplete fleet**: %zu of %zu tasks produced no sealed run (reasons "
                     "above); every comparison below covers the other %zu machine%s only.\n\n",
                  ft->n - with_run, ft->n, with_run, with_run == 1 ? "" : "s");
}

static const char *json_text(const cJSON *o, const char *obj, const char *key) {
    const cJSON *x = obj ? cJSON_GetObjectItemCaseSensitive(o, obj) : o;
    x = cJSON_GetObjectItemCaseSensitive(x, key);
    return cJSON_IsString(x) ? x->valuestring : "-";
}

/* The ISA path a run's kernel dispatched to, from machine.json ("-" when not listed). */
static const char *isa_path(const run_data *r, const char *kernel) {
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(r->machine, "kernels")) {
        if (strcmp(json_text(k, NULL, "name"), kernel) != 0) continue;
        if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(k, "available"))) return "unavailable";
        return json_text(k, NULL, "isa_path");
    }
    return "-";
}

static void section_isa(text_buf *b, const run_data *runs, size_t n_runs,
                        const fleet_tasks *ft) {
    tb_printf(b, "### CPU and the ISA path of each kernel\n\n");
    tb_printf(b, "Each task built q35bench for its own CPU family, so each kernel dispatched "
                 "to what that CPU offers (machine.json of each run; flags, compiler and build "
                 "in the machine table further below).\n\n");
    machine_header(b, "", ft, 'l');
    tb_printf(b, "|");
    md_cell(b, "CPU");
    for (size_t i = 0; i < ft->n; i++) {
        const run_data *r = run_of(runs, n_runs, &ft->tasks[i]);
        if (r) md_cell(b, r->machine ? json_text(r->machine, "cpu", "model") : "-");
    }
    tb_printf(b, "\n");
    /* kernels in order of first appearance over the runs */
    for (size_t i = 0; i < n_runs; i++) {
        const cJSON *k;
        cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(runs[i].machine, "kernels")) {
            const char *name = json_text(k, NULL, "name");
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++) seen = strcmp(isa_path(&runs[j], name), "-") != 0;
            if (seen) continue;
            tb_printf(b, "|");
            char label[200];
            snprintf(label, sizeof label, "`%s`", name);
            md_cell(b, label);
            for (size_t t = 0; t < ft->n; t++) {
                const run_data *r = run_of(runs, n_runs, &ft->tasks[t]);
                if (r) md_cell(b, isa_path(r, name));
            }
            tb_printf(b, "\n");
        }
    }
    tb_printf(b, "\n");
}

static bool roof_id(const char *id) {
    static const char *const prefixes[] = {"roofline.stream.", "roofline.peak.", "roofline.sgemm.",
                                           "roofline.host.memory_gb"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(id, prefixes[i], strlen(prefixes[i])) == 0) return true;
    return false;
}

/* Whether id already came up in an earlier run's metrics (each row is written once). */
static bool seen_before(const run_data *runs, size_t upto, const char *id) {
    for (size_t j = 0; j < upto; j++)
        if (metrics_find(&runs[j].audit.metrics, id)) return true;
    return false;
}

static void section_roofs(text_buf *b, const run_data *runs, size_t n_runs,
                          const fleet_tasks *ft) {
    tb_printf(b, "### Roofs\n\n");
    tb_printf(b, "Measured by each machine's roofline step (metric ids as in "
                 "docs/results-roofline.md; `.tN` is N threads, `.best` the best thread "
                 "count). `-`: not measured in that run.\n\n");
    machine_header(b, "metric", ft, 'r');
    size_t rows = 0;
    char v[MD_NUM_LEN];
    for (size_t i = 0; i < n_runs; i++) {
        const metric_table *mt = &runs[i].audit.metrics;
        for (size_t m = 0; m < mt->n; m++) {
            const metric *x = metrics_by_id(mt, m);
            if (!roof_id(x->id) || seen_before(runs, i, x->id)) continue;
            char label[300];
            snprintf(label, sizeof label, "`%s` (%s)", x->id, x->unit);
            tb_printf(b, "|");
            md_cell(b, label);
            for (size_t t = 0; t < ft->n; t++) {
                const run_data *r = run_of(runs, n_runs, &ft->tasks[t]);
                if (r) md_cell(b, md_num(run_metric(r, x->id), 3, v));
            }
            tb_printf(b, "\n");
            rows++;
        }
    }
    if (!rows) tb_printf(b, "| (no run measured its roofs: the roofline step did not run) |\n");
    tb_printf(b, "\n");
}

/* Formats f with metric prefix.f.suffix in any run, ordered by configs/report.ini. */
static size_t formats_with(const run_data *runs, size_t n_runs, const char *prefix,
                           const char *suffix, const report_config *rc, char **out,
                           size_t max) {
    size_t n = 0, pl = strlen(prefix), sl = strlen(suffix);
    for (size_t i = 0; i < n_runs; i++) {
        const metric_table *mt = &runs[i].audit.metrics;
        for (size_t m = 0; m < mt->n && n < max; m++) {
            const char *id = mt->items[m].id;
            size_t il = strlen(id);
            if (il <= pl + sl || strncmp(id, prefix, pl) != 0 || strcmp(id + il - sl, suffix) != 0)
                continue;
            size_t fl = il - pl - sl;
            bool dup = false;
            for (size_t k = 0; k < n && !dup; k++)
                dup = strlen(out[k]) == fl && strncmp(out[k], id + pl, fl) == 0;
            if (dup || memchr(id + pl, '.', fl)) continue;
            out[n] = malloc(fl + 1);
            if (!out[n]) break;
            memcpy(out[n], id + pl, fl);
            out[n++][fl] = '\0';
        }
    }
    rc_sort(&rc->formats, out, n);
    return n;
}

static void section_projection(text_buf *b, const run_data *runs, size_t n_runs,
                               const report_config *rc, const fleet_tasks *ft) {
    const char *pm = rc->projection_model;
    char prefix[128], v[MD_NUM_LEN], w[MD_NUM_LEN];
    snprintf(prefix, sizeof prefix, "projection.this-machine.%s.", pm);
    char *formats[64];
    size_t nf = formats_with(runs, n_runs, prefix, ".decode_tok_s_bound", rc, formats, 64);
    tb_printf(b, "### This machine as a device: %s decode bound and its calibration\n\n", pm);
    if (nf) {
        tb_printf(b, "Models, not measurements: the project step's decode tokens/s bound for "
                     "the device `this-machine`, whose memory bandwidth and size that run's "
                     "roofline step measured (the inputs are in its projection.devices.tsv): "
                     "bandwidth / bytes read per token (shown; the same on every machine), split "
                     "ideally over the machines needed to hold the weights where one is not "
                     "enough (their number in brackets).\n\n");
        tb_printf(b, "| format | bytes per token |");
        for (size_t t = 0; t < ft->n; t++)
            if (run_of(runs, n_runs, &ft->tasks[t])) tb_printf(b, " %s tok/s |", ft->tasks[t].target);
        tb_printf(b, "\n| --- | ---: |");
        for (size_t i = 0; i < n_runs; i++) tb_printf(b, " ---: |");
        tb_printf(b, "\n");
        for (size_t f = 0; f < nf; f++) {
            tb_printf(b, "|");
            md_cell(b, formats[f]);
            double bytes = NAN;
            for (size_t i = 0; i < n_runs && !isfinite(bytes); i++)
                bytes = run_metricf(&runs[i], "%s%s.bytes_per_token", prefix, formats[f]);
            md_cell(b, md_num(bytes, 4, v));
            for (size_t t = 0; t < ft->n; t++) {
                const run_data *r = run_of(runs, n_runs, &ft->tasks[t]);
                if (!r) continue;
                double tok = run_metricf(r, "%s%s.decode_tok_s_bound", prefix, formats[f]);
                double need = run_metricf(r, "%s%s.devices_needed", prefix, formats[f]);
                char cellv[160];
                if (isfinite(need) && need > 1)
                    snprintf(cellv, sizeof cellv, "%s (%s)", md_num(tok, 3, w),
                             md_num(need, 3, v));
                else
                    snprintf(cellv, sizeof cellv, "%s", md_num(tok, 3, w));
                md_cell(b, cellv);
            }
            tb_printf(b, "\n");
        }
        tb_printf(b, "\n");
    } else {
        tb_printf(b, "No run projected `this-machine` for %s (the project step did not run).\n\n",
                  pm);
    }
    for (size_t f = 0; f < nf; f++) free(formats[f]);

    nf = formats_with(runs, n_runs, "calibration.", ".model_error_pct", rc, formats, 64);
    if (!nf) {
        tb_printf(b, "No run calibrated the model (the project step did not run).\n\n");
        return;
    }
    tb_printf(b, "Calibration on each machine: the model's error against a measured LLaMA-70B "
                 "layer extrapolated to the whole model, in %% (measured layer ms in "
                 "brackets).\n\n");
    machine_header(b, "format", ft, 'r');
    for (size_t f = 0; f < nf; f++) {
        tb_printf(b, "|");
        md_cell(b, formats[f]);
        for (size_t t = 0; t < ft->n; t++) {
            const run_data *r = run_of(runs, n_runs, &ft->tasks[t]);
            if (!r) continue;
            double err = run_metricf(r, "calibration.%s.model_error_pct", formats[f]);
            double ms = run_metricf(r, "calibration.%s.layer_ms_measured", formats[f]);
            char cellv[160];
            if (isfinite(err))
                snprintf(cellv, sizeof cellv, "%s (%s ms)", md_num(err, 3, v),
                         md_num(ms, 3, w));
            else
                snprintf(cellv, sizeof cellv, "-");
            md_cell(b, cellv);
        }
        tb_printf(b, "\n");
    }
    tb_printf(b, "\n");
    /* why a machine has no calibration: the reason its metrics give, once per machine */
    for (size_t t = 0; t < ft->n; t++) {
        const run_data *r = run_of(runs, n_runs, &ft->tasks[t]);
        for (size_t f = 0; r && f < nf; f++) {
            char id[200];
            snprintf(id, sizeof id, "calibration.%s.model_error_pct", formats[f]);
            const metric *m = metrics_find(&r->audit.metrics, id);
            if (m && m->na) {
                tb_printf(b, "- %s: `-` where %s\n", ft->tasks[t].target, m->description);
                break;
            }
        }
    }
    tb_printf(b, "\n");
    for (size_t f = 0; f < nf; f++) free(formats[f]);
}

void render_fleet(text_buf *b, const run_data *runs, size_t n_runs, const report_config *rc,
                  const fleet_tasks *ft) {
    section_tasks(b, runs, n_runs, ft);
    if (!n_runs) return;
    tb_printf(b, "## Machines side by side\n\n");
    section_isa(b, runs, n_runs, ft);
    section_roofs(b, runs, n_runs, ft);
    section_projection(b, runs, n_runs, rc, ft);
}
