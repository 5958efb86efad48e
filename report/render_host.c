#include "render_host.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "render_audit.h"

void render_machine(render_ctx *c, run_data *runs, size_t n) {
    text_buf *b = c->b;
    tb_printf(b, "## Machine and build\n\n");
    bool any = false;
    for (size_t i = 0; i < n; i++) any |= runs[i].machine != NULL;
    if (!any) {
        tb_printf(b, "The run has no machine.json (no bench step ran).\n\n");
        return;
    }
    md_row_start(b);
    md_cell(b, "");
    for (size_t i = 0; i < n; i++) md_cell(b, runs[i].id);
    md_row_end(b);
    md_row_start(b);
    tb_printf(b, " --- |");
    for (size_t i = 0; i < n; i++) tb_printf(b, " --- |");
    md_row_end(b);
    static const struct {
        const char *label, *obj, *key;
        int kind; /* 0 string, 1 number, 2 bytes as GiB, 3 bool */
    } rows[] = {
        {"host", NULL, "host", 0},
        {"CPU", "cpu", "model", 0},
        {"logical CPUs", "cpu", "online_cpus", 1},
        {"MHz (reported)", "cpu", "mhz", 1},
        {"ISA features enabled", "cpu", "features_enabled", 0},
        {"memory (GiB)", "memory", "total_bytes", 2},
        {"OS", "os", "distribution", 0},
        {"kernel", "os", "kernel_release", 0},
        {"virtual machine", "vm", "is_vm", 3},
        {"compiler", "build", "compiler", 0},
        {"CFLAGS", "build", "cflags", 0},
        {"git revision", "build", "git_revision", 0},
        {"uncommitted changes", "build", "git_dirty", 3},
        {"OpenBLAS", "openblas", "config", 0},
        {"timer resolution (ns, measured)", "timer", "measured_resolution_ns", 1},
    };
    char v[MD_NUM_LEN];
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        md_row_start(b);
        md_cell(b, rows[k].label);
        for (size_t i = 0; i < n; i++) {
            const cJSON *m = runs[i].machine;
            if (!m) {
                md_cell(b, "-");
                continue;
            }
            const cJSON *o = rows[k].obj ? cJSON_GetObjectItemCaseSensitive(m, rows[k].obj) : m;
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, rows[k].key);
            switch (rows[k].kind) {
            case 0: md_cell(b, cJSON_IsString(x) ? x->valuestring : "-"); break;
            case 1: md_cell(b, md_num(cJSON_IsNumber(x) ? x->valuedouble : NAN, 4, v)); break;
            case 2:
                md_cell(b, md_num(cJSON_IsNumber(x) ? x->valuedouble / 1073741824.0 : NAN, 3, v));
                break;
            default: md_cell(b, cJSON_IsBool(x) ? (cJSON_IsTrue(x) ? "yes" : "no") : "-");
            }
        }
        md_row_end(b);
    }
    md_row_start(b);
    md_cell(b, "load average at start (1, 5, 15 min)");
    for (size_t i = 0; i < n; i++) {
        const cJSON *la = runs[i].machine
                              ? cJSON_GetObjectItemCaseSensitive(runs[i].machine, "load_avg")
                              : NULL;
        char a[MD_NUM_LEN], bb[MD_NUM_LEN], cc[MD_NUM_LEN];
        if (cJSON_IsArray(la) && cJSON_GetArraySize(la) == 3)
            md_cellf(b, "%s, %s, %s", md_num(cJSON_GetArrayItem(la, 0)->valuedouble, 3, a),
                  md_num(cJSON_GetArrayItem(la, 1)->valuedouble, 3, bb),
                  md_num(cJSON_GetArrayItem(la, 2)->valuedouble, 3, cc));
        else md_cell(b, "-");
    }
    md_row_end(b);
    tb_printf(b, "\n");
}

void render_steps(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    if (!r->n_steps) return;
    tb_printf(b, "## Steps and their cost\n\n");
    md_header(b, "llrr", "step", "status", "seconds", "share of the run");
    double total = 0;
    for (size_t i = 0; i < r->n_steps; i++) total += r->steps[i].seconds;
    char v[MD_NUM_LEN], w[MD_NUM_LEN];
    for (size_t i = 0; i < r->n_steps; i++) {
        md_row_start(b);
        md_cellf(b, "%s (%s)", r->steps[i].step, r->steps[i].mode);
        md_cell(b, r->steps[i].status);
        md_cell(b, md_num(r->steps[i].seconds, 3, v));
        md_cellf(b, "%s %%", md_num(total > 0 ? 100 * r->steps[i].seconds / total : NAN, 2, w));
        md_row_end(b);
    }
    md_row_start(b);
    md_cell(b, "total");
    md_cell(b, "");
    md_cell(b, md_num(total, 3, v));
    md_cell(b, "");
    md_row_end(b);
    tb_printf(b, "\n");
}

void render_unmeasured(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    tb_printf(b, "## What could not be measured on this host\n\n");
    int items = 0;
    /* kernels that did not run */
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        if (strcmp(x->status, "unavailable") != 0 && strcmp(x->status, "error") != 0) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(r->bench[j].kernel, x->kernel) == 0 &&
                   strcmp(r->bench[j].status, x->status) == 0 &&
                   strcmp(r->bench[j].message, x->message) == 0;
        if (seen) continue;
        tb_printf(b, "- kernel `%s` (%s): %s: %s\n", x->kernel, x->format, x->status, x->message);
        items++;
    }
    /* library paths a kernel wanted but this build/host lacks: "key=not_..." in its params */
    for (size_t i = 0; i < r->n_bench; i++) {
        const bench_row *x = &r->bench[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) seen = strcmp(r->bench[j].kernel, x->kernel) == 0;
        if (seen) continue;
        const char *p = x->params;
        while ((p = strstr(p, "=not_"))) {
            const char *k = p;
            while (k > x->params && k[-1] != ' ') k--;
            const char *e = p;
            while (*e && *e != ' ') e++;
            tb_printf(b, "- kernel `%s`: `%.*s` (its params); it ran on the path `%s` instead\n",
                      x->kernel, (int)(e - k), k, x->isa_path);
            items++;
            p = e;
        }
    }
    /* metrics a step could not measure: NA with the reason, grouped by reason */
    {
        const metric_table *mt = &r->audit.metrics;
        bool *done = calloc(mt->n ? mt->n : 1, sizeof *done);
        for (size_t i = 0; done && i < mt->n; i++) {
            const metric *m = metrics_by_id(mt, i);
            if (!m->na || done[i]) continue;
            const char *why = strstr(m->description, "n/a: ");
            why = why ? why + 5 : m->description;
            size_t count = 0;
            text_buf ex = {0};
            for (size_t j = i; j < mt->n; j++) {
                const metric *o = metrics_by_id(mt, j);
                if (!o->na || done[j] || strcmp(o->file, m->file) != 0) continue;
                const char *w = strstr(o->description, "n/a: ");
                w = w ? w + 5 : o->description;
                if (strcmp(w, why) != 0) continue;
                done[j] = true;
                if (count++ < 2) tb_printf(&ex, "%s`%s`", ex.len ? ", " : "", o->id);
            }
            char *e = tb_take(&ex);
            if (count == 1) tb_printf(b, "- %s (%s): %s\n", e ? e : "", m->file, why);
            else
                tb_printf(b, "- %zu metrics of %s (e.g. %s): %s\n", count, m->file, e ? e : "",
                          why);
            free(e);
            items++;
        }
        free(done);
    }
    const metric *papi = find_metricf(r, "roofline.papi.available");
    if (papi && !papi->na && papi->value == 0) {
        tb_printf(b, "- hardware counters (PAPI): %s\n", papi->description);
        items++;
    }
    /* hardware the audit needed */
    items += render_audit_needs(b, r);
    if (!items) tb_printf(b, "Nothing: every kernel ran and every metric has a value.\n");
    tb_printf(b, "\n");
}

void render_hyperfine(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    if (!r->n_hyperfine) return;
    tb_printf(b, "## Whole-command timings (hyperfine)\n\n");
    tb_printf(b, "Wall time of a whole `q35bench` command, process start to exit, as "
                 "hyperfine measured it (its JSON export is stored in the run).\n\n");
    char v[MD_NUM_LEN], w[MD_NUM_LEN], x[MD_NUM_LEN], y[MD_NUM_LEN];
    for (size_t i = 0; i < r->n_hyperfine; i++) {
        const hyperfine_file *f = &r->hyperfine[i];
        tb_printf(b, "`%s`\n\n", f->name);
        md_header(b, "lrrrrr", "command", "runs", "mean s", "stddev s", "min s", "max s");
        for (size_t k = 0; k < f->n; k++) {
            const hyperfine_result *h = &f->results[k];
            /* the command from the binary's name on, without its scratch --results directory */
            char shown[512];
            const char *start = strstr(h->command, "q35bench");
            snprintf(shown, sizeof shown, "%s", start ? start : h->command);
            char *res = strstr(shown, " --results ");
            if (res) {
                char *after = strchr(res + 11, ' ');
                memmove(res, after ? after : res + strlen(res), strlen(after ? after : "") + 1);
            }
            md_row_start(b);
            md_cellf(b, "`%s`", shown);
            md_cellf(b, "%d", h->runs);
            md_cell(b, md_num(h->mean_s, 3, v));
            md_cell(b, md_num(h->stddev_s, 2, w));
            md_cell(b, md_num(h->min_s, 3, x));
            md_cell(b, md_num(h->max_s, 3, y));
            md_row_end(b);
        }
        tb_printf(b, "\n");
    }
}

void render_figures(render_ctx *c, const run_data *r) {
    text_buf *b = c->b;
    if (!r->n_figures) {
        tb_printf(b, "## Figures\n\nThis run has no figures (the plots step did not run, or "
                     "gnuplot was missing); `./run.sh plots %s` draws them.\n\n",
                  r->path);
        return;
    }
    tb_printf(b, "## Figures\n\nDrawn by gnuplot from the plot.*.tsv tables of the run (SVG "
                 "versions beside each PNG, for papers).\n\n");
    for (size_t i = 0; i < r->n_figures; i++)
        tb_printf(b, "![%s](%s/%s)\n\n", r->figures[i], c->opt->figures_dir, r->figures[i]);
}
