# Step `report` of ./run.sh all (after the run is sealed), and `./run.sh report [RUN_DIR ...]`:
# report/REPORT.md rendered from complete runs only, with the primary run's figures copied
# to report/figures/. Several runs are compared side by side. Sourced by run.sh.

step_report() { # RUN_DIR MODE
    "$BIN" report "$1"
}
step_estimate_report() { echo 3; }

cmd_report() { # [RUN_DIR ...] [report options]
    binary_or_build
    if [ $# -eq 0 ]; then "$BIN" report --results "$RESULTS"; else "$BIN" report "$@"; fi
}
