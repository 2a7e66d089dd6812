# SPDX-License-Identifier: MIT
# check-cfg: run a ned Lua boot configuration through host Lua 5.4 against a
# stand-in of the L4 module (tools/cfgcheck/*.lua), before anything boots:
#   make check-cfg CFG=conf/hello.cfg              options, protocols, rights, syntax
#   make check-cfg CFG=conf/hello.cfg E=hello-cfg  also the rom modules of that entry
# Also adds the host test $(HOST_DIR)/tests/test_cfgcheck (cases in
# tests/host/cfgcheck/) to HOST_TESTS. Include it after tools/image/image.mk
# (L4IMAGE) and before tests/tests.mk (HOST_TESTS). Story: doc/boot-config.md.

L4IMAGE ?= $(HOST_DIR)/bin/l4image
CFGCHECK_LUA ?= lua5.4
CFGCHECK = $(CFGCHECK_LUA) tools/cfgcheck/check.lua --consts $(L4CONSTS_LUA)
CFGCHECK_TEST := $(HOST_DIR)/tests/test_cfgcheck
HOST_TESTS += $(CFGCHECK_TEST)

# A two-line wrapper, so the runner can start it like the C host tests.
$(CFGCHECK_TEST): tests/host/cfgcheck/run.sh tools/cfgcheck/cfgcheck.mk $(L4CONSTS_LUA)
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)printf '#!/bin/sh\nexec sh %s %s %s %s\n' '$(CURDIR)/tests/host/cfgcheck/run.sh' \
	    '$(CFGCHECK_LUA)' '$(CURDIR)' '$(abspath $(L4CONSTS_LUA))' > $@.tmp
	$(Q)chmod +x $@.tmp && mv $@.tmp $@

.PHONY: check-cfg
check-cfg: $(L4CONSTS_LUA) $(if $(E),$(L4IMAGE))
	$(if $(CFG),,$(error check-cfg: give CFG=<script>, e.g. make check-cfg CFG=conf/hello.cfg))
	$(Q)$(CFGCHECK) $(if $(E),--modules-list $(MODULES_LIST) --entry $(E) \
	    --l4image $(L4IMAGE)) $(CFG)
