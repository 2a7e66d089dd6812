# SPDX-License-Identifier: MIT
# libfdt (device tree parser) for freestanding aarch64 code such as bootstrap.
# The sources are third-party and fetched by `make deps` (tools/deps.mk) into
# $(LIBFDT_SRC); this fragment only compiles them into $(LIBFDT_LIB), with our
# target flags minus -Werror, against the small libc shims in pkg/libfdt/shim/.
# The string functions libfdt calls come from its user (bootstrap's string.c).

LIBFDT_SRC ?= $(DEPS_DIR)/src/libfdt
LIBFDT_LIB := $(OBJ_DIR)/libfdt/libfdt.a
# For users of libfdt: the shims first, so they win over GCC's limits.h.
LIBFDT_INC = -Ipkg/libfdt/shim -I$(LIBFDT_SRC) $(CORE_INC)

LIBFDT_NAMES := fdt fdt_ro fdt_rw fdt_wip fdt_sw fdt_strerror fdt_empty_tree fdt_addresses \
    fdt_overlay
LIBFDT_SRCS = $(patsubst %,$(LIBFDT_SRC)/%.c,$(LIBFDT_NAMES))
LIBFDT_HDRS = $(patsubst %,$(LIBFDT_SRC)/%.h,libfdt libfdt_env fdt libfdt_internal)
LIBFDT_OBJS := $(patsubst %,$(OBJ_DIR)/libfdt/%.o,$(LIBFDT_NAMES))
# Same flags as our own code, without -Werror: warnings in upstream code are not ours to fix.
# The MMU is off while bootstrap runs: no FP/SIMD registers, no unaligned accesses.
LIBFDT_CFLAGS = $(filter-out -Werror,$(TARGET_CFLAGS)) -mgeneral-regs-only -mstrict-align \
    -fno-asynchronous-unwind-tables -fno-unwind-tables $(LIBFDT_INC)

# The sources appear when the deps stamp is made; say so, or make finds no rule for them.
$(LIBFDT_SRCS) $(LIBFDT_HDRS): | $(DEPS_STAMP) ;

$(LIBFDT_OBJS): $(OBJ_DIR)/libfdt/%.o: $(LIBFDT_SRC)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      libfdt/$*.c"
	$(Q)$(CC_T) $(LIBFDT_CFLAGS) -c $< -o $@

$(LIBFDT_LIB): $(LIBFDT_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@
	$(Q)$(AR_T) rcs $@ $^
