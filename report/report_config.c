#include "report_config.h"

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"

static int rc_section(void *user, const char *section, int line, char *why, size_t len) {
    (void)user;
    (void)line;
    static const char *const ok[] = {"baselines", "roofs", "order", NULL};
    return cv_choice(section, ok, why, len) < 0 ? -1 : 0;
}

static int set_list(rc_list *l, const char *v, char *why, size_t len) {
    cv_list items;
    if (cv_split(v, &items, why, len)) return -1;
    int rc = 0;
    l->n = 0;
    for (size_t i = 0; i < items.n && rc == 0; i++) {
        if (l->n == RC_MAX_ORDER) {
            snprintf(why, len, "at most %d names", RC_MAX_ORDER);
            rc = -1;
        } else {
            rc = cv_name(items.items[i], l->items[l->n++], sizeof l->items[0], why, len);
        }
    }
    cv_list_free(&items);
    return rc;
}

#define LIST_KEY(field)                                                                    \
    static int parse_##field(void *target, const char *value, char *why, size_t len) {     \
        return set_list(&((report_config *)target)->field, value, why, len);               \
    }
LIST_KEY(models)
LIST_KEY(formats)
LIST_KEY(devices)
LIST_KEY(schemes)
LIST_KEY(dists)

/* The [order] section. */
static const cfg_key order_keys[] = {
    {"models", CFG_CUSTOM, .parse = parse_models, .help = "model ids in the order shown"},
    {"formats", CFG_CUSTOM, .parse = parse_formats, .help = "formats in the order shown"},
    {"devices", CFG_CUSTOM, .parse = parse_devices, .help = "device ids in the order shown"},
    {"schemes", CFG_CUSTOM, .parse = parse_schemes, .help = "quality schemes in order"},
    {"dists", CFG_CUSTOM, .parse = parse_dists, .help = "weight distributions in order"},
    {"projection_model", CFG_NAME, offsetof(report_config, projection_model), 48,
     .help = "the model of the projection figure"},
    {"figure_shape", CFG_NAME, offsetof(report_config, figure_shape), 48,
     .help = "the shape of the kernel figures"},
    {"batch_shape", CFG_NAME, offsetof(report_config, batch_shape), 48,
     .help = "the shape of the batch figure"},
    {0},
};

static const char *const memory_roofs[] = {"copy", "scale", "add", "triad", "read", NULL};

/* The [roofs] section: the memory roof only; a format's compute roof is not configured. */
static const cfg_key roof_keys[] = {
    {"memory", CFG_CHOICE, offsetof(report_config, memory_kind), .choices = memory_roofs,
     .def = "read", .help = "the STREAM kernel drawn as the memory roof"},
    {0},
};

static int rc_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    (void)line;
    report_config *rc = user;
    if (strcmp(section, "order") == 0) return cfg_set(order_keys, rc, "order", key, value, why, len);
    if (strcmp(section, "roofs") == 0) {
        if (cfg_set(roof_keys, rc, "roofs", key, value, why, len) == 0) {
            snprintf(rc->memory_roof, sizeof rc->memory_roof, "%s",
                     memory_roofs[rc->memory_kind]);
            return 0;
        }
        size_t used = strlen(why);
        if (!cfg_find(roof_keys, key) && used < len)
            snprintf(why + used, len - used, " (a format's compute roof is its compute kind in "
                                             "formats/format_traits.h)");
        return -1;
    }
    rc_pair *pairs = rc->baselines;
    size_t *n = &rc->n_baselines;
    if (*n == RC_MAX_PAIRS) return snprintf(why, len, "too many entries"), -1;
    if (cv_name(key, pairs[*n].key, sizeof pairs[*n].key, why, len) ||
        cv_name(value, pairs[*n].value, sizeof pairs[*n].value, why, len))
        return -1;
    (*n)++;
    return 0;
}

int report_config_load(const char *path, report_config *rc, char *err, size_t len) {
    memset(rc, 0, sizeof *rc);
    if (cfg_defaults(roof_keys, rc, err, len)) return Q35_ERR_INPUT;
    snprintf(rc->memory_roof, sizeof rc->memory_roof, "%s", memory_roofs[rc->memory_kind]);
    ini_callbacks cb = {rc_section, rc_entry};
    int lines;
    return ini_load_file(path, &cb, rc, &lines, err, len) ? Q35_ERR_INPUT : Q35_OK;
}

static const char *lookup(const rc_pair *p, size_t n, const char *key) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].key, key) == 0) return p[i].value;
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].key, "default") == 0) return p[i].value;
    return "";
}

const char *rc_baseline(const report_config *rc, const char *format) {
    return lookup(rc->baselines, rc->n_baselines, format);
}

int rc_rank(const rc_list *l, const char *name) {
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i], name) == 0) return (int)i;
    return RC_MAX_ORDER;
}

static const rc_list *sort_list;
static int cmp_ranked(const void *a, const void *b) {
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int rx = rc_rank(sort_list, x), ry = rc_rank(sort_list, y);
    if (rx != ry) return rx - ry;
    return strcmp(x, y);
}

void rc_sort(const rc_list *l, char **names, size_t n) {
    sort_list = l;
    if (n) qsort(names, n, sizeof *names, cmp_ranked);
}
