#!/usr/bin/env bash
# End to end: q35bench roofline and project on tiny sizes (seconds), their files and
# metric ids, placement of a hand-made bench.tsv, and bad input (exit 2, nothing written).
. "$(dirname "$0")/lib_e2e.sh"
T=$E2E_TMP
TINY=(--quick --array-mib 4 --ntimes 3 --sweep-max-mib 4 --min-time-ms 1)

# a run directory with a hand-made bench.tsv (two ok rows, one FAILED row)
run=$("$Q35_BIN" newrun --results "$T/results")
printf 'name\tsweep\tkernel\tformat\tshape\tn\tk\tm\tthreads\tisa_path\tparams\tstatus\tmessage\trepetitions\titerations\tmedian_ms\tweight_bytes\tbytes_moved\tops\tcounters\n' >"$T/partial.tsv"
printf 'f32_blas/q/M:1/threads:1\td\tf32_blas\tf32\tq\t256\t256\t1\t1\tc\t-\tok\t-\t3\t10\t0.01\t262144\t264192\t131072\tn/a (x)\n' >>"$T/partial.tsv"
printf 'f32_blas/q/M:1/threads:2\td\tf32_blas\tf32\tq\t256\t256\t1\t2\tc\t-\tok\t-\t3\t10\t0.008\t262144\t264192\t131072\tn/a (x)\n' >>"$T/partial.tsv"
printf 'bad/q/M:1/threads:1\td\tbad\tq35\tq\t256\t256\t1\t1\tc\t-\tFAILED\tgate\tNA\tNA\tNA\t32768\t34816\t131072\tn/a (not timed)\n' >>"$T/partial.tsv"

full_bench_tsv <"$T/partial.tsv" >"$run/bench.tsv"

"$Q35_BIN" roofline --out "$run" "${TINY[@]}" --threads 1,2 >"$T/out" 2>"$T/err"
check "roofline runs on tiny sizes" test $? -eq 0
for f in roofline.json roofline.stream.tsv roofline.sweep.tsv roofline.peak.tsv roofline.placement.tsv metrics.roofline.tsv; do
    check "roofline wrote $f" test -s "$run/$f"
done
m="$run/metrics.roofline.tsv"
for id in roofline.stream.copy.t1.gbps roofline.stream.scale.t2.gbps roofline.stream.add.t1.gbps \
          roofline.stream.triad.t2.gbps roofline.stream.read.t2.gbps roofline.peak.fp32_gflops.t1 \
          roofline.peak.int8_gops.t2 roofline.sgemm.gflops.t2 roofline.papi.available roofline.quick \
          roofline.stream.read.best.gbps roofline.peak.int8_gops.best; do
    check "metric $id present" grep -q "^$id	" "$m"
done
check "metric ids are lower-case dot tokens" awk -F'\t' 'NR > 1 { n++; if ($1 !~ /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/) bad++ }
    END { exit !(n > 0 && bad == 0) }' "$m"
check "quick mode is said so" grep -q '^roofline.quick	1	-	-	bool' "$m"
check "STREAM copy counted as 2 words per element" \
    bash -c "awk -F'\t' '\$1==\"copy\" && \$4==2 {f=1} END {exit !f}' '$run/roofline.stream.tsv'"
check "STREAM triad counted as 3 words per element" \
    bash -c "awk -F'\t' '\$1==\"triad\" && \$4==3 {f=1} END {exit !f}' '$run/roofline.stream.tsv'"
check "placement has a row per bench row" test "$(tail -n +2 "$run/roofline.placement.tsv" | wc -l)" -eq 3
check "the FAILED row is not placed" grep -q 'FAILED.*not timed (status FAILED)' "$run/roofline.placement.tsv"
check "placement metrics for an ok row" grep -q '^roofline.placement.f32_blas.q.m1.t2.pct_bw_roof	' "$m"
check "papi state recorded" grep -q '"papi"' "$run/roofline.json"

# PAPI switched off: the unavailable path with its reason, never a failure
run2=$("$Q35_BIN" newrun --results "$T/results")
Q35_PAPI=off "$Q35_BIN" roofline --out "$run2" "${TINY[@]}" --threads 1 >/dev/null 2>"$T/err2"
check "Q35_PAPI=off does not fail the step" test $? -eq 0
check "Q35_PAPI=off recorded as the reason" grep -q '^roofline.papi.available	0	-	-	bool	disabled by Q35_PAPI=off' "$run2/metrics.roofline.tsv"
check "no bench.tsv: placement skipped, said so" grep -q 'placement skipped' "$T/err2"
check "no bench.tsv: no placement table" test ! -e "$run2/roofline.placement.tsv"

# a corrupt bench.tsv: exit 2 naming file:line, nothing written
run3=$("$Q35_BIN" newrun --results "$T/results")
head -2 "$run/bench.tsv" >"$run3/bench.tsv"
printf 'truncated\trow\n' >>"$run3/bench.tsv"
"$Q35_BIN" roofline --out "$run3" "${TINY[@]}" >/dev/null 2>"$T/err3"
check "corrupt bench.tsv exits 2" test $? -eq 2
check "corrupt bench.tsv names file:line" grep -q "$run3/bench.tsv:3:" "$T/err3"
check "corrupt bench.tsv: nothing written" test ! -e "$run3/metrics.roofline.tsv"

# project: configs load, every required id, measured figures resolved from the run
"$Q35_BIN" project --check >/dev/null
check "project --check accepts the shipped configs" test $? -eq 0
"$Q35_BIN" project --out "$run" --no-kernels >"$T/pout" 2>&1
check "project runs on the run directory" test $? -eq 0
p="$run/metrics.projection.tsv"
# a file with no rows must fail every check below, not pass them vacuously
check "metrics.projection.tsv has rows" test "$(tail -n +2 "$p" | grep -c '^projection\.')" -gt 0
for f in projection.json projection.tsv projection.models.tsv projection.devices.tsv projection.calibration.tsv; do
    check "project wrote $f" test -s "$run/$f"
done
missing=0 looked=0
for mdl in llama2-70b llama3-70b seed-70e9; do
    check "model.$mdl.params" grep -q "^model.$mdl.params	" "$p"
    for fmt in fp16 int8 int4_g128 q35_seed_accounting q35 q35d int4_sym_channel; do
        for s in weight_bytes weight_gib weight_gb bpw; do
            looked=$((looked + 1))
            grep -q "^model.$mdl.$fmt.$s	[0-9]" "$p" || { not_ok "model.$mdl.$fmt.$s"; missing=$((missing + 1)); }
        done
    done
done
for dev in this-machine apple-m1-max rtx-2080-ti h100-sxm h100-pcie h200 groq-lpu; do
    for s in decode_tok_s_bound fits devices_needed bytes_per_token prefill_tok_s_bound; do
        looked=$((looked + 1))
        grep -q "^projection.$dev.llama2-70b.q35.$s	" "$p" || { not_ok "projection.$dev.llama2-70b.q35.$s"; missing=$((missing + 1)); }
    done
done
check "every required model and projection id present ($looked looked for, $missing missing)" test "$missing" -eq 0 -a "$looked" -eq 119
for s in chips_needed per_user_tok_s_bound aggregate_sram_tbps; do
    check "projection.groq-lpu.llama3-70b.q35d.$s" grep -q "^projection.groq-lpu.llama3-70b.q35d.$s	[0-9]" "$p"
done
check "this machine's bandwidth resolved from the run" grep -q '^projection.this-machine.llama2-70b.fp16.decode_tok_s_bound	[0-9].*roofline.stream.read.best.gbps' "$p"
check "seeds' accounting: 32.6 GiB for 70e9 at 3.5 bits + FP32 scale and offset per 128" grep -q '^model.seed-70e9.q35_seed_accounting.weight_gib	32.59629' "$p"
check "calibration ids present (n/a on tiny shapes)" grep -q '^calibration.f32.model_error_pct	NA' "$p"
# every projection row's description says it is a projection (and there are such rows)
check "every projection says so" awk -F'\t' '$1 ~ /^projection\./ && $1 !~ /context_tokens/ { n++; if ($6 !~ /^projection/) bad++ }
    END { exit !(n > 0 && bad == 0) }' "$p"

# a device figure without a source: exit 2 with file:line, nothing written
mkdir -p "$T/dev"
cp configs/devices/h100-sxm.ini "$T/dev/"
sed -i '/^bandwidth_gbps.source/d' "$T/dev/h100-sxm.ini"
line=$(grep -n '^bandwidth_gbps =' "$T/dev/h100-sxm.ini" | cut -d: -f1)
run4=$("$Q35_BIN" newrun --results "$T/results")
"$Q35_BIN" project --out "$run4" --devices "$T/dev" >/dev/null 2>"$T/err4"
check "figure without a source exits 2" test $? -eq 2
check "figure without a source names file:line" grep -q "$T/dev/h100-sxm.ini:$line: figure 'bandwidth_gbps' has no source" "$T/err4"
check "figure without a source: nothing written" test ! -e "$run4/metrics.projection.tsv"
done_testing
