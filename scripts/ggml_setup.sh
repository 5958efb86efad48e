# The llama.cpp peers' library (kernels/ggml_library.h), for `./run.sh setup`: fetches the
# pinned npm package with `npm pack` (a download, no install script runs), checks its sha512
# integrity against kernels/ggml_package.h and unpacks ggml's libraries only (libggml-base.so,
# libggml-cpu-*.so and the licence) into ${XDG_CACHE_HOME:-$HOME/.cache}/q35bench/<name>,
# outside git. The INTEGRITY file, written last, is what the loader checks.
# Q35_GGML_DIR=DIR (a user's own llama.cpp build) skips the download.
# Offline, or without npm and root: the peers stay unavailable with the reason, everything
# else runs. Sourced by run.sh (uses its log).

GGML_PACKAGE_HEADER=kernels/ggml_package.h

ggml_pin() { # NAME: a string #define of kernels/ggml_package.h
    sed -n "s/^#define $1 \"\(.*\)\"$/\1/p" "$GGML_PACKAGE_HEADER"
}

ggml_cache_dir() { echo "${XDG_CACHE_HOME:-$HOME/.cache}/q35bench/$(ggml_pin GGML_PACKAGE_CACHE)"; }

ggml_integrity_of() { # FILE: npm's integrity string, "sha512-" and the base64 digest
    local hex
    hex=$(sha512sum "$1" | cut -d' ' -f1) || return 1
    printf "sha512-%s\n" "$(printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64 -w0)"
}

ggml_installed() { # the pinned package is unpacked and marked
    local dir; dir=$(ggml_cache_dir)
    [ -f "$dir/INTEGRITY" ] && [ "$(cat "$dir/INTEGRITY")" = "$(ggml_pin GGML_PACKAGE_INTEGRITY)" ]
}

# Unpacks TARBALL into DEST when its integrity is EXPECTED (default: the pinned one);
# returns 1, touching nothing, when it is not.
ggml_install_tarball() { # TARBALL DEST [EXPECTED]
    local tgz=$1 dest=$2 expected=${3:-$(ggml_pin GGML_PACKAGE_INTEGRITY)} got tmp
    got=$(ggml_integrity_of "$tgz") || { log "setup: cannot read $tgz"; return 1; }
    if [ "$got" != "$expected" ]; then
        log "setup: REFUSED $tgz: sha512 integrity $got is not the pinned $expected"
        return 1
    fi
    mkdir -p "$(dirname "$dest")" || return 1
    tmp=$(mktemp -d "$(dirname "$dest")/.ggml.XXXXXX") || return 1
    if ! tar -xzf "$tgz" -C "$tmp" --no-same-owner --wildcards \
            'package/LICENSE' 'package/bins/linux-x64/libggml-base.so' \
            'package/bins/linux-x64/libggml-cpu-*.so' 2>"$tmp/tar.log"; then
        log "setup: cannot unpack $tgz: $(head -2 "$tmp/tar.log")"
        rm -rf "$tmp"
        return 1
    fi
    mkdir "$tmp/lib" && mv "$tmp"/package/bins/linux-x64/*.so "$tmp/package/LICENSE" "$tmp/lib/" &&
        printf '%s\n' "$expected" >"$tmp/lib/INTEGRITY" || { rm -rf "$tmp"; return 1; }
    rm -rf "$dest" && mv "$tmp/lib" "$dest"
    rm -rf "$tmp"
}

ggml_setup() {
    if [ -n "${Q35_GGML_DIR:-}" ]; then
        log "setup: llama.cpp peers from Q35_GGML_DIR=$Q35_GGML_DIR (a user build); nothing fetched"
        return 0
    fi
    local spec dest tmp
    spec=$(ggml_pin GGML_PACKAGE_SPEC) dest=$(ggml_cache_dir)
    if ggml_installed; then log "setup: llama.cpp peers present ($spec in $dest)"; return 0; fi
    if ! command -v npm >/dev/null 2>&1; then
        if [ "$(id -u)" -ne 0 ]; then
            log "setup: npm is missing (Debian package npm); the llama.cpp peers stay unavailable"
            return 0
        fi
        log "setup: installing npm (Debian) to fetch the llama.cpp peers"
        { apt-get update -q >&2 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >&2; } ||
            { log "setup: could not install npm; the llama.cpp peers stay unavailable"; return 0; }
    fi
    tmp=$(mktemp -d) || return 0
    log "setup: fetching $spec (npm pack, no install scripts)"
    if ! (cd "$tmp" && npm pack --ignore-scripts --loglevel=error --fetch-retries=1 \
            --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=5000 "$spec") \
            >"$tmp/npm.log" 2>&1; then
        log "setup: could not fetch $spec (offline?): the llama.cpp peers stay unavailable; npm: $(grep -m1 -i "error" "$tmp/npm.log")"
        rm -rf "$tmp"
        return 0
    fi
    if ggml_install_tarball "$(ls "$tmp"/*.tgz | head -1)" "$dest"; then
        log "setup: llama.cpp peers installed in $dest"
    else
        log "setup: the llama.cpp peers stay unavailable"
    fi
    rm -rf "$tmp"
    return 0
}
