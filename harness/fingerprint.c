#include "fingerprint.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "base/build_info.h"
#include "kernels/cpu_features.h"
#include "kernels/ggml_library.h"
#include "kernels/registry.h"
#include "base/system_info.h"

static void add_string_or_null(cJSON *obj, const char *key, const char *value) {
    if (value && *value) cJSON_AddStringToObject(obj, key, value);
    else cJSON_AddNullToObject(obj, key);
}

static cJSON *cpu_object(void) {
    cJSON *cpu = cJSON_CreateObject();
    char buf[16384];
    system_cpuinfo_field("model name", buf, sizeof buf);
    add_string_or_null(cpu, "model", buf);
    system_cpuinfo_field("vendor_id", buf, sizeof buf);
    add_string_or_null(cpu, "vendor", buf);
    system_cpuinfo_field("cpu MHz", buf, sizeof buf);
    cJSON_AddNumberToObject(cpu, "mhz", buf[0] ? atof(buf) : 0.0);
    cJSON_AddStringToObject(cpu, "arch", cpu_arch_name());
    cJSON_AddNumberToObject(cpu, "online_cpus", system_online_cpus());
    system_cpuinfo_field("flags", buf, sizeof buf);
    add_string_or_null(cpu, "flags", buf);

    char names[512];
    cpu_features_format(cpu_features_detected(), names, sizeof names);
    cJSON_AddStringToObject(cpu, "features_detected", names);
    cpu_features_format(cpu_features(), names, sizeof names);
    cJSON_AddStringToObject(cpu, "features_enabled", names);
    const char *off = getenv("Q35_DISABLE_CPU_FEATURES");
    add_string_or_null(cpu, "features_disabled_by_env", off);

    cpu_caches caches;
    cpu_cache_sizes(&caches);
    cJSON *c = cJSON_AddObjectToObject(cpu, "caches");
    cJSON_AddNumberToObject(c, "l1d_bytes", (double)caches.l1d);
    cJSON_AddNumberToObject(c, "l2_bytes", (double)caches.l2);
    cJSON_AddNumberToObject(c, "l3_bytes", (double)caches.l3);
    cJSON_AddStringToObject(c, "source", "CPUID deterministic cache parameters (0 = not reported)");

    system_read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof buf);
    add_string_or_null(cpu, "scaling_governor", buf);
    return cpu;
}

static cJSON *vm_object(void) {
    cJSON *vm = cJSON_CreateObject();
    char flags[16384], vendor[256], product[256];
    system_cpuinfo_field("flags", flags, sizeof flags);
    bool hypervisor = strstr(flags, " hypervisor") != NULL;
    system_read_line("/sys/class/dmi/id/sys_vendor", vendor, sizeof vendor);
    system_read_line("/sys/class/dmi/id/product_name", product, sizeof product);
    cJSON_AddBoolToObject(vm, "is_vm", hypervisor);
    cJSON_AddStringToObject(vm, "evidence",
                            hypervisor ? "cpuinfo flag 'hypervisor'" : "no 'hypervisor' flag");
    add_string_or_null(vm, "dmi_sys_vendor", vendor);
    add_string_or_null(vm, "dmi_product_name", product);
    return vm;
}

static cJSON *os_object(void) {
    cJSON *os = cJSON_CreateObject();
    struct utsname u;
    if (uname(&u) == 0) {
        cJSON_AddStringToObject(os, "sysname", u.sysname);
        cJSON_AddStringToObject(os, "kernel_release", u.release);
        cJSON_AddStringToObject(os, "kernel_version", u.version);
        cJSON_AddStringToObject(os, "machine", u.machine);
    }
    char pretty[256];
    system_os_release("PRETTY_NAME", pretty, sizeof pretty);
    add_string_or_null(os, "distribution", pretty);
    return os;
}

static cJSON *kernels_array(void) {
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < kernel_count(); i++) {
        const kernel *k = kernel_at(i);
        cJSON *o = cJSON_CreateObject();
        char why[1024] = "";
        bool available = kernel_is_available(k, why, sizeof why);
        cJSON_AddStringToObject(o, "name", k->name);
        cJSON_AddStringToObject(o, "format", format_name(k->format));
        cJSON_AddBoolToObject(o, "available", available);
        cJSON_AddStringToObject(o, "isa_path", available ? kernel_isa(k) : "none");
        if (!available) cJSON_AddStringToObject(o, "unavailable_because", why);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* The llama.cpp library the peer kernels ran on (kernels/ggml_library.h), or why none. */
static cJSON *ggml_object(void) {
    const ggml_library *L = ggml_library_get();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "loaded", L->ok);
    cJSON_AddStringToObject(o, "directory", L->dir);
    cJSON_AddStringToObject(o, "source", L->ok ? L->source
                                               : (L->user_build ? "user build (Q35_GGML_DIR)"
                                                                : "pinned package (not loaded)"));
    if (!L->ok) {
        cJSON_AddStringToObject(o, "unavailable_because", L->why);
        return o;
    }
    cJSON_AddStringToObject(o, "ggml_version", L->version);
    cJSON_AddStringToObject(o, "ggml_commit", L->commit);
    cJSON_AddStringToObject(o, "commit_note", "ggml_commit() is the packager's build commit");
    cJSON_AddStringToObject(o, "cpu_variant", L->cpu_variant);
    cJSON_AddStringToObject(o, "cpu_library", L->cpu_lib);
    cJSON_AddStringToObject(o, "cpu_variant_chosen_by", L->variant_choice);
    cJSON_AddBoolToObject(o, "cpu_repack_buffer", L->has_repack);
    return o;
}

static cJSON *env_object(void) {
    static const char *const vars[] = {
        "OMP_NUM_THREADS", "OMP_PROC_BIND",        "OMP_PLACES",
        "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",       "OPENBLAS_NUM_THREADS",
        "OPENBLAS_CORETYPE", "Q35_DISABLE_CPU_FEATURES", "Q35_PAPI", "Q35_HUGEPAGES",
        "Q35_GGML_DIR", "Q35_GGML_CPU_VARIANT", NULL};
    cJSON *env = cJSON_CreateObject();
    for (int i = 0; vars[i]; i++) add_string_or_null(env, vars[i], getenv(vars[i]));
    return env;
}

cJSON *fingerprint_collect(const timer_info *ti) {
    cJSON *fp = cJSON_CreateObject();
    char host[256];
    system_hostname(host, sizeof host);
    cJSON_AddStringToObject(fp, "host", host);
    cJSON_AddItemToObject(fp, "cpu", cpu_object());
    cJSON *mem = cJSON_AddObjectToObject(fp, "memory");
    cJSON_AddNumberToObject(mem, "total_bytes", system_memory_total_bytes());
    cJSON_AddNumberToObject(mem, "available_bytes_at_start", system_memory_available_bytes());
    cJSON_AddItemToObject(fp, "os", os_object());
    cJSON_AddItemToObject(fp, "vm", vm_object());

    cJSON *build = cJSON_AddObjectToObject(fp, "build");
    cJSON_AddStringToObject(build, "compiler", build_compiler());
    cJSON_AddStringToObject(build, "cflags", build_cflags());
    cJSON_AddStringToObject(build, "git_revision", build_git_rev());
    cJSON_AddBoolToObject(build, "git_dirty", build_git_dirty());
#ifdef _OPENMP
    cJSON_AddNumberToObject(build, "openmp", _OPENMP);
#else
    cJSON_AddNullToObject(build, "openmp");
#endif

    cJSON *blas = cJSON_AddObjectToObject(fp, "openblas");
    cJSON_AddStringToObject(blas, "config", openblas_get_config());
    cJSON_AddStringToObject(blas, "core", openblas_get_corename());
    cJSON_AddNumberToObject(blas, "threads_at_start", openblas_get_num_threads());
    cJSON_AddNumberToObject(blas, "procs", openblas_get_num_procs());
    cJSON_AddStringToObject(blas, "parallel",
                            openblas_get_parallel() == 0   ? "sequential"
                            : openblas_get_parallel() == 1 ? "pthreads"
                                                           : "openmp");
    cJSON_AddStringToObject(blas, "threads_per_case",
                            "set to each case's thread count by the BLAS kernels (see params)");

    cJSON *timer = cJSON_AddObjectToObject(fp, "timer");
    cJSON_AddStringToObject(timer, "clock", timer_wall_clock_name());
    cJSON_AddNumberToObject(timer, "reported_resolution_ns", ti->reported_resolution_ns);
    cJSON_AddNumberToObject(timer, "measured_resolution_ns", ti->measured_resolution_ns);
    cJSON_AddNumberToObject(timer, "read_overhead_ns", ti->read_overhead_ns);
    cJSON_AddStringToObject(timer, "cpu_clock", "CLOCK_PROCESS_CPUTIME_ID");

    double load[3] = {0, 0, 0};
    int got = getloadavg(load, 3);
    cJSON *la = cJSON_AddArrayToObject(fp, "load_avg");
    for (int i = 0; i < 3; i++) cJSON_AddItemToArray(la, cJSON_CreateNumber(got > i ? load[i] : -1));

    cJSON_AddItemToObject(fp, "environment", env_object());
    cJSON_AddItemToObject(fp, "kernels", kernels_array());
    cJSON_AddItemToObject(fp, "ggml", ggml_object());
    return fp;
}

void fingerprint_print_summary(FILE *out, const cJSON *fp) {
    const cJSON *cpu = cJSON_GetObjectItemCaseSensitive(fp, "cpu");
    const cJSON *blas = cJSON_GetObjectItemCaseSensitive(fp, "openblas");
    const cJSON *vm = cJSON_GetObjectItemCaseSensitive(fp, "vm");
    const cJSON *la = cJSON_GetObjectItemCaseSensitive(fp, "load_avg");
    const char *model = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cpu, "model"));
    int cpus = cJSON_GetObjectItemCaseSensitive(cpu, "online_cpus")->valueint;
    fprintf(out, "host: %s, %s, %d CPUs%s\n",
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(fp, "host")),
            model ? model : "unknown CPU", cpus,
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(vm, "is_vm")) ? " (VM)" : "");
    fprintf(out, "cpu features: %s\n",
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cpu, "features_enabled")));
    fprintf(out, "openblas: %s\n",
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(blas, "config")));
    const cJSON *gg = cJSON_GetObjectItemCaseSensitive(fp, "ggml");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gg, "loaded")))
        fprintf(out, "llama.cpp peers: ggml %s, CPU variant %s, %s\n",
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(gg, "ggml_version")),
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(gg, "cpu_variant")),
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(gg, "source")));
    else if (gg)
        fprintf(out, "llama.cpp peers: unavailable: %s\n",
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(gg, "unavailable_because")));
    double load1 = cJSON_GetArrayItem(la, 0)->valuedouble;
    if (load1 > 0.5 * cpus)
        fprintf(out, "warning: load average %.2f on %d CPUs; timings will be noisy\n", load1,
                cpus);
    const char *gov = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cpu, "scaling_governor"));
    if (gov && strcmp(gov, "performance") != 0)
        fprintf(out, "warning: CPU frequency scaling governor is '%s'; timings may vary\n", gov);
}
