/* The short human-readable table printed after a suite. */
#ifndef Q35_CONSOLE_H
#define Q35_CONSOLE_H

#include <stdio.h>

#include "suite.h"

void console_print_table(FILE *out, const suite_results *res);

#endif
