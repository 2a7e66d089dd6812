# SPDX-License-Identifier: MIT
# make picture E=<entry>: boot the entry with the kernel debugger on, let it settle, take
# its object graph from the debugger (jdb's graph) and render it with Graphviz to
# $(PICTURE_DIR)/<entry>.svg and .png (tools/picture/picture.py; doc/kernel.md).
# SETTLE=<s> seconds to let it settle (default 3), counted from the first line that
# matches SETTLE_AFTER=<regex> when given, else from QEMU's start.

PICTURE_DIR = $(O)/pictures
SETTLE ?= 3

.PHONY: picture
picture: image
	$(Q)list=$(IMAGE_LIST) && python3 -B tools/picture/picture.py --entry '$(E)' \
	    --list $$list --l4image $(L4IMAGE) --bootstrap $(IMAGE_BOOTSTRAP) \
	    --module-path '$(MODULE_PATH)' --ram-base $(RAM_BASE) --qemu '$(QEMU_TEST_CMD)' \
	    --out $(PICTURE_DIR) --settle '$(SETTLE)' \
	    $(if $(SETTLE_AFTER),--settle-after '$(SETTLE_AFTER)') $(if $(filter 1,$(V)),--verbose)
