#!/usr/bin/env bash
# Runs every test and prints one summary line: "N passed, M failed".
#   - unit tests: BUILD/tests/test_* (cmocka, TAP output)
#   - end-to-end tests: tests/e2e_*.sh (TAP-style "ok - ..." / "not ok - ..." lines), run
#     with Q35_BIN=BUILD/q35bench and Q35_BUILD=BUILD
# Usage: tests/run_tests.sh BUILD_DIR [NAME_FILTER]
set -u
build=${1:?usage: tests/run_tests.sh BUILD_DIR [FILTER]}
filter=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
export Q35_BIN="$root/$build/q35bench" Q35_BUILD="$build" CMOCKA_MESSAGE_OUTPUT=TAP
# Tests run kernels at up to 4 threads on 2-core machines; spinning OpenMP threads make
# every oversubscribed barrier wait for a time slice (8x slower on a loaded 2-core VM).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
passed=0 failed=0
failures=()

count_tap() { # reads TAP output of one test program; sets p, f
    p=$(grep -cE '^ok ' "$1" || true)
    f=$(grep -cE '^not ok ' "$1" || true)
}

run_one() { # name, command...
    local name=$1; shift
    local log; log=$(mktemp)
    local start=$SECONDS
    "$@" >"$log" 2>&1
    local rc=$?
    count_tap "$log"
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or failed outside a test
    passed=$((passed + p)); failed=$((failed + f))
    printf '%-34s %3d passed %3d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - start))
    if [ "$f" -ne 0 ]; then
        failures+=("$name")
        grep -E '^not ok |^# |ERROR|error|Assert|runtime error|Sanitizer' "$log" | head -40 | sed 's/^/    /'
        [ "$rc" -ne 0 ] && echo "    exit status $rc"
    fi
    rm -f "$log"
}

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

echo
if [ "$failed" -ne 0 ]; then echo "failing: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
