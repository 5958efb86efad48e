# Every malformed config: exit status 2, a message naming file:line, and no results written.
. "$(dirname "$0")/lib_e2e.sh"
cd "$(dirname "$0")/.."
for f in tests/data/bad_configs/*.ini; do
    line=$(sed -n '1s/^; expect \([0-9]*\):.*/\1/p' "$f")
    err=$("$Q35_BIN" bench "$f" --results "$E2E_TMP/results" 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" -eq 2 ] && grep -q "^q35bench: $f:$line: " <<<"$err" && [ ! -e "$E2E_TMP/results" ]; then
        ok "$(basename "$f"): exit 2, $f:$line named, nothing written"
    else
        not_ok "$(basename "$f"): exit $rc, message: $err"
    fi
done
done_testing
