#!/usr/bin/env bash
# One task of a fleet: Slurm runs this script as one task of the array job that
# `./run.sh fleet submit` (scripts/fleet.sh) submits. It builds q35bench for this node's CPU
# family, once per family (other tasks on nodes of the same family reuse that build; with
# `node` every node gets its own), so that each kernel dispatches to what this CPU offers;
# then it runs ./run.sh all with the fleet's options into the results root FLEET/task-N.
#
#   fleet_task.sh ROOT FLEET_DIR family|node BUILD_ROOT [./run.sh all options]
#   fleet_task.sh --build-key family|node     prints this machine's build key
#
# Exit status: that of ./run.sh all; 2 when the build fails; 3 when the fleet directory or
# the source tree is not visible on this node (they must be on a filesystem every node mounts).
set -uo pipefail

# The build directory's name: the CPU model, and a hash of what decides the code the
# compiler emits and the ISA paths the kernels take: architecture, CPU model and flags, and
# the compiler; with `node`, the host name too.
build_key() { # family|node
    local model flags compiler name
    model=$(grep -m1 -E '^(model name|cpu model|Model)[[:space:]]*:' /proc/cpuinfo | cut -d: -f2-)
    flags=$(grep -m1 -E '^(flags|Features)[[:space:]]*:' /proc/cpuinfo | cut -d: -f2-)
    compiler=$(${CC:-cc} --version 2>/dev/null | head -1)
    local what="$(uname -m)|$model|$flags|$compiler"
    name=$(printf '%s' "${model:-$(uname -m)}" | tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '-' |
           sed 's/^-*//; s/-*$//' | cut -c1-40)
    if [ "$1" = node ]; then
        what+="|$(hostname)"
        name=$(hostname -s)
    fi
    printf '%s-%s\n' "${name:-cpu}" "$(printf '%s' "$what" | sha256sum | cut -c1-12)"
}

if [ "${1:-}" = --build-key ]; then
    build_key "${2:-family}"
    exit 0
fi
if [ $# -lt 4 ]; then
    echo "usage: fleet_task.sh ROOT FLEET_DIR family|node BUILD_ROOT [./run.sh all options]" >&2
    exit 2
fi
root=$1 fleet=$2 build_mode=$3 build_root=$4
shift 4
task=${SLURM_ARRAY_TASK_ID:?fleet_task.sh runs as a task of a Slurm array job (./run.sh fleet submit)}
node=${SLURMD_NODENAME:-$(hostname -s)}
say() { printf 'fleet task %s on %s: %s\n' "$task" "$node" "$*"; }

if [ ! -d "$fleet" ]; then
    say "the fleet directory $fleet is not visible on this node: the results root must be on" \
        "a filesystem every node mounts; submit again with --results on such a path"
    exit 3
fi
if ! cd "$root" 2>/dev/null || [ ! -x run.sh ]; then
    say "the source tree $root is not visible on this node: keep q35bench on a filesystem" \
        "every node mounts"
    exit 3
fi
case $build_root in /*) ;; *) build_root=$root/$build_root ;; esac
key=$(build_key "$build_mode")
family=$build_root/$key
private=$(mktemp -d "${TMPDIR:-/tmp}/q35fleet-task$task.XXXXXX") || exit 3
trap 'rm -rf "$private"' EXIT
trap 'exit 143' TERM # Slurm's time limit: leave through the EXIT trap
mkdir -p "$build_root" || exit 3

# Build (or bring up to date) the family's build under its lock, and copy it for this task:
# ./run.sh all builds again (the build facts are rebuilt every time), which must not write
# into a directory that another task of the family may be copying.
say "build $key ($build_mode) in $family"
if ! flock "$family.lock" bash -c 'Q35_BUILD_DIR="$1" ./run.sh build && cp -a "$1/." "$2/"' \
        _ "$family" "$private"; then
    say "building q35bench failed (messages above); fix the build on this node and submit again"
    exit 2
fi
say "running ./run.sh all $* with results root $fleet/task-$task"
Q35_BUILD_DIR=$private Q35_RESULTS=$fleet/task-$task ./run.sh all "$@"
rc=$?
say "./run.sh all finished with status $rc"
exit "$rc"
