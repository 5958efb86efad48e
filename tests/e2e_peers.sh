# The llama.cpp peers end to end: unavailable (never broken) without their library, with
# the reason in `list`, in the results and in machine.json; a wrong directory or a wrong
# ggml version is refused; setup's integrity check rejects a tampered tarball; with the
# pinned package installed (./run.sh setup), the peers run a small suite and every case
# records which library ran. Skips (with the reason) what needs the package when the
# package could not be fetched on this machine.
. "$(dirname "$0")/lib_e2e.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$Q35_BIN

cat >"$E2E_TMP/peers.ini" <<'INI'
[suite]
name = peers
min_time_ms = 1
repetitions = 2
warmup = 0
[shapes]
tiny = 16x256
[sweep s]
kernels = ggml_q4_k, ggml_q4_0_repack, f32_blas
shapes = tiny
batch = 1, 3
threads = 1, 2
INI

# --- no library: an empty directory, a missing one ---------------------------------------
mkdir -p "$E2E_TMP/empty"
out=$(Q35_GGML_DIR="$E2E_TMP/empty" "$bin" list)
check "empty directory: list marks a peer unavailable with the reason" \
    grep -qE "^ggml_q4_k +q4_K +no .*unavailable: .*has no libggml-base.so" <<<"$out"
check "empty directory: our kernels are still available" grep -qE '^q35_simd +q35 +yes' <<<"$out"
out=$(Q35_GGML_DIR="$E2E_TMP/nowhere" "$bin" list)
check "missing directory: the reason names it" \
    grep -q "unavailable: Q35_GGML_DIR=$E2E_TMP/nowhere is not a directory" <<<"$out"

Q35_GGML_DIR="$E2E_TMP/empty" "$bin" bench "$E2E_TMP/peers.ini" --results "$E2E_TMP/r0" --quiet \
    >"$E2E_TMP/b0.txt" 2>&1
check "a suite with unavailable peers still succeeds" test $? -eq 0
run0=$(ls -d "$E2E_TMP"/r0/*/ | head -1)
check "its peer cases are 'unavailable' with the reason in bench.tsv" \
    test "$(awk -F'\t' '$3 == "ggml_q4_k" && $12 == "unavailable" && $13 ~ /libggml-base.so/' "$run0/bench.tsv" | wc -l)" -eq 4
check "the other kernel was timed" \
    test "$(awk -F'\t' '$3 == "f32_blas" && $12 == "ok"' "$run0/bench.tsv" | wc -l)" -eq 4
check "machine.json says why no ggml library was loaded" \
    grep -q '"unavailable_because":.*has no libggml-base.so' "$run0/machine.json"

# the pinned location without setup's INTEGRITY mark is not trusted
mkdir -p "$E2E_TMP/xdg/q35bench/$(sed -n 's/^#define GGML_PACKAGE_CACHE "\(.*\)"$/\1/p' "$root/kernels/ggml_package.h")"
out=$(env -u Q35_GGML_DIR XDG_CACHE_HOME="$E2E_TMP/xdg" "$bin" list)
check "an unmarked package directory is refused" grep -q "unavailable: .*no INTEGRITY file" <<<"$out"

# --- a wrong library: missing entry points, an unsupported version ------------------------
cc=${CC:-cc}
syms=$(sed -n 's/^ *SYM([a-z_0-9]*, "\(ggml_[a-z_0-9]*\)"),$/\1/p' "$root/kernels/ggml_library.c")
make_base() { # DIR VERSION [SKIP_SYMBOL]: a fake libggml-base.so
    mkdir -p "$1"
    { for s in $syms; do
          [ "$s" = "${3:-}" ] && continue
          case $s in
              ggml_version) printf 'const char *ggml_version(void) { return "%s"; }\n' "$2" ;;
              ggml_commit) printf 'const char *ggml_commit(void) { return "fake"; }\n' ;;
              *) printf 'void %s(void) {}\n' "$s" ;;
          esac
      done; } >"$1/fake.c"
    "$cc" -shared -fPIC -o "$1/libggml-base.so" "$1/fake.c" 2>"$1/cc.log"
}
if make_base "$E2E_TMP/old" 0.1.0 && make_base "$E2E_TMP/partial" 0.25.1 ggml_mul_mat; then
    out=$(Q35_GGML_DIR="$E2E_TMP/old" "$bin" list)
    check "wrong version: refused with the version named" \
        grep -q "unavailable: ggml version 0.1.0 is not supported" <<<"$out"
    out=$(Q35_GGML_DIR="$E2E_TMP/partial" "$bin" list)
    check "missing entry point: refused with its name" \
        grep -q "unavailable: libggml-base.so lacks ggml_mul_mat" <<<"$out"
else
    not_ok "could not build the fake libraries: $(cat "$E2E_TMP"/*/cc.log)"
fi

# --- setup's integrity check --------------------------------------------------------------
(
    cd "$root" || exit 1
    log() { printf '%s\n' "$*" >&2; }
    . scripts/ggml_setup.sh
    printf abc >"$E2E_TMP/abc"
    [ "$(ggml_integrity_of "$E2E_TMP/abc")" = \
      "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==" ] ||
        exit 11
    mkdir -p "$E2E_TMP/pkg/package/bins/linux-x64"
    echo licence >"$E2E_TMP/pkg/package/LICENSE"
    for f in libggml-base.so libggml-cpu-zen4.so libllama.so llama-addon.node; do
        echo "$f" >"$E2E_TMP/pkg/package/bins/linux-x64/$f"
    done
    tar -czf "$E2E_TMP/good.tgz" -C "$E2E_TMP/pkg" package
    good=$(ggml_integrity_of "$E2E_TMP/good.tgz")
    ggml_install_tarball "$E2E_TMP/good.tgz" "$E2E_TMP/dest" "$good" 2>/dev/null || exit 12
    [ "$(ls "$E2E_TMP/dest" | tr '\n' ' ')" = "INTEGRITY LICENSE libggml-base.so libggml-cpu-zen4.so " ] || exit 13
    cp "$E2E_TMP/good.tgz" "$E2E_TMP/bad.tgz"
    printf 'X' | dd of="$E2E_TMP/bad.tgz" bs=1 seek=100 conv=notrunc 2>/dev/null
    ggml_install_tarball "$E2E_TMP/bad.tgz" "$E2E_TMP/dest2" "$good" 2>"$E2E_TMP/refused.txt" && exit 14
    [ ! -e "$E2E_TMP/dest2" ] || exit 15
    grep -q REFUSED "$E2E_TMP/refused.txt" || exit 16
    ggml_install_tarball "$E2E_TMP/good.tgz" "$E2E_TMP/dest3" 2>/dev/null && exit 17 # not the pin
    exit 0
)
rc=$?
check "setup: integrity of a known input, a good tarball unpacked to ggml's files only, a tampered one and an unpinned one refused (step $rc)" \
    test "$rc" -eq 0

# --- the pinned package, where ./run.sh setup could fetch it -------------------------------
out=$(env -u Q35_GGML_DIR "$bin" list)
if grep -qE '^ggml_q4_k +q4_K +yes' <<<"$out"; then
    env -u Q35_GGML_DIR "$bin" bench "$E2E_TMP/peers.ini" --results "$E2E_TMP/r1" --quiet \
        >"$E2E_TMP/b1.txt" 2>&1
    check "with the package: the peers pass the gate and are timed" test $? -eq 0
    run1=$(ls -d "$E2E_TMP"/r1/*/ | head -1)
    check "every peer case is ok" \
        test "$(awk -F'\t' '$3 ~ /^ggml_/ && $12 == "ok"' "$run1/bench.tsv" | wc -l)" -eq 8
    check "each peer case records ggml's version, CPU variant, source and directory" \
        test "$(awk -F'\t' '$3 ~ /^ggml_/ && $11 ~ /ggml=[0-9.]+ cpu=[a-z0-9]+ .*source=pinned-package lib=\//' "$run1/bench.tsv" | wc -l)" -eq 8
    check "machine.json records the library: version, variant and how it was chosen" \
        sh -c "grep -q '\"ggml_version\":' '$run1/machine.json' && grep -q '\"cpu_variant_chosen_by\":.*ggml_backend_score' '$run1/machine.json'"
    variant=$(env -u Q35_GGML_DIR Q35_GGML_CPU_VARIANT=haswell "$bin" list | awk '$1 == "ggml_q4_0" { print $4 }')
    check "Q35_GGML_CPU_VARIANT picks the CPU variant" test "$variant" = ggml-haswell

    # the quality step quantizes the same weights with ggml's quantizers
    cat >"$E2E_TMP/q.ini" <<'INI'
[quality]
name = peers
seed = 1
threads = 2
output_rows = 8
output_batch = 2
peer_rows = 8
seed_distribution = normal
seed_shapes = a
seed_schemes = s
[shapes]
a = 32x512
[distribution normal]
kind = normal
[scheme s]
type = uniform
bits = 4
symmetry = symmetric
group = 128
INI
    env -u Q35_GGML_DIR "$bin" quality "$E2E_TMP/q.ini" --results "$E2E_TMP/q" >/dev/null 2>&1
    check "quality with peers succeeds" test $? -eq 0
    qrun=$(ls -d "$E2E_TMP"/q/*/ | head -1)
    check "quality.peers.tsv: ten types measured with bpw and errors" \
        test "$(awk -F'\t' '$4 == "yes" && $5 > 2 && $6 > 0 && $8 > 0' "$qrun/quality.peers.tsv" | wc -l)" -eq 10
    check "q4_K measured at 4.5 bpw, near its known error on N(0,1)" \
        awk -F'\t' '$1 == "ggml_q4_k" && $5 == 4.5 && $6 > 6 && $6 < 8.5 { f = 1 } END { exit !f }' "$qrun/quality.peers.tsv"
    check "the importance-matrix types say why they are not measured" \
        grep -q 'ggml_iq2_xxs.*no.*importance matrix' "$qrun/quality.peers.tsv"
    check "the Pareto table has them as measured points" \
        grep -q $'\tpeer\tllama.cpp.q4_K\t' "$qrun/quality.pareto.tsv"
else
    skip "the pinned llama.cpp package is not installed here ($(grep -m1 -o 'unavailable: .*' <<<"$out" | cut -c1-160))"
fi
done_testing
