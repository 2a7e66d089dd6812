# SPDX-License-Identifier: MIT
# Test and benchmark targets. All of them go through the runner (tools/runner/run.py),
# which prints one `ok`/`not ok` line per test point and closes with `N passed, N failed`:
#   make check-host     host unit tests ($(HOST_TESTS)) plus the runner's own tests
#   make check-target   target specs tests/target/<area>/<name>.test under QEMU; T=<substr>
#   make test           deps + all + host + target in one runner run (CI: .ci/run)
#   make bench          tests/bench specs under QEMU -icount; prints the BENCH lines
#   make check-runner   the runner's unit tests alone (python unittest)
# V=1 also echoes the serial output as it arrives. The story: doc/testing.md.

# Normally defined by their owners' fragments; the fallbacks keep this one usable alone.
L4IMAGE       ?= $(HOST_DIR)/bin/l4image
BOOTSTRAP_ELF ?= $(BIN_DIR)/bootstrap
TEST_MODULES_LIST ?= tests/modules.list
MODULE_PATH   ?= $(if $(MODULE_SEARCH_PATH),$(MODULE_SEARCH_PATH):)$(BIN_DIR):conf

-include tests/host/host.mk
include tests/target/generated.mk

# Packages as users make them: a host test that runs make and QEMU itself.
HOST_TESTS += tests/host/test_packages.py
# The generated Lua constant tables against the C headers (tools/l4consts).
HOST_TESTS += tests/host/test_l4consts.py
# make picture E=hello-cfg: the debugger's object graph and its SVG/PNG (tools/picture).
HOST_TESTS += tests/host/test_picture.py
# ned.lua's precompiler (tools/luac/dump.py): the chunk and its refusals.
HOST_TESTS += tests/host/test_luac.py
# Every mutant of make mutate still applies (tools/mutate/mutants.txt).
HOST_TESTS += tests/host/test_mutants.py
export KESTREL_BUILD_DIR = $(O)
export KESTREL_QEMU_TEST_CMD = $(QEMU_TEST_CMD)
# Our C headers against L4Re's interface facts (tools/apicov, doc/api-coverage.md).
HOST_TESTS += tests/host/test_apicov.py
export KESTREL_CC_T = $(CC_T)
# config.mk's cross-compiler paths on a machine without the cross compiler (issue #9).
HOST_TESTS += tools/mk/test_config.py

RUNNER := python3 -B tools/runner/run.py
RUNNER_SELFTEST := tools/runner/runner_selftest.py

QEMU_TEST_CMD  = $(QEMU) $(QEMU_BASE_OPTIONS) $(QEMU_TEST_OPTIONS) $(QEMU_EXTRA)
QEMU_BENCH_CMD = $(QEMU_TEST_CMD) $(QEMU_BENCH_OPTIONS)

RUNNER_HOST_ARGS = $(addprefix --host ,$(HOST_TESTS)) --host $(RUNNER_SELFTEST)
RUNNER_TARGET_ARGS = --l4image '$(L4IMAGE)' --bootstrap '$(BOOTSTRAP_ELF)' \
    --module-path '$(MODULE_PATH)' --modules-list '$(TEST_MODULES_LIST)' --ram-base '$(RAM_BASE)' \
    --image-dir '$(IMAGE_DIR)' --qemu '$(QEMU_TEST_CMD)' --qemu-bench '$(QEMU_BENCH_CMD)' \
    --qemu-disk '$(call QEMU_DISK_OPTIONS,{disk})'
# make test runs the target suite on one CPU and again on SMP_PASS CPUs (0: once only);
# specs with a cpus: line boot with their own count, once (doc/testing.md).
SMP_PASS ?= 4
RUNNER_FLAGS = $(if $(T),--only '$(T)') $(if $(filter 1,$(V)),--verbose) --smp-pass $(SMP_PASS)

.PHONY: check-host check-target test bench check-runner

check-host: $(HOST_TESTS)
	$(Q)$(RUNNER) $(RUNNER_HOST_ARGS)

check-target: all
	$(Q)$(RUNNER) --target $(RUNNER_FLAGS) $(RUNNER_TARGET_ARGS)

# One runner invocation, so that its closing line is the last line of the run.
test: $(DEPS_STAMP) all $(HOST_TESTS)
	$(Q)$(RUNNER) $(RUNNER_HOST_ARGS) --target $(RUNNER_FLAGS) $(RUNNER_TARGET_ARGS)

bench: all
	$(Q)$(RUNNER) --bench $(RUNNER_FLAGS) $(RUNNER_TARGET_ARGS)

check-runner:
	$(Q)python3 -B -m unittest discover -s tools/runner -p 'test_*.py'

# ---- kernel fuzzer (tests/target/fuzz, doc/testing.md "Fuzzing the kernel") ----
# kfuzz is a root task built from tests/target/fuzz/Makefile; its boots use the checking
# kernel. `make fuzz SEED=s N=n` runs one campaign of n system calls (default 5,000,000)
# and prints the summary line; TRACE=i prints every call from iteration i on;
# FUZZ_ARGS=--no-grant leaves out grants and object maps; INV_FULL=1 makes the checking
# kernel sweep all invariants after every call; FUZZ_KERNEL=kernel: no checker.
SEED ?= 1
N ?= 5000000
FUZZ_TIMEOUT ?= 3600
FUZZ_KERNEL ?= kernel-checked
.PHONY: fuzz
fuzz: all
	$(Q)python3 -B tools/runner/fuzz.py --seed '$(SEED)' --n '$(N)' $(if $(TRACE),--trace '$(TRACE)') \
	    --args '$(FUZZ_ARGS)' --timeout '$(FUZZ_TIMEOUT)' --kernel '$(FUZZ_KERNEL)' \
	    $(if $(filter 1,$(INV_FULL)),--kernel-args=-inv-full) \
	    $(RUNNER_TARGET_ARGS)
