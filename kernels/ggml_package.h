/*
 * The pinned llama.cpp CPU library: the npm package that ./run.sh setup fetches with
 * `npm pack` (no install script runs), checks against this sha512 integrity and unpacks,
 * ggml's libraries only, into ${XDG_CACHE_HOME:-$HOME/.cache}/q35bench/GGML_PACKAGE_CACHE.
 * scripts/ggml_setup.sh reads these lines; this is the one place they are written.
 * Package facts (2026-12-05): MIT licence; ggml 0.25.1, llama.cpp release tag v0.5.0 per its
 * build metadata; libggml-base.so plus 14 CPU variants libggml-cpu-<variant>.so.
 */
#ifndef Q35_GGML_PACKAGE_H
#define Q35_GGML_PACKAGE_H

#define GGML_PACKAGE_SPEC "@node-llama-cpp/linux-x64@3.22.1"
#define GGML_PACKAGE_INTEGRITY "sha512-5uCCDNqWCNfaAm8aR/Uzxbo4HBpKgNF91kCHPepKhgMgV2OAmatoefbOlMihsqCiH2Od35E/eUHQCFbfRBJuOg=="
#define GGML_PACKAGE_CACHE "ggml-node-llama-cpp-linux-x64-3.22.1"

#endif
