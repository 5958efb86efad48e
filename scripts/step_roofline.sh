# The roofline and project steps of ./run.sh all (sourced by run.sh), and
# ./run.sh roofline [--quick] / ./run.sh project [ARGS] on their own.
#   roofline: STREAM, cache sweep, compute peaks of this host; places the run's bench.tsv
#   project:  bounds per device x model x weight format; calibration on bench.tsv

step_estimate_roofline() { [ "$1" = quick ] && echo 2 || echo 45; } # seconds, measured
step_estimate_project() { echo 1; }

step_roofline() { # RUN_DIR MODE
    local quick=()
    [ "$2" = quick ] && quick=(--quick)
    # A failed validation (STREAM, peaks, SGEMM) exits 1; PAPI being unavailable never fails.
    "$BIN" roofline --out "$1" "${quick[@]}" || return $?
}

step_project() { # RUN_DIR MODE
    "$BIN" project --out "$1" || return $?
}

# ./run.sh roofline [--quick]: a run directory with the roofline and the projection only.
cmd_roofline() {
    local mode=full a
    for a in "$@"; do
        case $a in
            --quick) mode=quick ;;
            *) die "roofline: unknown option '$a' (expected --quick)" ;;
        esac
    done
    cmd_build
    local run status=0
    run=$("$BIN" newrun --results "$RESULTS")
    step_roofline "$run" "$mode" || status=$?
    step_project "$run" "$mode" || { [ "$status" -eq 0 ] && status=$?; }
    "$BIN" seal "$run" >&2
    return "$status"
}

# ./run.sh project [ARGS]: the projection alone (see build/q35bench project --help); with
# --out or --from RUN_DIR it uses that run's measured figures and bench.tsv.
cmd_project() {
    cmd_build
    if [ $# -eq 0 ]; then set -- --results "$RESULTS"; fi
    "$BIN" project "$@"
}
