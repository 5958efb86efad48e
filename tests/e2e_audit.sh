#!/usr/bin/env bash
# The audit command: writes its files into a run still being written and nothing into a
# sealed one; registry errors exit 2 with file:line; a quote not on its seed line is
# refused; and every metric id of configs/claims.ini is written, in the unit its statements
# use, by the steps themselves: run here on the shipped configs (project; decode with a
# memory budget that records every model without running it; quality --quick) or, for the
# bench step, on a tiny suite that uses the shipped suite's names for cases that suite runs.
. "$(dirname "$0")/lib_e2e.sh"
FIX=tests/data/run-fixture
REG="--claims tests/data/fixture.claims.ini --references tests/data/fixture.references.ini"

r=$E2E_TMP/open; cp -r "$FIX" "$r"; rm "$r/COMPLETE" "$r/audit.claims.ini" "$r/audit.references.ini"
"$Q35_BIN" audit "$r" $REG --quiet --write >/dev/null 2>"$E2E_TMP/err"
check "audit of an unsealed run exits 0" [ $? -eq 0 ]
for f in audit.json audit.tsv audit.statements.tsv metrics.audit.tsv audit.claims.ini audit.references.ini; do
    check "audit writes $f" [ -s "$r/$f" ]
done
check "metrics.audit.tsv counts statements per verdict" grep -q "^audit.statement_verdict.exceeds_bound.count	3	-	-	count" "$r/metrics.audit.tsv"
check "metrics.audit.tsv counts claims per verdict" grep -q "^audit.claim_verdict.exceeds_bound.count	2	-	-	count" "$r/metrics.audit.tsv"
check "audit.statements.tsv: one row per statement with its verdict" \
    grep -q "^fx_size	b	32.6 GiB	000_a29eff2f65a9f86d.txt:160	REPRODUCED	3	" "$r/audit.statements.tsv"
check "the statement beside a contradicting one keeps its own verdict" \
    grep -q "^fx_size	a	19 GB	000_a29eff2f65a9f86d.txt:14	EXCEEDS BOUND	2	" "$r/audit.statements.tsv"
check "a measured check whose interval straddles the claim is UNDECIDED" \
    grep -q "^fx_undecided	a	.*	UNDECIDED	1	" "$r/audit.statements.tsv"
check "metrics.audit.tsv holds the theorem evidence" grep -q "^audit.theorem.error_bound.q35_shared.max_ratio	" "$r/metrics.audit.tsv"
check "audit.tsv says evidence missing with the id" grep -q "evidence missing: projection.apple-m1-max.seed-70e9.q35.decode_tok_s_bound" "$r/audit.tsv"
seal_quiet() { "$Q35_BIN" seal "$1" >/dev/null; }
check "the audited run can be sealed" seal_quiet "$r"
"$Q35_BIN" report "$r" --out "$E2E_TMP/rep/REPORT.md" >/dev/null 2>&1
check "the audited run renders" [ -s "$E2E_TMP/rep/REPORT.md" ]

before=$(ls "$FIX" | wc -l)
"$Q35_BIN" audit "$FIX" $REG >"$E2E_TMP/out" 2>"$E2E_TMP/err"
check "audit of a sealed run exits 0" [ $? -eq 0 ]
check "audit of a sealed run writes nothing" [ "$(ls "$FIX" | wc -l)" -eq "$before" ]
check "audit of a sealed run says so" grep -q "is sealed" "$E2E_TMP/err"
check "the verdict table is printed" grep -q "^fx_lpu  *EXCEEDS BOUND (a, b)" "$E2E_TMP/out"

printf '[seeds]\n000 = 000_a29eff2f65a9f86d.txt\n[claim x]\ntitle = t\ntopic = speed\nunit = pct\nvalue.a = 1\nwhere.a = 000:13\nquote.a = q\ncheck.1.rule = match\ncheck.1.evidence = (1 +\ncheck.1.tolerance = 0\n' >"$E2E_TMP/bad.ini"
"$Q35_BIN" audit "$FIX" --claims "$E2E_TMP/bad.ini" >/dev/null 2>"$E2E_TMP/err"
check "registry syntax error exits 2" [ $? -eq 2 ]
check "registry error names file:line" grep -q "bad.ini:11: \[claim x\]\|bad.ini:11: evidence" "$E2E_TMP/err"

# the lint: a statement checked only by redoing the seeds' computation is refused
printf '[seeds]\n000 = 000_a29eff2f65a9f86d.txt\n[claim x]\ntitle = t\ntopic = quality\nunit = pct\nvalue.a = 14.94\nwhere.a = 000:164\nquote.a = 14.94\ncheck.1.rule = recompute\ncheck.1.evidence = quality.seed_q35.mean_nrmse_pct\ncheck.1.tolerance = 0.3\ncheck.1.setting = s\ncheck.1.note = n\n' >"$E2E_TMP/lint.ini"
"$Q35_BIN" audit "$FIX" --claims "$E2E_TMP/lint.ini" --references tests/data/fixture.references.ini >/dev/null 2>"$E2E_TMP/err"
check "registry lint: recompute without a check of the claim as stated exits 2" [ $? -eq 2 ]
check "registry lint names the statement" grep -q "lint.ini:7: \[claim x\] statement a is checked by redoing the seeds' computation but has no check of the claim as stated" "$E2E_TMP/err"

sed 's/^quote.a = - No prior art in 3.5-bit quantization for LLMs$/quote.a = - No prior art in 3.5-bit quantisation for LLMs/' tests/data/fixture.claims.ini >"$E2E_TMP/quote.ini"
"$Q35_BIN" audit "$FIX" --claims "$E2E_TMP/quote.ini" --references tests/data/fixture.references.ini >/dev/null 2>"$E2E_TMP/err"
check "a quote not on its seed line exits 2" [ $? -eq 2 ]
check "the quote error names the seed line" grep -q "quote.a is not on 000_a29eff2f65a9f86d.txt line 207" "$E2E_TMP/err"

# every metric id of the real registry is written by the steps, in the statements' unit
c=$("$Q35_BIN" newrun --results "$E2E_TMP/catalogue")
if [ -n "${Q35_SANITIZE:-}" ]; then
    # quality --quick on the shipped config alone takes a minute under the sanitizers
    skip "the metric ids the steps write, in the sanitizer pass (checked in the -O3 pass)"
else
    "$Q35_BIN" project --out "$c" --no-kernels >"$E2E_TMP/out" 2>&1
    check "catalogue: project on the shipped configs" [ $? -eq 0 ]
    # decode: the shipped config records every model x format it would run (a budget too small
    # to allocate anything) ...
    d1=$("$Q35_BIN" newrun --results "$E2E_TMP/decode1")
    sed 's/^memory_limit_gib *=.*/memory_limit_gib = 0.001/' configs/decode.ini >"$E2E_TMP/decode.ini"
    "$Q35_BIN" decode "$E2E_TMP/decode.ini" --out "$d1" --quiet >"$E2E_TMP/out" 2>&1
    check "catalogue: decode of the shipped config, every model recorded, none run" [ $? -eq 0 ]
    # ... and a measured decode's ids, written for the tiny model with the shipped formats: the
    # registry's decode.<model>.<format>.<rest> must be a model x format of the shipped config
    # and <rest> an id the step writes for a measured model x format
    d2=$("$Q35_BIN" newrun --results "$E2E_TMP/decode2")
    fmts=$(grep -o 'decode\.[a-z0-9_.-]*' configs/claims.ini | cut -d. -f3 | sort -u | paste -sd, -)
    { awk '/^\[models\]/ { skip = 1; next } /^\[/ { skip = 0 } !skip' configs/decode.ini |
          sed 's/^threads *=.*/threads = 1, 2/; s/^pp *=.*/pp = 4/; s/^tg *=.*/tg = 3/; s/^repetitions *=.*/repetitions = 2/; s/^warmup *=.*/warmup = 0/'
      printf '[models]\nllama-tiny = %s\n' "${fmts:-q35d}"; } >"$E2E_TMP/decode-tiny.ini"
    "$Q35_BIN" decode "$E2E_TMP/decode-tiny.ini" --out "$d2" --quiet >"$E2E_TMP/out" 2>&1
    check "catalogue: decode of the tiny model in the shipped formats" [ $? -eq 0 ]
    head -1 "$d2/metrics.decode.tsv" >"$c/metrics.decode.tsv"
    for id in $(grep -o 'decode\.[a-z0-9_.-]*' configs/claims.ini | sort -u); do
        IFS=. read -r _ model fmt rest <<<"$id"
        grep -q "^decode\.$model\.$fmt\.measured	" "$d1/metrics.decode.tsv" || continue
        awk -F'\t' -v OFS='\t' -v want="decode.llama-tiny.$fmt.$rest" -v id="$id" \
            '$1 == want { $1 = id; print }' "$d2/metrics.decode.tsv" >>"$c/metrics.decode.tsv"
    done
    "$Q35_BIN" quality configs/quality.ini --quick --out "$c" --quiet >"$E2E_TMP/out" 2>&1
    check "catalogue: quality --quick on the shipped config" [ $? -eq 0 ]
    # the bench ids the registry cites: cases of the shipped suite (its dry run lists them) ...
    "$Q35_BIN" bench configs/llama70b.ini --dry-run >"$E2E_TMP/cases" 2>&1
    awk -F'\t' '{ print $2 "\t" $3 "\t" $5 "\t" $6 }' "$E2E_TMP/cases" >"$E2E_TMP/cases.keys" # kernel shape M threads
    cases_missing=$(grep -o 'bench\.[a-z0-9_.-]*' configs/claims.ini | sort -u | awk -F. '
        NR == FNR { have[$0] = 1; next }
        $2 == "compare" { k[1] = $3; k[2] = $5; s = $6; m = $7; t = $8; n = 2 }
        $2 != "compare" { k[1] = $2; s = $3; m = $4; t = $5; n = 1 }
        { sub(/^m/, "", m); sub(/^t/, "", t)
          for (i = 1; i <= n; i++) if (!((k[i] "\t" s "\t" m "\t" t) in have)) print $0 }' "$E2E_TMP/cases.keys" -)
    check "the registry's bench ids are cases of configs/llama70b.ini${cases_missing:+ (not: $cases_missing)}" [ -z "$cases_missing" ]
    # ... and their ids as the bench step writes them, on a tiny suite with the same names
    cat >"$E2E_TMP/names.ini" <<'INI'
[suite]
name = names
min_time_ms = 1
repetitions = 3
compare = int4_simd/q35d_simd
[shapes]
q_proj = 16x256
lm_head_l3 = 16x256
[sweep seedcpu]
kernels = q35_baseline, q35_lut, q35_simd
shapes = q_proj
batch = 1
threads = 1, 2
[sweep decode]
kernels = int4_simd, q35d_simd
shapes = lm_head_l3
batch = 1
threads = 1, 2
INI
    "$Q35_BIN" bench "$E2E_TMP/names.ini" --out "$c" --quiet >"$E2E_TMP/out" 2>&1
    check "catalogue: a tiny bench suite with the shipped names" [ $? -eq 0 ]
    # what is checked is the id and its unit: a figure these tiny runs cannot measure (NA, e.g.
    # the calibration without the LLaMA-70B layer) still shows that its step writes the id
    for f in "$c"/metrics.*.tsv; do
        awk -F'\t' -v OFS='\t' 'NR > 1 && $2 == "NA" { $2 = 0 } { print }' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
    done
    "$Q35_BIN" audit "$c" --check-evidence >"$E2E_TMP/out" 2>"$E2E_TMP/err"
    st=$?
    # without llama.cpp's library (an offline machine) the quality step cannot measure ggml's
    # quantizers: their ids are then missing by design (the audit says "evidence missing")
    if ! "$Q35_BIN" list 2>/dev/null | grep -qE '^ggml_q4_k +q4_K +yes'; then
        grep -v 'quality\.ggml_' "$E2E_TMP/err" >"$E2E_TMP/err.own"
        if [ $st -ne 0 ] && ! grep -q 'absent\|unit' "$E2E_TMP/err.own"; then
            st=skipped
            skip "llama.cpp's library is unavailable: the quality step's quality.ggml_* ids are not checked"
        fi
    fi
    if [ "$st" = skipped ]; then :
    elif [ $st -eq 0 ]; then ok "configs/claims.ini: every metric id is written by its step, in the statements' unit"
    else not_ok "configs/claims.ini has metric ids no step writes (or in another unit):"; sed "s/^/    # /" "$E2E_TMP/err"; fi
fi
rm -f "$c"/metrics.*.tsv
printf 'id\tvalue\tlo\thi\tunit\tdescription\nquality.seed_q35.mean_nrmse_pct\t14.9\t-\t-\tpct\tx\n' >"$c/metrics.quality.tsv"
"$Q35_BIN" audit "$c" --check-evidence >/dev/null 2>"$E2E_TMP/err"
check "a run that lacks ids: --check-evidence exits 1" [ $? -eq 1 ]
check "and lists them" grep -q "^quality.seed_int4.mean_nrmse_pct	absent" "$E2E_TMP/err"
done_testing
