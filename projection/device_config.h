/*
 * Device configs (configs/devices/NAME.ini): what the projection model needs to know about a
 * device, every figure with its source (projection/figures.h).
 *
 *   [device]   id (a-z 0-9 -), name, kind (cpu|gpu|lpu|soc), memory_kind
 *              (dram|hbm|gddr|unified|sram), notes (optional)
 *   [figures]  memory_gb or memory_gib (the memory that holds the weights, per device),
 *              bandwidth_gbps (that memory's bandwidth, per device), and optionally
 *              cpu_bandwidth_gbps, fp32_tflops, fp16_tflops, int8_tops, power_w, link_gbps,
 *              host_link_gbps, max_devices, cores, clock_ghz
 */
#ifndef Q35_DEVICE_CONFIG_H
#define Q35_DEVICE_CONFIG_H

#include "figures.h"

typedef struct device_config {
    char path[512];
    char id[64], name[128], kind[16], memory_kind[16], notes[FIGURE_TEXT_LEN];
    int id_line;
    figure_set figs;
} device_config;

extern const figure_spec device_figure_specs[];

/* Returns 0 (Q35_OK), or Q35_ERR_INPUT (base/error.h) with "path:line: ..." in err. */
int device_config_load(const char *path, device_config *d, char *err, size_t len);
int device_config_load_text(const char *text, const char *label, device_config *d, char *err,
                            size_t len);

/* Memory per device in bytes (from memory_gb or memory_gib). */
double device_memory_bytes(const device_config *d);

#endif
