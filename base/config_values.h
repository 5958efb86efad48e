/* Strict parsing of config values: numbers, names, lists and shapes. Each function
 * returns 0, or -1 with a description of what was expected in why. */
#ifndef Q35_CONFIG_VALUES_H
#define Q35_CONFIG_VALUES_H

#include <stddef.h>
#include <stdint.h>

int cv_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out, char *why, size_t len);
int cv_double(const char *s, double min, double max, double *out, char *why, size_t len);
/* A name of 1..max_len-1 characters from [A-Za-z0-9_.-]. */
int cv_name(const char *s, char *out, size_t max_len, char *why, size_t len);
/* The `id` key of a device or model: 1..max_len-1 characters from [a-z0-9-] (its file name). */
int cv_id(const char *s, char *out, size_t max_len, char *why, size_t len);
/* "N x K" as in "28672x8192": positive integers below 2^31 with N*K below 2^36. */
int cv_shape(const char *s, size_t *n, size_t *k, char *why, size_t len);

/* A comma-separated list; items are trimmed and must be non-empty. */
typedef struct cv_list {
    char **items;
    size_t n;
} cv_list;
int cv_split(const char *s, cv_list *out, char *why, size_t len);
void cv_list_free(cv_list *l);

/* Index of s in the NULL-terminated array of choices, or -1 with the choices in why. */
int cv_choice(const char *s, const char *const *choices, char *why, size_t len);

#endif
