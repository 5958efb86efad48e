# The fuzz corpus replayed: every fuzz target (fuzz/*.c) runs once on each input of its seed
# corpus (fuzz/corpus/TARGET) and its regression corpus (fuzz/regressions/TARGET: every crash
# the fuzzers found), in this build (under ASan+UBSan in build-sanitize). A crash, a hang or
# a sanitizer report fails the target; so does a target without seeds.
. "$(dirname "$0")/lib_e2e.sh"
cd "$(dirname "$0")/.."
for src in fuzz/*.c; do
    t=$(basename "$src" .c)
    bin=$Q35_BUILD/fuzz-replay/$t
    inputs=()
    for f in fuzz/corpus/"$t"/* fuzz/regressions/"$t"/*; do [ -f "$f" ] && inputs+=("$f"); done
    n_seeds=$(find "fuzz/corpus/$t" -type f 2>/dev/null | wc -l)
    if [ ! -x "$bin" ] || [ "$n_seeds" -eq 0 ]; then
        not_ok "$t: replay binary $bin built and seeds in fuzz/corpus/$t ($n_seeds)"
        continue
    fi
    out=$(timeout 120 "$bin" "${inputs[@]}" 2>"$E2E_TMP/$t.err")
    rc=$?
    if [ "$rc" -eq 0 ] && [ "$out" = "${#inputs[@]} inputs" ]; then
        ok "$t: ${#inputs[@]} inputs replayed without a crash or sanitizer report"
    else
        not_ok "$t: exit $rc after '$out' of ${#inputs[@]} inputs"
        grep -E 'ERROR|runtime error|SUMMARY' "$E2E_TMP/$t.err" | head -5 | sed 's/^/# /'
    fi
done
done_testing
