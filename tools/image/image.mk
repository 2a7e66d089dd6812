# SPDX-License-Identifier: MIT
# The host packer l4image and the image targets:
#   make entries          list the entries of $(MODULES_LIST)
#   make image E=<entry>  build what the entry names (and only that: a broken package
#                         breaks only the entries that need it), pack
#                         $(IMAGE_DIR)/<entry>.elf (always re-packed)
#   make qemu E=<entry>   pack, then boot it; GDB=1 waits for gdb-multiarch on :1234
# The kernel ELF is linked at its virtual addresses, so gdb-multiarch on
# $(BIN_DIR)/kernel finds kernel symbols as is once the MMU is on.
# Format of the list: doc/modules-list.md; image layout: doc/boot.md.

L4IMAGE := $(HOST_DIR)/bin/l4image
L4IMAGE_SRCS := $(wildcard tools/image/*.c)
L4IMAGE_OBJS := $(patsubst %.c,$(HOST_DIR)/obj/%.o,$(L4IMAGE_SRCS))
ALL_TARGETS += $(L4IMAGE)

$(HOST_DIR)/obj/tools/image/%.o: HOST_CFLAGS_X := -Ipkg/bootstrap/include -Itools/image

$(L4IMAGE): $(L4IMAGE_OBJS)
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@

# Where the files named in the list are searched, before its `searchpath` lines;
# MODULE_SEARCH_PATH=dir:dir (e.g. an out-of-tree package's build folder) comes first.
MODULE_PATH ?= $(if $(MODULE_SEARCH_PATH),$(MODULE_SEARCH_PATH):)$(BIN_DIR):conf
E ?= $(ENTRY)
IMAGE_BOOTSTRAP = $(if $(BOOTSTRAP_ELF),$(BOOTSTRAP_ELF),$(BIN_DIR)/bootstrap)
IMAGE_ELF = $(IMAGE_DIR)/$(E).elf

ifneq ($(filter image qemu picture,$(MAKECMDGOALS)),)
ifeq ($(E),)
$(error set E=<entry>; make entries lists them)
endif
endif

.PHONY: entries image qemu image-modules
entries: $(L4IMAGE)
	$(Q)$(L4IMAGE) --list $(MODULES_LIST) --entries

# The entry's files that this build makes (the rest are found on MODULE_PATH as they are).
image-modules: $(filter $(addprefix $(BIN_DIR)/,$(IMAGE_MODULES)),$(ALL_TARGETS))
	@:

# A test's entry (tests/modules.list) boots by name too when the default list lacks it.
TEST_MODULES_LIST ?= tests/modules.list
IMAGE_LIST = $(if $(filter conf/modules.list,$(MODULES_LIST)),$$(if $(L4IMAGE) --list \
    $(MODULES_LIST) --entries | grep -qx '$(E)'; then echo $(MODULES_LIST); \
    else echo $(TEST_MODULES_LIST); fi),$(MODULES_LIST))

image: $(L4IMAGE) $(IMAGE_BOOTSTRAP)
	$(Q)list=$(IMAGE_LIST) && mods=$$($(L4IMAGE) --list $$list --entry $(E) --modules) && \
	    $(MAKE) --no-print-directory image-modules IMAGE_MODULES="$$(echo $$mods)" && \
	    mkdir -p $(IMAGE_DIR) && echo "  IMAGE   $(IMAGE_ELF)" && \
	    $(L4IMAGE) --list $$list --entry $(E) --bootstrap $(IMAGE_BOOTSTRAP) \
	    --path $(MODULE_PATH) --ram-base $(RAM_BASE) --output $(IMAGE_ELF)

qemu: image
ifeq ($(GDB),1)
	@echo "QEMU waits for gdb on :1234; in another terminal:"
	@echo "gdb-multiarch -ex 'target remote :1234' $(BIN_DIR)/kernel"
endif
	$(QEMU) $(QEMU_BASE_OPTIONS) $(QEMU_INTERACTIVE_OPTIONS) $(QEMU_EXTRA) \
	    $(if $(DISK),$(call QEMU_DISK_OPTIONS,$(DISK))) \
	    $(if $(filter 1,$(GDB)),-s -S) -kernel $(IMAGE_ELF)

# Host unit tests of the packer (and everyone else's tests/host/*.c fragments' list
# HOST_TESTS); guarded in host.mk, so tests/tests.mk may include it as well.
include tests/host/host.mk
