/* The short human-readable table printed after a suite. */
#ifndef Q35_CONSOLE_H
#define Q35_CONSOLE_H

#include <stdio.h>

#include "harness/compare.h"
#include "harness/suite.h"

void console_print_table(FILE *out, const suite_results *res);

/* After the table: how quiet the machine was, the A/A noise floor, the configured
 * comparisons with their intervals, and the cases that stayed noisy or ran above the
 * DRAM read roof. */
void console_print_noise(FILE *out, const suite_results *res, const compare_set *cmp);

#endif
