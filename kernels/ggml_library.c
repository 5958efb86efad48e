/* Finding, loading and checking llama.cpp's ggml CPU library; see kernels/ggml_library.h. */
#include "ggml_library.h"

#include <dirent.h>
#include <dlfcn.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ggml_package.h"

static ggml_library lib;
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

/* Where each entry point lives in gg_api, by name. */
typedef struct symbol {
    const char *name;
    size_t offset;
} symbol;

#define SYM(field, name) {name, offsetof(gg_api, field)}
static const symbol base_symbols[] = {
    SYM(version, "ggml_version"),
    SYM(commit, "ggml_commit"),
    SYM(log_set, "ggml_log_set"),
    SYM(get_type_traits, "ggml_get_type_traits"),
    SYM(row_size, "ggml_row_size"),
    SYM(quantize_init, "ggml_quantize_init"),
    SYM(quantize_requires_imatrix, "ggml_quantize_requires_imatrix"),
    SYM(quantize_chunk, "ggml_quantize_chunk"),
    SYM(init, "ggml_init"),
    SYM(free, "ggml_free"),
    SYM(tensor_overhead, "ggml_tensor_overhead"),
    SYM(graph_overhead, "ggml_graph_overhead"),
    SYM(new_tensor_2d, "ggml_new_tensor_2d"),
    SYM(mul_mat, "ggml_mul_mat"),
    SYM(new_graph, "ggml_new_graph"),
    SYM(build_forward_expand, "ggml_build_forward_expand"),
    SYM(cpu_buffer_from_ptr, "ggml_backend_cpu_buffer_from_ptr"),
    SYM(tensor_alloc, "ggml_backend_tensor_alloc"),
    SYM(alloc_ctx_tensors, "ggml_backend_alloc_ctx_tensors"),
    SYM(alloc_ctx_tensors_from_buft, "ggml_backend_alloc_ctx_tensors_from_buft"),
    SYM(buffer_free, "ggml_backend_buffer_free"),
    SYM(tensor_set, "ggml_backend_tensor_set"),
    SYM(tensor_get, "ggml_backend_tensor_get"),
    SYM(graph_compute, "ggml_backend_graph_compute"),
    SYM(backend_free, "ggml_backend_free"),
    SYM(reg_dev_get, "ggml_backend_reg_dev_get"),
    SYM(reg_get_proc_address, "ggml_backend_reg_get_proc_address"),
    SYM(dev_supports_op, "ggml_backend_dev_supports_op"),
    SYM(buft_name, "ggml_backend_buft_name"),
    SYM(threadpool_params_init, "ggml_threadpool_params_init"),
};
static const symbol cpu_symbols[] = {
    SYM(cpu_reg, "ggml_backend_cpu_reg"),
    SYM(cpu_init, "ggml_backend_cpu_init"),
    SYM(cpu_set_n_threads, "ggml_backend_cpu_set_n_threads"),
    SYM(cpu_set_threadpool, "ggml_backend_cpu_set_threadpool"),
    SYM(threadpool_new, "ggml_threadpool_new"),
    SYM(threadpool_free, "ggml_threadpool_free"),
    SYM(threadpool_pause, "ggml_threadpool_pause"),
    SYM(get_type_traits_cpu, "ggml_get_type_traits_cpu"),
};
#undef SYM

/* What q35bench expects of each type it uses: ggml's name, block, bytes per block and the
 * activation type of its dot products (-1: not a weight type here). */
typedef struct type_expect {
    int type;
    const char *name;
    int64_t block;
    size_t bytes;
    int act;
} type_expect;

static const type_expect expected_types[] = {
    {GG_TYPE_F32, "f32", 1, 4, GG_TYPE_F32},
    {GG_TYPE_F16, "f16", 1, 2, GG_TYPE_F16},
    {GG_TYPE_BF16, "bf16", 1, 2, GG_TYPE_BF16},
    {GG_TYPE_Q4_0, "q4_0", 32, 18, GG_TYPE_Q8_0},
    {GG_TYPE_Q8_0, "q8_0", 32, 34, GG_TYPE_Q8_0},
    {GG_TYPE_Q2_K, "q2_K", 256, 84, GG_TYPE_Q8_K},
    {GG_TYPE_Q3_K, "q3_K", 256, 110, GG_TYPE_Q8_K},
    {GG_TYPE_Q4_K, "q4_K", 256, 144, GG_TYPE_Q8_K},
    {GG_TYPE_Q5_K, "q5_K", 256, 176, GG_TYPE_Q8_K},
    {GG_TYPE_Q6_K, "q6_K", 256, 210, GG_TYPE_Q8_K},
    {GG_TYPE_Q8_K, "q8_K", 256, 292, -1},
    {GG_TYPE_IQ2_XXS, "iq2_xxs", 256, 66, GG_TYPE_Q8_K},
    {GG_TYPE_IQ2_XS, "iq2_xs", 256, 74, GG_TYPE_Q8_K},
    {GG_TYPE_IQ2_S, "iq2_s", 256, 82, GG_TYPE_Q8_K},
    {GG_TYPE_IQ1_S, "iq1_s", 256, 50, GG_TYPE_Q8_K},
    {GG_TYPE_IQ1_M, "iq1_m", 256, 56, GG_TYPE_Q8_K},
    {GG_TYPE_IQ3_XXS, "iq3_xxs", 256, 98, GG_TYPE_Q8_K},
    {GG_TYPE_IQ4_NL, "iq4_nl", 32, 18, GG_TYPE_Q8_0},
    {GG_TYPE_IQ3_S, "iq3_s", 256, 110, GG_TYPE_Q8_K},
    {GG_TYPE_IQ4_XS, "iq4_xs", 256, 136, GG_TYPE_Q8_K},
};

static const type_expect *expect_of(int type) {
    for (size_t i = 0; i < sizeof expected_types / sizeof expected_types[0]; i++)
        if (expected_types[i].type == type) return &expected_types[i];
    return NULL;
}

const char *ggml_type_expected_name(int type) {
    const type_expect *e = expect_of(type);
    return e ? e->name : NULL;
}

/* ggml logs to stderr unless told otherwise; the peers report through their own results. */
static void silent_log(int level, const char *text, void *user_data) {
    (void)level;
    (void)text;
    (void)user_data;
}

static bool resolve(void *handle, const symbol *syms, size_t n, const char *file, char *why,
                    size_t len) {
    for (size_t i = 0; i < n; i++) {
        void *p = dlsym(handle, syms[i].name);
        if (!p) {
            snprintf(why, len, "%.300s lacks %.300s (not the ggml API q35bench declares)", file,
                     syms[i].name);
            return false;
        }
        memcpy((char *)&lib.api + syms[i].offset, &p, sizeof p); /* object to function ptr */
    }
    return true;
}

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void default_dir(char *out, size_t len) {
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : "/";
    }
    if (xdg && *xdg) snprintf(out, len, "%s/q35bench/%s", xdg, GGML_PACKAGE_CACHE);
    else snprintf(out, len, "%s/.cache/q35bench/%s", home, GGML_PACKAGE_CACHE);
}

/* The pinned package is used only as setup left it: its INTEGRITY file names the pin. */
static bool package_verified(char *why, size_t len) {
    char path[1200], text[256] = "";
    snprintf(path, sizeof path, "%s/INTEGRITY", lib.dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, len, "%.300s has no INTEGRITY file: not installed by ./run.sh setup", lib.dir);
        return false;
    }
    size_t got = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[got] = '\0';
    text[strcspn(text, "\r\n")] = '\0';
    if (strcmp(text, GGML_PACKAGE_INTEGRITY) != 0) {
        snprintf(why, len, "%.300s holds another package than the pinned %.300s (INTEGRITY differs); "
                 "run ./run.sh setup", lib.dir, GGML_PACKAGE_SPEC);
        return false;
    }
    return true;
}

static bool version_supported(const char *v, char *why, size_t len) {
    int major, minor, patch;
    if (!v || sscanf(v, "%d.%d.%d", &major, &minor, &patch) != 3) {
        snprintf(why, len, "ggml_version() returned '%.300s', not MAJOR.MINOR.PATCH", v ? v : "NULL");
        return false;
    }
    if (major != 0 || minor < GGML_MIN_MINOR) {
        snprintf(why, len,
                 "ggml version %.300s is not supported: q35bench declares the API of ggml 0.%d.0 "
                 "and later 0.x releases",
                 v, GGML_MIN_MINOR);
        return false;
    }
    return true;
}

typedef struct cpu_choice {
    void *handle;
    int score;
    char variant[64];
    char path[1100];
    int candidates;
} cpu_choice;

/* Every libggml-cpu-*.so of the directory, scored by ggml_backend_score(); the best stays
 * loaded. A directory with a single libggml-cpu.so uses that. */
static bool choose_cpu(cpu_choice *best, char *why, size_t len) {
    const char *forced = getenv("Q35_GGML_CPU_VARIANT");
    memset(best, 0, sizeof *best);
    best->score = -1;
    if (forced && *forced) {
        snprintf(best->path, sizeof best->path, "%s/libggml-cpu-%s.so", lib.dir, forced);
        if (!is_file(best->path)) {
            snprintf(why, len, "Q35_GGML_CPU_VARIANT=%.300s: %.300s does not exist", forced, best->path);
            return false;
        }
        best->handle = dlopen(best->path, RTLD_NOW | RTLD_LOCAL);
        if (!best->handle) {
            snprintf(why, len, "cannot load %.300s: %.300s", best->path, dlerror());
            return false;
        }
        snprintf(best->variant, sizeof best->variant, "%s", forced);
        snprintf(lib.variant_choice, sizeof lib.variant_choice,
                 "Q35_GGML_CPU_VARIANT=%s (our choice, not ggml_backend_score)", forced);
        return true;
    }
    DIR *d = opendir(lib.dir);
    if (!d) {
        snprintf(why, len, "cannot read %.300s", lib.dir);
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "libggml-cpu-", 12) != 0 || n < 16 ||
            strcmp(e->d_name + n - 3, ".so") != 0 || n - 15 >= sizeof best->variant)
            continue;
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", lib.dir, e->d_name);
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!h) continue;
        best->candidates++;
        int (*score_fn)(void) = NULL;
        void *sym = dlsym(h, "ggml_backend_score");
        memcpy(&score_fn, &sym, sizeof sym);
        int score = score_fn ? score_fn() : 0;
        /* ties go to the name that sorts first, so the choice does not depend on readdir */
        char variant[64];
        snprintf(variant, sizeof variant, "%.*s", (int)(n - 15), e->d_name + 12);
        if (score > best->score ||
            (score == best->score && best->handle && strcmp(variant, best->variant) < 0)) {
            if (best->handle) dlclose(best->handle);
            best->handle = h;
            best->score = score;
            snprintf(best->variant, sizeof best->variant, "%s", variant);
            snprintf(best->path, sizeof best->path, "%s", path);
        } else {
            dlclose(h);
        }
    }
    closedir(d);
    if (best->handle && best->score > 0) {
        snprintf(lib.variant_choice, sizeof lib.variant_choice,
                 "ggml_backend_score() = %d, the highest of %d CPU variants", best->score,
                 best->candidates);
        return true;
    }
    if (best->handle) {
        dlclose(best->handle);
        snprintf(why, len, "none of the %d CPU variants in %.300s supports this CPU "
                 "(ggml_backend_score() = 0 for all)", best->candidates, lib.dir);
        return false;
    }
    snprintf(best->path, sizeof best->path, "%s/libggml-cpu.so", lib.dir);
    if (!is_file(best->path)) {
        snprintf(why, len, "%.300s has no CPU backend (libggml-cpu.so or libggml-cpu-*.so)", lib.dir);
        return false;
    }
    best->handle = dlopen(best->path, RTLD_NOW | RTLD_LOCAL);
    if (!best->handle) {
        snprintf(why, len, "cannot load %.300s: %.300s", best->path, dlerror());
        return false;
    }
    snprintf(best->variant, sizeof best->variant, "single");
    snprintf(lib.variant_choice, sizeof lib.variant_choice,
             "the directory's only CPU backend (libggml-cpu.so)");
    return true;
}

/* ggml_threadpool_params_init must write where gg_threadpool_params says; the struct is
 * given a large buffer so that a longer one in another version overwrites nothing. */
static bool threadpool_layout_ok(char *why, size_t len) {
    void *buf = calloc(1, 1 << 16);
    if (!buf) {
        snprintf(why, len, "out of memory");
        return false;
    }
    gg_threadpool_params *p = buf;
    lib.api.threadpool_params_init(p, 3);
    bool ok = p->n_threads == 3 && p->poll > 0 && p->poll <= 100 && !p->strict_cpu && !p->paused;
    free(buf);
    if (!ok)
        snprintf(why, len, "struct ggml_threadpool_params of ggml %.300s is not laid out as "
                 "kernels/ggml_api.h declares", lib.version);
    return ok;
}

static bool find_repack(void) {
    gg_reg *reg = lib.api.cpu_reg();
    lib.dev = reg ? lib.api.reg_dev_get(reg, 0) : NULL;
    if (!lib.dev) return false;
    gg_get_extra_bufts_fn get = NULL;
    void *sym = lib.api.reg_get_proc_address(reg, "ggml_backend_dev_get_extra_bufts");
    memcpy(&get, &sym, sizeof sym);
    if (!get) return true;
    for (gg_buft **b = get(lib.dev); b && *b; b++) {
        const char *name = lib.api.buft_name(*b);
        if (name && strcmp(name, "CPU_REPACK") == 0) {
            lib.repack_buft = *b;
            lib.has_repack = true;
        }
    }
    return true;
}

static bool type_lookup(const ggml_library *L, int type, ggml_type_info *out, char *why,
                        size_t len);

static bool load(char *why, size_t len) {
    const char *env = getenv("Q35_GGML_DIR");
    lib.user_build = env && *env;
    if (lib.user_build) snprintf(lib.dir, sizeof lib.dir, "%s", env);
    else default_dir(lib.dir, sizeof lib.dir);
    struct stat st;
    if (stat(lib.dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        if (lib.user_build)
            snprintf(why, len, "Q35_GGML_DIR=%.300s is not a directory", lib.dir);
        else
            snprintf(why, len, "llama.cpp's ggml library is not installed (%.300s does not exist): "
                     "run ./run.sh setup (fetches %.300s from the npm registry) or set Q35_GGML_DIR "
                     "to a llama.cpp build", lib.dir, GGML_PACKAGE_SPEC);
        return false;
    }
    if (!lib.user_build && !package_verified(why, len)) return false;
    char base[1100];
    snprintf(base, sizeof base, "%s/libggml-base.so", lib.dir);
    if (!is_file(base)) {
        snprintf(why, len, "%.300s has no libggml-base.so", lib.dir);
        return false;
    }
    void *h = dlopen(base, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(why, len, "cannot load %.300s: %.300s", base, dlerror());
        return false;
    }
    lib.base_handle = h;
    if (!resolve(h, base_symbols, sizeof base_symbols / sizeof base_symbols[0],
                 "libggml-base.so", why, len))
        return false;
    const char *v = lib.api.version();
    snprintf(lib.version, sizeof lib.version, "%s", v ? v : "");
    const char *c = lib.api.commit();
    snprintf(lib.commit, sizeof lib.commit, "%s", c ? c : "");
    if (!version_supported(v, why, len)) return false;
    lib.api.log_set(silent_log, NULL);
    cpu_choice cpu;
    if (!choose_cpu(&cpu, why, len)) return false;
    snprintf(lib.cpu_variant, sizeof lib.cpu_variant, "%s", cpu.variant);
    snprintf(lib.isa_plain, sizeof lib.isa_plain, "ggml-%s", cpu.variant);
    snprintf(lib.isa_repack, sizeof lib.isa_repack, "ggml-%s+repack", cpu.variant);
    snprintf(lib.cpu_lib, sizeof lib.cpu_lib, "%s", cpu.path);
    if (!resolve(cpu.handle, cpu_symbols, sizeof cpu_symbols / sizeof cpu_symbols[0],
                 cpu.path, why, len))
        return false;
    if (!threadpool_layout_ok(why, len)) return false;
    if (!find_repack()) {
        snprintf(why, len, "ggml's CPU backend registers no device");
        return false;
    }
    lib.ok = true; /* the type checks below use the library */
    ggml_type_info t;
    if (!type_lookup(&lib, GG_TYPE_F32, &t, why, len) ||
        !type_lookup(&lib, GG_TYPE_Q8_0, &t, why, len)) {
        lib.ok = false;
        return false;
    }
    if (lib.user_build)
        snprintf(lib.source, sizeof lib.source, "user build (Q35_GGML_DIR)");
    else
        snprintf(lib.source, sizeof lib.source, "pinned package %s (%.24s..., checked by "
                 "./run.sh setup)", GGML_PACKAGE_SPEC, GGML_PACKAGE_INTEGRITY);
    return true;
}

static void load_once(void) {
    if (!load(lib.why, sizeof lib.why)) lib.ok = false;
}

const ggml_library *ggml_library_get(void) {
    pthread_once(&lib_once, load_once);
    return &lib;
}

bool ggml_library_type(int type, ggml_type_info *out, char *why, size_t len) {
    return type_lookup(ggml_library_get(), type, out, why, len);
}

static bool type_lookup(const ggml_library *L, int type, ggml_type_info *out, char *why,
                        size_t len) {
    if (!L->ok) {
        snprintf(why, len, "%.300s", L->why);
        return false;
    }
    const type_expect *e = expect_of(type);
    if (!e) {
        snprintf(why, len, "ggml type %d is not one q35bench knows", type);
        return false;
    }
    memset(out, 0, sizeof *out);
    out->type = type;
    out->name = e->name;
    out->block = e->block;
    out->block_bytes = e->bytes;
    out->act_type = e->act;
    out->traits = L->api.get_type_traits(type);
    const gg_type_traits *t = out->traits;
    if (!t || !t->type_name || strcmp(t->type_name, e->name) != 0 || t->blck_size != e->block ||
        t->type_size != e->bytes || L->api.row_size(type, 8 * e->block) != 8 * e->bytes) {
        snprintf(why, len, "ggml %.300s: type %d is not %.300s with %lld weights in %zu bytes per block "
                 "(struct ggml_type_traits or enum ggml_type differs from kernels/ggml_api.h)",
                 L->version, type, e->name, (long long)e->block, e->bytes);
        return false;
    }
    out->needs_imatrix = L->api.quantize_requires_imatrix(type);
    if (e->act < 0) return true;
    out->cpu_traits = L->api.get_type_traits_cpu(type);
    if (!out->cpu_traits || out->cpu_traits->vec_dot_type != e->act) {
        snprintf(why, len, "ggml %.300s: %.300s does not multiply with %.300s activations "
                 "(struct ggml_type_traits_cpu differs from kernels/ggml_api.h)",
                 L->version, e->name, ggml_type_expected_name(e->act));
        return false;
    }
    const type_expect *a = expect_of(e->act);
    out->act_traits = L->api.get_type_traits(e->act);
    out->act_cpu_traits = L->api.get_type_traits_cpu(e->act);
    if (!a || !out->act_traits || !out->act_traits->type_name ||
        strcmp(out->act_traits->type_name, a->name) != 0 || out->act_traits->blck_size != a->block) {
        snprintf(why, len, "ggml %.300s: activation type %.300s is not as declared", L->version, a ? a->name : "?");
        return false;
    }
    out->act_to_float = out->act_traits->to_float;
    if (!out->act_to_float && e->act != GG_TYPE_F32) {
        char name[64];
        snprintf(name, sizeof name, "dequantize_row_%s", a->name);
        void *sym = dlsym(L->base_handle, name); /* looked up in ggml's handle only */
        memcpy(&out->act_to_float, &sym, sizeof sym);
        if (!sym) {
            snprintf(why, len, "ggml %.300s has no way to dequantize %.300s activations", L->version,
                     a->name);
            return false;
        }
    }
    return true;
}

double ggml_library_bpw(int type, size_t k) {
    ggml_type_info t;
    char why[16];
    if (k == 0 || !ggml_library_type(type, &t, why, sizeof why)) return 0;
    return (double)ggml_library_get()->api.row_size(type, (int64_t)k) * 8.0 / (double)k;
}

bool ggml_library_quantize(int type, const float *src, size_t rows, size_t k, void *dst,
                           int threads, char *why, size_t len) {
    ggml_type_info t;
    if (!ggml_library_type(type, &t, why, len)) return false;
    if (t.needs_imatrix) {
        snprintf(why, len, "ggml's %.300s quantizer requires an importance matrix", t.name);
        return false;
    }
    if (k % (size_t)t.block != 0) {
        snprintf(why, len, "K = %zu is not a multiple of %.300s's block of %lld weights", k, t.name,
                 (long long)t.block);
        return false;
    }
    const gg_api *api = &ggml_library_get()->api;
    if (type == GG_TYPE_F32) {
        memcpy(dst, src, rows * k * sizeof *src);
        return true;
    }
    api->quantize_init(type); /* its lookup tables, once, before the threads start */
    size_t chunk = 16;
    int64_t chunks = (int64_t)((rows + chunk - 1) / chunk);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads > 0 ? threads : 1)
    for (int64_t c = 0; c < chunks; c++) {
        size_t r0 = (size_t)c * chunk, nr = rows - r0 < chunk ? rows - r0 : chunk;
        api->quantize_chunk(type, src, dst, (int64_t)(r0 * k), (int64_t)nr, (int64_t)k, NULL);
    }
    return true;
}

void ggml_library_dequantize(const ggml_type_info *t, const void *src, size_t rows, size_t k,
                             float *dst) {
    const gg_api *api = &ggml_library_get()->api;
    size_t row_bytes = api->row_size(t->type, (int64_t)k);
    for (size_t r = 0; r < rows; r++) {
        const char *row = (const char *)src + r * row_bytes;
        if (t->type == GG_TYPE_F32) memcpy(dst + r * k, row, k * sizeof *dst);
        else t->traits->to_float(row, dst + r * k, (int64_t)k);
    }
}
