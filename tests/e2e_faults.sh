# Fault paths of issue 14 through the command line, each a regression test from its
# defect's reproducer: odd section headers (1), sealing an empty run (2), a FIFO in a run
# (3), a stray metrics file (4), runs without their results (5), error lines (8), unsealed
# runs and a COMPLETE that is not a file (9), the memory pre-check with the batch (7),
# exit statuses of I/O failures (10), rendering without building (11), command-line values
# that would add a key (4 of the deliverables).
. "$(dirname "$0")/lib_e2e.sh"
cd "$(dirname "$0")/.."
B=$Q35_BIN
T=$E2E_TMP
FIX=tests/data/run-fixture
REG=(--claims tests/data/fixture.claims.ini --references tests/data/fixture.references.ini)

# exits_with STATUS PATTERN COMMAND...: the command exits STATUS within 60 s and its stderr
# matches PATTERN
exits_with() {
    local want=$1 pattern=$2 rc=0
    shift 2
    timeout 60 "$@" >"$T/out" 2>"$T/err" || rc=$?
    [ "$rc" -eq "$want" ] && grep -q -- "$pattern" "$T/err" && return 0
    echo "# exit $rc (wanted $want); stderr: $(head -3 "$T/err")"
    return 1
}

# 1: white space around and before a section header (the SIGSEGV of the release binary)
printf '[ suite]\nname = t\n' >"$T/d1a.ini"
check "1: '[ suite]' without a sweep: exit 2 naming the file" exits_with 2 "^q35bench: $T/d1a.ini:" "$B" bench "$T/d1a.ini" --dry-run
printf '\v[sweep s]\nbatch = 1\n' >"$T/d1b.ini"
check "1: '\\v[sweep s]': exit 2" exits_with 2 "^q35bench: $T/d1b.ini:" "$B" bench "$T/d1b.ini" --dry-run
printf '\r\r\r [sweep s]' >"$T/d1c.ini"
check "1: CR-only lines: exit 2 at line 1 (carriage return)" exits_with 2 "d1c.ini:1: carriage return" "$B" bench "$T/d1c.ini" --dry-run
printf '[suite]\nname = a\n[shapes]\nx = 8x8\n[sweep s]\nkernels = f32_naive\nshapes = x\nbatch = 1\nthreads = 1\n[ suite]\nseed = 3\n' >"$T/d1d.ini"
check "1: '[ suite]' after a sweep is [suite] again, not keys of the sweep" exits_with 2 "d1d.ini:10: section \[suite\] appears again" "$B" bench "$T/d1d.ini" --dry-run

# 2: sealing an empty run directory with a 250-character name
long=$T/$(printf 'r%.0s' $(seq 250))
mkdir "$long"
check "2: seal of an empty run (250-character name) is refused" exits_with 1 "no files to seal" "$B" seal "$long"
check "2: ... and leaves no COMPLETE" [ ! -e "$long/COMPLETE" ]

# 3, 4: a FIFO and a stray metrics file in a sealed run
r=$T/fifo; cp -r "$FIX" "$r"; mkfifo "$r/metrics.fifo.tsv"
check "3: verify of a run holding a FIFO returns (exit 1)" exits_with 1 "metrics.fifo.tsv: not listed in COMPLETE" "$B" verify "$r"
check "3: report of it returns (exit 1)" exits_with 1 "not listed in COMPLETE" "$B" report "$r" --out "$T/rep3/REPORT.md"
check "3: audit of it returns (exit 1)" exits_with 1 "not listed in COMPLETE" "$B" audit "$r" "${REG[@]}" --quiet
r=$T/fifo2; cp -r "$FIX" "$r"; rm "$r/COMPLETE" "$r/metrics.quality.tsv"; mkfifo "$r/metrics.quality.tsv"
check "3: audit of an unsealed run holding a FIFO returns (exit 1)" exits_with 1 "not a regular file" "$B" audit "$r" "${REG[@]}" --quiet
check "3: seal of it is refused" exits_with 1 "not a regular file" "$B" seal "$r"
r=$T/stray; cp -r "$FIX" "$r"
printf 'id\tvalue\tlo\thi\tunit\tdescription\nstray.evidence\t1\t-\t-\tcount\tplanted\n' >"$r/metrics.stray.tsv"
check "4: a stray metrics file makes verify fail" exits_with 1 "metrics.stray.tsv: not listed in COMPLETE" "$B" verify "$r"
check "4: ... and report refuses the run" exits_with 1 "metrics.stray.tsv: not listed" "$B" report "$r" --out "$T/rep4/REPORT.md"

# 5: runs without their results
r=$("$B" newrun --results "$T/res5")
printf '{}\n' >"$r/machine.json"
printf 'step\tmode\tstatus\tseconds\nbench\tquick\texit 137\t3\n' >"$r/steps.tsv"
check "5: a killed bench step seals the run as failed (exit 1)" exits_with 1 "step bench ended with 'exit 137'" "$B" seal "$r"
check "5: verify says the run failed (exit 1)" exits_with 1 "sealed as failed: step bench ended with 'exit 137'" "$B" verify "$r"
check "5: sha256sum -c still checks it" bash -c "cd '$r' && sha256sum --quiet -c COMPLETE"
r=$("$B" newrun --results "$T/res5b")
printf '{}\n' >"$r/machine.json"
printf 'step\tmode\tstatus\tseconds\nbench\tquick\tok\t3\n' >"$r/steps.tsv"
check "5: a bench step 'ok' without bench.tsv seals the run as failed" exits_with 1 "step bench ended ok but its bench.tsv is missing" "$B" seal "$r"
r=$T/nobench; cp -r "$FIX" "$r"; rm "$r/bench.tsv"; sed -i '/  bench.tsv$/d' "$r/COMPLETE"
check "5: bench.tsv and its COMPLETE line removed: verify fails" exits_with 1 "bench.tsv is missing" "$B" verify "$r"
"$B" report "$r" --out "$T/rep5/REPORT.md" >/dev/null 2>&1
check "5: ... and the report says so at its top" bash -c "head -3 '$T/rep5/REPORT.md' | grep -q 'FAILED.*incomplete' && sed -n 2p '$T/rep5/REPORT.md' | grep -q 'bench.tsv is missing'"

# 8: the line and the cause of a syntax error
printf '[suite]\nname = a\nno equals here\nseed = 1\nname = b\n' >"$T/d8a.ini"
check "8: a line without '=' is named (line 3), not a later duplicate" exits_with 2 "d8a.ini:3: syntax error" "$B" bench "$T/d8a.ini" --dry-run
printf '[suite]\nname = a\n[shapes\nx = 8x8\n' >"$T/d8b.ini"
check "8: an unclosed [shapes is named as such" exits_with 2 "d8b.ini:3: section header without its closing" "$B" bench "$T/d8b.ini" --dry-run

# 9: unsealed runs and a COMPLETE that is a symlink
r=$T/open; cp -r "$FIX" "$r"; rm "$r/COMPLETE"
check "9: audit of an unsealed run says so and writes nothing" exits_with 0 "is not sealed" "$B" audit "$r" "${REG[@]}" --quiet
check "9: ... no audit.json appeared" [ ! -e "$r/audit.json" ]
check "9: ./run.sh plots of an unsealed run is refused" exits_with 2 "is not sealed" env Q35_BUILD_DIR="$Q35_BUILD" ./run.sh plots "$r"
r=$T/zero; cp -r "$FIX" "$r"; rm "$r/COMPLETE"; ln -s /dev/zero "$r/COMPLETE"
check "9: COMPLETE -> /dev/zero: verify calls the run corrupt" exits_with 1 "COMPLETE is not a regular file" "$B" verify "$r"
check "9: ... seal says the same" exits_with 2 "COMPLETE is not a regular file" "$B" seal "$r"
check "9: ... audit refuses it" exits_with 1 "COMPLETE is not a regular file" "$B" audit "$r" "${REG[@]}"

# 7: the memory pre-check counts the batch (64 x 2^20 weights: 256 MiB; batch 65536 would
# need 256 GiB of activations)
printf '[suite]\nname = big\nrepetitions = 1\nmin_time_ms = 1\n[shapes]\nwide = 64x1048576\n[sweep s]\nkernels = f32_naive\nshapes = wide\nbatch = 65536\nthreads = 1\n' >"$T/d7.ini"
check "7: a batch whose activations do not fit is refused before allocating (exit 1)" exits_with 1 "could not run" "$B" bench "$T/d7.ini" --results "$T/res7" --quiet
check "7: ... and its case says why" grep -q "batch M = 65536 needs about" "$T/res7"/*/bench.tsv

# 10: I/O failures are failures found while running (1), not bad input (2)
printf 'x' >"$T/afile"
check "10: a results root that cannot be created exits 1" exits_with 1 "cannot create directory" "$B" run f32_naive 8x8 --results "$T/afile/sub" --quiet
check "10: newrun under a results root that cannot be created exits 1" exits_with 1 "cannot create directory" "$B" newrun --results "$T/afile/sub"
check "10: bench --out a sealed run is bad usage (2)" exits_with 2 "already sealed" "$B" bench configs/quick.ini --out "$FIX" --quiet
if mkdir -p "$T/small" && mount -t tmpfs -o size=256k tmpfs "$T/small" 2>/dev/null; then
    check "10: a nearly full disk is found before measuring (exit 1)" exits_with 1 "MiB free, and this run writes about" "$B" bench configs/quick.ini --results "$T/small/results" --quiet
    umount "$T/small"
else
    echo "# 10: no tmpfs can be mounted here (not root or no CAP_SYS_ADMIN): the full-disk run is not tried; tests/test_faults covers the check"
fi

# 11: report, audit and plots from an existing binary, without make
mkdir -p "$T/bin"
printf '#!/bin/sh\ntouch "%s/make-ran"\nexit 99\n' "$T" >"$T/bin/make"; chmod +x "$T/bin/make"
PATH="$T/bin:$PATH" Q35_BUILD_DIR="$Q35_BUILD" ./run.sh report "$FIX" --out "$T/rep11/REPORT.md" >/dev/null 2>&1
check "11: ./run.sh report renders without running make" bash -c "[ -s '$T/rep11/REPORT.md' ] && [ ! -e '$T/make-ran' ]"
PATH="$T/bin:$PATH" Q35_BUILD_DIR="$Q35_BUILD" ./run.sh audit "$FIX" "${REG[@]}" --quiet >/dev/null 2>&1
check "11: ./run.sh audit runs without make" [ ! -e "$T/make-ran" ]

# command-line values are config values: none adds a key or a section
check "run: a value with a line break is refused (exit 2)" exits_with 2 "is not part of any value" "$B" run f32_naive 8x8 --batch $'1\n[sweep x]' --results "$T/res-cli"
check "run: an inline comment in a value is refused" exits_with 2 "is not part of any value" "$B" run f32_naive 8x8 --seed '1 ; x' --results "$T/res-cli"
check "run: ... and nothing was written" [ ! -e "$T/res-cli" ]
done_testing
