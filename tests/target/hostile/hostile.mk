# SPDX-License-Identifier: MIT
# Hostile clients (doc/testing.md, "Hostile clients"): hostile_s0, a root task that
# sends random messages to sigma0, and hostile_rt, a program without libc that moe or
# ned starts and that sends random messages to moe, l4re and its parent. Both share
# the generator fuzz.c. Specs: tests/target/hostile/*.test; entries:
# tests/target/hostile/hostile.list (included by conf/modules.list).
HOSTILE_OBJ := $(OBJ_DIR)/tests/target/hostile
$(HOSTILE_OBJ)/%.o: | $(L4RE_HDR_STAMP)
HOSTILE_S0_OBJS := $(HOSTILE_OBJ)/hostile_s0.o $(HOSTILE_OBJ)/fuzz.o
$(eval $(call l4re_prog,hostile_s0,$(HOSTILE_S0_OBJS),$(ROOTTASK_BASE),$(LIBSIGMA0) $(LIBTAP)))
$(eval $(call l4re_app,hostile_rt,$(HOSTILE_OBJ)/hostile_rt.o $(HOSTILE_OBJ)/fuzz.o \
    $(OBJ_DIR)/tests/lib/tap.o,))
ALL_TARGETS += $(BIN_DIR)/hostile_s0 $(BIN_DIR)/hostile_rt
