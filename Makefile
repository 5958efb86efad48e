# q35bench build. `make` builds build/q35bench with -O3 and OpenMP; `make test` builds and
# runs the tests; `make sanitize` runs them under ASan + UBSan (build-sanitize/); `make check`
# runs both (what ./run.sh test and CI run).
# BUILD=dir puts objects and binaries elsewhere, so several builds can live side by side.

BUILD    ?= build
CC       ?= cc
OPT      ?= -O3
SANITIZE ?=
WARN     := -Wall -Wextra -Werror
CFLAGS   ?=
Q35_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) $(OPT) $(SANITIZE) -g -fopenmp -I. $(CFLAGS)
LDFLAGS  ?=
LDLIBS   := -lopenblas -ldnnl -linih -lcjson -lpapi -lcrypto -lm
TEST_LDLIBS := -lcmocka

# Instruction-set-specific files are named by suffix and get their flags here; the rest of
# the code is built for the baseline ISA and dispatches at run time (kernels/cpu_features.h).
AVX2_FLAGS   := -mavx2 -mfma -mf16c
AVX512_FLAGS := -mavx2 -mfma -mf16c -mavx512f -mavx512bw -mavx512vl -mavx512dq \
                -mavx512vnni -mavx512vbmi -mavx512vbmi2 -mavx512bf16

# Library sources: every .c file in these directories (a new kernel file is picked up as is).
SRC_DIRS := base formats kernels harness quality roofline projection decode audit fleet report cli
LIB_SRC  := $(sort $(wildcard $(addsuffix /*.c,$(SRC_DIRS))))
LIB_SRC  := $(filter-out cli/main.c,$(LIB_SRC))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/cli/main.o
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(filter-out $(TEST_SRC),$(wildcard tests/*.c))
TEST_SUPPORT_OBJ := $(TEST_SUPPORT:%.c=$(BUILD)/obj/%.o)

GIT_REV   := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
GIT_DIRTY := $(shell git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo 1 || echo 0)
BUILD_DEFS := -DQ35_GIT_REV='"$(GIT_REV)"' -DQ35_GIT_DIRTY=$(GIT_DIRTY) \
              -DQ35_BUILD_CFLAGS='"$(strip $(Q35_CFLAGS))"'

# Fuzz targets (fuzz/*.c, one per parser family): replayed over their corpus by the tests
# with the build's compiler and sanitizers; `make fuzz` builds them for libFuzzer (clang).
FUZZ_SRC    := $(sort $(wildcard fuzz/*.c))
FUZZ_NAMES  := $(FUZZ_SRC:fuzz/%.c=%)
REPLAY_BIN  := $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/%)

.PHONY: all test sanitize sanitize-build check clean fuzz FORCE
all: $(BUILD)/q35bench

$(BUILD)/q35bench: $(MAIN_OBJ) $(BUILD)/libq35.a
	$(CC) $(Q35_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libq35.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(Q35_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%_avx2.o: %_avx2.c
	@mkdir -p $(dir $@)
	$(CC) $(Q35_CFLAGS) $(AVX2_FLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%_avx512.o: %_avx512.c
	@mkdir -p $(dir $@)
	$(CC) $(Q35_CFLAGS) $(AVX512_FLAGS) -MMD -MP -c -o $@ $<

# Build facts (git revision, flags) live in one object, rebuilt every time.
$(BUILD)/obj/base/build_info.o: base/build_info.c FORCE
	@mkdir -p $(dir $@)
	$(CC) $(Q35_CFLAGS) $(BUILD_DEFS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/libq35.a $(TEST_SUPPORT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(Q35_CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJ) $(BUILD)/libq35.a $(TEST_LDLIBS) $(LDLIBS)

$(BUILD)/fuzz-replay/%: fuzz/%.c fuzz/replay/replay_main.c fuzz/fuzz_input.h $(BUILD)/libq35.a
	@mkdir -p $(dir $@)
	$(CC) $(Q35_CFLAGS) $(LDFLAGS) -o $@ $< fuzz/replay/replay_main.c $(BUILD)/libq35.a $(LDLIBS)

# libFuzzer builds (clang, ASan + UBSan) in build-fuzz/; ./run.sh fuzz runs them.
FUZZ_SANITIZE := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
                 -fno-omit-frame-pointer
# -Wno-pass-failed: at -O1 clang cannot vectorise the `omp simd` loops and says so
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang OPT=-O1 SANITIZE="$(FUZZ_SANITIZE)" CFLAGS=-Wno-pass-failed \
	  $(FUZZ_NAMES:%=build-fuzz/fuzz/%)

$(BUILD)/fuzz/%: fuzz/%.c fuzz/fuzz_input.h $(BUILD)/libq35.a
	@mkdir -p $(dir $@)
	$(CC) $(Q35_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(BUILD)/libq35.a $(LDLIBS)

test: $(BUILD)/q35bench $(TEST_BIN) $(REPLAY_BIN)
	@tests/run_tests.sh $(BUILD)

# The same tests against a build with AddressSanitizer and UndefinedBehaviorSanitizer.
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
sanitize-build:
	$(MAKE) BUILD=build-sanitize OPT=-O1 SANITIZE="$(SANITIZE_FLAGS)" \
	  build-sanitize/q35bench $(TEST_BIN:$(BUILD)/%=build-sanitize/%) \
	  $(REPLAY_BIN:$(BUILD)/%=build-sanitize/%)

sanitize: sanitize-build
	@tests/run_tests.sh build-sanitize

# What CI runs (./run.sh test): every test on the optimised build and on the sanitizer build.
check: $(BUILD)/q35bench $(TEST_BIN) $(REPLAY_BIN) sanitize-build
	@tests/run_tests.sh $(BUILD) build-sanitize

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz

FORCE:

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
