/* Quietness from /proc: the three files parse (fixed text, including a process name with
 * spaces and parentheses and kernels without a steal column), and windows between two
 * samples add up to the steal, other-process and load figures computed by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness/noise.h"

static void test_parse_proc_stat(void **state) {
    (void)state;
    noise_sample s = {0};
    /* user nice system idle iowait irq softirq steal guest guest_nice */
    assert_int_equal(noise_parse_proc_stat("cpu  100 5 20 800 10 1 2 30 7 0\ncpu0 1 2 3\n", &s), 0);
    assert_true(s.busy == 100 + 5 + 20 + 1 + 2); /* guest is inside user already */
    assert_true(s.steal == 30);
    assert_true(s.total == 128 + 800 + 10 + 30);
    /* a kernel without the steal column */
    assert_int_equal(noise_parse_proc_stat("cpu  1 2 3 4 5 6 7\n", &s), 0);
    assert_true(s.steal == 0 && s.total == 28);
    assert_int_equal(noise_parse_proc_stat("cpu0 1 2 3 4\n", &s), -1); /* not the total line */
    assert_int_equal(noise_parse_proc_stat("cpu  1 2\n", &s), -1);
    assert_int_equal(noise_parse_proc_stat("", &s), -1);
}

static void test_parse_self_stat(void **state) {
    (void)state;
    unsigned long long ticks = 0;
    /* pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
     * utime stime ... ; the name holds a space and a ')' */
    const char *text = "4242 (q35 (bench)) R 1 2 3 4 5 6 7 8 9 10 1234 56 0 0 20 0 3 0\n";
    assert_int_equal(noise_parse_self_stat(text, &ticks), 0);
    assert_true(ticks == 1234 + 56);
    assert_int_equal(noise_parse_self_stat("4242 (x) R 1 2 3\n", &ticks), -1); /* cut short */
    assert_int_equal(noise_parse_self_stat("no parenthesis", &ticks), -1);
}

static void test_parse_loadavg(void **state) {
    (void)state;
    double l = 0;
    assert_int_equal(noise_parse_loadavg("0.76 1.52 0.99 1/111 364\n", &l), 0);
    assert_float_equal(l, 0.76, 1e-12);
    assert_int_equal(noise_parse_loadavg("x", &l), -1);
    assert_int_equal(noise_parse_loadavg("-1 0 0", &l), -1);
}

static void test_windows_add_up(void **state) {
    (void)state;
    noise_totals t = {0};
    assert_true(isnan(noise_steal_pct(&t)) && isnan(noise_other_cpu_pct(&t)));
    assert_true(isnan(noise_load_avg(&t)));
    /* 200 ticks of two CPUs: 40 stolen, 120 busy of which this process had 80 */
    noise_sample a = {true, 1000, 10, 5000, 300, 1.0}, b = {true, 1120, 50, 5200, 380, 2.0};
    noise_add(&t, &a, &b);
    assert_float_equal(noise_steal_pct(&t), 20.0, 1e-12);
    assert_float_equal(noise_other_cpu_pct(&t), 20.0, 1e-12);
    assert_float_equal(noise_load_avg(&t), 1.5, 1e-12);
    /* a second window where this process used more than the CPUs' busy ticks (sampled at
     * different moments): other processes count 0, not a negative share */
    noise_sample c = {true, 1130, 50, 5300, 420, 3.0};
    noise_add(&t, &b, &c);
    assert_float_equal(noise_other_cpu_pct(&t), 100.0 * 40 / 300, 1e-12);
    assert_float_equal(noise_steal_pct(&t), 100.0 * 40 / 300, 1e-12);
    /* an invalid sample adds nothing */
    noise_sample bad = {0};
    noise_totals before = t;
    noise_add(&t, &c, &bad);
    assert_memory_equal(&t, &before, sizeof t);
    noise_totals m = {0};
    noise_merge(&m, &t);
    noise_merge(&m, &t);
    assert_float_equal(noise_steal_pct(&m), noise_steal_pct(&t), 1e-12);
    assert_int_equal(m.load_n, 2 * t.load_n);
}

static void test_reads_this_machine(void **state) {
    (void)state;
    noise_sample s;
    noise_sample_read(&s); /* Linux with /proc: the suite's platform */
    assert_true(s.valid);
    assert_true(s.total > 0 && s.busy <= s.total && s.load1 >= 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_proc_stat),
        cmocka_unit_test(test_parse_self_stat),
        cmocka_unit_test(test_parse_loadavg),
        cmocka_unit_test(test_windows_add_up),
        cmocka_unit_test(test_reads_this_machine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
