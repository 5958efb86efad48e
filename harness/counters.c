#include "counters.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void counters_format(const counter_values *v, char *buf, size_t len) {
    if (len == 0) return;
    if (!v->valid) {
        snprintf(buf, len, "n/a (%s)", v->note[0] ? v->note : "no counter provider");
        return;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < v->n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s=%lld;", v->event[i], v->value[i]);
    if (used < len) snprintf(buf + used, len - used, "calls=%llu", v->calls);
}

int counters_parse(const char *text, counter_values *out) {
    memset(out, 0, sizeof *out);
    if (strncmp(text, "n/a (", 5) == 0) {
        size_t n = strlen(text);
        if (n < 6 || text[n - 1] != ')') return -1;
        snprintf(out->note, sizeof out->note, "%.*s", (int)(n - 6), text + 5);
        return 0;
    }
    const char *p = text;
    bool have_calls = false;
    while (*p) {
        const char *eq = strchr(p, '=');
        if (!eq || eq == p || (size_t)(eq - p) >= COUNTERS_NAME_LEN) return -1;
        char name[COUNTERS_NAME_LEN];
        memcpy(name, p, (size_t)(eq - p));
        name[eq - p] = '\0';
        errno = 0;
        char *end;
        long long v = strtoll(eq + 1, &end, 10);
        if (end == eq + 1 || errno == ERANGE || (*end && *end != ';')) return -1;
        if (strcmp(name, "calls") == 0) {
            if (v < 0) return -1;
            out->calls = (unsigned long long)v;
            have_calls = true;
        } else {
            if (out->n == COUNTERS_MAX) return -1;
            snprintf(out->event[out->n], COUNTERS_NAME_LEN, "%s", name);
            out->value[out->n++] = v;
        }
        p = *end ? end + 1 : end;
    }
    if (!have_calls) return -1;
    out->valid = true;
    return 0;
}

long long counters_get(const counter_values *v, const char *event) {
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->event[i], event) == 0) return v->value[i];
    return -1;
}
