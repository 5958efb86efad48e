#include "config_schema.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config_values.h"

const cfg_key *cfg_find(const cfg_key *keys, const char *name) {
    for (const cfg_key *k = keys; k->name; k++)
        if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

void cfg_key_names(const cfg_key *keys, char *out, size_t len) {
    size_t n = 0, used = 0;
    while (keys[n].name) n++;
    if (len) out[0] = '\0';
    for (size_t i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(out + used, len - used, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                                 keys[i].name);
}

/* A whole number in [min, max] (min >= 0: the integer fields are counts and sizes). */
static int whole(const cfg_key *k, const char *value, uint64_t *out, char *why, size_t len) {
    uint64_t max = k->max >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)k->max;
    return cv_u64(value, (uint64_t)k->min, max, out, why, len);
}

static int set_value(const cfg_key *k, void *target, const char *value, char *why, size_t len) {
    char *field = (char *)target + k->offset;
    uint64_t u;
    double d;
    int c;
    switch (k->type) {
    case CFG_INT:
        if (whole(k, value, &u, why, len)) return -1;
        *(int *)(void *)field = (int)u;
        return 0;
    case CFG_U64:
        if (whole(k, value, &u, why, len)) return -1;
        *(uint64_t *)(void *)field = u;
        return 0;
    case CFG_SIZE:
        if (whole(k, value, &u, why, len)) return -1;
        *(size_t *)(void *)field = (size_t)u;
        return 0;
    case CFG_DOUBLE:
        if (cv_double(value, k->min, k->max, &d, why, len)) return -1;
        if (k->whole && d != floor(d)) {
            snprintf(why, len, "expected a whole number from %g to %g, got '%s'", k->min, k->max,
                     value);
            return -1;
        }
        *(double *)(void *)field = d * (k->scale != 0 ? k->scale : 1.0);
        return 0;
    case CFG_BOOL: {
        static const char *const tf[] = {"false", "true", NULL};
        if ((c = cv_choice(value, tf, why, len)) < 0) return -1;
        *(bool *)(void *)field = c == 1;
        return 0;
    }
    case CFG_NAME:
        return cv_name(value, field, k->size, why, len);
    case CFG_TEXT:
        if (strlen(value) >= k->size || (!*value && k->max > 0)) {
            snprintf(why, len, "expected text of %s%zu characters, got %zu",
                     k->max > 0 ? "1 to " : "at most ", k->size - 1, strlen(value));
            return -1;
        }
        memcpy(field, value, strlen(value) + 1);
        return 0;
    case CFG_CHOICE:
        if ((c = cv_choice(value, k->choices, why, len)) < 0) return -1;
        *(int *)(void *)field = c;
        return 0;
    case CFG_CUSTOM:
        return k->parse(target, value, why, len);
    }
    snprintf(why, len, "key '%s' has no type", k->name);
    return -1;
}

int cfg_set(const cfg_key *keys, void *target, const char *section, const char *key,
            const char *value, char *why, size_t len) {
    const cfg_key *k = cfg_find(keys, key);
    if (!k) {
        char names[1024];
        cfg_key_names(keys, names, sizeof names);
        snprintf(why, len, "unknown key '%.100s' in [%.100s]; expected %s", key, section, names);
        return -1;
    }
    return set_value(k, target, value, why, len);
}

int cfg_defaults(const cfg_key *keys, void *target, char *why, size_t len) {
    for (const cfg_key *k = keys; k->name; k++) {
        if (!k->def) continue;
        char inner[512];
        if (set_value(k, target, k->def, inner, sizeof inner)) {
            snprintf(why, len, "default of '%s': %s", k->name, inner);
            return -1;
        }
    }
    return 0;
}
