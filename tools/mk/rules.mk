# SPDX-License-Identifier: MIT
# Generic compile rules. Objects mirror the source tree under $(OBJ_DIR)
# (target) and $(HOST_DIR)/obj (host). A component sets its flags with
# pattern-specific variables, e.g.
#   $(OBJ_DIR)/kernel/%.o: CFLAGS_X := -Ikernel/include
# and lists its objects; the rules below do the rest.

$(OBJ_DIR)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(TARGET_CFLAGS) $(CFLAGS_X) -c $< -o $@

$(OBJ_DIR)/%.o: %.S | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC_T) $(TARGET_ASFLAGS) $(CFLAGS_X) -c $< -o $@

$(HOST_DIR)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(HOST_CFLAGS_X) -c $< -o $@

-include $(shell find $(OBJ_DIR) $(HOST_DIR) -name '*.d' 2>/dev/null)
