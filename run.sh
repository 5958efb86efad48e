#!/usr/bin/env bash
# q35bench driver. Run ./run.sh help for the subcommands.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD_DIR=${Q35_BUILD_DIR:-build} # fleet tasks build per CPU family (scripts/fleet_task.sh)
BIN=$BUILD_DIR/q35bench
RESULTS=${Q35_RESULTS:-results}
BENCH_CONFIG= # all --config FILE: the bench step's suite instead of the mode's own

# Debian packages the suite needs (gcc, make and git are assumed).
PACKAGES=(libinih-dev libcjson-dev libcmocka-dev libopenblas-dev libpapi-dev papi-tools
          gnuplot-nox hyperfine libdnnl-dev libssl-dev)

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 2; }

missing_packages() {
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
    done
}

# The llama.cpp peers' library (npm package, outside git): ggml_setup, ggml_installed.
. scripts/ggml_setup.sh

cmd_setup() {
    debian_setup
    ggml_setup
}

debian_setup() {
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

setup_if_needed() {
    [ -z "$(missing_packages)" ] || debian_setup
    [ -n "${Q35_GGML_DIR:-}" ] || ggml_installed || ggml_setup
}

cmd_build() { setup_if_needed; make -j"$(nproc)" BUILD="$BUILD_DIR" >&2; }
# report, audit and plots only read: they use the binary there is and build only when there
# is none, so a user who cannot write build/ can still render.
binary_or_build() { [ -x "$BIN" ] || cmd_build; }

# What `test` installs besides PACKAGES: a private local Slurm for tests/e2e_fleet.sh (kept
# out of PACKAGES so that cluster nodes with a Slurm of their own build and run without it).
TEST_PACKAGES=(slurm-wlm munge libbenchmark-tools python3-scipy)
cmd_test() { PACKAGES+=("${TEST_PACKAGES[@]}"); setup_if_needed; make -j"$(nproc)" check; }

cmd_bench() {
    cmd_build
    "$BIN" bench "${1:-configs/llama70b.ini}" --results "$RESULTS" "${@:2}"
}

# Steps of `all`, in order; each is a function step_NAME (scripts/step_NAME.sh may define
# more) taking the run directory and the mode (full or quick). AFTER_SEAL_STEPS read the
# sealed run (the report accepts complete runs only). step_estimate_NAME MODE, where a step
# defines it, gives its expected seconds for the progress line.
ALL_STEPS=(bench quality roofline decode project coldstart audit plots)
AFTER_SEAL_STEPS=(report)
for f in scripts/step_*.sh; do [ -f "$f" ] && . "$f"; done
. scripts/fleet.sh # ./run.sh fleet submit|status|report (Slurm)

# Seconds, for the progress line: measured on the 2-core Zen 5 VM (results/*/steps.tsv).
step_estimate_bench() { [ "$1" = quick ] && echo 35 || echo 450; } # about 270 s interleaved without the peers + about 180 s of peers (docs/noise.md, docs/peers.md)
step_bench() { # RUN_DIR MODE
    local config=${BENCH_CONFIG:-configs/llama70b.ini}
    [ "$2" = quick ] && config=${BENCH_CONFIG:-configs/quick.ini}
    # A case over its correctness bound is reported and makes the whole run fail at the end.
    "$BIN" bench "$config" --out "$1" || return $?
}

step_estimate() { # NAME MODE: expected seconds of a step (60 when it does not say)
    if declare -F "step_estimate_$1" >/dev/null; then "step_estimate_$1" "$2"; else echo 60; fi
}

cmd_all() {
    local mode=full only= s steps=()
    for a in "$@"; do
        case $a in
            --quick) mode=quick ;;
            --config=*) BENCH_CONFIG=${a#--config=} ;;
            --steps=*) only=",${a#--steps=}," ;;
            *) die "all: unknown option '$a' (expected --quick, --config=FILE, --steps=A,B)" ;;
        esac
    done
    for s in ${only//,/ }; do # a chosen subset keeps the order; seal always runs
        [[ " ${ALL_STEPS[*]} ${AFTER_SEAL_STEPS[*]} " == *" $s "* ]] ||
            die "all: unknown step '$s' (steps: ${ALL_STEPS[*]} ${AFTER_SEAL_STEPS[*]})"
    done
    for s in "${ALL_STEPS[@]}" seal "${AFTER_SEAL_STEPS[@]}"; do
        [[ -z $only || $s == seal || $only == *",$s,"* ]] && steps+=("$s")
    done
    cmd_build
    local run; run=$("$BIN" newrun --results "$RESULTS")
    log "all ($mode): results in $run"
    local start=$SECONDS n=${#steps[@]} i=0 status=0 step rc t0 done_est=0 left_est k
    local timings="step\tmode\tstatus\tseconds\n"
    for step in "${steps[@]}"; do
        i=$((i + 1))
        # remaining time: the steps' own estimates, scaled by how the finished ones compared
        left_est=0
        for k in "${steps[@]:$((i - 1))}"; do
            [ "$k" = seal ] || left_est=$((left_est + $(step_estimate "$k" "$mode")))
        done
        local elapsed=$((SECONDS - start)) eta=$left_est
        [ "$done_est" -gt 0 ] && [ "$elapsed" -gt 0 ] && eta=$((left_est * elapsed / done_est))
        log "[step $i/$n] $step  (elapsed ${elapsed}s, about ${eta}s left)"
        t0=$SECONDS
        if [ "$step" = seal ]; then
            printf "$timings" >"$run/steps.tsv.tmp.$$" && mv "$run/steps.tsv.tmp.$$" "$run/steps.tsv"
            # 1: sealed as failed (a failed step or a missing required file; the report
            # says so at its top); anything else: not sealed, nothing after it runs
            rc=0
            "$BIN" seal "$run" >&2 || rc=$?
            [ "$rc" -eq 0 ] || [ "$status" -ne 0 ] || status=$rc
            [ "$rc" -le 1 ] || break
            continue
        fi
        rc=0
        "step_$step" "$run" "$mode" || rc=$?
        timings+="$step\t$mode\t$([ $rc -eq 0 ] && echo ok || echo "exit $rc")\t$((SECONDS - t0))\n"
        done_est=$((done_est + $(step_estimate "$step" "$mode")))
        if [ "$rc" -ne 0 ]; then
            log "[step $i/$n] $step finished with status $rc; continuing"
            [ "$status" -eq 0 ] && status=$rc
        fi
    done
    log "all: done in $((SECONDS - start))s; results in $run"
    return "$status"
}

# ./run.sh fuzz SECONDS [TARGET...]: each fuzz target (fuzz/*.c) under libFuzzer with ASan
# and UBSan for SECONDS, two at a time (Q35_FUZZ_JOBS), from the seed and regression corpus;
# then one line per target: executions, coverage (edges, features), crashes. New inputs go to
# build-fuzz/corpus/TARGET, crashes to build-fuzz/artifacts/TARGET (copy each into
# fuzz/regressions/TARGET once fixed: ./run.sh test replays them).
FUZZ_PACKAGES=(clang libclang-rt-dev libomp-dev)
cmd_fuzz() {
    local secs=${1:-} t jobs=${Q35_FUZZ_JOBS:-2} status=0
    [[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -gt 0 ] || die "fuzz: usage: ./run.sh fuzz SECONDS [TARGET...]"
    shift
    local targets=("$@")
    [ ${#targets[@]} -gt 0 ] || for t in fuzz/*.c; do targets+=("$(basename "$t" .c)"); done
    for t in "${targets[@]}"; do [ -f "fuzz/$t.c" ] || die "fuzz: no target '$t' (fuzz/*.c)"; done
    PACKAGES+=("${FUZZ_PACKAGES[@]}")
    [ -z "$(missing_packages)" ] || debian_setup
    make -j"$(nproc)" fuzz >&2
    mkdir -p build-fuzz/logs
    for t in "${targets[@]}"; do
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
        log "fuzz: $t for ${secs}s"
        rm -rf "build-fuzz/artifacts/$t" # crashes of an earlier run: in fuzz/regressions/ once fixed
        mkdir -p "build-fuzz/corpus/$t" "build-fuzz/artifacts/$t" "fuzz/corpus/$t" "fuzz/regressions/$t"
        "build-fuzz/fuzz/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
            -max_len=1048576 -close_fd_mask=3 -print_final_stats=1 \
            -artifact_prefix="build-fuzz/artifacts/$t/" \
            "build-fuzz/corpus/$t" "fuzz/corpus/$t" "fuzz/regressions/$t" \
            >"build-fuzz/logs/$t.log" 2>&1 &
    done
    wait || true
    printf '%-20s %8s %12s %8s %8s %8s\n' target seconds executions cov ft crashes
    for t in "${targets[@]}"; do
        local log=build-fuzz/logs/$t.log execs cov ft crashes
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
        ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
        crashes=$(find "build-fuzz/artifacts/$t" -type f | wc -l)
        [ "$crashes" -eq 0 ] && ! grep -q 'ERROR: \|runtime error' "$log" || status=1
        printf '%-20s %8s %12s %8s %8s %8s\n' "$t" "$secs" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes"
    done
    [ "$status" -eq 0 ] || log "fuzz: crashes or sanitizer reports: see build-fuzz/logs/ and build-fuzz/artifacts/"
    return "$status"
}

cmd_clean() { make clean >&2; }

usage() {
    cat <<USAGE
usage: ./run.sh COMMAND [ARGS]
  setup            install missing Debian packages (as root; otherwise prints the command) and
                   fetch the pinned llama.cpp library for the peer kernels (npm; see README)
  build            build build/q35bench (runs setup first if something is missing)
  test             build and run every test, also under ASan+UBSan; ends with "N passed, M failed"
  bench [CONFIG]   run a benchmark suite (default configs/llama70b.ini)
  quality [--quick]  quantization error of every scheme, the seeds' method reproduced
  all [--quick] [--config=FILE] [--steps=A,B]
                   setup, build, then every step (${ALL_STEPS[*]}, then ${AFTER_SEAL_STEPS[*]})
                   into one results directory (or only the steps named; FILE: the bench
                   step's suite); progress and time left on stderr
  fleet submit|status|report
                   the suite on every node type of a Slurm cluster, one report side by side
                   (./run.sh fleet help)
  audit [RUN_DIR]  judge every claim of configs/claims.ini against a run (default: the latest)
  plots [RUN_DIR] [--out DIR]
                   draw the figures of a run (gnuplot) into it, or into DIR
  report [RUN_DIR ...]
                   render report/REPORT.md from complete runs (default: the latest);
                   several runs are compared by the Mann-Whitney test (p-values)
  roofline [--quick]  measure this host's roofs and project bounds (a run directory of its own)
  project [ARGS]   projection bounds per device, model and format (q35bench project --help)
  decode [CONFIG] [--out RUN_DIR]
                   end-to-end LLaMA decode, pp and tg tok/s per format (default configs/decode.ini)
  fuzz SECONDS [TARGET...]
                   fuzz every parser target (fuzz/*.c; libFuzzer, ASan+UBSan, clang) for
                   SECONDS each, two at a time; prints executions, coverage and crashes
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
