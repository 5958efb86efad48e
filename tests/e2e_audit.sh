#!/usr/bin/env bash
# The audit command: writes its files into a run still being written and nothing into a
# sealed one; registry errors exit 2 with file:line; a quote not on its seed line is
# refused; and every metric id of configs/claims.ini is in the catalogue the steps declare
# (tests/data/metric-catalogue.tsv), with the unit its statements use.
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

# every metric id of the real registry is in the catalogue, in the statements' unit
c=$E2E_TMP/catalogue; mkdir "$c"; cp tests/data/metric-catalogue.tsv "$c/metrics.catalogue.tsv"
"$Q35_BIN" audit "$c" --check-evidence >"$E2E_TMP/out" 2>"$E2E_TMP/err"
st=$?
if [ $st -eq 0 ]; then ok "configs/claims.ini: no dangling metric ids against the catalogue"
else not_ok "configs/claims.ini has dangling metric ids:"; sed 's/^/    /' "$E2E_TMP/err"; fi
printf 'id\tvalue\tlo\thi\tunit\tdescription\nquality.seed_q35.mean_nrmse_pct\t14.9\t-\t-\tpct\tx\n' >"$c/metrics.catalogue.tsv"
"$Q35_BIN" audit "$c" --check-evidence >/dev/null 2>"$E2E_TMP/err"
check "a run that lacks ids: --check-evidence exits 1" [ $? -eq 1 ]
check "and lists them" grep -q "^quality.seed_int4.mean_nrmse_pct	absent" "$E2E_TMP/err"
done_testing
