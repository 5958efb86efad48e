# The harness from the command line: list, run, bench on the quick config, run directories,
# and usage errors.
. "$(dirname "$0")/lib_e2e.sh"
cd "$(dirname "$0")/.."
bin=$Q35_BIN

check "help exits 0" sh -c "'$bin' --help >/dev/null"
"$bin" nonsense >/dev/null 2>&1; check "unknown command exits 2" test $? -eq 2
check "list shows the oracle" sh -c "'$bin' list | grep -q '^ref_f64 '"
check "list --json parses as an array" sh -c "'$bin' list --json | grep -q '\"name\":'"

"$bin" run f32_naive 0x16 >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "run with an impossible shape exits 2" test $rc -eq 2
check "and says what a shape looks like" grep -q "expected a shape 'N x K'" "$E2E_TMP/err"
"$bin" run no_such_kernel 16x16 >/dev/null 2>&1; check "run with an unknown kernel exits 2" test $? -eq 2
"$bin" run f32_naive 16x16 --batch 0 --results "$E2E_TMP/r0" >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "run with batch 0 exits 2 naming the key" sh -c "test $rc -eq 2 && grep -q 'batch:' '$E2E_TMP/err'"
check "and writes nothing" test ! -e "$E2E_TMP/r0"

"$bin" run f32_naive 33x70 --batch 1,4 --threads 1,2 --min-time-ms 1 --reps 2 \
    --results "$E2E_TMP/r1" --quiet >"$E2E_TMP/out" 2>&1
check "run one kernel on one shape" test $? -eq 0
run=$(ls -d "$E2E_TMP"/r1/*/ | head -1)
for f in COMPLETE bench.json bench.tsv bench.samples.tsv metrics.bench.tsv machine.json bench.config.ini; do
    check "run directory has $f" test -s "$run/$f"
done
check "4 cases in the summary TSV" test "$(tail -n +2 "$run/bench.tsv" | wc -l)" -eq 4
check "samples: 4 cases x 2 repetitions" test "$(tail -n +2 "$run/bench.samples.tsv" | wc -l)" -eq 8
check "fingerprint names each kernel's ISA path" grep -q '"isa_path"' "$run/machine.json"
check "fingerprint has the git revision" grep -q '"git_revision"' "$run/machine.json"
check "the effective config reloads" sh -c "'$bin' bench '$run/bench.config.ini' --results '$E2E_TMP/r2' --quiet >/dev/null 2>&1"
check "verify: complete" sh -c "'$bin' verify '$run' >/dev/null"
# COMPLETE is sha256sum's format: the run verifies without q35bench, and an altered file fails
check "sha256sum -c COMPLETE verifies the sealed run" sh -c "cd '$run' && sha256sum --quiet -c COMPLETE"
cp -r "$run" "$E2E_TMP/altered"
sed -i 's/f32_naive/f32_NAIVE/' "$E2E_TMP/altered/bench.tsv"
check "sha256sum -c COMPLETE fails on an altered file" sh -c "cd '$E2E_TMP/altered' && ! sha256sum --quiet -c COMPLETE 2>/dev/null"
"$bin" verify "$E2E_TMP/altered" >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "and q35bench verify reports it (exit 1, SHA-256 named)" sh -c "test $rc -eq 1 && grep -q 'bench.tsv: its SHA-256 differs' '$E2E_TMP/err'"

# an interrupted run: no marker -> incomplete (exit 1); a truncated file -> corrupt (exit 1)
newrun=$("$bin" newrun --results "$E2E_TMP/r3")
"$bin" verify "$newrun" >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "a run without COMPLETE is reported incomplete" sh -c "test $rc -eq 1 && grep -q incomplete '$E2E_TMP/err'"
truncate -s 10 "$run/bench.json"
"$bin" verify "$run" >/dev/null 2>"$E2E_TMP/err"; rc=$?
check "a truncated results file is reported" sh -c "test $rc -eq 1 && grep -q 'truncated' '$E2E_TMP/err'"

# the quick suite's cases with 3 repetitions and no re-measurement: this checks that every
# case runs and passes its gate, not how fast (tests/e2e_noise.sh covers the timing path)
quick="$E2E_TMP/quick.ini"
sed 's/^repetitions = .*/repetitions = 3/; s/^remeasure_max = .*/remeasure_max = 0/' \
    configs/quick.ini >"$quick"
if [ -n "${Q35_SANITIZE:-}" ]; then # the instrumented build: small shapes only
    sed -i '/^\[sweep seedcpu\]/,$d' "$quick"
    sed -i '/^aa_case\|^roof_shapes/d' "$quick" # they name q_proj, which is gone
fi
"$bin" bench "$quick" --results "$E2E_TMP/rq" --quiet >"$E2E_TMP/quick" 2>&1
check "the quick suite passes" test $? -eq 0
check "the quick suite reports no FAILED case" sh -c "! grep -q ' FAILED$' '$E2E_TMP/quick'"
done_testing
