# "One file plus one line": in a scratch copy of the repository, drop a test-only kernel
# file into kernels/, add one line to kernels/registry.def, rebuild, and check that the new
# kernel is listed and benchmarked, and that a deliberately wrong kernel added the same way
# is reported FAILED in every output while the run exits 1.
. "$(dirname "$0")/lib_e2e.sh"
if [ -n "${Q35_SANITIZE:-}" ]; then
    skip "the sanitizer build: this test makes and checks its own optimised build"
    done_testing
fi
root=$(cd "$(dirname "$0")/.." && pwd)
copy="$E2E_TMP/repo"
mkdir -p "$copy"
# the tracked and new files of the working tree, without build outputs or results
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$root" && git ls-files --cached --others --exclude-standard -z) |
        (cd "$root" && xargs -0 cp --parents -t "$copy" 2>/dev/null)
else
    tar -C "$root" --exclude='./build*' --exclude='./results' -cf - . | tar -C "$copy" -xf -
fi
check "scratch copy made" test -f "$copy/kernels/registry.def"

cp "$root/tests/kernels/f32_unrolled.c" "$root/tests/kernels/f32_wrong.c" "$copy/kernels/"
printf 'KERNEL(f32_unrolled)\nKERNEL(f32_wrong)\n' >>"$copy/kernels/registry.def"
check "builds with the two new kernels" sh -c "make -C '$copy' -j2 -s BUILD=build >'$E2E_TMP/build.log' 2>&1"
bin="$copy/build/q35bench"

list=$("$bin" list)
check "f32_unrolled is listed as available" grep -qE '^f32_unrolled +f32 +yes' <<<"$list"
check "f32_wrong is listed" grep -q '^f32_wrong ' <<<"$list"

# ./run.sh all picks it up: the default suites would time it (dry run: nothing measured)
cases=$(cd "$copy" && "$bin" bench configs/llama70b.ini --dry-run)
check "the full default suite would time it at M = 1" grep -q '^decode	f32_unrolled	' <<<"$cases"
check "the full default suite would time it in batches" grep -q '^batch	f32_unrolled	' <<<"$cases"
check "the quick suite would time it" \
    grep -q '	f32_unrolled	' <<<"$(cd "$copy" && "$bin" bench configs/quick.ini --dry-run)"
check "a dry run writes no results directory" test ! -e "$copy/results"

cat >"$E2E_TMP/two.ini" <<'INI'
[suite]
name = addkernel
min_time_ms = 1
repetitions = 2
[shapes]
odd = 17x65
[sweep s]
kernels = f32_unrolled
shapes = odd
batch = 1, 3
threads = 1, 2
INI
"$bin" bench "$E2E_TMP/two.ini" --results "$E2E_TMP/results" --quiet >"$E2E_TMP/out.txt" 2>&1
check "benchmarking the new kernel succeeds" test $? -eq 0
check "its four cases are ok" test "$(grep -c '^f32_unrolled .* ok$' "$E2E_TMP/out.txt")" -eq 4
run=$(ls -d "$E2E_TMP"/results/*/ | head -1)
check "it is in bench.json" grep -q '"kernel":	"f32_unrolled"' "$run/bench.json"
check "it is in metrics.bench.tsv" grep -q '^bench.f32_unrolled.odd.m3.t2.median_ms' "$run/metrics.bench.tsv"

sed -i 's/^kernels = f32_unrolled/kernels = f32_unrolled, f32_wrong/' "$E2E_TMP/two.ini"
"$bin" bench "$E2E_TMP/two.ini" --results "$E2E_TMP/results2" --quiet >"$E2E_TMP/out2.txt" 2>&1
rc=$?
check "a run with a wrong kernel exits 1" test "$rc" -eq 1
check "console marks the wrong kernel FAILED" test "$(grep -c '^f32_wrong .*FAILED$' "$E2E_TMP/out2.txt")" -eq 4
check "the correct kernel still ran" test "$(grep -c '^f32_unrolled .* ok$' "$E2E_TMP/out2.txt")" -eq 4
run2=$(ls -d "$E2E_TMP"/results2/*/ | head -1)
check "bench.tsv marks it FAILED" test "$(awk -F'\t' '$3 == "f32_wrong" && $12 == "FAILED"' "$run2/bench.tsv" | wc -l)" -eq 4
check "bench.tsv reports no time for it" test "$(awk -F'\t' '$3 == "f32_wrong" && $16 != "NA"' "$run2/bench.tsv" | wc -l)" -eq 0
check "bench.json flags error_occurred" grep -q '"error_message":	"FAILED: correctness gate' "$run2/bench.json"
check "the run is still complete and sealed" sh -c "'$bin' verify '$run2' >/dev/null"
done_testing
