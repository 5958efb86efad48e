#include "rundir.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/sha256.h"
#include "base/text_buf.h"
#include "base/system_info.h"
#include "timer.h"


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
        /* the id's hash: the salt, the time, the process and the attempt */
        char hex[SHA256_HEX_LEN + 1], both[160];
        char salt_hex[SHA256_HEX_LEN + 1];
        if (sha256_data(salt ? salt : "", salt ? strlen(salt) : 0, salt_hex)) {
            snprintf(err, len, "SHA-256 failed (libcrypto)");
            return -1;
        }
        snprintf(both, sizeof both, "%s:%s", salt_hex, seed);
        if (sha256_data(both, strlen(both), hex)) {
            snprintf(err, len, "SHA-256 failed (libcrypto)");
            return -1;
        }
        snprintf(rd->id, sizeof rd->id, "%s-%.64s-%.8s", stamp, host, hex);
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

/* Whether COMPLETE exists: 0 no, 1 a regular file, -1 something else (a symlink, a FIFO:
 * never read, the run is corrupt). */
static int marker_state(const char *run, char *why, size_t len) {
    char marker[1100];
    snprintf(marker, sizeof marker, "%s/%s", run, RUNDIR_MARKER);
    struct stat st;
    if (lstat(marker, &st) != 0) return 0;
    if (S_ISREG(st.st_mode)) return 1;
    snprintf(why, len, "%.480s is not a regular file (a symlink, FIFO or device); the run is corrupt",
             marker);
    return -1;
}

int rundir_open(const char *path, run_dir *rd, char *err, size_t len) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, len, "%s: not a run directory", path);
        return -1;
    }
    int sealed = marker_state(path, err, len);
    if (sealed < 0) return -1;
    if (sealed) {
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

/* Sorted names of the files of a run being written: every entry but the marker,
 * temporaries, dot files and directories, which must be a regular file (no symlink, FIFO or
 * device is part of a run). NULL with the reason in err. */
static char **list_files(const char *path, size_t *count, char *err, size_t len) {
    *count = 0;
    DIR *d = opendir(path);
    if (!d) {
        snprintf(err, len, "%s: cannot list files: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 16;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    bool bad = !names;
    if (bad) snprintf(err, len, "out of memory");
    while (!bad && (e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, RUNDIR_MARKER) == 0 ||
            is_temporary(e->d_name))
            continue;
        char full[1400];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (lstat(full, &st) != 0) continue; /* removed meanwhile */
        if (S_ISDIR(st.st_mode)) continue;
        if (!S_ISREG(st.st_mode)) {
            snprintf(err, len, "%s is not a regular file (a symlink, FIFO or device); a run "
                     "holds regular files only", full);
            bad = true;
            break;
        }
        if (*count == cap) {
            char **grown = realloc(names, (cap *= 2) * sizeof *names);
            if (!grown) {
                snprintf(err, len, "out of memory");
                bad = true;
                break;
            }
            names = grown;
        }
        if (!(names[*count] = strdup(e->d_name))) {
            snprintf(err, len, "out of memory");
            bad = true;
            break;
        }
        (*count)++;
    }
    closedir(d);
    if (bad) {
        for (size_t i = 0; names && i < *count; i++) free(names[i]);
        free(names);
        *count = 0;
        return NULL;
    }
    qsort(names, *count, sizeof *names, cmp_str);
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

/* A name sha256sum writes as is (it escapes backslashes and newlines; we have none). */
static bool plain_name(const char *name) { return !strpbrk(name, "\\\n/"); }

int rundir_seal(const run_dir *rd, char *err, size_t len) {
    return rundir_seal_failed(rd, NULL, 0, err, len);
}

int rundir_seal_failed(const run_dir *rd, const char *const *failures, size_t n_failures,
                       char *err, size_t len) {
    size_t n;
    char **names = list_files(rd->path, &n, err, len);
    if (!names) return -1;
    if (n == 0) {
        snprintf(err, len, "%s: no files to seal; a run holds at least one result", rd->path);
        free(names);
        return -1;
    }
    text_buf b = {0};
    tb_printf(&b, "# q35bench run %s is complete: the SHA-256 of every file; check it in this "
                  "directory with: sha256sum -c COMPLETE\n", rd->id);
    for (size_t i = 0; i < n_failures; i++) { /* one line each: no line break inside */
        char one[512];
        snprintf(one, sizeof one, "%s", failures[i]);
        for (char *p = one; *p; p++)
            if (*p == '\n' || *p == '\r') *p = ' ';
        tb_printf(&b, "%s%s\n", RUNDIR_FAILED_PREFIX, one);
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char full[1400], hex[SHA256_HEX_LEN + 1];
        snprintf(full, sizeof full, "%s/%s", rd->path, names[i]);
        if (!plain_name(names[i]) || strlen(names[i]) >= sizeof ((rundir_entry *)0)->name) {
            snprintf(err, len, "%s: a file name with a backslash or newline, or longer than 255 "
                     "characters, cannot be sealed", full);
            rc = -1;
        } else if (sha256_file(full, hex, NULL, err, len)) {
            rc = -1;
        } else {
            tb_printf(&b, "%s  %s\n", hex, names[i]);
        }
    }
    char *text = tb_take(&b);
    if (rc == 0 && !text) {
        snprintf(err, len, "out of memory");
        rc = -1;
    }
    if (rc == 0) rc = rundir_write(rd, RUNDIR_MARKER, text, strlen(text), err, len);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(text);
    return rc;
}

int rundir_files(const char *path, char ***names, size_t *n, char *err, size_t len) {
    *names = NULL;
    *n = 0;
    int sealed = marker_state(path, err, len);
    if (sealed < 0) return -1;
    if (!sealed) {
        *names = list_files(path, n, err, len);
        return *names ? 0 : -1;
    }
    rundir_manifest m;
    if (rundir_manifest_read(path, &m, err, len)) return -1;
    *names = calloc(m.n + 1, sizeof **names);
    for (size_t i = 0; *names && i < m.n; i++)
        if (((*names)[i] = strdup(m.files[i].name))) (*n)++;
    size_t listed = m.n;
    rundir_manifest_free(&m);
    if (!*names || *n != listed) {
        rundir_files_free(*names, *n);
        *names = NULL;
        *n = 0;
        snprintf(err, len, "out of memory");
        return -1;
    }
    return 0;
}

void rundir_files_free(char **names, size_t n) {
    for (size_t i = 0; names && i < n; i++) free(names[i]);
    free(names);
}

void rundir_manifest_free(rundir_manifest *m) {
    free(m->files);
    free(m->failed);
    memset(m, 0, sizeof *m);
}

static bool is_hex64(const char *s) {
    for (int i = 0; i < SHA256_HEX_LEN; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

int rundir_manifest_read(const char *path, rundir_manifest *m, char *err, size_t len) {
    memset(m, 0, sizeof *m);
    char marker[1100], why[512];
    snprintf(marker, sizeof marker, "%s/%s", path, RUNDIR_MARKER);
    char *text = read_whole_file(marker, 16u << 20, NULL, why, sizeof why);
    if (!text) {
        snprintf(err, len, "%s", why);
        return -1;
    }
    size_t lines = 1;
    for (const char *p = text; *p; p++) lines += *p == '\n';
    m->files = calloc(lines, sizeof *m->files);
    int rc = m->files ? 0 : -1;
    if (rc) snprintf(err, len, "out of memory");
    char *line = text;
    for (int no = 1; rc == 0 && *line; no++) {
        char *nl = strchr(line, '\n');
        if (!nl) {
            snprintf(err, len, "%s:%d: the last line does not end with a newline (truncated?)", marker, no);
            rc = -1;
            break;
        }
        *nl = '\0';
        if (strncmp(line, RUNDIR_FAILED_PREFIX, strlen(RUNDIR_FAILED_PREFIX)) == 0) {
            const char *why = line + strlen(RUNDIR_FAILED_PREFIX);
            size_t have = m->failed ? strlen(m->failed) : 0, add = strlen(why);
            char *grown = realloc(m->failed, have + add + 3);
            if (!grown) {
                snprintf(err, len, "out of memory");
                rc = -1;
                break;
            }
            m->failed = grown;
            snprintf(m->failed + have, add + 3, "%s%s", have ? "; " : "", why);
        } else if (line[0] != '#') {
            size_t l = strlen(line);
            rundir_entry *e = &m->files[m->n];
            if (strchr(line, '\t')) {
                snprintf(err, len, "%s:%d: a manifest of an older q35bench (sizes and FNV-1a "
                         "hashes); seal the run again to check it", marker, no);
                rc = -1;
            } else if (l < SHA256_HEX_LEN + 3 || !is_hex64(line) || line[SHA256_HEX_LEN] != ' ' ||
                       (line[SHA256_HEX_LEN + 1] != ' ' && line[SHA256_HEX_LEN + 1] != '*') ||
                       !plain_name(line + SHA256_HEX_LEN + 2) ||
                       l - SHA256_HEX_LEN - 2 >= sizeof e->name) {
                snprintf(err, len, "%s:%d: expected a SHA-256 in lower-case hex, two spaces and a "
                         "file name of the run (sha256sum's format)", marker, no);
                rc = -1;
            } else {
                memcpy(e->sha256, line, SHA256_HEX_LEN);
                e->sha256[SHA256_HEX_LEN] = '\0';
                snprintf(e->name, sizeof e->name, "%s", line + SHA256_HEX_LEN + 2);
                e->line = no;
                m->n++;
            }
        }
        line = nl + 1;
    }
    if (rc == 0 && m->n == 0) {
        snprintf(err, len, "%s lists no files", marker);
        rc = -1;
    }
    free(text);
    if (rc) rundir_manifest_free(m);
    return rc;
}

static bool listed_in(const rundir_manifest *m, const char *name) {
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->files[i].name, name) == 0) return true;
    return false;
}

/* A file in the directory that COMPLETE does not list: nothing reads it, and a run that
 * holds one is not the run that was sealed. */
static bool unlisted_file(const char *path, const rundir_manifest *m, char *why, size_t len) {
    DIR *d = opendir(path);
    if (!d) return false;
    struct dirent *e;
    bool found = false;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, RUNDIR_MARKER) == 0 ||
            is_temporary(e->d_name) || listed_in(m, e->d_name))
            continue;
        char full[1400];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (lstat(full, &st) != 0 || S_ISDIR(st.st_mode)) continue;
        snprintf(why, len, "%s: not listed in %s (added after the run was sealed)", full,
                 RUNDIR_MARKER);
        found = true;
    }
    closedir(d);
    return found;
}

rundir_state rundir_verify(const char *path, char *why, size_t len) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(why, len, "%s: no such run directory", path);
        return RUNDIR_MISSING;
    }
    int sealed = marker_state(path, why, len);
    if (sealed < 0) return RUNDIR_CORRUPT;
    if (!sealed) {
        snprintf(why, len, "%s: incomplete run (no %s marker: interrupted or still running)",
                 path, RUNDIR_MARKER);
        return RUNDIR_INCOMPLETE;
    }
    rundir_manifest m;
    if (rundir_manifest_read(path, &m, why, len)) return RUNDIR_CORRUPT;
    rundir_state state = RUNDIR_COMPLETE;
    for (size_t i = 0; i < m.n && state == RUNDIR_COMPLETE; i++) {
        char full[1400], hex[SHA256_HEX_LEN + 1], err[600];
        snprintf(full, sizeof full, "%s/%s", path, m.files[i].name);
        unsigned long long bytes;
        struct stat fs;
        if (lstat(full, &fs) == 0 && !S_ISREG(fs.st_mode)) {
            snprintf(why, len, "%s: listed in %s but not a regular file (a symlink, FIFO or "
                     "device)", full, RUNDIR_MARKER);
            state = RUNDIR_CORRUPT;
        } else if (sha256_file(full, hex, &bytes, err, sizeof err)) {
            snprintf(why, len, "%s: listed in %s but unreadable: %s", full, RUNDIR_MARKER, err);
            state = RUNDIR_CORRUPT;
        } else if (strcmp(hex, m.files[i].sha256) != 0) {
            snprintf(why, len, "%s: its SHA-256 differs from the one in %s (altered or truncated; "
                     "%llu bytes now)", full, RUNDIR_MARKER, bytes);
            state = RUNDIR_CORRUPT;
        }
    }
    if (state == RUNDIR_COMPLETE && unlisted_file(path, &m, why, len)) state = RUNDIR_CORRUPT;
    rundir_manifest_free(&m);
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
        struct stat st;
        if (lstat(marker, &st) == 0 && S_ISREG(st.st_mode))
            snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (!best[0]) return -1;
    snprintf(out, len, "%s/%s", root, best);
    return 0;
}

int rundir_failure(const char *path, char *why, size_t len) {
    rundir_manifest m;
    char err[600];
    if (marker_state(path, err, sizeof err) != 1 || rundir_manifest_read(path, &m, err, sizeof err))
        return 0;
    int failed = m.failed != NULL;
    if (failed) snprintf(why, len, "%s", m.failed);
    rundir_manifest_free(&m);
    return failed;
}
