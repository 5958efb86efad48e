/* One answer everywhere: for every statement, the verdict in audit.json, in
 * audit.statements.tsv and in every table of the rendered report (findings, reproduction,
 * throughput claims) is the verdict the audit gave it. Checked on the report fixture with its
 * small registry and with the project's real registry. */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audit/output.h"
#include "harness/rundir.h"
#include "report/render.h"
#include "report/run_data.h"

static const statement *find_statement(const audit_result *a, const char *id, char letter,
                                       size_t *ci) {
    for (size_t i = 0; i < a->reg->n; i++)
        if (strcmp(a->reg->claims[i].id, id) == 0 && letter >= 'a' &&
            letter < 'a' + CLAIMS_MAX_STATEMENTS && a->reg->claims[i].st[letter - 'a'].present) {
            *ci = i;
            return &a->reg->claims[i].st[letter - 'a'];
        }
    return NULL;
}

static void expect_verdict(const audit_result *a, const char *id, char letter, const char *name,
                           const char *where) {
    size_t ci = 0;
    if (!find_statement(a, id, letter, &ci)) {
        fail_msg("%s: no statement %s (%c)", where, id, letter);
        return;
    }
    const char *want = verdict_name(a->claims[ci].st[letter - 'a'].v);
    if (strcmp(want, name) != 0)
        fail_msg("%s: %s (%c) is %s there, %s in the audit", where, id, letter, name, want);
}

static int check_json(const audit_result *a, const references *refs) {
    char *text = audit_json(a, refs, "fixture");
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    int seen = 0;
    const cJSON *claim;
    cJSON_ArrayForEach(claim, cJSON_GetObjectItem(doc, "claims")) {
        const char *id = cJSON_GetObjectItem(claim, "id")->valuestring;
        const cJSON *st;
        cJSON_ArrayForEach(st, cJSON_GetObjectItem(claim, "statements")) {
            expect_verdict(a, id, cJSON_GetObjectItem(st, "letter")->valuestring[0],
                           cJSON_GetObjectItem(st, "verdict")->valuestring, "audit.json");
            seen++;
        }
    }
    cJSON_Delete(doc);
    free(text);
    return seen;
}

static int check_tsv(const audit_result *a) {
    char *text = audit_statements_tsv(a);
    int seen = 0;
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save); /* header */
    assert_non_null(line);
    assert_int_equal(strncmp(line, "claim\tstatement\tclaimed\twhere\tverdict\t", 37), 0);
    while ((line = strtok_r(NULL, "\n", &save))) {
        char *f[7] = {0};
        char *p = line;
        for (int i = 0; i < 7 && p; i++) {
            f[i] = p;
            p = strchr(p, '\t');
            if (p) *p++ = '\0';
        }
        assert_non_null(f[4]);
        expect_verdict(a, f[0], f[1][0], f[4], "audit.statements.tsv");
        seen++;
    }
    free(text);
    return seen;
}

/* Every report row of the form "| `ID` ... (X) ... | **VERDICT** |" in the markdown. */
static int check_report(const audit_result *a, char *md) {
    int seen = 0;
    for (char *line = strtok(md, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "| `", 3) != 0) continue;
        char *bold = strstr(line, "| **");
        if (!bold) continue;
        char id[64], name[64];
        if (sscanf(line, "| `%63[^`]`", id) != 1 || sscanf(bold, "| **%63[^*]**", name) != 1)
            continue;
        /* the statement letter: "(a)" in the claim or statement cell */
        const char *paren = strstr(line, "` (");
        if (!paren || paren > bold) paren = strstr(line, "| (");
        if (!paren || paren > bold) continue;
        char letter = strchr(paren, '(')[1];
        expect_verdict(a, id, letter, name, "REPORT.md");
        seen++;
    }
    return seen;
}

static void check_run(const char *run, const char *claims, const char *refs,
                      int min_report_rows) {
    run_data r;
    char err[2048];
    int rc = run_data_load(run, claims, refs, false, &r, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    report_config cfg;
    rc = report_config_load("configs/report.ini", &cfg, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    const audit_result *a = &r.audit.result;
    assert_int_equal(check_json(a, &r.audit.refs), a->n_statements);
    assert_int_equal(check_tsv(a), a->n_statements);
    render_options opt = {.figures_dir = "figures", .command = "test"};
    char *md = render_report(&r, 1, &cfg, &opt);
    assert_non_null(md);
    /* the findings table has one row per statement; reproduction and throughput tables add
     * rows of their own */
    int rows = check_report(a, md);
    if (rows < min_report_rows) fail_msg("only %d verdict rows in the report", rows);
    free(md);
    run_data_free(&r);
}

static void test_fixture_registry(void **state) {
    (void)state;
    /* the fixture carries its registry copy: 15 statements, plus 2 reproduction rows and 2
     * throughput rows */
    check_run("tests/data/run-fixture", "tests/data/fixture.claims.ini",
              "tests/data/fixture.references.ini", 19);
}

static void test_real_registry(void **state) {
    (void)state;
    /* the fixture without its registry copy (resealed): the report judges it by the
     * project's registry, every statement of which must agree across the outputs */
    char dir[] = "/tmp/q35_test_outputs_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[512], err[512];
    snprintf(cmd, sizeof cmd,
             "cp -r tests/data/run-fixture %s/run && rm %s/run/COMPLETE %s/run/audit.claims.ini "
             "%s/run/audit.references.ini",
             dir, dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    char run[128];
    snprintf(run, sizeof run, "%s/run", dir);
    run_dir rd;
    assert_int_equal(rundir_open(run, &rd, err, sizeof err), 0);
    assert_int_equal(rundir_seal(&rd, err, sizeof err), 0);
    check_run(run, "configs/claims.ini", "configs/references.ini", 100);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_registry),
        cmocka_unit_test(test_real_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
