/*
 * The one parser of decimal numbers: results files (TSV cells, metrics values) and config
 * values read numbers through here, so "1e3" or "0x10" or " 5" means the same (or is refused
 * the same way) everywhere.
 */
#ifndef Q35_NUMBER_H
#define Q35_NUMBER_H

/* The whole of s is one finite number as strtod reads it, without surrounding white space
 * (inih trims config values; TSV cells are exact). Returns 0, or -1 (empty, trailing text,
 * white space, out of range, inf or nan). */
int number_parse(const char *s, double *out);

#endif
