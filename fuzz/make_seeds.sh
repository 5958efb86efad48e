#!/usr/bin/env bash
# Builds the seed corpus fuzz/corpus/TARGET/ from the files the parsers really read: the
# configs (configs/, tests/data/), a run directory (tests/data/run-fixture, and RUN_DIR when
# given: a real run of this machine) and command lines of `run`. The first byte of an input
# picks the loader or file inside a target (see each fuzz/*.c). Usage: fuzz/make_seeds.sh [RUN_DIR]
set -eu
cd "$(dirname "$0")/.."
out=fuzz/corpus
rm -rf "$out"
mkdir -p "$out"/{ini_configs,tsv_readers,run_files,run_command_line}

seed() { # TARGET SELECTOR FILE [NAME]: the file with one selector byte in front; files of
    # a run are cut to their first 32 KiB of whole lines (the corpus stays small in git)
    local name=${4:-$(printf '%s' "$3" | tr '/' '_')}
    { printf "\\$(printf '%03o' "$2")"
      if [ "$(stat -c %s "$3")" -le 32768 ]; then cat "$3"; else head -c 32768 "$3" | sed '$d'; fi
    } >"$out/$1/$2-$name"
}

# ini_configs: SUITE QUALITY QREFS DEVICE MODEL REPORT REFERENCES CLAIMS DECODE FLEET
for f in configs/llama70b.ini configs/quick.ini configs/int4-fp16.ini configs/kernels_q35.ini \
         tests/data/bad_configs/*.ini; do seed ini_configs 0 "$f"; done
seed ini_configs 1 configs/quality.ini
seed ini_configs 2 configs/reference/llamacpp_quant_error.ini
for f in configs/devices/*.ini; do seed ini_configs 3 "$f"; done
for f in configs/models/*.ini; do seed ini_configs 4 "$f"; done
seed ini_configs 5 configs/report.ini
seed ini_configs 6 configs/references.ini
seed ini_configs 6 tests/data/fixture.references.ini
seed ini_configs 7 tests/data/fixture.claims.ini
for f in configs/decode*.ini; do seed ini_configs 8 "$f"; done
for f in configs/fleet.example.ini tests/data/fleet-*.ini; do seed ini_configs 9 "$f"; done

# tsv_readers: TSV METRICS BENCH PLACEMENT FLEET_TASKS; run_files: the file names in
# fuzz/run_files.c's order
runs=(tests/data/run-fixture)
[ $# -gt 0 ] && runs+=("$1")
label() { [ "$1" = tests/data/run-fixture ] && echo fixture || echo realrun; }
files=(machine.json hyperfine.coldstart.json audit.json bench.tsv bench.samples.tsv
       bench.compare.tsv steps.tsv metrics.bench.tsv audit.claims.ini COMPLETE)
for r in "${runs[@]}"; do
    l=$(label "$r")
    for f in "$r"/*.tsv; do seed tsv_readers 0 "$f" "$l-$(basename "$f")"; done
    for f in "$r"/metrics.*.tsv; do seed tsv_readers 1 "$f" "$l-$(basename "$f")"; done
    [ -f "$r/bench.tsv" ] && seed tsv_readers 2 "$r/bench.tsv" "$l-bench.tsv"
    [ -f "$r/roofline.placement.tsv" ] && seed tsv_readers 3 "$r/roofline.placement.tsv" "$l-placement.tsv"
    for i in "${!files[@]}"; do
        [ -f "$r/${files[$i]}" ] && seed run_files "$i" "$r/${files[$i]}" "$l-${files[$i]}"
    done
done

# run_command_line: the arguments after `run`, NUL-separated
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" | tr ' ' '\0' >"$out/run_command_line/args-$i"
done <<'ARGS'
int4_simd 4096x4096
q35d_simd 1024x8192 --batch 1,8,64 --threads 1,2 --reps 9 --min-time-ms 5
f32_blas 17x65 --group-size channel --scales split --symmetry asymmetric --scale-type fp16
q35_baseline 64x128 --dequant seed --warmup 0 --seed 7 --quiet
int4_simd 64x64 --batch 1
int4_simd 64x64 --out /nonexistent --results results
ARGS
echo "seeds: $(find "$out" -type f | wc -l) files in $out"
