/* q35bench report [RUN_DIR ...]: render report/REPORT.md from results directories. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/text_buf.h"
#include "commands.h"
#include "exit_status.h"
#include "run_check.h"
#include "report/paper.h"
#include "report/render.h"
#include "harness/rundir.h"
#include "fleet/fleet_tasks.h"

#define REPORT_MAX_RUNS 16

static void usage(FILE *out) {
    fprintf(out,
            "usage: q35bench report [RUN_DIR ...] [options]\n"
            "  RUN_DIR            complete run directories (default: the latest complete run\n"
            "                     under --results); several runs are compared side by side\n"
            "  --results DIR      results root for the default run (default results)\n"
            "  --out FILE         the markdown file (default report/REPORT.md); the primary\n"
            "                     run's figures are copied to figures/ beside it, and every\n"
            "                     table (LaTeX, booktabs) and figure (PDF) to paper/ beside it\n"
            "  --config FILE      report layout (default configs/report.ini)\n"
            "  --claims FILE      registry for runs without their own copy (default\n"
            "                     configs/claims.ini)\n"
            "  --references FILE  reference facts for such runs (default configs/references.ini)\n"
            "  --fleet FILE       the runs are the sealed runs named by a fleet's task table\n"
            "                     (fleet.tasks.tsv, ./run.sh fleet report); the report starts\n"
            "                     with every task, its Slurm state and reason\n"
            "exit status: 0 written; 1 a run is incomplete, altered or has a malformed file;\n"
            "2 bad usage, a missing run directory or a bad config\n");
}

/* Copies the primary run's figures with one of the suffixes (".png .svg") into dir,
 * replacing older ones. */
static int copy_figures(const run_data *r, const char *dir, const char *suffixes, char *err,
                        size_t len) {
    if (rundir_mkdir_parents(dir, err, len)) return -1;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strncmp(e->d_name, "fig.", 4) == 0 && strrchr(e->d_name, '.') &&
                strstr(suffixes, strrchr(e->d_name, '.'))) {
                char p[2200];
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    for (size_t i = 0; i < r->n_files; i++) {
        const char *f = r->files[i];
        size_t n = strlen(f);
        if (strncmp(f, "fig.", 4) != 0 || n < 8 || !strstr(suffixes, f + n - 4)) continue;
        char src[2200], dst[2200];
        snprintf(src, sizeof src, "%s/%s", r->path, f);
        snprintf(dst, sizeof dst, "%s/%s", dir, f);
        size_t size;
        char *data = read_whole_file(src, 64u << 20, &size, err, len);
        if (!data) return -1;
        int rc = atomic_write(dst, data, size, err, len);
        free(data);
        if (rc) return -1;
    }
    return 0;
}

/* A run that failed (a failed step, a missing required file: cli/run_check.h) is said so
 * at the top of the report, before anything that could pass for a complete result. Takes
 * over text; NULL when out of memory. */
static char *prepend_failures(char *text, const run_data *runs, size_t n, int *status) {
    if (!text) return NULL;
    text_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        run_problems p;
        char err[1024];
        if (run_check(runs[i].path, &p, err, sizeof err)) {
            tb_printf(&b, "> **Run %s could not be checked: %s.**\n\n", runs[i].id, err);
            *status = EXIT_FAILURES;
            continue;
        }
        if (p.n) {
            tb_printf(&b, "> **Run %s FAILED; this report of it is incomplete:**\n", runs[i].id);
            for (size_t j = 0; j < p.n; j++) tb_printf(&b, "> - %s\n", p.why[j]);
            tb_printf(&b, "\n");
            *status = EXIT_FAILURES;
        }
        run_problems_free(&p);
    }
    tb_printf(&b, "%s", text);
    free(text);
    return tb_take(&b);
}

int cmd_report(int argc, char **argv) {
    static const struct option opts[] = {{"results", required_argument, 0, 'r'},
                                         {"out", required_argument, 0, 'o'},
                                         {"config", required_argument, 0, 'g'},
                                         {"claims", required_argument, 0, 'c'},
                                         {"references", required_argument, 0, 'f'},
                                         {"fleet", required_argument, 0, 'l'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *results = "results", *out = "report/REPORT.md", *config = "configs/report.ini",
               *claims = "configs/claims.ini", *refs = "configs/references.ini", *fleet = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': results = optarg; break;
        case 'o': out = optarg; break;
        case 'g': config = optarg; break;
        case 'c': claims = optarg; break;
        case 'f': refs = optarg; break;
        case 'l': fleet = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    char paths[REPORT_MAX_RUNS][1024];
    size_t n = 0;
    fleet_tasks ft = {0};
    char err[1600];
    if (fleet) {
        if (optind != argc) {
            fprintf(stderr, "q35bench: --fleet takes the runs from the task table; name no "
                            "run directories\n");
            return EXIT_USAGE;
        }
        if (fleet_tasks_load(fleet, &ft, err, sizeof err)) {
            fprintf(stderr, "q35bench: %s\n", err);
            return EXIT_USAGE;
        }
        for (size_t i = 0; i < ft.n; i++)
            if (strcmp(ft.tasks[i].run, "-") != 0) {
                if (n == REPORT_MAX_RUNS) {
                    fprintf(stderr, "q35bench: %s: more than %d runs; one report compares at "
                                    "most that many\n", fleet, REPORT_MAX_RUNS);
                    fleet_tasks_free(&ft);
                    return EXIT_USAGE;
                }
                ft.tasks[i].run_index = (int)n;
                snprintf(paths[n++], sizeof paths[0], "%s", ft.tasks[i].run);
            }
        if (n == 0) {
            fprintf(stderr, "q35bench: %s: no task produced a sealed run; nothing to report\n",
                    fleet);
            fleet_tasks_free(&ft);
            return EXIT_FAILURES;
        }
    } else if (optind == argc) {
        if (rundir_latest_complete(results, paths[0], sizeof paths[0]) != 0) {
            fprintf(stderr, "q35bench: no complete run under %s/ (run ./run.sh all first, or "
                            "name a run directory)\n", results);
            return EXIT_USAGE;
        }
        n = 1;
    } else {
        if (argc - optind > REPORT_MAX_RUNS) {
            fprintf(stderr, "q35bench: at most %d runs in one report\n", REPORT_MAX_RUNS);
            return EXIT_USAGE;
        }
        for (int i = optind; i < argc; i++) snprintf(paths[n++], sizeof paths[0], "%s", argv[i]);
    }
    report_config rc;
    if (report_config_load(config, &rc, err, sizeof err)) {
        fprintf(stderr, "q35bench: %s\n", err);
        fleet_tasks_free(&ft);
        return EXIT_USAGE;
    }
    run_data *runs = calloc(n, sizeof *runs);
    if (!runs) {
        fprintf(stderr, "q35bench: out of memory\n");
        fleet_tasks_free(&ft);
        return EXIT_FAILURES;
    }
    int status = EXIT_OK;
    size_t loaded = 0;
    for (size_t i = 0; i < n && status == EXIT_OK; i++) {
        int rc_load = run_data_load(paths[i], claims, refs, false, &runs[i], err, sizeof err);
        loaded = i + 1;
        if (rc_load) {
            fprintf(stderr, "q35bench: %s\n", err);
            status = exit_status(rc_load);
        }
    }
    if (status == EXIT_OK) {
        char cmd[1200] = "q35bench report";
        if (fleet) snprintf(cmd, sizeof cmd, "q35bench report --fleet %s", fleet);
        for (size_t i = 0; i < n && !fleet; i++) {
            size_t used = strlen(cmd);
            snprintf(cmd + used, sizeof cmd - used, " %s", runs[i].id);
        }
        char outdir[1024], figdir[1100], paperdir[1100];
        snprintf(outdir, sizeof outdir, "%s", out);
        snprintf(figdir, sizeof figdir, "%s/figures", dirname(outdir));
        snprintf(paperdir, sizeof paperdir, "%s/paper", outdir);
        render_options ro = {.figures_dir = "figures", .command = cmd};
        ro.fleet = fleet ? &ft : NULL;
        char *text = prepend_failures(render_report(runs, n, &rc, &ro), runs, n, &status);
        if (!text) {
            fprintf(stderr, "q35bench: out of memory while rendering\n");
            status = EXIT_FAILURES;
        } else {
            int tables = 0;
            if (copy_figures(&runs[0], figdir, ".png .svg", err, sizeof err) ||
                copy_figures(&runs[0], paperdir, ".pdf", err, sizeof err) ||
                (tables = paper_write_tables(text, paperdir, cmd, err, sizeof err)) < 0 ||
                atomic_write(out, text, strlen(text), err, sizeof err)) {
                fprintf(stderr, "q35bench: %s\n", err);
                status = EXIT_USAGE;
            } else {
                if (status != EXIT_OK)
                    fprintf(stderr, "q35bench: %s says at the top which runs failed\n", out);
                printf("report: %s (%zu run%s, %zu figure%s); %s: %d LaTeX tables and the "
                       "figures as PDF\n",
                       out, n, n == 1 ? "" : "s", runs[0].n_figures,
                       runs[0].n_figures == 1 ? "" : "s", paperdir, tables);
            }
        }
        free(text);
    }
    for (size_t i = 0; i < loaded; i++) run_data_free(&runs[i]);
    free(runs);
    fleet_tasks_free(&ft);
    return status;
}
