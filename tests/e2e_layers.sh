# The layers of the source tree (README.md, "Layout"): every #include "..." in a source
# folder names its own folder or a folder on a lower layer, never one on its own layer or
# above. Also checks the checker: a folder missing from the table, an include that resolves
# nowhere, and a planted upward include must each be reported.
. "$(dirname "$0")/lib_e2e.sh"
cd "$(dirname "$0")/.."

# folder layer: the front end on top, the steps in between, the timing core, the kernels
# and formats, the ground every layer stands on. Folders on one layer do not include each
# other.
LAYERS='
cli 9
report 8
audit 7
fleet 7
decode 6
projection 5
roofline 5
quality 5
harness 4
kernels 3
formats 2
base 1
'

# check_tree DIR: prints one line per violation, "file:line: why"; exit 0 when clean.
check_tree() {
    (cd "$1" && awk -v layers="$LAYERS" '
        BEGIN {
            n = split(layers, l, "\n")
            for (i = 1; i <= n; i++) if (split(l[i], f, " ") == 2) level[f[1]] = f[2]
            bad = 0
        }
        FNR == 1 {
            dir = FILENAME; sub(/\/[^\/]*$/, "", dir)
            if (!(dir in level)) { print FILENAME ": folder " dir " has no layer in tests/e2e_layers.sh"; bad = 1 }
        }
        /^[ \t]*#[ \t]*include[ \t]*"/ {
            inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
            if (index(inc, "/") == 0) {
                if ((getline tmp < (dir "/" inc)) < 0) {
                    print FILENAME ":" FNR ": \"" inc "\" is not a file of " dir "/ (name a folder: base/" inc ", ...)"
                    bad = 1
                } else close(dir "/" inc)
                next
            }
            to = inc; sub(/\/.*$/, "", to)
            if (!(to in level)) { print FILENAME ":" FNR ": \"" inc "\" is in no layered folder"; bad = 1; next }
            if (to != dir && level[to] >= level[dir]) {
                print FILENAME ":" FNR ": " dir "/ (layer " level[dir] ") includes \"" inc "\" (" to "/, layer " level[to] "): includes run downward only"
                bad = 1
            }
        }
        END { exit bad }
    ' $(find base formats kernels harness quality roofline projection decode audit fleet report cli \
            -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' -o -name '*.inc' -o -name '*.def' \) | sort))
}

out=$(check_tree .)
if [ -z "$out" ]; then ok "every #include runs to its own folder or a lower layer"
else not_ok "includes running up or across a layer:"; echo "$out" | sed 's/^/# /'; fi

# The checker itself: a scratch copy with one planted upward include must fail, naming it.
copy=$E2E_TMP/tree
mkdir -p "$copy"
for d in base formats kernels harness quality roofline projection decode audit fleet report cli; do
    cp -r "$d" "$copy/"
done
echo '#include "report/render.h"' >>"$copy/harness/timer.c"
out=$(check_tree "$copy")
check "a planted upward include (harness -> report) is reported with file:line" \
    grep -q '^harness/timer.c:[0-9]*: harness/ (layer 4) includes "report/render.h"' <<<"$out"
sed -i '$d' "$copy/harness/timer.c"
echo '#include "roofline/stream.h"' >>"$copy/quality/qrun.c"
out=$(check_tree "$copy")
check "an include across one layer (quality -> roofline) is reported" \
    grep -q '^quality/qrun.c:[0-9]*: quality/ (layer 5) includes "roofline/stream.h"' <<<"$out"
sed -i '$d' "$copy/quality/qrun.c"
echo '#include "timer.h"' >>"$copy/report/render.c"
out=$(check_tree "$copy")
check "a bare include of another folder's header is reported" \
    grep -q '^report/render.c:[0-9]*: "timer.h" is not a file of report/' <<<"$out"
sed -i '$d' "$copy/report/render.c"
check "the scratch copy is clean again" check_tree "$copy"
done_testing
