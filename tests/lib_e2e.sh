# Helpers for end-to-end tests: TAP-style lines, a scratch directory removed on exit.
# Source it; then call ok/not_ok or check "description" command...; finish with `done_testing`.
set -u
: "${Q35_BIN:?run through tests/run_tests.sh or set Q35_BIN}"
E2E_FAILED=0
E2E_TMP=$(mktemp -d)
trap 'rm -rf "$E2E_TMP"' EXIT

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; E2E_FAILED=1; }
# check DESCRIPTION COMMAND...: passes when the command succeeds
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
done_testing() { exit "$E2E_FAILED"; }
