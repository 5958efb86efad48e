#!/usr/bin/env bash
# ./run.sh fleet on a real Slurm: a private three-node cluster on this host (tests/lib_slurm.sh:
# munged, slurmctld and three slurmd, generated key and slurm.conf, free ports, state in a
# temporary directory, all stopped and removed on exit). A quick fleet with two targets (one
# by node name, one by constraint) goes through sbatch, the array tasks build once for the
# CPU family and run ./run.sh all, and the merged report compares both machines. Faults: no
# sbatch on PATH, an unknown partition, a task killed at its time limit, and a results root
# that the submitting host does not share (a run directory missing): each a clear message,
# a non-zero exit and nothing half-merged.
. "$(dirname "$0")/lib_e2e.sh"
. "$(dirname "$0")/lib_slurm.sh"

# Without Slurm (both builds): the merged report from a task table, and its refusals.
FIX=$PWD/tests/data/run-fixture
tasks() { # FILE ROW...: a task table
    local f=$1; shift
    printf 'job\ttask\ttarget\tselection\tnode\tstate\texit\treason\trun\n' >"$f"
    printf '%s\n' "$@" >>"$f"
}
tasks "$E2E_TMP/t.tsv" "9	0	zen4	partition=zen4	n1	COMPLETED	0:0	-	$FIX" \
    "9	1	icx	constraint=icx	n2	TIMEOUT	0:15	killed at the time limit	-"
"$Q35_BIN" report --fleet "$E2E_TMP/t.tsv" --out "$E2E_TMP/a/REPORT.md" >/dev/null 2>"$E2E_TMP/err"
check "report --fleet: a sealed run and a failed task render (exit 0)" [ $? -eq 0 ]
check "report --fleet: the failed task is listed with its reason" \
    grep -q '^| 1 | icx | constraint=icx | n2 | TIMEOUT | 0:15 | \*\*no run\*\*: killed at the time limit |' "$E2E_TMP/a/REPORT.md"
check "report --fleet: the report says it is incomplete" \
    grep -q '^\*\*Incomplete fleet\*\*: 1 of 2 tasks produced no sealed run' "$E2E_TMP/a/REPORT.md"
check "report --fleet: the machine that ran is side by side under its target" \
    grep -q '^| `roofline.stream.read.t1.gbps` (gbps) | [0-9.]* |$' "$E2E_TMP/a/REPORT.md"
tasks "$E2E_TMP/none.tsv" "9	0	zen4	partition=zen4	n1	FAILED	1:0	no run directory	-"
"$Q35_BIN" report --fleet "$E2E_TMP/none.tsv" --out "$E2E_TMP/b/REPORT.md" >/dev/null 2>"$E2E_TMP/err"
check "report --fleet: no sealed run at all: exit 1, no report" \
    bash -c "[ $? -eq 1 ] && [ ! -e '$E2E_TMP/b/REPORT.md' ] && grep -q 'no task produced a sealed run' '$E2E_TMP/err'"
printf 'job\ttask\ttarget\n9\t0\tzen4\n' >"$E2E_TMP/bad.tsv"
"$Q35_BIN" report --fleet "$E2E_TMP/bad.tsv" --out "$E2E_TMP/c/REPORT.md" >/dev/null 2>"$E2E_TMP/err"
check "report --fleet: a task table without its columns: exit 2, names the column, no report" \
    bash -c "[ $? -eq 2 ] && [ ! -e '$E2E_TMP/c/REPORT.md' ] && grep -q 'bad.tsv.*selection' '$E2E_TMP/err'"
printf '[fleet]\nmode = quick\n[target x]\npartition = a b\n' >"$E2E_TMP/bad.ini"
"$Q35_BIN" fleetconfig "$E2E_TMP/bad.ini" >/dev/null 2>"$E2E_TMP/err"
check "fleetconfig: a bad target: exit 2, file:line and what was expected" \
    bash -c "[ $? -eq 2 ] && grep -q 'bad.ini:4: expected a partition name' '$E2E_TMP/err'"

if [ -n "${Q35_SANITIZE:-}" ]; then
    echo "# the Slurm part is skipped in the sanitizer pass: its tasks build and run the -O3 suite, once per ./run.sh test is enough"
    skip "fleet on the local Slurm under the sanitizer build (it runs in the -O3 pass)"
    done_testing
fi
why=$(local_slurm_unavailable)
if [ -n "$why" ]; then
    echo "# the Slurm part is skipped: cannot start a local Slurm: $why"
    skip "fleet on the local Slurm: $why"
    done_testing
fi

SLURM_DIR=$(mktemp -d /tmp/q35slurm.XXXXXX)
LOCK_FD=
cleanup() {
    [ -n "$LOCK_FD" ] && exec {LOCK_FD}>&-
    local_slurm_stop
    rm -rf "$SLURM_DIR" "$E2E_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! local_slurm_start "$SLURM_DIR" >"$E2E_TMP/start.log" 2>&1; then
    not_ok "the local Slurm starts: $(tail -5 "$E2E_TMP/start.log" | tr '\n' ' ')"
    done_testing
fi
ok "local Slurm up: $(sinfo -h -o '%P' | tr '\n' ' ')"

R=$E2E_TMP/results      # results roots (this host is every node: the root is shared)
B=$E2E_TMP/builds       # the builds per CPU family
mkdir -p "$R"
fleets() { ls -d "$1"/fleet-*/ 2>/dev/null | wc -l; }

# 1. no sbatch on PATH: a PATH with every command of this host but sbatch
mkdir -p "$E2E_TMP/nosbatch"
for f in /usr/local/bin/* /usr/bin/* /usr/sbin/*; do
    [ "$(basename "$f")" = sbatch ] || ln -sf "$f" "$E2E_TMP/nosbatch/" 2>/dev/null
done
PATH=$E2E_TMP/nosbatch ./run.sh fleet submit --partition fleet_a --results "$R/nosbatch" \
    >/dev/null 2>"$E2E_TMP/err"
st=$?
check "no sbatch: exit 2" [ "$st" -eq 2 ]
check "no sbatch: says sbatch is not on PATH and what to do" \
    grep -q "'sbatch' is not on PATH: run this on a login node" "$E2E_TMP/err"
check "no sbatch: no fleet directory" [ "$(fleets "$R/nosbatch")" -eq 0 ]

# 2. an unknown partition: Slurm refuses it before anything is submitted
./run.sh fleet submit --partition fleet_a --partition nope --results "$R/nope" \
    >/dev/null 2>"$E2E_TMP/err"
st=$?
check "unknown partition: exit 2" [ "$st" -eq 2 ]
check "unknown partition: names the target and Slurm's reason" \
    grep -q "Slurm refuses target 'nope' (partition=nope)" "$E2E_TMP/err"
check "unknown partition: says how to look names up" grep -q "sinfo -s" "$E2E_TMP/err"
check "unknown partition: nothing submitted, no fleet directory" \
    bash -c "[ -z \"\$(squeue -h -o %i)\" ] && [ $(fleets "$R/nope") -eq 0 ]"

# 3. the fleet: two targets from tests/data/fleet-local.ini. Their CPU family's build starts
# from a copy of the build under test (make then finds every object up to date and only
# relinks), so that the test does not spend a minute compiling what is already compiled.
KEY=$(scripts/fleet_task.sh --build-key family)
mkdir -p "$B/$KEY"
cp -a "$Q35_BUILD/obj" "$Q35_BUILD/libq35.a" "$Q35_BUILD/q35bench" "$B/$KEY/"
./run.sh fleet submit --config tests/data/fleet-local.ini --results "$R" --build-root "$B" \
    >"$E2E_TMP/submit.out" 2>"$E2E_TMP/submit.err"
st=$?
check "fleet submit: exit 0" [ "$st" -eq 0 ]
FLEET=$(tail -1 "$E2E_TMP/submit.out")
JOB=$(sed -n 's/^job = //p' "$FLEET/fleet.ini" 2>/dev/null)
check "manifest records the job id and both targets" \
    bash -c "[[ '$JOB' =~ ^[0-9]+$ ]] && grep -q '^\[target n1\]' '$FLEET/fleet.ini' && grep -q '^\[target fb\]' '$FLEET/fleet.ini'"
check "one array job, one task per target, each on its own node, --exclusive" \
    bash -c "squeue -h -r -t all -j '$JOB' -o '%K %f %h' | sort | tr '\n' ' ' | grep -qx '0 (null) NO 1 fb NO '"
./run.sh fleet report "$FLEET" >/dev/null 2>"$E2E_TMP/err"
check "report while the tasks run: exit 1, says how to wait, no report" \
    bash -c "[ $? -eq 1 ] && grep -q 'not finished after .*--wait=SECONDS.*--partial; no report written' '$E2E_TMP/err' && [ ! -e '$FLEET/REPORT.md' ]"

# 4. a task killed at its time limit (1 minute, Slurm's smallest): it waits for the build
# lock of its CPU family, which this test holds, so it burns no CPU while it waits
mkdir -p "$E2E_TMP/tl-builds"
exec {LOCK_FD}>"$E2E_TMP/tl-builds/$KEY.lock"
flock "$LOCK_FD"
./run.sh fleet submit --partition fleet_slow --time 1 --suite tests/data/fleet-tiny.ini \
    --steps bench --results "$R/tl" --build-root "$E2E_TMP/tl-builds" \
    >"$E2E_TMP/tl.out" 2>"$E2E_TMP/tl.err"
check "time-limit fleet submitted" [ $? -eq 0 ]
TL=$(tail -1 "$E2E_TMP/tl.out")

# 5. the merged report
./run.sh fleet report "$FLEET" --wait=170 >"$E2E_TMP/report.out" 2>"$E2E_TMP/report.err"
st=$?
REPORT=$FLEET/REPORT.md
if [ "$st" -eq 0 ]; then ok "fleet report: exit 0"; else
    not_ok "fleet report: exit $st: $(tail -5 "$E2E_TMP/report.err" | tr '\n' ' ')"
    for f in "$FLEET"/logs/*.out; do tail -5 "$f" | sed 's/^/    /'; done
fi
check "report written" [ -s "$REPORT" ]
RUN0=$(ls -d "$FLEET"/task-0/*/ 2>/dev/null | head -1) RUN1=$(ls -d "$FLEET"/task-1/*/ 2>/dev/null | head -1)
ID0=$(basename "$RUN0") ID1=$(basename "$RUN1")
check "each task sealed its own run" \
    bash -c "build/q35bench verify '$RUN0' >/dev/null && build/q35bench verify '$RUN1' >/dev/null"
check "the task table lists both tasks, COMPLETED, with their runs" \
    bash -c "grep -q '^| 0 | n1 | nodelist=q35n1 | q35n1 | COMPLETED | 0:0 | \`$ID0\` |' '$REPORT' &&
             grep -q '^| 1 | fb | constraint=fb | q35n2 | COMPLETED | 0:0 | \`$ID1\` |' '$REPORT'"
check "no incomplete-fleet warning" bash -c "! grep -q 'Incomplete fleet' '$REPORT'"
check "machines side by side: ISA paths, roofs, projection per target" \
    bash -c "grep -q '^|  | n1 | fb |' '$REPORT' && grep -q '^| \`roofline.stream.read.best.gbps\` (gbps) | [0-9.]* | [0-9.]* |' '$REPORT' &&
             grep -q '^| format | bytes per token | n1 tok/s | fb tok/s |' '$REPORT'"
check "the multi-run comparison covers both runs (kernels, verdicts)" \
    bash -c "grep -q '^## Runs compared' '$REPORT' && grep -q \"^| case | $ID0 median ms\" '$REPORT' &&
             grep -q '^| \`q35_simd/tiny/M:1/threads:1\` |' '$REPORT' && grep -q '^### Statement verdicts per run' '$REPORT'"
check "one build for the CPU family, used by both tasks" \
    bash -c "[ \"\$(ls -d '$B'/*/ | wc -l)\" -eq 1 ] && [ -x '$B/$KEY/q35bench' ] &&
             grep -q 'build $KEY (family)' '$FLEET/logs/task-0.out' && grep -q 'build $KEY (family)' '$FLEET/logs/task-1.out'"
./run.sh fleet status "$FLEET" >"$E2E_TMP/status.out" 2>&1
check "fleet status: exit 0, both tasks COMPLETED" \
    bash -c "[ $? -eq 0 ] && grep -qE '^0 +n1 +COMPLETED +q35n1 +run $ID0' '$E2E_TMP/status.out' &&
             grep -qE '^1 +fb +COMPLETED +q35n2 +run $ID1' '$E2E_TMP/status.out'"
# Q35_FLEET_KEEP=DIR keeps a copy of the merged report (the README's excerpt comes from it)
[ -n "${Q35_FLEET_KEEP:-}" ] && cp "$REPORT" "$E2E_TMP/status.out" "${Q35_FLEET_KEEP}/"

# 6. a results root not shared with a node: the run directory of task 1 is missing here
cp -a "$FLEET" "$E2E_TMP/unshared"
U=$E2E_TMP/unshared
rm -rf "$U/task-1" "$U/logs/task-1.out" "$U/REPORT.md" "$U/figures"
./run.sh fleet report "$U" >/dev/null 2>"$E2E_TMP/err"
st=$?
check "missing run directory: exit 1" [ "$st" -eq 1 ]
check "missing run directory: says the results root is not shared and what to do" \
    grep -q "task-1 nor its log is here: the results root .* is not shared with q35n2; submit again with --results on a filesystem every node mounts" "$E2E_TMP/err"
check "missing run directory: the report keeps the other machine and says it is incomplete" \
    bash -c "grep -q '^| 0 | n1 .* | \`$ID0\` |' '$U/REPORT.md' && grep -q '^| 1 | fb .*\*\*no run\*\*: ran on q35n2' '$U/REPORT.md' &&
             grep -q '^\*\*Incomplete fleet\*\*: 1 of 2 tasks' '$U/REPORT.md' && ! grep -q '$ID1' '$U/REPORT.md'"

# 7. the task killed at its time limit
./run.sh fleet report "$TL" --wait=170 >/dev/null 2>"$E2E_TMP/err"
st=$?
[ -n "${Q35_FLEET_KEEP:-}" ] && cp "$E2E_TMP/err" "$Q35_FLEET_KEEP/timelimit.err"
check "time limit: exit 1" [ "$st" -eq 1 ]
check "time limit: Slurm's state and reason, and what to do" \
    grep -q "killed at the time limit: submit again with a longer --time; .*Slurm: TIMEOUT (TimeLimit" "$E2E_TMP/err"
check "time limit: no report (no task produced a sealed run)" \
    bash -c "[ ! -e '$TL/REPORT.md' ] && grep -q 'no task produced a sealed run' '$E2E_TMP/err'"
./run.sh fleet status "$TL" >"$E2E_TMP/status.out" 2>&1
check "time limit: fleet status exit 1 and TIMEOUT" \
    bash -c "[ $? -eq 1 ] && grep -qE '^0 +fleet_slow +TIMEOUT +q35n3' '$E2E_TMP/status.out'"
done_testing
