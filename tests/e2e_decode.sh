#!/usr/bin/env bash
# End to end: q35bench decode on the tiny model (seconds): its files and metric ids, the
# bandwidth bound from the run's STREAM figure, the projection's calibration against it, the
# report's section, and bad input (exit 2 naming file:line; a model too big refused before
# anything is allocated or written).
. "$(dirname "$0")/lib_e2e.sh"
T=$E2E_TMP
cfg=$T/tiny.ini
cat >"$cfg" <<'INI'
[decode]
threads = 1, 2
pp = 4
tg = 3
repetitions = 2
warmup = 0
kv_cache = f16
baseline = mixed
[formats]
q35d = q35d_simd
mixed = int4_simd, lm_head: f32_blas

[models]
llama-tiny = all
INI

# 1. a run directory with a hand-made STREAM figure: the bound is that / bytes per token
run=$("$Q35_BIN" newrun --results "$T/results")
printf 'id\tvalue\tlo\thi\tunit\tdescription\nroofline.stream.read.t1.gbps\t10\t-\t-\tgbps\tfixture\nroofline.stream.read.best.gbps\t20\t-\t-\tgbps\tfixture\n' >"$run/metrics.roofline.tsv"
"$Q35_BIN" decode "$cfg" --out "$run" --quiet >"$T/out" 2>"$T/err"
check "decode runs the tiny model (exit 0)" test $? -eq 0
for f in decode.tsv decode.json metrics.decode.tsv decode.config.ini; do check "decode wrote $f" test -s "$run/$f"; done
m=$run/metrics.decode.tsv
for id in decode.context_tokens decode.llama-tiny.layers decode.llama-tiny.q35d.measured \
          decode.llama-tiny.q35d.tg.t1.tok_s decode.llama-tiny.q35d.pp.t2.tok_s \
          decode.llama-tiny.q35d.tg.t2.matmul_pct decode.llama-tiny.q35d.tg.t1.bound_tok_s \
          decode.llama-tiny.q35d.bytes_per_token decode.llama-tiny.mixed.matrices.int4_simd \
          decode.llama-tiny.mixed.matrices.f32_blas; do
    check "metric $id present" grep -q "^$id	" "$m"
done
check "metric ids are lower-case dot tokens" bash -c "tail -n +2 '$m' | cut -f1 | grep -vqE '^[a-z0-9_-]+(\.[a-z0-9_-]+)*\$' && exit 1 || exit 0"
check "tok/s carries its interval" bash -c "awk -F'\t' '\$1==\"decode.llama-tiny.q35d.tg.t1.tok_s\" && \$3!=\"-\" && \$3<=\$2 && \$2<=\$4 {f=1} END {exit !f}' '$m'"
check "a mixed format counts its matrices per kernel (14 int4_simd + the LM head)" \
    grep -q "^decode.llama-tiny.mixed.matrices.int4_simd	14	" "$m"
check "bound = 10 GB/s (t1 STREAM) / bytes per token" bash -c "awk -F'\t' '
    \$1==\"decode.llama-tiny.q35d.bytes_per_token\" {b=\$2} \$1==\"decode.llama-tiny.q35d.tg.t1.bound_tok_s\" {t=\$2}
    END {exit !(b > 0 && t > 0 && (t * b / 1e10 - 1)^2 < 1e-10)}' '$m'"
check "no STREAM figure at 2 threads: the bound says why" \
    grep -q "^decode.llama-tiny.q35d.tg.t2.bound_tok_s	NA	-	-	tok_s	no bound: no STREAM read at this thread count" "$m"
check "a ratio to the baseline format, with its interval" bash -c "awk -F'\t' '\$1==\"decode.llama-tiny.q35d.tg.t2.vs_mixed\" && \$3<=\$2 && \$2<=\$4 && \$5==\"x\" {f=1} END {exit !f}' '$m'"
check "no ratio of the baseline to itself" bash -c "! grep -q '^decode.llama-tiny.mixed.*vs_mixed' '$m'"
check "decode.tsv has a row per model, format, threads and test" test "$(tail -n +2 "$run/decode.tsv" | wc -l)" -eq 8
check "every decode.tsv row has the header's fields" bash -c "awk -F'\t' 'NR==1 {n=NF} NF!=n {exit 1}' '$run/decode.tsv'"
check "the console table names the kernels" grep -q "int4_simd, lm_head: f32_blas" "$T/out"

# 2. the projection's calibration against the measured decode
"$Q35_BIN" project --out "$run" --no-kernels >"$T/pout" 2>&1
check "project runs with the decode metrics" test $? -eq 0
p=$run/metrics.projection.tsv
check "calibration: predicted = best STREAM 20 GB/s / bytes per token" bash -c "awk -F'\t' '
    FNR==NR && \$1==\"decode.llama-tiny.q35d.bytes_per_token\" {b=\$2}
    FNR!=NR && \$1==\"calibration.decode.llama-tiny.q35d.t1.predicted_tok_s\" {t=\$2}
    END {exit !(b > 0 && (t * b / 2e10 - 1)^2 < 1e-10)}' '$m' '$p'"
check "calibration: the model error is there" grep -q "^calibration.decode.llama-tiny.q35d.t2.prediction_error_pct	[-0-9]" "$p"
check "calibration: no bench.tsv, no extrapolation, said so" \
    grep -q "^calibration.decode.llama-tiny.q35d.t1.extrapolated_tok_s	NA	.*no bench.tsv" "$p"
check "no projection is drawn for a model with project = no" bash -c "! grep -q '^projection\..*llama-tiny' '$p'"

# 3. the report's section and figure table
"$Q35_BIN" seal "$run" >/dev/null
"$Q35_BIN" report "$run" --out "$T/rep/REPORT.md" >/dev/null 2>"$T/rerr"
check "the report renders the run" test $? -eq 0
check "report: measured decode section" grep -q "^## Measured decode" "$T/rep/REPORT.md"
check "report: a q35d row with its interval" grep -qE '^\| llama-tiny \| q35d \(`q35d_simd`\) \| 1 \| [0-9.e+]+ \[' "$T/rep/REPORT.md"
"$Q35_BIN" plotdata "$run" "$T/plots" >/dev/null 2>&1
check "plot.decode.tsv: a row per tg series" test "$(tail -n +2 "$T/plots/plot.decode.tsv" | wc -l)" -eq 4

# 4. too big: refused before anything is allocated or written, with the numbers
printf '[decode]\nmemory_limit_gib = 0.001\n[formats]\nq35d = q35d_simd\n[models]\nllama-tiny = q35d\n' >"$T/big.ini"
"$Q35_BIN" decode "$T/big.ini" --results "$T/big" >/dev/null 2>"$T/berr"
check "a model over the memory budget exits 2" test $? -eq 2
check "the refusal gives need and budget" grep -q "llama-tiny q35d does not fit: refused before allocating: needs .* GiB .* > budget 0.001 GiB" "$T/berr"
check "nothing written for a refused model" test ! -e "$T/big"
printf '[decode]\nmemory_limit_gib = 0.001\ntoo_big = skip\n[formats]\nq35d = q35d_simd\n[models]\nllama-tiny = q35d\n' >"$T/skip.ini"
"$Q35_BIN" decode "$T/skip.ini" --results "$T/skip" --quiet >/dev/null 2>&1
check "too_big = skip: recorded, exit 0" test $? -eq 0
check "too_big = skip: its decode.tsv row has the header's fields" bash -c "awk -F'\t' 'NR==1 {n=NF} NF!=n {exit 1} END {exit NR!=2}' $T/skip/*/decode.tsv"
check "too_big = skip: the reason in the metrics" grep -qr "^decode.llama-tiny.q35d.measured	0	-	-	bool	.*too_big: refused before allocating: needs" "$T/skip"
"$Q35_BIN" decode "$T/skip.ini" --results "$T/skip2" --model llama-tiny >/dev/null 2>&1
check "asked for by --model: refused even with skip (exit 2)" test $? -eq 2

# 5. bad input: exit 2 naming file:line
bad() { # DESCRIPTION NEEDLE CONFIG_TEXT [ARGS...]
    local d=$1 needle=$2 text=$3; shift 3
    printf '%b' "$text" >"$T/bad.ini"
    "$Q35_BIN" decode "$T/bad.ini" --results "$T/bad" "$@" >/dev/null 2>"$T/err"
    local st=$?
    if [ "$st" -eq 2 ] && grep -q -- "$needle" "$T/err" && [ ! -e "$T/bad" ]; then ok "$d"
    else not_ok "$d: exit $st, stderr: $(head -2 "$T/err")"; fi
}
bad "unknown kernel names file:line" "bad.ini:3: unknown kernel 'q35x'" '[decode]\n[formats]\nq = q35x\n[models]\nllama-tiny = q\n'
bad "unknown key names file:line" "bad.ini:2: unknown key 'tgg'" '[decode]\ntgg = 3\n'
bad "undefined format names file:line" "bad.ini:5: format 'z' is not defined" '[decode]\n[formats]\nq = q35d_simd\n[models]\nllama-tiny = z\n'
bad "a model config that does not exist" "configs/models/no-such.ini" '[decode]\n[formats]\nq = q35d_simd\n[models]\nno-such = q\n'
bad "a model without an architecture" "has no architecture" '[decode]\n[formats]\nq = q35d_simd\n[models]\nseed-70e9 = q\n'
mkdir -p "$T/models" && grep -v '^rope_theta' configs/models/llama-tiny.ini >"$T/models/llama-tiny.ini"
bad "a model without rope_theta" "lacks rope_theta" "[decode]\nmodels_dir = $T/models\n[formats]\nq = q35d_simd\n[models]\nllama-tiny = q\n"
bad "--format not in the config" "no such format" '[decode]\n[formats]\nq = q35d_simd\n[models]\nllama-tiny = q\n' --format nope
bad "a baseline that is no format" "bad.ini:2: baseline 'w'" '[decode]\nbaseline = w\n[formats]\nq = q35d_simd\n[models]\nllama-tiny = q\n'
bad "--tg 0 is refused" "--tg" '[decode]\n[formats]\nq = q35d_simd\n[models]\nllama-tiny = q\n' --tg 0
"$Q35_BIN" decode >/dev/null 2>&1
check "no config: usage, exit 2" test $? -eq 2
printf '[decode]\nmemory_limit_gib = 12\n[formats]\nq35d = q35d_simd\nbf16 = bf16_blas\n[models]\nllama3-8b = all\n' >"$T/dry.ini"
"$Q35_BIN" decode "$T/dry.ini" --dry-run --results "$T/dryres" >"$T/dry" 2>&1
check "--dry-run plans Llama-3-8B (exit 0)" test $? -eq 0
check "--dry-run: 8B q35d fits 12 GiB" grep -q "^llama3-8b	q35d	q35d_simd	planned	needs [0-9.]* GiB .* <= budget" "$T/dry"
check "--dry-run: 8B bf16 over the 12 GiB budget, with the numbers" grep -q "^llama3-8b	bf16	bf16_blas	too_big	refused before allocating: needs 1[56].[0-9]* GiB (weights 14" "$T/dry"
check "--dry-run writes nothing" test ! -e "$T/dryres"
done_testing
