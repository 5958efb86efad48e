# The quality step of ./run.sh all, and ./run.sh quality [CONFIG] [--quick].
# Sourced by run.sh: defines step_quality (RUN_DIR MODE) and cmd_quality.

step_estimate_quality() { [ "$1" = quick ] && echo 4 || echo 90; } # seconds, measured

step_quality() { # RUN_DIR MODE
    local quick=()
    [ "$2" = quick ] && quick=(--quick)
    "$BIN" quality configs/quality.ini --out "$1" "${quick[@]}" || return $?
}

cmd_quality() { # [CONFIG] [--quick] [other q35bench quality options]
    local config=configs/quality.ini
    if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then config=$1; shift; fi
    cmd_build
    "$BIN" quality "$config" --results "$RESULTS" "$@"
}
