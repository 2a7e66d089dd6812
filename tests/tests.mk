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
MODULE_PATH   ?= $(BIN_DIR):conf

-include tests/host/host.mk
# config.mk's cross-compiler paths on a machine without the cross compiler (issue #9).
HOST_TESTS += tools/mk/test_config.py

RUNNER := python3 -B tools/runner/run.py
RUNNER_SELFTEST := tools/runner/runner_selftest.py

QEMU_TEST_CMD  = $(QEMU) $(QEMU_BASE_OPTIONS) $(QEMU_TEST_OPTIONS) $(QEMU_EXTRA)
QEMU_BENCH_CMD = $(QEMU_TEST_CMD) $(QEMU_BENCH_OPTIONS)

RUNNER_HOST_ARGS = $(addprefix --host ,$(HOST_TESTS)) --host $(RUNNER_SELFTEST)
RUNNER_TARGET_ARGS = --l4image '$(L4IMAGE)' --bootstrap '$(BOOTSTRAP_ELF)' \
    --module-path '$(MODULE_PATH)' --modules-list '$(MODULES_LIST)' --ram-base '$(RAM_BASE)' \
    --image-dir '$(IMAGE_DIR)' --qemu '$(QEMU_TEST_CMD)' --qemu-bench '$(QEMU_BENCH_CMD)'
RUNNER_FLAGS = $(if $(T),--only '$(T)') $(if $(filter 1,$(V)),--verbose)

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
