# SPDX-License-Identifier: MIT
# The freestanding core: one copy of the string functions (string.c) and of the
# printf-style formatter (fmt.c), built once per environment with that
# environment's code-generation flags:
#   kernel     no FP/SIMD registers, LTO like the rest of the kernel
#   bootstrap  no FP/SIMD, strict alignment (it runs with the MMU off), no unwind tables
#   user       no FP/SIMD (programs without libc: libutil)
# Objects land in $(OBJ_DIR)/core/<environment>/; a component links
# $(call core_objs,<environment>). The host tests compile fmt.c for the build machine.

CORE_SRCS := lib/core/fmt.c lib/core/string.c
CORE_INC := -Ilib/core/include
# The copy loops must not be turned back into calls to themselves.
CORE_CFLAGS := $(CORE_INC) -fno-builtin -fno-tree-loop-distribute-patterns

core_objs = $(patsubst lib/core/%.c,$(OBJ_DIR)/core/$(1)/%.o,$(CORE_SRCS))

# $(call core_env,environment,flags)
define core_env
$(call core_objs,$(1)): $(OBJ_DIR)/core/$(1)/%.o: lib/core/%.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	@echo "  CC      $$< ($(1))"
	$$(Q)$$(CC_T) $$(TARGET_CFLAGS) $$(CORE_CFLAGS) $(2) -c $$< -o $$@
endef

$(eval $(call core_env,kernel,-mgeneral-regs-only -flto))
$(eval $(call core_env,bootstrap,-mgeneral-regs-only -mstrict-align \
    -fno-asynchronous-unwind-tables -fno-unwind-tables))
$(eval $(call core_env,user,-mgeneral-regs-only))

# Host unit test: the formatter against the host C library's snprintf.
CORE_HOST_TEST := $(HOST_DIR)/tests/test_fmt
HOST_TESTS += $(CORE_HOST_TEST)
$(HOST_DIR)/obj/lib/core/fmt.o $(HOST_DIR)/obj/tests/host/test_fmt.o: \
    HOST_CFLAGS_X := $(CORE_INC) -Itests/host
$(CORE_HOST_TEST): $(HOST_DIR)/obj/tests/host/test_fmt.o $(HOST_DIR)/obj/lib/core/fmt.o
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@
