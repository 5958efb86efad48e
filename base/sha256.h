/*
 * SHA-256 of files and strings through OpenSSL's libcrypto EVP interface (Debian's
 * libssl-dev), read in blocks: a file is never loaded whole. The run directories' COMPLETE
 * manifest (harness/rundir.h) lists every file's SHA-256 in sha256sum's format.
 */
#ifndef Q35_SHA256_H
#define Q35_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* hex (65 bytes) receives the lower-case digest of the file, *bytes (may be NULL) its size.
 * Returns 0, or -1 with "path: reason" in err. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], unsigned long long *bytes,
                char *err, size_t len);
/* The digest of len bytes of data; 0, or -1 when libcrypto fails. */
int sha256_data(const void *data, size_t n, char hex[SHA256_HEX_LEN + 1]);

#endif
