# SPDX-License-Identifier: MIT
# Test modules made from built programs rather than compiled: malformed ELF files
# that bootstrap, moe and l4re must refuse by name, and a data file for the libc rom
# test. Included from tests/tests.mk.

# A malformed root task: a real program's ELF header (64 bytes) without the program
# headers it points to. bootstrap must refuse it by name (bad-elf.test).
$(BIN_DIR)/bad_elf: $(BIN_DIR)/hello_kd
	@echo "  GEN     $@"
	$(Q)head -c 64 $< > $@.tmp && mv $@.tmp $@

# A malformed rom/l4re (its first 64 bytes) in a folder of its own, so that the
# module is still named "l4re" (moe must refuse it and keep running).
$(BIN_DIR)/moe-bad/l4re: $(BIN_DIR)/l4re
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)head -c 64 $< > $@.tmp && mv $@.tmp $@

# Malformed ELF modules for l4re, made from a good program by a host tool.
MKBADELF := $(HOST_DIR)/bin/mkbadelf
L4RE_BAD_ELFS := $(addprefix $(BIN_DIR)/l4re_bad_,trunc machine overlap huge entry class)
$(MKBADELF): $(HOST_DIR)/obj/tests/target/l4re/mkbadelf.o
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@
$(BIN_DIR)/l4re_bad_%: $(BIN_DIR)/l4re_fault $(MKBADELF)
	@echo "  GEN     $@"
	$(Q)$(MKBADELF) $* $< $@.tmp && mv $@.tmp $@

# Data module for the rom file test: 20000 bytes, byte i = (7 * i + 3) mod 256.
$(BIN_DIR)/libc_data.bin: tests/target/generated.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)python3 -c 'import sys; sys.stdout.buffer.write(bytes((7 * i + 3) & 255 \
	    for i in range(20000)))' > $@.tmp && mv $@.tmp $@

ALL_TARGETS += $(BIN_DIR)/bad_elf $(BIN_DIR)/moe-bad/l4re $(L4RE_BAD_ELFS) \
    $(BIN_DIR)/libc_data.bin
