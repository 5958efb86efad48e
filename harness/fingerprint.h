/* The machine fingerprint recorded with every run: CPU and its flags, the code path each
 * kernel dispatches to, memory, OS, VM or not, compiler and flags, OpenBLAS build and
 * threads, git revision, timer resolution, load average and relevant environment. */
#ifndef Q35_FINGERPRINT_H
#define Q35_FINGERPRINT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "timer.h"

cJSON *fingerprint_collect(const timer_info *ti);
/* Two or three lines for the console, with warnings about noisy conditions. */
void fingerprint_print_summary(FILE *out, const cJSON *fp);

#endif
