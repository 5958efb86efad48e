#include "registry.h"

#include <stdio.h>
#include <string.h>

#define KERNEL(name) extern const kernel kernel_##name;
#include "registry.def"
#undef KERNEL

static const kernel *const registry[] = {
#define KERNEL(name) &kernel_##name,
#include "registry.def"
#undef KERNEL
};

size_t kernel_count(void) { return sizeof registry / sizeof registry[0]; }

const kernel *kernel_at(size_t i) { return i < kernel_count() ? registry[i] : NULL; }

const kernel *kernel_find(const char *name) {
    for (size_t i = 0; i < kernel_count(); i++)
        if (strcmp(registry[i]->name, name) == 0) return registry[i];
    return NULL;
}

bool kernel_is_available(const kernel *k, char *why, size_t len) {
    uint64_t missing = k->cpu_features & ~cpu_features();
    if (!missing) return k->available ? k->available(why, len) : true;
    char names[256];
    cpu_features_format(missing, names, sizeof names);
    snprintf(why, len, "needs %s", names);
    return false;
}

const char *kernel_isa(const kernel *k) { return k->isa_path ? k->isa_path() : "c"; }

bool kernel_check_contract(const kernel *k, char *why, size_t len) {
    if (!k->name || !*k->name || strspn(k->name, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
                                     strlen(k->name)) {
        snprintf(why, len, "name must be non-empty [a-z0-9_]");
        return false;
    }
    if ((unsigned)k->format >= FORMAT_COUNT || !k->description || !*k->description) {
        snprintf(why, len, "%s: a format of formats/format_traits.h and a description are required", k->name);
        return false;
    }
    if (!k->pack || !k->run || !k->dequantize || !k->free || !k->cost) {
        snprintf(why, len, "%s: pack, run, dequantize, free and cost are required", k->name);
        return false;
    }
    if (!(k->gate_bound > 0.0)) {
        snprintf(why, len, "%s: gate_bound must be positive", k->name);
        return false;
    }
    return true;
}

bool kernel_is_reference(const kernel *k) { return k == &kernel_ref_f64; }

bool kernel_name_is_peer(const char *name) {
    const kernel *k = kernel_find(name);
    return k && k->peer;
}
