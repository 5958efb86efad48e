#!/usr/bin/env bash
# The harness refuses a K beyond a kernel's proven INT32-safe max_k (int4_baseline:
# 2097151 = INT32_MAX / (128 * 8)) with a clear error and exit status 1, and accepts K = max_k.
source "$(dirname "$0")/lib_e2e.sh"

max_k=2097151
out="$E2E_TMP/over.out"
"$Q35_BIN" run int4_baseline "1x$((max_k + 1))" --results "$E2E_TMP/res" --quiet \
    --reps 1 --warmup 0 --min-time-ms 1 >"$out" 2>&1
rc=$?
check "K = max_k + 1 exits with status 1 (got $rc)" test "$rc" -eq 1
check "K = max_k + 1 is marked as an error naming the proven limit" \
    grep -q "error: K = $((max_k + 1)) exceeds the largest K this kernel's INT32 accumulators are proven safe for ($max_k)" "$out"

out="$E2E_TMP/at.out"
"$Q35_BIN" run int4_baseline "1x$max_k" --results "$E2E_TMP/res" --quiet \
    --reps 1 --warmup 0 --min-time-ms 1 >"$out" 2>&1
rc=$?
check "K = max_k runs and passes the gate (status $rc)" test "$rc" -eq 0
check "K = max_k reports ok" grep -q " ok$" "$out"
done_testing
