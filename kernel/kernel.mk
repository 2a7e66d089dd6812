# SPDX-License-Identifier: MIT
# The kernel: generic code, the architecture's code and the board's drivers,
# linked twice so that the second image carries its own symbol table
# (tools/ksyms.sh) for backtraces. Built with link-time optimisation: the
# IPC path crosses several small files (one object type per file) and LTO
# inlines across them (about 12% fewer instructions per IPC round trip).

KERNEL_ELF := $(BIN_DIR)/kernel
KERNEL_ARCH_DIR := kernel/arch/$(ARCH)

KERNEL_SRCS := $(wildcard kernel/generic/*.c) $(wildcard $(KERNEL_ARCH_DIR)/*.c) \
    $(wildcard $(KERNEL_ARCH_DIR)/*.S) $(foreach d,$(BSP_DRIVERS),bsp/drivers/$(d).c) \
    $(wildcard $(BSP_DIR)/*.c)
KERNEL_OBJS := $(patsubst %,$(OBJ_DIR)/%.o,$(basename $(KERNEL_SRCS))) $(call core_objs,kernel)

KERNEL_CFLAGS := $(CORE_INC) -Ikernel/include -I$(KERNEL_ARCH_DIR)/include -I$(KERNEL_ARCH_DIR) \
    -Ibsp/include -I$(BSP_DIR) $(L4_INC) -Il4re/include/arch/$(ARCH) \
    -mgeneral-regs-only -fno-tree-loop-distribute-patterns -fno-builtin -flto
$(OBJ_DIR)/kernel/%.o $(OBJ_DIR)/bsp/%.o: CFLAGS_X := $(KERNEL_CFLAGS)

KERNEL_LDFLAGS := $(TARGET_LDFLAGS) -T $(KERNEL_ARCH_DIR)/kernel.ld -Wl,-z,max-page-size=4096 \
    -flto -O2 -mgeneral-regs-only -fno-tree-loop-distribute-patterns -fno-builtin

$(OBJ_DIR)/kernel/ksyms_empty.S: tools/ksyms.sh
	@mkdir -p $(@D)
	$(Q)sh tools/ksyms.sh > $@

$(OBJ_DIR)/kernel/%.o: $(OBJ_DIR)/kernel/%.S
	@echo "  AS      $(notdir $<)"
	$(Q)$(CC_T) $(TARGET_ASFLAGS) -c $< -o $@

$(OBJ_DIR)/kernel/kernel.stage1: $(KERNEL_OBJS) $(OBJ_DIR)/kernel/ksyms_empty.o $(KERNEL_ARCH_DIR)/kernel.ld
	@echo "  LD      kernel (pass 1)"
	$(Q)$(CC_T) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(OBJ_DIR)/kernel/ksyms_empty.o $(LIBGCC_T)

$(OBJ_DIR)/kernel/ksyms.S: $(OBJ_DIR)/kernel/kernel.stage1 tools/ksyms.sh
	$(Q)$(NM_T) -n $< > $@.nm
	$(Q)sh tools/ksyms.sh $@.nm > $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(OBJ_DIR)/kernel/ksyms.o $(KERNEL_ARCH_DIR)/kernel.ld
	@mkdir -p $(@D)
	@echo "  LD      kernel"
	$(Q)$(CC_T) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(OBJ_DIR)/kernel/ksyms.o $(LIBGCC_T)

ALL_TARGETS += $(KERNEL_ELF)

# Host unit tests of the kernel's hardware-independent allocators.
KERNEL_HOST_TEST_NAMES := test_page_alloc test_kmem test_dtree
KERNEL_HOST_TESTS := $(addprefix $(HOST_DIR)/tests/,$(KERNEL_HOST_TEST_NAMES))
HOST_TESTS += $(KERNEL_HOST_TESTS)
KERNEL_HOST_OBJS := $(HOST_DIR)/obj/kernel/generic/page_alloc.o $(HOST_DIR)/obj/kernel/generic/kmem.o \
    $(HOST_DIR)/obj/kernel/generic/dtree.o
$(KERNEL_HOST_OBJS): HOST_CFLAGS_X := -Ikernel/include
$(foreach t,$(KERNEL_HOST_TEST_NAMES),$(eval $(HOST_DIR)/obj/tests/host/$(t).o: \
    HOST_CFLAGS_X := -Ikernel/include -Itests/host))

$(HOST_DIR)/tests/test_page_alloc: $(HOST_DIR)/obj/tests/host/test_page_alloc.o $(KERNEL_HOST_OBJS)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ -o $@

$(HOST_DIR)/tests/test_kmem: $(HOST_DIR)/obj/tests/host/test_kmem.o $(KERNEL_HOST_OBJS)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ -o $@

$(HOST_DIR)/tests/test_dtree: $(HOST_DIR)/obj/tests/host/test_dtree.o $(KERNEL_HOST_OBJS)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ -o $@

# Flags live here: objects are rebuilt when they change.
$(KERNEL_OBJS): kernel/kernel.mk

# The checking kernel (bin/kernel-checked): the same sources with CONFIG_INVARIANTS=1, so
# that the invariant checker (kernel/generic/invariants.c, doc/kernel.md) runs after every
# system call. Fuzz boots and the kernel test entries use it; `kernel` and `make bench`
# stay unchanged. Objects go to their own folder.
KERNEL_CHECKED_ELF := $(BIN_DIR)/kernel-checked
KC_DIR := $(OBJ_DIR)/kernel-checked
KC_OBJS := $(patsubst %,$(KC_DIR)/%.o,$(basename $(KERNEL_SRCS))) $(call core_objs,kernel)
KC_CFLAGS = $(TARGET_CFLAGS) $(KERNEL_CFLAGS) -DCONFIG_INVARIANTS=1

$(KC_DIR)/%.o: %.c kernel/kernel.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $< (checked)"
	$(Q)$(CC_T) $(KC_CFLAGS) -c $< -o $@

$(KC_DIR)/%.o: %.S kernel/kernel.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  AS      $< (checked)"
	$(Q)$(CC_T) $(TARGET_ASFLAGS) $(KERNEL_CFLAGS) -DCONFIG_INVARIANTS=1 -c $< -o $@

$(KC_DIR)/kernel.stage1: $(KC_OBJS) $(OBJ_DIR)/kernel/ksyms_empty.o $(KERNEL_ARCH_DIR)/kernel.ld
	@echo "  LD      kernel-checked (pass 1)"
	$(Q)$(CC_T) $(KERNEL_LDFLAGS) -o $@ $(KC_OBJS) $(OBJ_DIR)/kernel/ksyms_empty.o $(LIBGCC_T)

$(KC_DIR)/ksyms.S: $(KC_DIR)/kernel.stage1 tools/ksyms.sh
	$(Q)$(NM_T) -n $< > $@.nm
	$(Q)sh tools/ksyms.sh $@.nm > $@

$(KC_DIR)/ksyms.o: $(KC_DIR)/ksyms.S
	@echo "  AS      $(notdir $<) (checked)"
	$(Q)$(CC_T) $(TARGET_ASFLAGS) -c $< -o $@

$(KERNEL_CHECKED_ELF): $(KC_OBJS) $(KC_DIR)/ksyms.o $(KERNEL_ARCH_DIR)/kernel.ld
	@mkdir -p $(@D)
	@echo "  LD      kernel-checked"
	$(Q)$(CC_T) $(KERNEL_LDFLAGS) -o $@ $(KC_OBJS) $(KC_DIR)/ksyms.o $(LIBGCC_T)

ALL_TARGETS += $(KERNEL_CHECKED_ELF)
