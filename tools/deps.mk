# SPDX-License-Identifier: MIT
# Third-party sources and build tools: `make deps` runs tools/deps.sh, which installs
# missing Debian packages and fetches libfdt, Lua 5.4, uClibc-ng and the Open POSIX Test
# Suite into $(DEPS_DIR).
# $(DEPS_STAMP) is the file target that compile rules wait for (order-only), so a fresh
# clone fetches on its first build; editing tools/deps.sh makes it run again.
# The folders below are where components find the fetched sources (doc/testing.md).

DEPS_STAMP := $(DEPS_DIR)/stamps/all
LIBFDT_SRC := $(DEPS_DIR)/src/libfdt
LUA_SRC    := $(DEPS_DIR)/src/lua-5.4
UCLIBC_SRC := $(DEPS_DIR)/src/uclibc-ng
POSIXTS_SRC := $(DEPS_DIR)/src/posixtestsuite

$(DEPS_STAMP): tools/deps.sh
	$(Q)bash tools/deps.sh $(DEPS_DIR)
	@touch $@

.PHONY: deps
deps:
	$(Q)bash tools/deps.sh $(DEPS_DIR)
	@mkdir -p $(dir $(DEPS_STAMP)) && touch $(DEPS_STAMP)
