/* Fleet configs and task tables: a config loads with its defaults filled in and its targets in
 * order; every bad value, unknown key or section and a target that selects nothing is
 * reported as file:line and loading returns 2; the task table of a fleet report needs its
 * columns and marks no run as '-'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fleet/fleet_config.h"
#include "fleet/fleet_tasks.h"
#include "temp_text_file.h"

static char path[64];

static const char *write_file(const char *text) {
    const char *p = temp_text_file(text, path, sizeof path);
    assert_non_null(p);
    return p;
}

static void test_config_loads_with_defaults(void **state) {
    (void)state;
    static fleet_config fc;
    char err[512] = "";
    const char *p = write_file("[fleet]\n"
                               "steps = bench , roofline\n"
                               "time = 1:30:00   ; sbatch --time\n"
                               "[target zen4]\n"
                               "partition = zen4\n"
                               "[target two]\n"
                               "nodelist = node[07-08]\n"
                               "constraint = avx512&ib\n");
    int rc = fleet_config_load(p, &fc, err, sizeof err);
    unlink(p);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    assert_string_equal(fc.options[FLEET_MODE].value, "quick");
    assert_int_equal(fc.options[FLEET_MODE].line, 0); /* a default, not given */
    assert_string_equal(fc.options[FLEET_BUILD].value, "family");
    assert_string_equal(fc.options[FLEET_BUILD_ROOT].value, "build-fleet");
    assert_string_equal(fc.options[FLEET_RESULTS].value, "results");
    assert_string_equal(fc.options[FLEET_STEPS].value, "bench,roofline");
    assert_string_equal(fc.options[FLEET_TIME].value, "1:30:00");
    assert_int_equal(fc.options[FLEET_TIME].line, 3);
    assert_string_equal(fc.options[FLEET_ACCOUNT].value, "");
    assert_int_equal(fc.n_targets, 2);
    assert_string_equal(fc.targets[0].name, "zen4");
    assert_string_equal(fc.targets[0].partition, "zen4");
    assert_string_equal(fc.targets[1].nodelist, "node[07-08]");
    assert_string_equal(fc.targets[1].constraint, "avx512&ib");
    assert_int_equal(fc.targets[1].line, 6);
}

static void test_shipped_configs_load(void **state) {
    (void)state;
    static fleet_config fc;
    char err[512] = "";
    static const char *const files[] = {"configs/fleet.example.ini", "tests/data/fleet-local.ini"};
    for (size_t i = 0; i < 2; i++) {
        int rc = fleet_config_load(files[i], &fc, err, sizeof err);
        if (rc) fprintf(stderr, "%s\n", err);
        assert_int_equal(rc, 0);
        assert_true(fc.n_targets >= 2);
    }
}

static void test_bad_configs(void **state) {
    (void)state;
    static const struct {
        const char *text, *expect;
    } cases[] = {
        {"[fleet]\nmode = fast\n", ":2: expected one of 'quick', 'full'"},
        {"[fleet]\nbuild = cluster\n", ":2: expected one of 'family', 'node'"},
        {"[fleet]\nwhatever = 1\n",
         ":2: unknown key 'whatever' in [fleet]; expected mode, suite, steps, build, build_root, "
         "results, time, account, qos, sbatch, job, name, submitted or root (job, name, "
         "submitted and root: in a fleet manifest)"},
        {"[fleet]\naccount = my account\n", ":2: expected a name"},
        {"[fleet]\nsuite = a\tb\n", ":2: expected text without control characters"},
        {"[fleet]\ntime = one hour\n", ":2: expected a Slurm time limit"},
        {"[fleet]\nsteps = bench,,audit\n", ":2: expected a comma-separated list"},
        {"[fleet]\nsteps = Bench\n", ":2: expected step names"},
        {"[fleet]\nsbatch = mem=8G\n", ":2: expected sbatch options"},
        {"[fleet]\njob = 12a\n", ":2: expected the numeric Slurm job id"},
        {"[fleets]\n", ":1: unknown section [fleets]"},
        {"[target a]\npartition = two words\n", ":2: expected a partition name"},
        {"[target a]\nnodelist = node 7\n", ":2: expected a Slurm node list"},
        {"[target a]\nconstraint = \"x\"\n", ":2: expected a Slurm constraint"},
        {"[target a]\nqueue = x\n", ":2: unknown key 'queue' in [target a]"},
        {"[target a/b]\npartition = x\n", ":1: "},
        {"[fleet]\n\n[target empty]\n", ":3: [target empty] selects no machines"},
    };
    static fleet_config fc;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[512] = "";
        const char *p = write_file(cases[i].text);
        int rc = fleet_config_load(p, &fc, err, sizeof err);
        unlink(p);
        if (rc != 2 || !strstr(err, cases[i].expect) || strncmp(err, p, strlen(p)) != 0)
            fprintf(stderr, "case %zu: rc %d, err '%s', expected '%s'\n", i, rc, err,
                    cases[i].expect);
        assert_int_equal(rc, 2);
        assert_non_null(strstr(err, cases[i].expect));
    }
}

static void test_too_many_targets(void **state) {
    (void)state;
    char text[4096] = "";
    for (int i = 0; i <= FLEET_MAX_TARGETS; i++) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "[target t%d]\npartition = p\n", i);
    }
    static fleet_config fc;
    char err[512] = "";
    const char *p = write_file(text);
    int rc = fleet_config_load(p, &fc, err, sizeof err);
    unlink(p);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "at most 16 targets"));
}

static void test_task_table(void **state) {
    (void)state;
    fleet_tasks ft;
    char err[512] = "";
    const char *p = write_file("job\ttask\ttarget\tselection\tnode\tstate\texit\treason\trun\n"
                               "7\t0\ta\tpartition=a\tn1\tCOMPLETED\t0:0\t-\t/r/one\n"
                               "7\t1\tb\tconstraint=b\t-\tTIMEOUT\t0:15\tkilled\t-\n");
    int rc = fleet_tasks_load(p, &ft, err, sizeof err);
    unlink(p);
    assert_int_equal(rc, 0);
    assert_int_equal(ft.n, 2);
    assert_string_equal(ft.tasks[1].state, "TIMEOUT");
    assert_string_equal(ft.tasks[1].run, "-");
    assert_int_equal(ft.tasks[0].run_index, -1); /* set by the report when it loads the run */
    fleet_tasks_free(&ft);

    p = write_file("job\ttask\ttarget\tstate\n7\t0\ta\tCOMPLETED\n");
    rc = fleet_tasks_load(p, &ft, err, sizeof err);
    unlink(p);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "selection"));

    p = write_file("job\ttask\ttarget\tselection\tnode\tstate\texit\treason\trun\n"
                   "7\t0\ta\tpartition=a\tn1\tCOMPLETED\t0:0\t-\t\n");
    rc = fleet_tasks_load(p, &ft, err, sizeof err);
    unlink(p);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, ":2: empty target, state or run"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_loads_with_defaults),
        cmocka_unit_test(test_shipped_configs_load),
        cmocka_unit_test(test_bad_configs),
        cmocka_unit_test(test_too_many_targets),
        cmocka_unit_test(test_task_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
