#include "config_values.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

int cv_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out, char *why, size_t len) {
    const char *p = s;
    while (isspace((unsigned char)*p)) p++;
    if (!isdigit((unsigned char)*p)) {
        snprintf(why, len, "expected an integer from %llu to %llu, got '%s'",
                 (unsigned long long)min, (unsigned long long)max, s);
        return -1;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(p, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    if (*end || errno == ERANGE || v < min || v > max) {
        snprintf(why, len, "expected an integer from %llu to %llu, got '%s'",
                 (unsigned long long)min, (unsigned long long)max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cv_double(const char *s, double min, double max, double *out, char *why, size_t len) {
    double v;
    if (number_parse(s, &v) || v < min || v > max) {
        snprintf(why, len, "expected a number from %g to %g, got '%s'", min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cv_name(const char *s, char *out, size_t max_len, char *why, size_t len) {
    size_t n = strlen(s);
    if (n == 0 || n >= max_len ||
        strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != n) {
        snprintf(why, len, "expected a name of 1 to %zu characters from A-Z a-z 0-9 _ . -, got '%s'",
                 max_len - 1, s);
        return -1;
    }
    memcpy(out, s, n + 1);
    return 0;
}

int cv_id(const char *s, char *out, size_t max_len, char *why, size_t len) {
    size_t n = strlen(s);
    if (n == 0 || n >= max_len || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != n) {
        snprintf(why, len, "'id' must be 1 to %zu characters from a-z 0-9 -, got '%.100s'",
                 max_len - 1, s);
        return -1;
    }
    memcpy(out, s, n + 1);
    return 0;
}

int cv_shape(const char *s, size_t *n, size_t *k, char *why, size_t len) {
    const char *x = strpbrk(s, "xX");
    char a[32], b[32];
    uint64_t nv, kv;
    char tmp[160];
    if (!x || (size_t)(x - s) >= sizeof a || strlen(x + 1) >= sizeof b) goto bad;
    memcpy(a, s, (size_t)(x - s));
    a[x - s] = '\0';
    snprintf(b, sizeof b, "%s", x + 1);
    if (cv_u64(a, 1, (UINT64_C(1) << 31) - 1, &nv, tmp, sizeof tmp) ||
        cv_u64(b, 1, (UINT64_C(1) << 31) - 1, &kv, tmp, sizeof tmp))
        goto bad;
    if (nv * kv >= (UINT64_C(1) << 36)) {
        snprintf(why, len,
                 "shape '%s' has %llu weights; at most 2^36 (256 GiB as FP32) are supported", s,
                 (unsigned long long)(nv * kv));
        return -1;
    }
    *n = (size_t)nv;
    *k = (size_t)kv;
    return 0;
bad:
    snprintf(why, len,
             "expected a shape 'N x K' of two positive integers below 2^31 such as 28672x8192, "
             "got '%s'",
             s);
    return -1;
}

void cv_list_free(cv_list *l) {
    for (size_t i = 0; i < l->n; i++) free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

int cv_split(const char *s, cv_list *out, char *why, size_t len) {
    out->items = NULL;
    out->n = 0;
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == ',';
    out->items = calloc(cap, sizeof *out->items);
    if (!out->items) {
        snprintf(why, len, "out of memory");
        return -1;
    }
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        const char *b = p, *e = end;
        while (b < e && isspace((unsigned char)*b)) b++;
        while (e > b && isspace((unsigned char)e[-1])) e--;
        if (b == e) {
            snprintf(why, len, "expected a comma-separated list without empty items, got '%s'", s);
            cv_list_free(out);
            return -1;
        }
        char *item = malloc((size_t)(e - b) + 1);
        if (!item) {
            snprintf(why, len, "out of memory");
            cv_list_free(out);
            return -1;
        }
        memcpy(item, b, (size_t)(e - b));
        item[e - b] = '\0';
        out->items[out->n++] = item;
        if (!comma) break;
        p = comma + 1;
    }
    return 0;
}

int cv_choice(const char *s, const char *const *choices, char *why, size_t len) {
    for (int i = 0; choices[i]; i++)
        if (strcmp(s, choices[i]) == 0) return i;
    size_t used = (size_t)snprintf(why, len, "expected one of");
    for (int i = 0; choices[i] && used < len; i++)
        used += (size_t)snprintf(why + used, len - used, "%s '%s'", i ? "," : "", choices[i]);
    if (used < len) snprintf(why + used, len - used, ", got '%s'", s);
    return -1;
}
