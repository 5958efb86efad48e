#!/usr/bin/env bash
# End to end: `q35bench quality` on a tiny config writes a complete run directory with the
# evidence file; --out adds to an open run; bad configs and a bad reference file exit 2
# with file:line.
. "$(dirname "$0")/lib_e2e.sh"

cfg=$E2E_TMP/tiny.ini
cat >"$cfg" <<'INI'
[quality]
name = tiny
seed = 1
threads = 2
output_rows = 8
output_batch = 2
quick_columns = 4
seed_distribution = normal
seed_shapes = a
seed_schemes = seed_int4
dequant_scheme = q35_shared
q35d_check = q35_split, q35d_split
references = refs.ini
[shapes]
a = 16x256
[distribution normal]
kind = normal
[scheme seed_int4]
type = uniform
bits = 4
symmetry = symmetric
kernel = not_built_kernel
[scheme q35_shared]
type = uniform
bits = 4, 3
kernel = q35_baseline
[scheme q35_split]
type = uniform
bits = 4, 3
scales = split
[scheme q35d_split]
type = uniform
bits = 4, 3
scales = split
code_storage_bits = 3.5
[sweep q35d]
scheme = q35d_split
groups = channel, 64
scale_types = fp16
scales = split
search = none, mse
distribution = normal
shape = a
INI
cat >"$E2E_TMP/refs.ini" <<'INI'
[source]
name = ref
citation = a test citation
[format r1]
bpw = 4.5
nrmse_normal = 7
INI

out=$("$Q35_BIN" quality "$cfg" --results "$E2E_TMP/res" 2>"$E2E_TMP/err")
rc=$?
check "quality on a tiny config exits 0" [ "$rc" -eq 0 ]
run=${out#results: }
check "the run directory is sealed and verifies" "$Q35_BIN" verify "$run"
for f in quality.json quality.config.ini quality.weights.tsv quality.output.tsv quality.summary.tsv \
         quality.seeds.tsv quality.dequant.tsv quality.sweep.tsv quality.pareto.tsv metrics.quality.tsv; do
    check "$f written" [ -s "$run/$f" ]
done
check "progress on stderr" grep -q '^\[quality 1/1\] 16x256' "$E2E_TMP/err"
check "metrics has the seed ids" grep -q '^quality.seed_int4.mean_nrmse_pct	[0-9]' "$run/metrics.quality.tsv"
check "a missing kernel is NA with its reason" \
    grep -q '^quality.seed_int4.normal.mean_output_nrmse_pct	NA	-	-	pct	.*not_built_kernel.*not in this build' "$run/metrics.quality.tsv"
if "$Q35_BIN" list | grep -q '^q35_baseline '; then
    check "the seeds' dequantization formula is measured" \
        grep -q '^quality.dequant.seed_formula.output_nrmse_pct	[0-9]' "$run/metrics.quality.tsv"
fi
check "q35d equals q35" grep -q '^quality.q35d_equals_q35	1	-	-	bool' "$run/metrics.quality.tsv"
check "reference points are marked not measured" grep -q '	reference	ref.r1	.*	no	-	not measured by this run' "$run/quality.pareto.tsv"
check "the JSON names its schema" grep -Eq '"schema":[[:space:]]*"q35bench.quality/1"' "$run/quality.json"

# --out: add to an open run without sealing it
open=$("$Q35_BIN" newrun --results "$E2E_TMP/res2")
"$Q35_BIN" quality "$cfg" --out "$open" --quick --quiet >/dev/null 2>&1
rc=$?
check "--out --quick exits 0" [ "$rc" -eq 0 ]
check "--out leaves the run open (no COMPLETE)" [ ! -e "$open/COMPLETE" ]
check "--quick records its sampling" grep -q '^quality.sampling.quick	1	-	-	bool' "$open/metrics.quality.tsv"

# bad input: file:line and exit 2, no run directory
printf '[quality]\nname = bad\nseed = minus one\n' >"$E2E_TMP/bad.ini"
"$Q35_BIN" quality "$E2E_TMP/bad.ini" --results "$E2E_TMP/res3" 2>"$E2E_TMP/err"
rc=$?
check "a bad value exits 2" [ "$rc" -eq 2 ]
check "the message names file:line" grep -q "bad.ini:3:" "$E2E_TMP/err"
check "no run directory for a bad config" [ ! -e "$E2E_TMP/res3" ]
sed 's/^bpw = 4.5/bpw = lots/' "$E2E_TMP/refs.ini" >"$E2E_TMP/refs2.ini"
sed 's/^references = refs.ini/references = refs2.ini/' "$cfg" >"$E2E_TMP/tiny2.ini"
"$Q35_BIN" quality "$E2E_TMP/tiny2.ini" --results "$E2E_TMP/res4" 2>"$E2E_TMP/err"
rc=$?
check "a bad reference file exits 2" [ "$rc" -eq 2 ]
check "... naming refs2.ini:5" grep -q "refs2.ini:5:" "$E2E_TMP/err"
check "no run directory for a bad reference file" [ ! -e "$E2E_TMP/res4" ]
"$Q35_BIN" quality 2>/dev/null
check "missing CONFIG is a usage error" [ $? -eq 2 ]
done_testing
