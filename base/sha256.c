#include "sha256.h"

#include "atomic_file.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#define BLOCK (1u << 16)

static void to_hex(const unsigned char *md, unsigned n, char *hex) {
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], unsigned long long *bytes,
                char *err, size_t len) {
    FILE *f = open_regular_file(path, false, err, len);
    if (!f) return -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    unsigned long long total = 0;
    unsigned char buf[BLOCK];
    size_t got;
    while (ok && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        ok = EVP_DigestUpdate(ctx, buf, got) == 1;
        total += got;
    }
    int read_error = ferror(f);
    fclose(f);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned md_len = 0;
    ok = ok && !read_error && EVP_DigestFinal_ex(ctx, md, &md_len) == 1 && md_len == 32;
    EVP_MD_CTX_free(ctx);
    if (!ok) {
        snprintf(err, len, "%s: %s", path, read_error ? "read error" : "SHA-256 failed (libcrypto)");
        return -1;
    }
    to_hex(md, md_len, hex);
    if (bytes) *bytes = total;
    return 0;
}

int sha256_data(const void *data, size_t n, char hex[SHA256_HEX_LEN + 1]) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned md_len = 0;
    if (EVP_Digest(data, n, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32) return -1;
    to_hex(md, md_len, hex);
    return 0;
}
