#!/usr/bin/env bash
# Runs every test against one or more builds and ends with one summary line:
# "N passed, M failed".
#   - unit tests: BUILD/tests/test_* (cmocka, TAP output)
#   - end-to-end tests: tests/e2e_*.sh (TAP-style "ok - ..." / "not ok - ..." lines, and
#     "ok - # SKIP why" for a check that did not run, or cmocka's "not ok N # SKIP name":
#     counted as skipped, never as passed), run
#     with Q35_BIN=BUILD/q35bench and Q35_BUILD=BUILD
# A build directory whose name contains "sanitize" is run with Q35_SANITIZE=1 (ASan+UBSan).
# Usage: tests/run_tests.sh [--filter TEXT] BUILD_DIR...
set -u
filter=
if [ "${1:-}" = --filter ]; then filter=${2:?--filter needs a value}; shift 2; fi
[ $# -gt 0 ] || { echo "usage: tests/run_tests.sh [--filter TEXT] BUILD_DIR..." >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
export CMOCKA_MESSAGE_OUTPUT=TAP
# Tests run kernels at up to 4 threads on 2-core machines; spinning OpenMP threads make
# every oversubscribed barrier wait for a time slice (8x slower on a loaded 2-core VM).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
passed=0 failed=0 skipped=0
failures=() skips=()

count_tap() { # reads TAP output of one test program; sets p, f, s (a "# SKIP" is no pass)
    p=$(grep -E '^ok ' "$1" | grep -cvE '# *SKIP' || true)
    # cmocka writes a skipped unit test as "not ok N # SKIP name": a skip, not a failure
    s=$(grep -E '^(not )?ok ' "$1" | grep -ciE '# *SKIP' || true)
    f=$(grep -E '^not ok ' "$1" | grep -cviE '# *SKIP' || true)
}

run_one() { # name, command...
    local name=$1; shift
    local log; log=$(mktemp)
    local start=$SECONDS
    "$@" >"$log" 2>&1
    local rc=$?
    count_tap "$log"
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or failed outside a test
    if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then f=1; fi # checked nothing
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$s" -ne 0 ] && skips+=("$build/$name")
    printf '%-34s %3d passed %3d failed%s  (%ds)\n' "$name" "$p" "$f" \
        "$([ "$s" -ne 0 ] && printf ' %3d skipped' "$s")" $((SECONDS - start))
    if [ "$f" -ne 0 ]; then
        failures+=("$build/$name")
        grep -E '^not ok |^# |ERROR|error|Assert|runtime error|Sanitizer' "$log" | head -40 | sed 's/^/    /'
        [ "$rc" -ne 0 ] && echo "    exit status $rc"
    fi
    rm -f "$log"
}

for build in "$@"; do
    [ -x "$build/q35bench" ] || { echo "run_tests.sh: $build/q35bench is not built" >&2; exit 2; }
    export Q35_BIN="$root/$build/q35bench" Q35_BUILD="$build"
    if [[ "$build" == *sanitize* ]]; then export Q35_SANITIZE=1; else unset Q35_SANITIZE; fi
    [ $# -gt 1 ] && echo "== $build${Q35_SANITIZE:+ (AddressSanitizer + UndefinedBehaviorSanitizer)}"
    for bin in "$build"/tests/test_*; do
        [ -x "$bin" ] || continue
        name=$(basename "$bin")
        [ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
        run_one "$name" "$bin"
    done
    for script in tests/e2e_*.sh; do
        [ -f "$script" ] || continue
        name=$(basename "$script" .sh)
        [ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
        run_one "$name" bash "$script"
    done
done

echo
if [ "$failed" -ne 0 ]; then echo "failing: ${failures[*]}"; fi
if [ "$skipped" -ne 0 ]; then echo "$skipped skipped (not counted as passed): ${skips[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
