#include "rundir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/system_info.h"
#include "timer.h"

#define MAX_RESULT_FILE (1u << 30)

unsigned long long rundir_hash(const void *data, size_t len) {
    unsigned long long h = 0xcbf29ce484222325ull;
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

int rundir_mkdir_parents(const char *path, char *err, size_t len) {
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
            snprintf(err, len, "%s: cannot create directory: %s", tmp, strerror(errno));
            return -1;
        }
        *p = '/';
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
        snprintf(err, len, "%s: cannot create directory: %s", tmp, strerror(errno));
        return -1;
    }
    return 0;
}

int rundir_create(const char *root, const char *salt, run_dir *rd, char *err, size_t len) {
    if (rundir_mkdir_parents(root, err, len)) return -1;
    char host[128];
    system_hostname(host, sizeof host);
    for (char *p = host; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            *p = '-';
    for (int attempt = 0; attempt < 100; attempt++) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
        char seed[64];
        snprintf(seed, sizeof seed, "%llu:%ld:%d", (unsigned long long)timer_wall_ns(),
                 (long)getpid(), attempt);
        unsigned long long h = rundir_hash(salt ? salt : "", salt ? strlen(salt) : 0) ^
                               rundir_hash(seed, strlen(seed));
        snprintf(rd->id, sizeof rd->id, "%s-%.64s-%08llx", stamp, host, h & 0xffffffffull);
        snprintf(rd->path, sizeof rd->path, "%s/%s", root, rd->id);
        if (mkdir(rd->path, 0755) == 0) return 0;
        if (errno != EEXIST) {
            snprintf(err, len, "%s: cannot create directory: %s", rd->path, strerror(errno));
            return -1;
        }
    }
    snprintf(err, len, "%s: could not find a free run id", root);
    return -1;
}

int rundir_open(const char *path, run_dir *rd, char *err, size_t len) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, len, "%s: not a run directory", path);
        return -1;
    }
    char marker[1100];
    snprintf(marker, sizeof marker, "%s/%s", path, RUNDIR_MARKER);
    if (access(marker, F_OK) == 0) {
        snprintf(err, len, "%s: run is already sealed (COMPLETE exists); start a new run", path);
        return -1;
    }
    snprintf(rd->path, sizeof rd->path, "%s", path);
    const char *slash = strrchr(path, '/');
    snprintf(rd->id, sizeof rd->id, "%s", slash && slash[1] ? slash + 1 : path);
    return 0;
}

int rundir_write(const run_dir *rd, const char *name, const char *data, size_t size, char *err,
                 size_t len) {
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", rd->path, name);
    return atomic_write(path, data, size, err, len);
}

static int is_temporary(const char *name) { return strstr(name, ".tmp.") != NULL; }

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the regular files in a directory (excluding the marker and temporaries). */
static char **list_files(const char *path, size_t *count) {
    *count = 0;
    DIR *d = opendir(path);
    if (!d) return NULL;
    size_t cap = 16;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, RUNDIR_MARKER) == 0 ||
            is_temporary(e->d_name))
            continue;
        char full[1400];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (*count == cap) {
            char **grown = realloc(names, (cap *= 2) * sizeof *names);
            if (!grown) break;
            names = grown;
        }
        names[(*count)++] = strdup(e->d_name);
    }
    closedir(d);
    if (names) qsort(names, *count, sizeof *names, cmp_str);
    return names;
}

int rundir_write_text(const run_dir *rd, const char *name, char *text) {
    char err[1400];
    if (!text) {
        fprintf(stderr, "q35bench: out of memory while rendering %s\n", name);
        return -1;
    }
    int rc = rundir_write(rd, name, text, strlen(text), err, sizeof err);
    if (rc) fprintf(stderr, "q35bench: %s\n", err);
    free(text);
    return rc;
}

int rundir_seal(const run_dir *rd, char *err, size_t len) {
    size_t n;
    char **names = list_files(rd->path, &n);
    if (!names) {
        snprintf(err, len, "%s: cannot list files", rd->path);
        return -1;
    }
    size_t cap = 256 + n * 320, used = 0;
    char *text = malloc(cap);
    int rc = text ? 0 : -1;
    if (text)
        used += (size_t)snprintf(text, cap, "# q35bench run %s is complete\n# file\tbytes\tfnv1a64\n",
                                 rd->id);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char full[1400];
        snprintf(full, sizeof full, "%s/%s", rd->path, names[i]);
        size_t size;
        char *data = read_whole_file(full, MAX_RESULT_FILE, &size, err, len);
        if (!data) {
            rc = -1;
            break;
        }
        used += (size_t)snprintf(text + used, cap - used, "%.250s\t%zu\t%016llx\n", names[i],
                                 size, rundir_hash(data, size));
        free(data);
    }
    if (rc == 0) rc = rundir_write(rd, RUNDIR_MARKER, text, used, err, len);
    else if (!text) snprintf(err, len, "out of memory");
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(text);
    return rc;
}

rundir_state rundir_verify(const char *path, char *why, size_t len) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(why, len, "%s: no such run directory", path);
        return RUNDIR_MISSING;
    }
    char marker[1100], err[512];
    snprintf(marker, sizeof marker, "%s/%s", path, RUNDIR_MARKER);
    char *text = read_whole_file(marker, 1u << 20, NULL, err, sizeof err);
    if (!text) {
        snprintf(why, len, "%s: incomplete run (no %s marker: interrupted or still running)",
                 path, RUNDIR_MARKER);
        return RUNDIR_INCOMPLETE;
    }
    rundir_state state = RUNDIR_COMPLETE;
    int line_no = 0, files = 0;
    for (char *line = strtok(text, "\n"); line && state == RUNDIR_COMPLETE;
         line = strtok(NULL, "\n")) {
        line_no++;
        if (line[0] == '#') continue;
        char name[256];
        size_t size;
        unsigned long long hash;
        if (sscanf(line, "%255[^\t]\t%zu\t%llx", name, &size, &hash) != 3) {
            snprintf(why, len, "%s/%s:%d: expected 'file<TAB>bytes<TAB>hash'", path,
                     RUNDIR_MARKER, line_no);
            state = RUNDIR_CORRUPT;
            break;
        }
        files++;
        char full[1400];
        snprintf(full, sizeof full, "%s/%s", path, name);
        size_t got;
        char *data = read_whole_file(full, MAX_RESULT_FILE, &got, err, sizeof err);
        if (!data) {
            snprintf(why, len, "%s: listed in %s but unreadable: %s", full, RUNDIR_MARKER, err);
            state = RUNDIR_CORRUPT;
        } else if (got != size) {
            snprintf(why, len, "%s: %zu bytes, %s recorded %zu (truncated or altered)", full, got,
                     RUNDIR_MARKER, size);
            state = RUNDIR_CORRUPT;
        } else if (rundir_hash(data, got) != hash) {
            snprintf(why, len, "%s: contents differ from the hash in %s (altered)", full,
                     RUNDIR_MARKER);
            state = RUNDIR_CORRUPT;
        }
        free(data);
    }
    if (state == RUNDIR_COMPLETE && files == 0) {
        snprintf(why, len, "%s/%s lists no files", path, RUNDIR_MARKER);
        state = RUNDIR_CORRUPT;
    }
    free(text);
    return state;
}

int rundir_latest_complete(const char *root, char *out, size_t len) {
    DIR *d = opendir(root);
    if (!d) return -1;
    char best[256] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, best) <= 0) continue;
        char full[1400], marker[1500];
        snprintf(full, sizeof full, "%s/%s", root, e->d_name);
        snprintf(marker, sizeof marker, "%s/%s", full, RUNDIR_MARKER);
        if (access(marker, F_OK) == 0) snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (!best[0]) return -1;
    snprintf(out, len, "%s/%s", root, best);
    return 0;
}
