#include "fleet_config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "base/error.h"

typedef struct load_state {
    fleet_config *fc;
    fleet_target *current; /* the [target NAME] being read, NULL in [fleet] */
} load_state;

/* Every character of s is in allowed (or, with allowed NULL, printable and no space). */
static bool only_chars(const char *s, const char *allowed) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (allowed ? !strchr(allowed, *p) : (*p <= ' ' || *p == 0x7f)) return false;
    }
    return true;
}

static bool printable(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < ' ' || *p == 0x7f) return false;
    return true;
}

#define DIGITS "0123456789"
#define NAME_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" DIGITS "_.-"

static int on_section(void *user, const char *section, int line, char *why, size_t len) {
    load_state *st = user;
    if (strcmp(section, "fleet") == 0) {
        st->current = NULL;
        return 0;
    }
    if (strncmp(section, "target", 6) == 0 && (section[6] == ' ' || section[6] == '\t')) {
        const char *name = section + 6;
        while (*name == ' ' || *name == '\t') name++;
        fleet_config *fc = st->fc;
        if (fc->n_targets == FLEET_MAX_TARGETS) {
            snprintf(why, len, "at most %d targets in one fleet (one report compares at most "
                               "that many machines)", FLEET_MAX_TARGETS);
            return -1;
        }
        fleet_target *t = &fc->targets[fc->n_targets];
        memset(t, 0, sizeof *t);
        if (cv_name(name, t->name, sizeof t->name, why, len)) return -1;
        t->line = line;
        fc->n_targets++;
        st->current = t;
        return 0;
    }
    snprintf(why, len, "unknown section [%s]; expected [fleet] or [target NAME]", section);
    return -1;
}

static int set_text(char *out, size_t size, const char *value, const char *what, char *why,
                    size_t len) {
    if (strlen(value) >= size) {
        snprintf(why, len, "%s is longer than %zu characters", what, size - 1);
        return -1;
    }
    snprintf(out, size, "%s", value);
    return 0;
}

static int parse_partition(void *target, const char *value, char *why, size_t len) {
    fleet_target *t = target;
    if (!value[0] || !only_chars(value, NAME_CHARS)) {
        snprintf(why, len, "expected a partition name (letters, digits, '_', '.', '-'), "
                           "got '%.200s'", value);
        return -1;
    }
    return set_text(t->partition, sizeof t->partition, value, "the partition", why, len);
}

static int parse_nodelist(void *target, const char *value, char *why, size_t len) {
    fleet_target *t = target;
    if (!value[0] || !only_chars(value, NAME_CHARS ",[]")) {
        snprintf(why, len, "expected a Slurm node list such as node07 or node[07-08], "
                           "got '%.200s'", value);
        return -1;
    }
    return set_text(t->nodelist, sizeof t->nodelist, value, "the node list", why, len);
}

static int parse_constraint(void *target, const char *value, char *why, size_t len) {
    fleet_target *t = target;
    if (!value[0] || !only_chars(value, NULL) || strchr(value, '\'') || strchr(value, '"')) {
        snprintf(why, len, "expected a Slurm constraint such as zen4 or 'avx512&ib' "
                           "(no spaces or quotes), got '%.200s'", value);
        return -1;
    }
    return set_text(t->constraint, sizeof t->constraint, value, "the constraint", why, len);
}

/* A [target NAME] section: one or more ways to select its machines. */
static const cfg_key target_keys[] = {
    {"partition", CFG_CUSTOM, .parse = parse_partition, .help = "a Slurm partition"},
    {"nodelist", CFG_CUSTOM, .parse = parse_nodelist, .help = "Slurm nodes, e.g. node[07-08]"},
    {"constraint", CFG_CUSTOM, .parse = parse_constraint, .help = "a Slurm feature constraint"},
    {0},
};

static int target_entry(fleet_target *t, const char *key, const char *value, char *why,
                        size_t len) {
    char section[80];
    snprintf(section, sizeof section, "target %s", t->name);
    return cfg_set(target_keys, t, section, key, value, why, len);
}

/* Checks one [fleet] value; returns 0 or -1 with what was expected in why. A list of
 * steps is rewritten in place as "a,b,c" (value holds 1024 bytes). */
static int check_option(int k, char *value, char *why, size_t len) {
    static const char *const modes[] = {"quick", "full", NULL};
    static const char *const builds[] = {"family", "node", NULL};
    if (!value[0]) return 0; /* not given: the default, or no such sbatch option */
    switch (k) {
    case FLEET_MODE: return cv_choice(value, modes, why, len) < 0 ? -1 : 0;
    case FLEET_BUILD: return cv_choice(value, builds, why, len) < 0 ? -1 : 0;
    case FLEET_STEPS: {
        cv_list items;
        if (cv_split(value, &items, why, len)) return -1;
        int rc = 0;
        size_t used = 0;
        for (size_t i = 0; i < items.n && rc == 0; i++) {
            if (!only_chars(items.items[i], "abcdefghijklmnopqrstuvwxyz_")) {
                snprintf(why, len, "expected step names of ./run.sh all (bench, roofline, ...), "
                                   "got '%s'", items.items[i]);
                rc = -1;
            } else {
                used += (size_t)snprintf(value + used, 1024 - used, "%s%s", i ? "," : "",
                                         items.items[i]);
            }
        }
        cv_list_free(&items);
        return rc;
    }
    case FLEET_TIME:
        if (only_chars(value, DIGITS ":-")) return 0;
        snprintf(why, len, "expected a Slurm time limit (minutes, MM:SS, HH:MM:SS or "
                           "D-HH:MM:SS), got '%s'", value);
        return -1;
    case FLEET_ACCOUNT:
    case FLEET_QOS:
    case FLEET_NAME:
        if (only_chars(value, NAME_CHARS)) return 0;
        snprintf(why, len, "expected a name (letters, digits, '_', '.', '-'), got '%s'", value);
        return -1;
    case FLEET_JOB:
        if (only_chars(value, DIGITS)) return 0;
        snprintf(why, len, "expected the numeric Slurm job id, got '%s'", value);
        return -1;
    case FLEET_SBATCH:
        if (!printable(value) || strchr(value, '\'') || strchr(value, '"') || value[0] != '-') {
            snprintf(why, len, "expected sbatch options separated by spaces, such as "
                               "--mem=8G --mail-type=END (no quotes), got '%s'", value);
            return -1;
        }
        return 0;
    default: /* paths and the submission time */
        if (printable(value)) return 0;
        snprintf(why, len, "expected text without control characters");
        return -1;
    }
}

/* Copies one [fleet] option into the fleet_config (target) and checks it. */
static int set_option(void *target, int k, const char *value, char *why, size_t len) {
    fleet_option *o = &((fleet_config *)target)->options[k];
    if (set_text(o->value, sizeof o->value, value, o->key, why, len)) return -1;
    return check_option(k, o->value, why, len);
}

#define OPTION(name, k)                                                                    \
    static int parse_##name(void *target, const char *value, char *why, size_t len) {      \
        return set_option(target, k, value, why, len);                                     \
    }
OPTION(mode, FLEET_MODE)
OPTION(suite, FLEET_SUITE)
OPTION(steps, FLEET_STEPS)
OPTION(build, FLEET_BUILD)
OPTION(build_root, FLEET_BUILD_ROOT)
OPTION(results, FLEET_RESULTS)
OPTION(time, FLEET_TIME)
OPTION(account, FLEET_ACCOUNT)
OPTION(qos, FLEET_QOS)
OPTION(sbatch, FLEET_SBATCH)
OPTION(job, FLEET_JOB)
OPTION(name, FLEET_NAME)
OPTION(submitted, FLEET_SUBMITTED)
OPTION(root, FLEET_ROOT)

/* The [fleet] section, in the order of fleet_config.h's enum (fleet_keys[k] is option k).
 * Options are kept as checked text (fleet_option), so every key is CFG_CUSTOM; a default
 * fills an option left empty once the file is read. */
static const cfg_key fleet_keys[] = {
    [FLEET_MODE] = {"mode", CFG_CUSTOM, .parse = parse_mode, .def = "quick",
                    .help = "quick or full"},
    [FLEET_SUITE] = {"suite", CFG_CUSTOM, .parse = parse_suite,
                     .help = "bench config of every task (default: the mode's own)"},
    [FLEET_STEPS] = {"steps", CFG_CUSTOM, .parse = parse_steps,
                     .help = "steps of ./run.sh all (default: all of them)"},
    [FLEET_BUILD] = {"build", CFG_CUSTOM, .parse = parse_build, .def = "family",
                     .help = "family or node"},
    [FLEET_BUILD_ROOT] = {"build_root", CFG_CUSTOM, .parse = parse_build_root,
                          .def = "build-fleet", .help = "where the per-family builds live"},
    [FLEET_RESULTS] = {"results", CFG_CUSTOM, .parse = parse_results, .def = "results",
                       .help = "results root shared by every node"},
    [FLEET_TIME] = {"time", CFG_CUSTOM, .parse = parse_time, .help = "sbatch --time"},
    [FLEET_ACCOUNT] = {"account", CFG_CUSTOM, .parse = parse_account, .help = "sbatch --account"},
    [FLEET_QOS] = {"qos", CFG_CUSTOM, .parse = parse_qos, .help = "sbatch --qos"},
    [FLEET_SBATCH] = {"sbatch", CFG_CUSTOM, .parse = parse_sbatch,
                      .help = "further sbatch options"},
    [FLEET_JOB] = {"job", CFG_CUSTOM, .parse = parse_job, .help = "manifest: the array job id"},
    [FLEET_NAME] = {"name", CFG_CUSTOM, .parse = parse_name, .help = "manifest: the fleet's id"},
    [FLEET_SUBMITTED] = {"submitted", CFG_CUSTOM, .parse = parse_submitted,
                         .help = "manifest: UTC time of submission"},
    [FLEET_ROOT] = {"root", CFG_CUSTOM, .parse = parse_root,
                    .help = "manifest: the source tree the tasks run"},
    [FLEET_N_OPTIONS] = {0},
};

static int on_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    (void)section;
    load_state *st = user;
    if (st->current) return target_entry(st->current, key, value, why, len);
    if (cfg_set(fleet_keys, st->fc, "fleet", key, value, why, len)) {
        size_t used = strlen(why);
        if (!cfg_find(fleet_keys, key) && used < len)
            snprintf(why + used, len - used, " (job, name, submitted and root: in a fleet "
                                             "manifest)");
        return -1;
    }
    st->fc->options[cfg_find(fleet_keys, key) - fleet_keys].line = line;
    return 0;
}

int fleet_config_load(const char *path, fleet_config *fc, char *err, size_t len) {
    memset(fc, 0, sizeof *fc);
    for (int k = 0; k < FLEET_N_OPTIONS; k++) fc->options[k].key = fleet_keys[k].name;
    load_state st = {.fc = fc};
    const ini_callbacks cb = {on_section, on_entry};
    int n_lines = 0;
    int ini_rc = ini_load_file(path, &cb, &st, &n_lines, err, len);
    if (ini_rc) return ini_rc; /* bad input or out of memory */
    for (size_t i = 0; i < fc->n_targets; i++) {
        const fleet_target *t = &fc->targets[i];
        if (!t->partition[0] && !t->nodelist[0] && !t->constraint[0]) {
            snprintf(err, len, "%s:%d: [target %s] selects no machines; expected partition, "
                               "nodelist or constraint", path, t->line, t->name);
            return Q35_ERR_INPUT;
        }
    }
    for (int k = 0; k < FLEET_N_OPTIONS; k++) {
        const cfg_key *key = &fleet_keys[k];
        char why[256];
        if (fc->options[k].value[0] || !key->def) continue;
        if (cfg_set(fleet_keys, fc, "fleet", key->name, key->def, why, sizeof why)) {
            snprintf(err, len, "%s: default of '%s': %s", path, key->name, why);
            return Q35_ERR_INPUT;
        }
    }
    return 0;
}
