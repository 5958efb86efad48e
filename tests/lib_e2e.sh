# Helpers for end-to-end tests: TAP-style lines, a scratch directory removed on exit.
# Source it; then call ok/not_ok or check "description" command...; finish with `done_testing`.
set -u
: "${Q35_BIN:?run through tests/run_tests.sh or set Q35_BIN}"
E2E_FAILED=0
E2E_TMP=$(mktemp -d)
trap 'rm -rf "$E2E_TMP"' EXIT

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; E2E_FAILED=1; }
# skip REASON: a check that did not run (TAP "# SKIP"); tests/run_tests.sh counts it as
# skipped, never as passed
skip() { echo "ok - # SKIP $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
done_testing() { exit "$E2E_FAILED"; }
# full_bench_tsv < PARTIAL > FULL: a hand-made bench.tsv given for some columns, with every
# column of the bench step's bench.tsv (the header of the fixture's, a real run's file) in
# the writer's order; the others are filled as the writer fills a case without that figure.
full_bench_tsv() {
    local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    awk -F'\t' -v OFS='\t' -v full="$(head -1 "$root/tests/data/run-fixture/bench.tsv")" '
        BEGIN { n = split(full, col, "\t")
                split("name sweep kernel format shape isa_path params status message", t, " ")
                for (i in t) text[t[i]] = 1 }
        NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; print full; next }
        { line = ""
          for (c = 1; c <= n; c++) {
              v = (col[c] in at) ? $(at[col[c]]) : col[c] == "counters" ? "n/a (not given)" : (col[c] in text) ? "-" : "NA"
              line = line (c > 1 ? OFS : "") v }
          print line }'
}
