# SPDX-License-Identifier: MIT
# Lua 5.4 for aarch64 programs (ned, later): `make lua` builds $(LUA_LIB), the core,
# lauxlib and every standard library, against the uClibc-ng sysroot (pkg/uclibc-ng).
# The sources are third-party, fetched with Debian's CVE patches by `make deps` into
# $(LUA_SRC); they are compiled unmodified, without -Werror, and with FP/SIMD allowed,
# because Lua's numbers are doubles. LUA_USE_POSIX (it links, as UCLIBC_LINUX_SPECIFIC
# provides popen) buys mkstemp for os.tmpname and 64-bit fseeko; io.popen and os.execute
# reach vfork, which still traps (doc/decisions/0001-libc-syscall-backend.md).
# Users compile with $(LUA_INC) next to $(UCLIBC_CFLAGS) and link $(LUA_LIB) before libc.

LUA_LIB := $(OBJ_DIR)/lua/liblua.a
# Defined by pkg/uclibc-ng/uclibc.mk; the fallback keeps the include order free.
UCLIBC_STAMP ?= $(OBJ_DIR)/uclibc-ng/sysroot.stamp
LUA_INC := -I$(LUA_SRC)/src

LUA_CORE := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes \
    lparser lstate lstring ltable ltm lundump lvm lzio
LUA_STDLIBS := lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib loslib lstrlib \
    ltablib lutf8lib linit
LUA_OBJS := $(patsubst %,$(OBJ_DIR)/lua/%.o,$(LUA_CORE) $(LUA_STDLIBS))
LUA_SRCS = $(patsubst %,$(LUA_SRC)/src/%.c,$(LUA_CORE) $(LUA_STDLIBS))
LUA_CFLAGS = -std=gnu99 -O2 -g -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_POSIX \
    $(UCLIBC_CFLAGS) -fno-pic -fno-pie -fno-stack-protector -ffunction-sections -fdata-sections \
    -MMD -MP

# The sources appear when the deps stamp is made; say so, or make finds no rule for them.
$(LUA_SRCS): | $(DEPS_STAMP) ;

# The libc headers come from the sysroot: a new libc (or new flags) means new objects.
$(LUA_OBJS): $(OBJ_DIR)/lua/%.o: $(LUA_SRC)/src/%.c $(UCLIBC_STAMP) pkg/lua/lua.mk
	@mkdir -p $(@D)
	@echo "  CC      lua/$*.c"
	$(Q)$(CC_T) $(LUA_CFLAGS) -c $< -o $@

$(LUA_LIB): $(LUA_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@
	$(Q)$(AR_T) rcs $@ $^

.PHONY: lua
lua: $(LUA_LIB)
