/* q35bench audit [RUN_DIR]: judge every claim of configs/claims.ini against a run. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/atomic_file.h"
#include "audit/output.h"
#include "audit/session.h"
#include "commands.h"
#include "exit_status.h"
#include "harness/rundir.h"
#include "run_output.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: q35bench audit [RUN_DIR] [options]\n"
            "  RUN_DIR            run directory (default: the latest complete run under\n"
            "                     --results); the verdicts are printed, nothing is written\n"
            "  --write            add audit.json, audit.tsv, metrics.audit.tsv and copies of\n"
            "                     the registry to RUN_DIR, a run still being written (the\n"
            "                     audit step of ./run.sh all); a sealed run is never changed\n"
            "  --results DIR      results root for the default run (default results)\n"
            "  --claims FILE      claims registry (default configs/claims.ini)\n"
            "  --references FILE  reference facts (default configs/references.ini)\n"
            "  --seeds DIR        seed documents to check the quotes against (default\n"
            "                     docs/seeds; skipped with a note when absent)\n"
            "  --check-evidence   only list metric ids the registry uses that the run lacks;\n"
            "                     exit 1 if there are any\n"
            "  --strict           exit 1 when any check lacks its evidence\n"
            "  --quiet            no per-claim table\n");
}

int cmd_audit(int argc, char **argv) {
    static const struct option opts[] = {{"results", required_argument, 0, 'r'},
                                         {"claims", required_argument, 0, 'c'},
                                         {"references", required_argument, 0, 'f'},
                                         {"seeds", required_argument, 0, 's'},
                                         {"check-evidence", no_argument, 0, 'e'},
                                         {"strict", no_argument, 0, 'S'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"write", no_argument, 0, 'w'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *results = "results", *claims = "configs/claims.ini",
               *refs = "configs/references.ini", *seeds = "docs/seeds";
    bool check_only = false, strict = false, quiet = false, write = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': results = optarg; break;
        case 'c': claims = optarg; break;
        case 'f': refs = optarg; break;
        case 's': seeds = optarg; break;
        case 'e': check_only = true; break;
        case 'S': strict = true; break;
        case 'q': quiet = true; break;
        case 'w': write = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    char run[1024];
    if (optind < argc) {
        snprintf(run, sizeof run, "%s", argv[optind]);
    } else if (rundir_latest_complete(results, run, sizeof run) != 0) {
        fprintf(stderr, "q35bench: no complete run under %s/; name a run directory\n", results);
        return EXIT_USAGE;
    }
    size_t n = strlen(run);
    while (n > 1 && run[n - 1] == '/') run[--n] = '\0';

    char why[1400] = "";
    rundir_state state = rundir_verify(run, why, sizeof why);
    if (state == RUNDIR_MISSING) {
        fprintf(stderr, "q35bench: %s\n", why);
        return EXIT_USAGE;
    }
    if (state == RUNDIR_CORRUPT) {
        fprintf(stderr, "q35bench: %s; refusing to audit a corrupt run\n", why);
        return EXIT_FAILURES;
    }
    bool sealed = state == RUNDIR_COMPLETE;
    if (sealed && write) {
        fprintf(stderr, "q35bench: %s is sealed; --write adds files only to a run still being "
                        "written\n", run);
        return EXIT_USAGE;
    }
    if (!sealed && !write)
        fprintf(stderr, "q35bench: %s is not sealed (interrupted or still running): its "
                        "verdicts may change; nothing is written (--write adds the audit "
                        "files to a run being written)\n", run);
    if (sealed && rundir_failure(run, why, sizeof why))
        fprintf(stderr, "q35bench: %s was sealed as FAILED (%s): the verdicts judge what it "
                        "holds\n", run, why);

    audit_session s;
    char err[1400];
    int rc = audit_session_open(&s, run, claims, refs, false, err, sizeof err);
    if (rc) {
        fprintf(stderr, "q35bench: %s\n", err);
        audit_session_close(&s);
        return exit_status(rc);
    }
    struct stat st;
    if (stat(seeds, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (claims_verify_quotes(&s.reg, seeds, err, sizeof err)) {
            fprintf(stderr, "q35bench: %s\n", err);
            audit_session_close(&s);
            return EXIT_USAGE;
        }
    } else if (!quiet) {
        fprintf(stderr, "q35bench: %s not found: quotes not checked against the seeds\n", seeds);
    }

    if (check_only) {
        char *list = NULL;
        int missing = audit_missing_evidence(&s.reg, &s.metrics, &list);
        if (missing) {
            fprintf(stderr, "q35bench: %d metric id(s) used by %s are not in %s:\n%s", missing,
                    claims, run, list ? list : "");
        } else {
            printf("%s: every metric id of %s is present (%zu claims)\n", run, claims, s.reg.n);
        }
        free(list);
        audit_session_close(&s);
        return missing ? EXIT_FAILURES : EXIT_OK;
    }

    if (!quiet) audit_print_summary(stdout, &s.result);
    int status = EXIT_OK;
    if (!write) {
        if (sealed && !quiet)
            fprintf(stderr, "q35bench: %s is sealed; verdicts printed, nothing written\n", run);
    } else {
        char *claims_text = read_whole_file(s.claims_path, 4u << 20, NULL, err, sizeof err);
        char *refs_text = claims_text ? read_whole_file(s.refs_path, 4u << 20, NULL, err,
                                                        sizeof err)
                                      : NULL;
        const char *slash = strrchr(run, '/');
        run_output out;
        if (!claims_text || !refs_text) {
            fprintf(stderr, "q35bench: %s\n", err);
            status = EXIT_FAILURES;
        } else {
            status = run_output_open(&out, "q35bench audit", run, NULL, NULL, 0);
        }
        if (status) {
            free(claims_text);
            free(refs_text);
        } else { /* every file is attempted: each write takes its text over */
            run_output_write(&out, AUDIT_CLAIMS_COPY, claims_text);
            run_output_write(&out, AUDIT_REFERENCES_COPY, refs_text);
            run_output_write(&out, "audit.json",
                             audit_json(&s.result, &s.refs, slash ? slash + 1 : run));
            run_output_write(&out, "audit.tsv", audit_tsv(&s.result));
            run_output_write(&out, "audit.statements.tsv", audit_statements_tsv(&s.result));
            run_output_write(&out, AUDIT_METRICS_FILE, audit_metrics_tsv(&s.result, &s.own));
            status = run_output_close(&out, EXIT_OK, true);
            if (!status && !quiet)
                printf("audit: %s/audit.json, audit.tsv, %s\n", run, AUDIT_METRICS_FILE);
        }
    }
    if (s.result.rows_missing) {
        fprintf(stderr,
                "q35bench: %d check(s) lack their evidence in this run (see 'audit "
                "--check-evidence %s')\n",
                s.result.rows_missing, run);
        if (strict && status == EXIT_OK) status = EXIT_FAILURES;
    }
    audit_session_close(&s);
    return status;
}
