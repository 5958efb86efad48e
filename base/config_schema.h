/*
 * Config schemas as tables: the keys of one config section declared once, each with its
 * type, range, default and help, so that every loader checks a value the same way and every
 * "unknown key" message lists exactly the keys the table has. The seed was the projection's
 * figure_spec table (projection/figures.h), which stays as the schema of [figures].
 *
 *   static const cfg_key suite_keys[] = {
 *       {"seed", CFG_U64, offsetof(suite_config, seed), .max = 1.8e19, .def = "42",
 *        .help = "seed of the input generator"},
 *       ...
 *       {0},
 *   };
 *   cfg_defaults(suite_keys, cfg, err, len);            // the defaults, as written in a file
 *   cfg_set(suite_keys, cfg, "suite", key, value, why, len);   // from an ini_file entry
 *
 * Loaders keep for themselves only what a table cannot say: lists of names resolved after
 * the whole file is read, repeated sections, cross-key rules (CFG_CUSTOM for a key's own
 * parser, with the same table entry for its name, default and help).
 *
 * Two sections are not tables because their keys are not a fixed set a table could list:
 * claims.ini's [claim ID] builds keys from a statement's letter or a check's number
 * (value.a, where.a, check.N.rule ...), and report.ini's [baselines] takes a format's name
 * as each key; their readers check the shape of each key instead.
 */
#ifndef Q35_CONFIG_SCHEMA_H
#define Q35_CONFIG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    CFG_INT,    /* int; whole number in [min, max] */
    CFG_U64,    /* uint64_t; whole number in [min, max] */
    CFG_SIZE,   /* size_t; whole number in [min, max] */
    CFG_DOUBLE, /* double = written value x scale (scale 0: 1); number in [min, max] */
    CFG_BOOL,   /* bool; true or false */
    CFG_NAME,   /* char[size]; 1..size-1 of A-Z a-z 0-9 _ . - */
    CFG_TEXT,   /* char[size]; any text of at most size-1 characters (max 0: may be empty) */
    CFG_CHOICE, /* int (or an enum); index of the value in choices */
    CFG_CUSTOM, /* parse(target, value, ...) does it */
} cfg_type;

typedef struct cfg_key {
    const char *name;
    cfg_type type;
    size_t offset;              /* of the field in the target struct */
    size_t size;                /* CFG_NAME, CFG_TEXT: the field's size */
    double min, max;            /* numbers: accepted range, in the unit written */
    double scale;               /* CFG_DOUBLE: what one written unit is (e.g. 1e-3 for ms -> s) */
    bool whole;                 /* CFG_DOUBLE: only whole numbers */
    const char *const *choices; /* CFG_CHOICE: NULL-terminated */
    const char *def;            /* the default as written in a file; NULL: none (required or 0) */
    const char *help;           /* one line */
    int (*parse)(void *target, const char *value, char *why, size_t len); /* CFG_CUSTOM */
} cfg_key;

/* The entry of `name` in a {0}-terminated table, or NULL. */
const cfg_key *cfg_find(const cfg_key *keys, const char *name);
/* Sets key = value in target (a key of section `section`, for the message). 0, or -1 with
 * why: "unknown key 'k' in [section]; expected a, b or c" or what the value should be. */
int cfg_set(const cfg_key *keys, void *target, const char *section, const char *key,
            const char *value, char *why, size_t len);
/* Sets every key that has a default from its default text, through cfg_set: a default is
 * checked as a value in a file is. 0, or -1 with why (a table that contradicts itself). */
int cfg_defaults(const cfg_key *keys, void *target, char *why, size_t len);
/* "a, b or c": the table's key names, for messages. */
void cfg_key_names(const cfg_key *keys, char *out, size_t len);

#endif
