# SPDX-License-Identifier: MIT
# The constant tables of ned's L4 module and of check-cfg (L4.Proto, L4.Rights, ...,
# the CPU limit), generated once from the C headers so that the two never differ.
L4CONSTS_DIR := $(O)/gen
L4CONSTS_LUA := $(L4CONSTS_DIR)/l4consts.lua
L4CONSTS_HDRS := $(addprefix l4re/include/,l4/sys/types.h l4/re/protocols.h l4/re/env.h \
    l4/re/c/mem_alloc.h)

$(L4CONSTS_LUA): tools/l4consts/gen.py $(L4CONSTS_HDRS)
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)python3 -B tools/l4consts/gen.py l4re/include $@
ALL_TARGETS += $(L4CONSTS_LUA)
