# Step `decode` of ./run.sh all (sourced by run.sh), and `./run.sh decode [CONFIG] [--out RUN_DIR]`:
# an end-to-end LLaMA-architecture decode on the registry's kernels, pp and tg tokens per second
# (q35bench decode; docs/decode.md). It runs after the roofline step, whose STREAM read
# bandwidth gives each measurement its bound, and before project, whose calibration reads it.

# seconds: --quick measured (3 s); the full config took 235 s on the 2-core VM under a load
# average of 5.5 (building the two 8B models 128 s of it), about 150 s expected on a quiet one
step_estimate_decode() { [ "$1" = quick ] && echo 3 || echo 150; }

step_decode() { # RUN_DIR MODE
    local config=configs/decode.ini
    [ "$2" = quick ] && config=configs/decode-quick.ini
    "$BIN" decode "$config" --out "$1" || return $?
}

# ./run.sh decode [CONFIG] [--out RUN_DIR]: a decode config on its own (default
# configs/decode.ini), into a new sealed run directory or into RUN_DIR.
cmd_decode() {
    cmd_build
    local config=configs/decode.ini
    if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then config=$1; shift; fi
    if [ $# -eq 0 ]; then set -- --results "$RESULTS"; fi
    "$BIN" decode "$config" "$@"
}
