#!/usr/bin/env bash
# q35bench driver. Run ./run.sh help for the subcommands.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BIN=build/q35bench
RESULTS=${Q35_RESULTS:-results}

# Debian packages the suite needs (gcc, make and git are assumed).
PACKAGES=(libinih-dev libcjson-dev libcmocka-dev libopenblas-dev libpapi-dev papi-tools
          gnuplot-nox hyperfine)

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 2; }

missing_packages() {
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
    done
}

cmd_setup() {
    local missing
    missing=$(missing_packages | tr '\n' ' ')
    if [ -z "${missing// /}" ]; then log "setup: all packages present"; return 0; fi
    local cmd="apt-get update && apt-get install -y --no-install-recommends $missing"
    if [ "$(id -u)" -ne 0 ]; then
        log "setup: missing Debian packages: $missing"
        log "setup: run as root:  $cmd"
        exit 2
    fi
    log "setup: installing $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 && apt-get install -y -q --no-install-recommends $missing >&2
}

setup_if_needed() { [ -z "$(missing_packages)" ] || cmd_setup; }

cmd_build() { setup_if_needed; make -j"$(nproc)" >&2; }

cmd_test() { setup_if_needed; make -j"$(nproc)" test; }

cmd_bench() {
    cmd_build
    "$BIN" bench "${1:-configs/llama70b.ini}" --results "$RESULTS" "${@:2}"
}

# Steps of `all`, in order; each is a function step_NAME (scripts/step_NAME.sh may define
# more) taking the run directory and the mode (full or quick).
ALL_STEPS=(bench quality roofline project)
for f in scripts/step_*.sh; do [ -f "$f" ] && . "$f"; done

step_bench() { # RUN_DIR MODE
    local config=configs/llama70b.ini
    [ "$2" = quick ] && config=configs/quick.ini
    # A case over its correctness bound is reported and makes the whole run fail at the end.
    "$BIN" bench "$config" --out "$1" --quiet || return $?
}

cmd_all() {
    local mode=full
    for a in "$@"; do
        case $a in
            --quick) mode=quick ;;
            *) die "all: unknown option '$a' (expected --quick)" ;;
        esac
    done
    cmd_build
    local run; run=$("$BIN" newrun --results "$RESULTS")
    log "all ($mode): results in $run"
    local start=$SECONDS n=${#ALL_STEPS[@]} i=0 status=0 step
    for step in "${ALL_STEPS[@]}"; do
        i=$((i + 1))
        local elapsed=$((SECONDS - start)) eta="?"
        [ "$i" -gt 1 ] && eta=$(( elapsed * (n - i + 1) / (i - 1) ))
        log "[step $i/$n] $step  (elapsed ${elapsed}s, about ${eta}s left)"
        if ! "step_$step" "$run" "$mode"; then
            local rc=$?
            log "[step $i/$n] $step finished with status $rc; continuing"
            [ "$status" -eq 0 ] && status=$rc
        fi
    done
    "$BIN" seal "$run" >&2
    log "all: done in $((SECONDS - start))s; results in $run"
    return "$status"
}

cmd_clean() { make clean >&2; }

usage() {
    cat <<USAGE
usage: ./run.sh COMMAND [ARGS]
  setup            install missing Debian packages (as root; otherwise prints the command)
  build            build build/q35bench (runs setup first if something is missing)
  test             build and run every test; ends with "N passed, M failed"
  bench [CONFIG]   run a benchmark suite (default configs/llama70b.ini)
  all [--quick]    setup, build, then every step (${ALL_STEPS[*]}) into one results directory
  roofline [--quick]  measure this host's roofs and project bounds (a run directory of its own)
  project [ARGS]   projection bounds per device, model and format (q35bench project --help)
  clean            remove build outputs
USAGE
}

main() {
    local cmd=${1:-help}
    [ $# -gt 0 ] && shift
    case $cmd in
        setup) cmd_setup ;;
        build) cmd_build ;;
        test) cmd_test ;;
        bench) cmd_bench "$@" ;;
        all) cmd_all "$@" ;;
        clean) cmd_clean ;;
        help|-h|--help) usage ;;
        *) if declare -F "cmd_$cmd" >/dev/null; then "cmd_$cmd" "$@"; else usage >&2; exit 2; fi ;;
    esac
}
main "$@"
