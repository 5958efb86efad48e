# ./run.sh fleet submit|status|report: the suite on every node type of a Slurm cluster, the
# runs merged into one report. Sourced by run.sh (uses ROOT, BIN, RESULTS, ALL_STEPS, log,
# die and cmd_build).
#
# submit: one array job, one task per target (a partition, a node list or a constraint, from
#   the command line or the [target NAME] sections of a fleet config; fleet/fleet_config.h),
#   each task on a whole node (--exclusive) running scripts/fleet_task.sh: a build per CPU
#   family, then ./run.sh all into the fleet directory. The array is submitted held, each
#   task is pointed at its target with scontrol update, then the array is released.
# status: each task's state and Slurm's reason (squeue, then sacct: the accounting database,
#   or the job completion log with sacct -c), and its run directory.
# report: collects the sealed runs (waiting for the job with --wait) and renders
#   FLEET/REPORT.md with `q35bench report --fleet`: every task with its state and reason,
#   then the machines side by side.
#
# A fleet directory RESULTS/fleet-<UTC time>-<random>/ holds fleet.ini (the manifest: the
# fleet as submitted, its job id; a fleet config itself), logs/task-N.out (each task's
# output), task-N/ (each task's results root, its run inside), fleet.tasks.tsv and REPORT.md.

FLEET_TASK_SCRIPT=scripts/fleet_task.sh
# Slurm states after which a task does nothing more (squeue(1), JOB STATE CODES).
FLEET_DONE_STATES=" COMPLETED FAILED TIMEOUT CANCELLED NODE_FAIL OUT_OF_MEMORY PREEMPTED BOOT_FAIL DEADLINE SPECIAL_EXIT REVOKED UNKNOWN "

fleet_usage() {
    cat <<USAGE
usage: ./run.sh fleet submit [TARGETS] [OPTIONS] [-- SBATCH_OPTIONS]
       ./run.sh fleet status [FLEET_DIR] [--results DIR]
       ./run.sh fleet report [FLEET_DIR] [--results DIR] [--wait[=SECONDS]] [--partial]
submit: one Slurm array job, one task per target, each on a whole node (--exclusive)
  --partition P | --nodelist NODE | --constraint C
                   a target (repeatable); or the [target NAME] sections of --config
  --config FILE    a fleet config ([fleet] options, [target NAME] sections; see
                   configs/fleet.example.ini); command-line options win
  --quick | --full ./run.sh all --quick (default) or the full suite
  --suite FILE     the bench step's suite config for every task
  --steps A,B      only these steps of ./run.sh all (default: ${ALL_STEPS[*]})
  --build family|node   one build per distinct CPU family (default) or per node
  --build-root DIR where the builds live (default build-fleet; shared by the nodes)
  --results DIR    results root, on a filesystem every node mounts (default $RESULTS)
  --time T, --account A, --qos Q, and anything after --: passed to sbatch
status: every task's state (pending, running, done, failed) with Slurm's reason and its run
report: renders FLEET/REPORT.md from the sealed runs, every task listed with its state;
  --wait[=SECONDS] waits for unfinished tasks (default 3600 s), --partial renders what is
  sealed now. Exit status 1 when a task failed or produced no sealed run.
FLEET_DIR defaults to the newest fleet-* directory under the results root.
USAGE
}

cmd_fleet() {
    local verb=${1:-help}
    [ $# -gt 0 ] && shift
    case $verb in
        submit) fleet_submit "$@" ;;
        status) fleet_status "$@" ;;
        report) fleet_report "$@" ;;
        help|-h|--help) fleet_usage ;;
        *) fleet_usage >&2; exit 2 ;;
    esac
}

# Exits with a message saying what to do when a Slurm client command is missing.
fleet_need_slurm() { # COMMAND...
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 ||
            die "fleet: '$c' is not on PATH: run this on a login node of the Slurm cluster (where sbatch, squeue and sacct work), or add Slurm's bin directory to PATH (Debian: apt-get install slurm-client)"
    done
}

# Reads a fleet config or manifest through q35bench fleetconfig into FLEET_OPT[key] and the
# FLEET_T_* arrays (targets appended).
fleet_load() { # FILE
    local out kind a b c d
    out=$("$BIN" fleetconfig "$1") || exit 2
    while IFS=$'\t' read -r kind a b c d; do
        [ "$b" = - ] && b=
        [ "$c" = - ] && c=
        [ "$d" = - ] && d=
        case $kind in
            fleet) FLEET_OPT[$a]=$b ;;
            target) FLEET_T_NAME+=("$a"); FLEET_T_PART+=("$b"); FLEET_T_NODES+=("$c")
                    FLEET_T_CONS+=("$d") ;;
        esac
    done <<<"$out"
    return 0
}

# cmd_build, its output shown only when it fails (status and report need q35bench only to
# read configs and verify runs).
fleet_build() {
    local out
    out=$(cmd_build 2>&1) || { printf '%s\n' "$out" >&2; die "fleet: building q35bench failed"; }
}

fleet_reset() {
    declare -gA FLEET_OPT=()
    FLEET_T_NAME=() FLEET_T_PART=() FLEET_T_NODES=() FLEET_T_CONS=()
}

# Target i as Slurm options, and as text for the report.
fleet_target_args() { # I -> prints one sbatch option per line
    local i=$1
    [ -n "${FLEET_T_PART[$i]}" ] && echo "--partition=${FLEET_T_PART[$i]}"
    [ -n "${FLEET_T_NODES[$i]}" ] && echo "--nodelist=${FLEET_T_NODES[$i]}"
    [ -n "${FLEET_T_CONS[$i]}" ] && echo "--constraint=${FLEET_T_CONS[$i]}"
    return 0
}
fleet_selection() { # I
    local i=$1 s=
    [ -n "${FLEET_T_PART[$i]}" ] && s+="partition=${FLEET_T_PART[$i]} "
    [ -n "${FLEET_T_NODES[$i]}" ] && s+="nodelist=${FLEET_T_NODES[$i]} "
    [ -n "${FLEET_T_CONS[$i]}" ] && s+="constraint=${FLEET_T_CONS[$i]} "
    echo "${s% }"
}

# The fleet as INI text: what submit validates, records and what status and report read.
fleet_manifest_text() {
    local k i
    echo "; A q35bench fleet (./run.sh fleet submit), as submitted; status and report read it."
    echo "[fleet]"
    for k in mode suite steps build build_root results time account qos sbatch job name submitted root; do
        echo "$k = ${FLEET_OPT[$k]:-}"
    done
    for i in "${!FLEET_T_NAME[@]}"; do
        echo
        echo "[target ${FLEET_T_NAME[$i]}]"
        [ -n "${FLEET_T_PART[$i]}" ] && echo "partition = ${FLEET_T_PART[$i]}"
        [ -n "${FLEET_T_NODES[$i]}" ] && echo "nodelist = ${FLEET_T_NODES[$i]}"
        [ -n "${FLEET_T_CONS[$i]}" ] && echo "constraint = ${FLEET_T_CONS[$i]}"
    done
    return 0
}

fleet_write_manifest() { # FLEET_DIR
    fleet_manifest_text >"$1/fleet.ini.tmp.$$" && mv "$1/fleet.ini.tmp.$$" "$1/fleet.ini"
}

fleet_submit() {
    fleet_need_slurm sbatch scontrol squeue sinfo scancel
    fleet_build
    fleet_reset
    local config= cli_opts=() cli_targets=() passthrough=() a
    while [ $# -gt 0 ]; do
        a=$1
        case $a in
            --config) config=${2:?--config needs a file}; shift ;;
            --partition|--nodelist|--constraint) cli_targets+=("${a#--}" "${2:?$a needs a value}"); shift ;;
            --quick) cli_opts+=(mode quick) ;;
            --full) cli_opts+=(mode full) ;;
            --suite|--steps|--build|--build-root|--results|--time|--account|--qos)
                local key=${a#--}
                cli_opts+=("${key//-/_}" "${2?$a needs a value}"); shift ;;
            --) shift; passthrough=("$@"); break ;;
            *) die "fleet submit: unknown option '$a' (./run.sh fleet help)" ;;
        esac
        shift
    done
    if [ -n "$config" ]; then
        [ -f "$config" ] || die "fleet submit: no such config file: $config"
        fleet_load "$config"
    else
        fleet_load /dev/null # the defaults
    fi
    local i
    for ((i = 0; i < ${#cli_opts[@]}; i += 2)); do FLEET_OPT[${cli_opts[i]}]=${cli_opts[i + 1]}; done
    for ((i = 0; i < ${#cli_targets[@]}; i += 2)); do
        local kind=${cli_targets[i]} value=${cli_targets[i + 1]} part= nodes= cons=
        case $kind in partition) part=$value ;; nodelist) nodes=$value ;; *) cons=$value ;; esac
        FLEET_T_NAME+=("$(printf '%s' "$value" | tr -c 'A-Za-z0-9_.-' '_')")
        FLEET_T_PART+=("$part") FLEET_T_NODES+=("$nodes") FLEET_T_CONS+=("$cons")
    done
    local n=${#FLEET_T_NAME[@]}
    [ "$n" -gt 0 ] || die "fleet submit: no targets: give --partition, --nodelist or --constraint (each one target), or --config with [target NAME] sections (configs/fleet.example.ini)"
    # steps: ./run.sh all's own (its report step would write report/REPORT.md in the source
    # tree from every task at once; the fleet renders one merged report instead)
    local steps=${FLEET_OPT[steps]:-} s
    [ -n "$steps" ] || steps=$(IFS=,; echo "${ALL_STEPS[*]}")
    steps=${steps// /}
    for s in ${steps//,/ }; do
        [[ " ${ALL_STEPS[*]} " == *" $s "* ]] ||
            die "fleet submit: '$s' is not a step a fleet task runs (steps: ${ALL_STEPS[*]}; the merged report comes from ./run.sh fleet report)"
    done
    FLEET_OPT[steps]=$steps
    if [ -n "${FLEET_OPT[suite]:-}" ]; then
        "$BIN" bench "${FLEET_OPT[suite]}" --dry-run >/dev/null || die "fleet submit: the suite config ${FLEET_OPT[suite]} is not valid (message above)"
    fi
    # Check every option and target through the one fleet config reader before Slurm sees it.
    local tmp; tmp=$(mktemp -d)
    fleet_manifest_text >"$tmp/fleet.ini"
    if ! "$BIN" fleetconfig "$tmp/fleet.ini" >/dev/null 2>"$tmp/err"; then
        log "fleet submit: invalid option or target: $(sed "s|^q35bench: $tmp/fleet.ini:[0-9]*: ||" "$tmp/err")"
        rm -rf "$tmp"
        exit 2
    fi
    rm -rf "$tmp"

    local id; id=$(date -u +%Y%m%dT%H%M%SZ)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
    FLEET_OPT[name]=q35fleet-$id
    local common=(--exclusive --nodes=1 --chdir="$ROOT" --job-name="${FLEET_OPT[name]}")
    [ -n "${FLEET_OPT[time]:-}" ] && common+=(--time="${FLEET_OPT[time]}")
    [ -n "${FLEET_OPT[account]:-}" ] && common+=(--account="${FLEET_OPT[account]}")
    [ -n "${FLEET_OPT[qos]:-}" ] && common+=(--qos="${FLEET_OPT[qos]}")
    local extra=()
    [ -n "${FLEET_OPT[sbatch]:-}" ] && read -ra extra <<<"${FLEET_OPT[sbatch]}"
    common+=("${extra[@]}" "${passthrough[@]}")
    local all_args=(--steps="$steps")
    [ "${FLEET_OPT[mode]}" = quick ] && all_args+=(--quick)
    [ -n "${FLEET_OPT[suite]:-}" ] && all_args+=(--config="${FLEET_OPT[suite]}")

    # Slurm checks every target now (partition, nodes, features, account, QoS, time limit)
    local targs err
    for i in "${!FLEET_T_NAME[@]}"; do
        mapfile -t targs < <(fleet_target_args "$i")
        if ! err=$(sbatch --test-only "${common[@]}" "${targs[@]}" --output=/dev/null \
                       "$ROOT/$FLEET_TASK_SCRIPT" --build-key family 2>&1); then
            log "fleet submit: Slurm refuses target '${FLEET_T_NAME[$i]}' ($(fleet_selection "$i")):"
            log "  $(echo "$err" | grep -v '^sbatch: Job .* to start at' | head -3 | tr '\n' ' ')"
            log "  check the name with 'sinfo -s' (partitions), 'sinfo -N' (nodes) or 'sinfo -o \"%N %f\"' (features); nothing was submitted"
            exit 2
        fi
    done

    # A partition per task: a task without one gets the cluster's default partition (the
    # checks above refused such a target where there is none). The array itself is submitted
    # to a partition a target names, in case the cluster has no default.
    local default_part first_part=
    default_part=$(sinfo -h -o '%P' 2>/dev/null | sed -n 's/\*$//p' | head -1) || true
    for i in "${!FLEET_T_PART[@]}"; do
        [ -z "$first_part" ] && [ -n "${FLEET_T_PART[$i]}" ] && first_part=${FLEET_T_PART[$i]}
    done
    local results=${FLEET_OPT[results]}
    mkdir -p "$results" || die "fleet submit: cannot create the results root $results"
    results=$(cd "$results" && pwd)
    FLEET_OPT[results]=$results
    local fleet=$results/fleet-$id
    mkdir -p "$fleet/logs" || die "fleet submit: cannot create $fleet"
    FLEET_OPT[submitted]=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    FLEET_OPT[root]=$ROOT
    FLEET_OPT[job]=
    fleet_write_manifest "$fleet" || die "fleet submit: cannot write $fleet/fleet.ini"
    local out job
    if ! out=$(sbatch --parsable --hold --array="0-$((n - 1))" "${common[@]}" \
                   ${first_part:+--partition="$first_part"} \
                   --output="$fleet/logs/task-%a.out" "$ROOT/$FLEET_TASK_SCRIPT" "$ROOT" "$fleet" \
                   "${FLEET_OPT[build]}" "${FLEET_OPT[build_root]}" "${all_args[@]}" 2>&1); then
        rm -rf "$fleet"
        die "fleet submit: sbatch failed: $out"
    fi
    job=${out%%;*}
    [[ $job =~ ^[0-9]+$ ]] || { rm -rf "$fleet"; die "fleet submit: unexpected sbatch output: $out"; }
    local upd
    for i in "${!FLEET_T_NAME[@]}"; do
        upd=(JobId="${job}_$i" JobName="${FLEET_OPT[name]}-$i")
        if [ -n "${FLEET_T_PART[$i]}" ]; then upd+=(Partition="${FLEET_T_PART[$i]}")
        elif [ -n "$default_part" ]; then upd+=(Partition="$default_part"); fi
        [ -n "${FLEET_T_NODES[$i]}" ] && upd+=(ReqNodeList="${FLEET_T_NODES[$i]}")
        [ -n "${FLEET_T_CONS[$i]}" ] && upd+=(Features="${FLEET_T_CONS[$i]}")
        if ! err=$(scontrol update "${upd[@]}" 2>&1); then
            scancel "$job" 2>/dev/null
            rm -rf "$fleet"
            die "fleet submit: could not point task $i at target '${FLEET_T_NAME[$i]}' ($err); job $job cancelled, nothing runs"
        fi
    done
    FLEET_OPT[job]=$job
    fleet_write_manifest "$fleet" || { scancel "$job"; die "fleet submit: cannot write $fleet/fleet.ini; job $job cancelled"; }
    scontrol release "$job" || { scancel "$job"; die "fleet submit: could not release job $job; cancelled"; }
    log "fleet: submitted job $job, $n task(s): ${FLEET_T_NAME[*]}"
    log "fleet: directory $fleet"
    log "fleet: next: ./run.sh fleet status $fleet;  ./run.sh fleet report $fleet --wait"
    echo "$fleet"
}

# The fleet directory named, or the newest under the results root.
fleet_find() { # [FLEET_DIR] [RESULTS_ROOT]
    local dir=${1:-} root=${2:-$RESULTS}
    if [ -z "$dir" ]; then
        dir=$(ls -d "$root"/fleet-*/ 2>/dev/null | sort | tail -1) || true
        [ -n "$dir" ] || die "fleet: no fleet-* directory under $root/ (./run.sh fleet submit first, or name one)"
    fi
    dir=${dir%/}
    [ -f "$dir/fleet.ini" ] || die "fleet: $dir is not a fleet directory (no fleet.ini)"
    echo "$(cd "$dir" && pwd)"
}

# One field of a line: tabs and newlines would break the task table.
fleet_field() { local s=${1:--}; s=${s//$'\t'/ }; s=${s//$'\n'/ }; echo "${s:--}"; }

# Collects every task's state (squeue, then sacct) and run into FLEET/fleet.tasks.tsv and
# sets FLEET_UNFINISHED (tasks pending or running) and FLEET_FAILED (finished without a
# sealed run, or not COMPLETED with exit 0:0).
fleet_collect() { # FLEET_DIR
    local fleet=$1
    fleet_reset
    fleet_load "$fleet/fleet.ini"
    local job=${FLEET_OPT[job]:-} name=${FLEET_OPT[name]:-}
    [ -n "$job" ] || die "fleet: $fleet/fleet.ini has no job id: the submission did not complete"
    local -A st=() why=() nodes=() code=()
    local t s r nd c
    # 1. squeue: pending and running tasks, and finished ones slurmctld still remembers
    while IFS='|' read -r t s r nd; do
        [[ $t =~ ^[0-9]+$ ]] || continue
        st[$t]=$s
        [ "$r" != None ] && why[$t]=$r
        [ -n "$nd" ] && nodes[$t]=$nd
    done < <(squeue -h -r -t all -j "$job" -o '%K|%T|%r|%N' 2>/dev/null)
    # 2. sacct: the accounting database, or else the job completion log (sacct -c), whose
    #    records carry the task's own job name
    local acct; acct=$(sacct -n -P -X -j "$job" -o JobID,State,ExitCode,NodeList,Reason 2>/dev/null) || acct=
    if [ -z "$acct" ]; then
        local names i
        names=$(for i in "${!FLEET_T_NAME[@]}"; do printf '%s-%s,' "$name" "$i"; done)
        acct=$({ sacct -c -n -P --name="${names%,}" -o JobName,State,ExitCode,NodeList 2>/dev/null ||
                 true; } | sed "s/^$name-/${job}_/")
    fi
    while IFS='|' read -r t s c nd r; do
        [[ $t =~ ^${job}_([0-9]+)$ ]] || continue
        t=${BASH_REMATCH[1]}
        s=${s%% *} # "CANCELLED by 0"
        [ -z "${st[$t]:-}" ] && st[$t]=$s
        code[$t]=$c
        [ -z "${nodes[$t]:-}" ] && [ -n "$nd" ] && [ "$nd" != "None assigned" ] && nodes[$t]=$nd
        [ -z "${why[$t]:-}" ] && [ -n "${r:-}" ] && [ "$r" != None ] && why[$t]=$r
    done <<<"$acct"

    FLEET_UNFINISHED=0 FLEET_FAILED=0
    local tsv=$fleet/fleet.tasks.tsv.tmp.$$ run reason state
    printf 'job\ttask\ttarget\tselection\tnode\tstate\texit\treason\trun\n' >"$tsv"
    for t in "${!FLEET_T_NAME[@]}"; do
        state=${st[$t]:-UNKNOWN} reason=${why[$t]:-} run=-
        local tdir=$fleet/task-$t log=$fleet/logs/task-$t.out node=${nodes[$t]:-}
        local candidate
        candidate=$(ls -d "$tdir"/*/ 2>/dev/null | sort | tail -1) || true
        candidate=${candidate%/}
        if [[ " $FLEET_DONE_STATES " != *" $state "* ]]; then
            FLEET_UNFINISHED=$((FLEET_UNFINISHED + 1))
            reason="not finished${reason:+ ($reason)}"
        elif [ -n "$candidate" ] && "$BIN" verify "$candidate" >/dev/null 2>"$fleet/.verify.$$"; then
            run=$candidate
            if [ "$state" != COMPLETED ] || [ "${code[$t]:-0:0}" != 0:0 ]; then
                FLEET_FAILED=$((FLEET_FAILED + 1))
                reason="sealed run, but the task ended $state${code[$t]:+ (exit ${code[$t]})}: a step of ./run.sh all failed, see the run's steps.tsv and $log"
            fi
        else
            FLEET_FAILED=$((FLEET_FAILED + 1))
            local slurm="Slurm: $state${reason:+ ($reason)}${code[$t]:+, exit ${code[$t]}}"
            if [ -n "$candidate" ]; then
                reason="incomplete run $(basename "$candidate"): $(sed 's/^q35bench: //' "$fleet/.verify.$$" | head -1); $slurm"
            elif [ ! -e "$tdir" ] && [ ! -e "$log" ] && [ -n "$node" ]; then
                reason="ran on $node, but neither its run directory task-$t nor its log is here: the results root ${FLEET_OPT[results]} is not shared with $node; submit again with --results on a filesystem every node mounts; $slurm"
            else
                reason="no run directory: the task stopped before ./run.sh all created one (see $log); $slurm"
            fi
            case $state in
                TIMEOUT) reason="killed at the time limit: submit again with a longer --time; $reason" ;;
                OUT_OF_MEMORY) reason="out of memory: ask for more (-- --mem=...); $reason" ;;
                NODE_FAIL|BOOT_FAIL) reason="the node failed: submit again; $reason" ;;
                CANCELLED) reason="cancelled; $reason" ;;
                UNKNOWN) reason="Slurm no longer knows the task (no accounting, or older than MinJobAge); $reason" ;;
            esac
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$job" "$t" "${FLEET_T_NAME[$t]}" \
            "$(fleet_field "$(fleet_selection "$t")")" "$(fleet_field "$node")" "$state" \
            "$(fleet_field "${code[$t]:-}")" "$(fleet_field "$reason")" "$run" >>"$tsv"
    done
    rm -f "$fleet/.verify.$$"
    mv "$tsv" "$fleet/fleet.tasks.tsv"
}

# Prints the task table (from fleet.tasks.tsv) for people.
fleet_print() { # FLEET_DIR
    local fleet=$1 job t target sel node state code reason run
    printf 'fleet %s (job %s)\n' "$fleet" "${FLEET_OPT[job]}"
    printf '%-5s %-16s %-14s %-12s %s\n' task target state node 'run, or reason'
    while IFS=$'\t' read -r job t target sel node state code reason run; do
        [ "$t" = task ] && continue
        local what=$reason
        if [ "$run" != - ]; then
            what="run ${run##*/}"
            [ "$reason" = - ] || what+="; $reason"
        fi
        printf '%-5s %-16s %-14s %-12s %s\n' "$t" "$target" "$state" "$node" "$what"
    done <"$fleet/fleet.tasks.tsv"
}

# Parses [FLEET_DIR] [--results DIR] for status and report, checks Slurm's commands and
# q35bench, and sets FLEET_DIR (the named fleet, or the newest under the results root).
fleet_open() { # COMMAND ARGS...
    local what=$1 dir= root=$RESULTS
    shift
    while [ $# -gt 0 ]; do
        case $1 in
            --results) root=${2:?--results needs a directory}; shift ;;
            -*) die "fleet $what: unknown option '$1' (./run.sh fleet help)" ;;
            *) dir=$1 ;;
        esac
        shift
    done
    fleet_need_slurm squeue sacct
    fleet_build
    FLEET_DIR=$(fleet_find "$dir" "$root")
}

fleet_status() {
    fleet_open status "$@"
    fleet_collect "$FLEET_DIR"
    fleet_print "$FLEET_DIR"
    [ "$FLEET_FAILED" -eq 0 ]
}

fleet_report() {
    local wait=0 partial=0 rest=()
    while [ $# -gt 0 ]; do
        case $1 in
            --wait) wait=3600 ;;
            --wait=*) wait=${1#--wait=}
                      [[ $wait =~ ^[0-9]+$ ]] || die "fleet report: --wait=SECONDS expects a whole number, got '$wait'" ;;
            --partial) partial=1 ;;
            --results) rest+=("$1" "${2:?--results needs a directory}"); shift ;;
            *) rest+=("$1") ;;
        esac
        shift
    done
    fleet_open report "${rest[@]}"
    local fleet=$FLEET_DIR
    local start=$SECONDS last=
    while :; do
        fleet_collect "$fleet"
        [ "$FLEET_UNFINISHED" -eq 0 ] && break
        if [ $((SECONDS - start)) -ge "$wait" ]; then
            [ "$partial" -eq 1 ] && break
            fleet_print "$fleet" >&2
            log "fleet report: $FLEET_UNFINISHED task(s) not finished after $((SECONDS - start)) s: wait longer with --wait=SECONDS, or render the sealed runs now with --partial; no report written"
            exit 1
        fi
        local now="$FLEET_UNFINISHED unfinished"
        [ "$now" != "$last" ] && log "fleet report: $now task(s) of job ${FLEET_OPT[job]}; waiting (up to ${wait}s)"
        last=$now
        sleep 5
    done
    local rc=0
    "$BIN" report --fleet "$fleet/fleet.tasks.tsv" --out "$fleet/REPORT.md" >&2 || rc=$?
    if [ "$rc" -ne 0 ]; then
        fleet_print "$fleet" >&2
        log "fleet report: no report written (messages above)"
        exit "$rc"
    fi
    if [ "$FLEET_FAILED" -gt 0 ] || [ "$FLEET_UNFINISHED" -gt 0 ]; then
        fleet_print "$fleet" >&2
        log "fleet report: $fleet/REPORT.md compares the sealed runs only: $FLEET_FAILED task(s) failed and $FLEET_UNFINISHED are unfinished (listed above and at the top of the report)"
        echo "$fleet/REPORT.md"
        exit 1
    fi
    log "fleet report: $fleet/REPORT.md (every task of job ${FLEET_OPT[job]} side by side)"
    echo "$fleet/REPORT.md"
}
