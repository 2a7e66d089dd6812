# SPDX-License-Identifier: MIT
# bootstrap: the boot loader that runs first from the packed image (doc/bootstrap.md).
# Linked at physical 0x40200000 and run with the MMU off, hence no FP/SIMD
# registers and no unaligned accesses. Links libfdt.a (pkg/libfdt/libfdt.mk).

BOOTSTRAP_ELF := $(BIN_DIR)/bootstrap
BOOTSTRAP_DIR := pkg/bootstrap
BOOTSTRAP_OBJS := $(patsubst %,$(OBJ_DIR)/%.o,$(basename \
    $(wildcard $(BOOTSTRAP_DIR)/*.c $(BOOTSTRAP_DIR)/*.S))) $(call core_objs,bootstrap)

BOOTSTRAP_CFLAGS = -mgeneral-regs-only -mstrict-align -fno-asynchronous-unwind-tables \
    -fno-unwind-tables -I$(BOOTSTRAP_DIR) -I$(BOOTSTRAP_DIR)/include $(L4_INC) $(LIBFDT_INC) \
    $(CORE_INC)

$(OBJ_DIR)/$(BOOTSTRAP_DIR)/%.o: CFLAGS_X = $(BOOTSTRAP_CFLAGS)

$(BOOTSTRAP_ELF): $(BOOTSTRAP_OBJS) $(LIBFDT_LIB) $(BOOTSTRAP_DIR)/bootstrap.ld
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC_T) $(TARGET_LDFLAGS) -T $(BOOTSTRAP_DIR)/bootstrap.ld -o $@ \
	    $(BOOTSTRAP_OBJS) $(LIBFDT_LIB)

ALL_TARGETS += $(BOOTSTRAP_ELF)
