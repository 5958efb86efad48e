#include "device_config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/config_schema.h"
#include "base/config_values.h"
#include "base/ini_file.h"
#include "base/error.h"

const figure_spec device_figure_specs[] = {
    {"memory_gb", 1e-9, 1e6, true, "memory per device that holds the weights, GB (1e9 bytes)"},
    {"memory_gib", 1e-9, 1e6, false, "memory per device that holds the weights, GiB (2^30 bytes)"},
    {"bandwidth_gbps", 0.1, 1e8, true, "bandwidth of that memory per device, GB/s (1e9 B/s)"},
    {"cpu_bandwidth_gbps", 0.1, 1e8, true, "bandwidth the CPU cores alone reach, GB/s"},
    {"fp32_tflops", 1e-4, 1e6, true, "dense FP32 peak, TFLOP/s"},
    {"fp16_tflops", 1e-4, 1e6, true, "dense FP16/BF16 peak (tensor units where present), TFLOP/s"},
    {"int8_tops", 1e-4, 1e7, true, "dense INT8 peak, TOP/s"},
    {"power_w", 0.1, 1e5, false, "board or chip power, W"},
    {"link_gbps", 0.1, 1e8, false, "device-to-device bandwidth per device, GB/s"},
    {"host_link_gbps", 0.1, 1e8, false, "bandwidth between the device and host memory (PCIe), GB/s, one direction"},
    {"max_devices", 1, 1e7, false, "largest number of devices in one system"},
    {"cores", 1, 1e6, true, "cores"},
    {"clock_ghz", 0.01, 100, false, "clock, GHz"},
    {NULL, 0, 0, false, NULL},
};

typedef struct load_state {
    device_config *d;
    const char *path;
} load_state;

static int on_section(void *user, const char *section, int line, char *why, size_t len) {
    load_state *st = user;
    if (strcmp(section, "device") == 0) return 0;
    if (strcmp(section, "figures") == 0) {
        st->d->figs.section_line = line;
        return 0;
    }
    snprintf(why, len, "unknown section [%s]; expected [device] or [figures]", section);
    return -1;
}

static int parse_id(void *target, const char *value, char *why, size_t len) {
    device_config *d = target;
    return cv_id(value, d->id, sizeof d->id, why, len);
}

static const char *const device_kinds[] = {"cpu", "gpu", "lpu", "soc", NULL};
static const char *const memory_kinds[] = {"dram", "hbm", "gddr", "unified", "sram", NULL};

static int parse_kind(void *target, const char *value, char *why, size_t len) {
    device_config *d = target;
    if (cv_choice(value, device_kinds, why, len) < 0) return -1;
    snprintf(d->kind, sizeof d->kind, "%s", value);
    return 0;
}

static int parse_memory_kind(void *target, const char *value, char *why, size_t len) {
    device_config *d = target;
    if (cv_choice(value, memory_kinds, why, len) < 0) return -1;
    snprintf(d->memory_kind, sizeof d->memory_kind, "%s", value);
    return 0;
}

/* The [device] section; [figures] is device_figure_specs. */
static const cfg_key device_keys[] = {
    {"id", CFG_CUSTOM, .parse = parse_id, .help = "a-z 0-9 -, the file's name (required)"},
    {"name", CFG_TEXT, offsetof(device_config, name), sizeof ((device_config *)0)->name,
     .max = 1, .help = "the product's name (required)"},
    {"kind", CFG_CUSTOM, .parse = parse_kind, .help = "cpu, gpu, lpu or soc (required)"},
    {"memory_kind", CFG_CUSTOM, .parse = parse_memory_kind,
     .help = "dram, hbm, gddr, unified or sram (required)"},
    {"notes", CFG_TEXT, offsetof(device_config, notes), sizeof ((device_config *)0)->notes,
     .max = 1, .help = "one line"},
    {0},
};

static int on_entry(void *user, const char *section, const char *key, const char *value,
                    int line, char *why, size_t len) {
    load_state *st = user;
    device_config *d = st->d;
    if (strcmp(section, "figures") == 0) return figures_entry(&d->figs, key, value, line, why, len);
    if (strcmp(key, "id") == 0) d->id_line = line;
    return cfg_set(device_keys, d, "device", key, value, why, len);
}

static int finish(device_config *d, const char *label, int n_lines, char *err, size_t len) {
    const char *missing = !d->id[0] ? "id" : !d->name[0] ? "name" : !d->kind[0] ? "kind"
                        : !d->memory_kind[0] ? "memory_kind" : NULL;
    if (missing) {
        snprintf(err, len, "%s:%d: [device] needs '%s'", label, n_lines, missing);
        return Q35_ERR_INPUT;
    }
    if (figures_finish(&d->figs, label, err, len)) return Q35_ERR_INPUT;
    const figure *gb = figures_get(&d->figs, "memory_gb"), *gib = figures_get(&d->figs, "memory_gib");
    if (!gb == !gib) {
        snprintf(err, len, "%s:%d: [figures] needs exactly one of memory_gb and memory_gib%s",
                 label, gb ? gib->line : d->figs.section_line ? d->figs.section_line : n_lines,
                 gb ? " (both given)" : "");
        return Q35_ERR_INPUT;
    }
    if (!figures_get(&d->figs, "bandwidth_gbps")) {
        snprintf(err, len, "%s:%d: [figures] needs bandwidth_gbps (the memory bandwidth per device)",
                 label, d->figs.section_line ? d->figs.section_line : n_lines);
        return Q35_ERR_INPUT;
    }
    return 0;
}

int device_config_load_text(const char *text_, const char *label, device_config *d, char *err,
                            size_t len) {
    memset(d, 0, sizeof *d);
    snprintf(d->path, sizeof d->path, "%s", label);
    figures_init(&d->figs, device_figure_specs);
    load_state st = {d, label};
    ini_callbacks cb = {on_section, on_entry};
    int n_lines = 0;
    int ini_rc = ini_load_text(text_, label, &cb, &st, &n_lines, err, len);
    if (ini_rc) return ini_rc; /* bad input or out of memory */
    return finish(d, label, n_lines, err, len);
}

int device_config_load(const char *path, device_config *d, char *err, size_t len) {
    memset(d, 0, sizeof *d);
    snprintf(d->path, sizeof d->path, "%s", path);
    figures_init(&d->figs, device_figure_specs);
    load_state st = {d, path};
    ini_callbacks cb = {on_section, on_entry};
    int n_lines = 0;
    int ini_rc = ini_load_file(path, &cb, &st, &n_lines, err, len);
    if (ini_rc) return ini_rc; /* bad input or out of memory */
    return finish(d, path, n_lines, err, len);
}

double device_memory_bytes(const device_config *d) {
    double gb = figures_value(&d->figs, "memory_gb");
    if (isfinite(gb)) return gb * 1e9;
    double gib = figures_value(&d->figs, "memory_gib");
    return isfinite(gib) ? gib * 1073741824.0 : NAN;
}
