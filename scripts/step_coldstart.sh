# Step `coldstart` of ./run.sh all: each available kernel's whole-command time, process
# start to exit (weights generated and packed, correctness gate, one timed call), measured
# by hyperfine; its --export-json is stored in the run as hyperfine.coldstart.json and
# summarised in the report. Sourced by run.sh.

step_coldstart() { # RUN_DIR MODE
    if ! command -v hyperfine >/dev/null 2>&1; then
        log "coldstart: hyperfine is missing (Debian package hyperfine); skipped"
        return 0
    fi
    # full: the k/v projection shape of LLaMA-70B; quick: a small one
    local shape=1024x8192 runs=3 tmp k
    [ "$2" = quick ] && shape=256x1024 runs=2
    tmp=$(mktemp -d) || return 1
    local cmds=()
    for k in $("$BIN" list | awk 'NR > 1 && $3 == "yes" { print $1 }'); do
        cmds+=("$ROOT/$BIN run $k $shape --reps 1 --warmup 0 --min-time-ms 1 --quiet --results $tmp/runs")
    done
    if [ ${#cmds[@]} -eq 0 ]; then rm -rf "$tmp"; return 0; fi
    if hyperfine --style none --shell=none --warmup 1 --runs "$runs" \
            --export-json "$tmp/hyperfine.coldstart.json" "${cmds[@]}" >/dev/null 2>"$tmp/err"; then
        cp "$tmp/hyperfine.coldstart.json" "$1/hyperfine.coldstart.json.tmp.$$" &&
            mv "$1/hyperfine.coldstart.json.tmp.$$" "$1/hyperfine.coldstart.json"
    else
        log "coldstart: hyperfine failed: $(tail -3 "$tmp/err")"
        rm -rf "$tmp"
        return 1
    fi
    rm -rf "$tmp"
}
step_estimate_coldstart() { [ "$1" = quick ] && echo 6 || echo 30; }
