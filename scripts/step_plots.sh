# Step `plots` of ./run.sh all, and `./run.sh plots [RUN_DIR] [--out DIR]`: the tables of
# `q35bench plotdata` drawn by plots/*.gp with gnuplot, as PNG (report, README) and SVG
# (papers). Inside ./run.sh all the figures go into the run directory (before it is sealed);
# for a sealed run name another directory with --out. Sourced by run.sh.

# Draws every figure of RUN_DIR into OUT_DIR; each file lands atomically.
plots_draw() { # RUN_DIR OUT_DIR
    local run=$1 out=$2 tmp rc=0 gp name data fmt f
    tmp=$(mktemp -d) || return 1
    if ! "$BIN" plotdata "$run" "$tmp"; then rm -rf "$tmp"; return 1; fi
    if command -v gnuplot >/dev/null 2>&1; then
        for gp in plots/*.gp; do
            name=$(basename "$gp" .gp)
            [ "$name" = common ] && continue
            # the table a figure needs is named in its header comment ("data: plot....tsv")
            data=$(sed -n 's/^#.*data: \(plot[a-z._]*\.tsv\).*/\1/p' "$gp" | head -1)
            if [ -n "$data" ] && [ "$(awk 'END { print NR }' "$tmp/$data")" -le 1 ]; then
                log "plots: $name skipped: the run has no data for it ($data is empty)"
                continue
            fi
            for fmt in png svg pdf; do
                if ! gnuplot -e "datadir='$tmp'; fmt='$fmt'; out='$tmp/fig.$name.$fmt'" "$gp" \
                        2>"$tmp/gnuplot.log"; then
                    log "plots: $name.$fmt failed: $(head -3 "$tmp/gnuplot.log")"
                    rm -f "$tmp/fig.$name.$fmt"
                    rc=1
                fi
            done
        done
    else
        log "plots: gnuplot is missing (Debian package gnuplot-nox); tables written, figures skipped"
    fi
    for f in "$tmp"/plot.* "$tmp"/fig.*; do
        [ -f "$f" ] || continue
        cp "$f" "$out/$(basename "$f").tmp.$$" && mv "$out/$(basename "$f").tmp.$$" "$out/$(basename "$f")" || rc=1
    done
    rm -rf "$tmp"
    return $rc
}

step_plots() { # RUN_DIR MODE
    plots_draw "$1" "$1"
}
step_estimate_plots() { echo 3; }

cmd_plots() { # [RUN_DIR] [--out DIR]
    local run="" out=""
    while [ $# -gt 0 ]; do
        case $1 in
            --out) [ $# -ge 2 ] || die "plots: --out needs a directory"; out=$2; shift 2 ;;
            -*) die "plots: unknown option '$1' (expected --out DIR)" ;;
            *) [ -z "$run" ] || die "plots: one run directory at most"; run=$1; shift ;;
        esac
    done
    binary_or_build
    if [ -z "$run" ]; then
        run=$(ls -d "$RESULTS"/*/COMPLETE 2>/dev/null | sort | tail -1)
        [ -n "$run" ] || die "plots: no complete run under $RESULTS/; name a run directory"
        run=$(dirname "$run")
    fi
    [ -d "$run" ] || die "plots: $run is not a run directory"
    if [ -z "$out" ]; then
        [ -f "$run/COMPLETE" ] && die "plots: $run is sealed; its figures are drawn by ./run.sh all. Use --out DIR to draw them elsewhere"
        die "plots: $run is not sealed (interrupted or still running); its figures are drawn by ./run.sh all. Use --out DIR to draw what it holds elsewhere"
    fi
    "$BIN" verify "$run" >/dev/null 2>&1 ||
        log "plots: $run is not a complete, successful run ($("$BIN" verify "$run" 2>&1 >/dev/null | head -1)); its figures show what it holds"
    mkdir -p "$out" || die "plots: cannot create $out"
    plots_draw "$run" "$out" && log "plots: figures of $run in $out"
}
