# Step `audit` of ./run.sh all, and `./run.sh audit [RUN_DIR]`: every claim of
# configs/claims.ini judged against the run (audit.json, audit.tsv, metrics.audit.tsv).
# Sourced by run.sh; uses its BIN, RESULTS and log.

step_audit() { # RUN_DIR MODE
    "$BIN" audit "$1" --quiet --write
}
step_estimate_audit() { echo 2; } # seconds, either mode

cmd_audit() { # [RUN_DIR] [audit options]
    binary_or_build
    if [ $# -eq 0 ]; then "$BIN" audit --results "$RESULTS"; else "$BIN" audit "$@"; fi
}
