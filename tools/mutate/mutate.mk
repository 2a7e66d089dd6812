# SPDX-License-Identifier: MIT
# make mutate: mutation testing of the kernel's checks (tools/mutate/mutate.py,
# list in tools/mutate/mutants.txt). Each mutant is applied alone to a temporary
# copy of the tree; the kernel and the host tests of kernel modules are rebuilt
# there and the kernel test specs (boot/ktest*, kernel/, kernel-runtime/) run against it.
# Not part of make test (it takes minutes). M=<substr> runs only the mutants whose
# line contains it, L=<a>-<b> those on lines a..b of the list; `make mutate-check`
# only checks that every mutant applies.
# The story: doc/testing.md.

MUTATE := python3 -B tools/mutate/mutate.py
# Host tests of kernel modules, relative to $(O) (the copy builds them itself).
MUTATE_HOST_TESTS = $(patsubst $(O)/%,%,$(KERNEL_HOST_TESTS) $(OBJ_SPACE_TEST) $(PAGE_FREE_TEST))
# The kernel's first link stage: a whole kernel without its symbol table (backtraces
# print addresses only), one LTO link per mutant instead of two.
MUTATE_KERNEL = $(patsubst $(O)/%,%,$(OBJ_DIR)/kernel/kernel.stage1)
MUTATE_ARGS = --build-dir '$(O)' --kernel-target '$(MUTATE_KERNEL)' \
    $(addprefix --host-test ,$(MUTATE_HOST_TESTS)) \
    $(if $(M),--only '$(M)') $(if $(L),--lines '$(L)') $(RUNNER_TARGET_ARGS)

.PHONY: mutate mutate-check
mutate: all
	$(Q)$(MUTATE) $(MUTATE_ARGS)

mutate-check:
	$(Q)$(MUTATE) --check $(if $(M),--only '$(M)') $(if $(L),--lines '$(L)')
