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
# The zero fill: DC ZVA where memory is Normal, a plain loop in bootstrap (MMU off).
CORE_ZERO_kernel := lib/core/zero_zva.c
CORE_ZERO_user := lib/core/zero_zva.c
CORE_ZERO_bootstrap := lib/core/zero_plain.c
CORE_INC := -Ilib/core/include
# The copy loops must not be turned back into calls to themselves.
CORE_CFLAGS := $(CORE_INC) -fno-builtin -fno-tree-loop-distribute-patterns

core_objs = $(patsubst lib/core/%.c,$(OBJ_DIR)/core/$(1)/%.o,$(CORE_SRCS) $(CORE_ZERO_$(1)))

# $(call core_env,environment,flags)
define core_env
$(call core_objs,$(1)): $(OBJ_DIR)/core/$(1)/%.o: lib/core/%.c | $(DEPS_STAMP)
	@mkdir -p $$(@D)
	@echo "  CC      $$< ($(1))"
	$$(Q)$$(CC_T) $$(TARGET_CFLAGS) $$(CORE_CFLAGS) -Ilib/core $(2) -c $$< -o $$@
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

# Host unit test: memset/memcpy/memmove (string.c with the plain zero fill) against
# byte loops, under core_ names so they do not replace the host C library's.
CORE_STRING_TEST := $(HOST_DIR)/tests/test_string
HOST_TESTS += $(CORE_STRING_TEST)
CORE_HOST_RENAMES := $(foreach f,memcpy memmove memset memcmp memchr strlen strnlen strchr \
    strrchr strcmp strncmp,-D$(f)=core_$(f))
$(HOST_DIR)/obj/core-host/%.o: lib/core/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $< (core_ names)"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(CORE_INC) -Ilib/core -fno-builtin \
	    -fno-tree-loop-distribute-patterns $(CORE_HOST_RENAMES) -c $< -o $@
$(HOST_DIR)/obj/tests/host/test_string.o: HOST_CFLAGS_X := -Itests/host
$(CORE_STRING_TEST): $(HOST_DIR)/obj/tests/host/test_string.o \
    $(HOST_DIR)/obj/core-host/string.o $(HOST_DIR)/obj/core-host/zero_plain.o
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@
