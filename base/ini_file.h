/*
 * Reading `key = value` files with inih, with what inih leaves to its caller: the line
 * number of every entry, duplicate keys and sections, overlong lines, keys outside any
 * section, and messages of the form "file:line: what was expected". The suite, device,
 * model and claims configs all read through here.
 */
#ifndef Q35_INI_FILE_H
#define Q35_INI_FILE_H

#include <stddef.h>

typedef struct ini_callbacks {
    /* Called for each [section] header before its entries; return 0 to accept it, or
     * non-zero with the reason in why. Repeated headers are rejected before this call. */
    int (*section)(void *user, const char *section, int line, char *why, size_t why_len);
    /* Called for each entry; return 0 to accept it, or non-zero with the reason in why.
     * Repeated keys within a section are rejected before this call. */
    int (*entry)(void *user, const char *section, const char *key, const char *value,
                 int line, char *why, size_t why_len);
} ini_callbacks;

/* Returns Q35_OK, or Q35_ERR_INPUT (base/error.h) with "path:line: reason" in err (or
 * "path: reason" when the file cannot be read), or Q35_ERR_NOMEM. *n_lines receives the number of lines read, for errors about what is
 * missing at the end of the file. */
int ini_load_file(const char *path, const ini_callbacks *cb, void *user, int *n_lines,
                  char *err, size_t err_len);
int ini_load_text(const char *text, const char *label, const ini_callbacks *cb, void *user,
                  int *n_lines, char *err, size_t err_len);

#endif
