/* Fuzz target: every config loader that reads user input, through base/ini_file.c. The
 * first byte picks the loader (so one target reaches them all); the rest is the file. */
#include "fuzz_input.h"

#include "audit/claims.h"
#include "decode/decode_config.h"
#include "fleet/fleet_config.h"
#include "harness/config.h"
#include "projection/device_config.h"
#include "projection/model_config.h"
#include "quality/qconfig.h"
#include "quality/qrefs.h"
#include "report/report_config.h"

enum { SUITE, QUALITY, QREFS, DEVICE, MODEL, REPORT, REFERENCES, CLAIMS, DECODE, FLEET,
       N_LOADERS };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int which = data[0] % N_LOADERS;
    char path[64], err[2048];
    int fd = fuzz_input_file(data + 1, size - 1, path, sizeof path);
    if (fd < 0) return 0;
    switch (which) {
    case SUITE: {
        suite_config c;
        if (config_load(path, &c, err, sizeof err) == 0) config_free(&c);
        break;
    }
    case QUALITY: {
        quality_config *c = calloc(1, sizeof *c);
        if (c) qconfig_load(path, c, err, sizeof err);
        free(c);
        break;
    }
    case QREFS: {
        qref_set *c = calloc(1, sizeof *c);
        if (c) qrefs_load(path, c, err, sizeof err);
        free(c);
        break;
    }
    case DEVICE: {
        device_config *c = calloc(1, sizeof *c);
        if (c) device_config_load(path, c, err, sizeof err);
        free(c);
        break;
    }
    case MODEL: {
        model_config *c = calloc(1, sizeof *c);
        if (c) model_config_load(path, c, err, sizeof err);
        free(c);
        break;
    }
    case REPORT: {
        report_config *c = calloc(1, sizeof *c);
        if (c) report_config_load(path, c, err, sizeof err);
        free(c);
        break;
    }
    case REFERENCES: {
        references r;
        if (references_load(path, &r, err, sizeof err) == 0) references_free(&r);
        break;
    }
    case CLAIMS: { /* against the fixture's references, which the seeds of claims name */
        references r;
        if (references_load("tests/data/fixture.references.ini", &r, err, sizeof err) != 0) abort();
        claims_registry reg;
        if (claims_load(path, &r, &reg, err, sizeof err) == 0) claims_free(&reg);
        references_free(&r);
        break;
    }
    case DECODE: {
        decode_config *c = calloc(1, sizeof *c);
        if (c) decode_config_load(path, c, err, sizeof err);
        free(c);
        break;
    }
    case FLEET: {
        fleet_config *c = calloc(1, sizeof *c);
        if (c) fleet_config_load(path, c, err, sizeof err);
        free(c);
        break;
    }
    }
    close(fd);
    return 0;
}
