#!/usr/bin/env bash
# Ratios that survive a noisy machine, end to end on tiny shapes: the recorded order is the
# seed's (the same in two runs) and every repetition runs once per round; the A/A check,
# the configured comparisons and the interleaved read roof reach metrics.bench.tsv with
# their intervals; Google Benchmark's own compare.py reads two bench.json files and runs
# its U test without the "too few repetitions" warning; `report A B` decides "different"
# with the Mann-Whitney test and prints its p-value.
. "$(dirname "$0")/lib_e2e.sh"
cd "$(dirname "$0")/.."
bin=$Q35_BIN
cfg=$E2E_TMP/noise.ini
cat >"$cfg" <<'INI'
[suite]
name = noise
min_time_ms = 1
repetitions = 9
aa_case = f32_blas/tiny/M:1/threads:1
compare = f32_naive/f32_blas
roof_shapes = all
roof_buffer_mib = 8
[shapes]
tiny = 64x256
[sweep s]
kernels = f32_naive, f32_blas
shapes = all
batch = 1
threads = 1, 2
INI
"$bin" bench "$cfg" --results "$E2E_TMP/a" --quiet >"$E2E_TMP/out.a" 2>&1
check "first run exits 0" test $? -eq 0
"$bin" bench "$cfg" --results "$E2E_TMP/b" --quiet >"$E2E_TMP/out.b" 2>&1
check "second run exits 0" test $? -eq 0
A=$(ls -d "$E2E_TMP"/a/*/) B=$(ls -d "$E2E_TMP"/b/*/)

# the order: the seed's, every item once per round
first() { awk -F'\t' 'NR > 1 && $2 == 0' "$1/bench.order.tsv"; }
check "the same seed gives the same order" cmp -s <(first "$A") <(first "$B")
check "first measurement: 7 items x 9 rounds" test "$(first "$A" | wc -l)" -eq 63
check "every item once in every round" \
    test "$(first "$A" | cut -f3,6 | sort | uniq -d | wc -l)" -eq 0
check "the order is not case after case" \
    test "$(first "$A" | head -9 | cut -f6 | sort -u | wc -l)" -gt 1
check "the effective config records the order and seed" \
    grep -q '^interleave = random$' "$A/bench.config.ini"
for id in bench.aa.f32_blas.tiny.m1.t1.ratio bench.compare.f32_naive.over.f32_blas.tiny.m1.t2.ratio \
          bench.threads.f32_naive.tiny.m1.t1.over.t2.ratio bench.roof.read.tiny.t2.gbps; do
    check "$id has a value and an interval" \
        awk -F'\t' -v id="$id" '$1 == id && $2 + 0 > 0 && $3 != "-" && $3 <= $2 && $2 <= $4 { f = 1 } END { exit !f }' "$A/metrics.bench.tsv"
done
check "bench.compare.tsv has the A/A row" grep -q $'^bench.aa.f32_blas.tiny.m1.t1.ratio\taa\t' "$A/bench.compare.tsv"
check "bench.tsv records each case's quietness" \
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["other_cpu_pct"] != "" && $c["attempts"] >= 1 { n++ } END { exit n != 4 }' "$A/bench.tsv"

# case after case
"$bin" bench <(sed 's/^repetitions = 9$/repetitions = 3\ninterleave = none\nremeasure_max = 0/' "$cfg") \
    --results "$E2E_TMP/n" --quiet >/dev/null 2>&1
N=$(ls -d "$E2E_TMP"/n/*/)
check "interleave = none: the first item's 3 repetitions come first" \
    test "$(awk -F'\t' 'NR > 1 && NR <= 4 { print $6 }' "$N/bench.order.tsv" | sort -u | wc -l)" -eq 1

# Google Benchmark's compare.py reads our bench.json, with enough repetitions for its U test
compare_py=$(dpkg -L libbenchmark-tools 2>/dev/null | grep '/compare\.py$' | head -1)
if [ -z "$compare_py" ] || ! /usr/bin/python3 -c 'import scipy' 2>/dev/null; then
    not_ok "compare.py needs Debian's libbenchmark-tools and python3-scipy (./run.sh setup installs them)"
else
    /usr/bin/python3 "$compare_py" --no-color benchmarks "$A/bench.json" "$B/bench.json" \
        >"$E2E_TMP/cmp" 2>&1
    check "compare.py compares two runs (exit 0)" test $? -eq 0
    check "compare.py runs its U test on 9 vs 9 repetitions" grep -q "U Test, Repetitions: 9 vs 9" "$E2E_TMP/cmp"
    check "and does not call the results unreliable" bash -c "! grep -q 'WARNING: Results unreliable' '$E2E_TMP/cmp'"
    check "compare.py lists our cases" grep -q "f32_naive/tiny/M:1/threads:2" "$E2E_TMP/cmp"
fi

# report A B: the rank test decides, with its p-value
"$bin" report "$A" "$B" --out "$E2E_TMP/r/REPORT.md" >/dev/null 2>"$E2E_TMP/err"
check "report A B renders" test $? -eq 0
check "each case has its ratio and p-value" \
    grep -q '^| `f32_blas/tiny/M:1/threads:1` .*x \[.*\], p = ' "$E2E_TMP/r/REPORT.md"
# a copy of B where every repetition of one case is slower than all of A's (however noisy
# the machine was): the exact two-sided p of 9 vs 9 separated samples is 2 / C(18, 9) = 4.1e-5
S=$E2E_TMP/slower; cp -r "$B" "$S"; rm "$S/COMPLETE"
case=f32_naive/tiny/M:1/threads:1
max=$(awk -F'\t' -v c="$case" '$1 == c && $4 > m { m = $4 } END { print m }' "$A/bench.samples.tsv")
awk -F'\t' -v c="$case" -v m="$max" 'BEGIN { OFS = "\t" } $1 == c { $4 = m * (2 + $2) } { print }' \
    "$B/bench.samples.tsv" >"$S/bench.samples.tsv"
"$bin" seal "$S" >/dev/null
"$bin" report "$A" "$S" --out "$E2E_TMP/s/REPORT.md" >/dev/null 2>"$E2E_TMP/err"
check "a case slower in every repetition is different, p = 0.000041" \
    grep -q '^| `f32_naive/tiny/M:1/threads:1` .*, p = 0.000041 | \*\*yes\*\* |$' "$E2E_TMP/s/REPORT.md"
done_testing
