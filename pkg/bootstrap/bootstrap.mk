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

# Host unit test of the one-pass device tree scan, with libfdt built for the host
# (its sequential writer makes the test blobs).
DT_SCAN_TEST := $(HOST_DIR)/tests/test_dt_scan
HOST_TESTS += $(DT_SCAN_TEST)
DT_SCAN_FDT_OBJS := $(patsubst %,$(HOST_DIR)/obj/libfdt/%.o,fdt fdt_ro fdt_sw fdt_wip fdt_strerror)
$(HOST_DIR)/obj/libfdt/%.o: $(LIBFDT_SRC)/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  libfdt/$*.c"
	$(Q)$(HOSTCC) -O2 -I$(LIBFDT_SRC) -c $< -o $@
$(HOST_DIR)/obj/pkg/bootstrap/dt_scan.o $(HOST_DIR)/obj/tests/host/test_dt_scan.o: \
    HOST_CFLAGS_X := -I$(LIBFDT_SRC) -I$(BOOTSTRAP_DIR) -Itests/host
# The kernel's CPU list from the device tree (kernel/generic/dt_cpus.c), with the same libfdt.
DT_CPUS_TEST := $(HOST_DIR)/tests/test_dt_cpus
HOST_TESTS += $(DT_CPUS_TEST)
$(HOST_DIR)/obj/kernel/generic/dt_cpus.o $(HOST_DIR)/obj/tests/host/test_dt_cpus.o: \
    HOST_CFLAGS_X := -I$(LIBFDT_SRC) -Ikernel/include -Itests/host
$(DT_CPUS_TEST): $(HOST_DIR)/obj/tests/host/test_dt_cpus.o \
    $(HOST_DIR)/obj/kernel/generic/dt_cpus.o $(DT_SCAN_FDT_OBJS)
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@

$(DT_SCAN_TEST): $(HOST_DIR)/obj/tests/host/test_dt_scan.o \
    $(HOST_DIR)/obj/pkg/bootstrap/dt_scan.o $(DT_SCAN_FDT_OBJS)
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@
