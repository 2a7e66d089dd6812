# SPDX-License-Identifier: MIT
# uClibc-ng for aarch64 programs: `make uclibc` builds the sysroot $(UCLIBC_SYSROOT)
# (headers, libc.a with libm merged in, crt1.o/crti.o/crtn.o) from the fetched
# $(UCLIBC_SRC), our config fragment and patches/, through build.sh; about 90 s on 2 cores,
# so it is quiet (one line; the log is $(UCLIBC_LOG)) and not part of `all` yet.
# Every system call of this libc is a call to __syscall_backend, which the program
# provides (doc/decisions/0001-libc-syscall-backend.md). `make check-libc` proves the
# library and Lua under qemu-aarch64 (user mode), printing TAP.

UCLIBC_SYSROOT := $(O)/sysroot
UCLIBC_WORK    := $(OBJ_DIR)/uclibc-ng
UCLIBC_KHDR    := $(UCLIBC_WORK)/kheaders
UCLIBC_STAMP   := $(UCLIBC_WORK)/sysroot.stamp
UCLIBC_LOG     := $(UCLIBC_WORK)/build.log
UCLIBC_JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
UCLIBC_INPUTS  := pkg/uclibc-ng/build.sh pkg/uclibc-ng/uclibc.config \
    $(sort $(wildcard pkg/uclibc-ng/patches/*.patch))

# For programs built against it: compile with UCLIBC_CFLAGS (the installed sysroot has
# no linux/ or asm/, hence the kernel-headers folder), link with -nostdlib -static
# $(UCLIBC_CRT_BEGIN) <objects> $(UCLIBC_LIBS) $(UCLIBC_CRT_END), and define
# __syscall_backend (and _dl_pagesize, which 1.0.35 forgets in static-only builds).
UCLIBC_CFLAGS = -nostdinc -isystem $(UCLIBC_SYSROOT)/usr/include -isystem $(UCLIBC_KHDR) \
    $(GCC_INC_FLAGS)
UCLIBC_CRT_BEGIN = $(UCLIBC_SYSROOT)/usr/lib/crt1.o $(UCLIBC_SYSROOT)/usr/lib/crti.o
UCLIBC_CRT_END   = $(UCLIBC_SYSROOT)/usr/lib/crtn.o
# libgcc_eh: NPTL cancels a thread by a forced unwind through the frames' unwind tables
# (--eh-frame-hdr lets libgcc find them in a static program, through dl_iterate_phdr).
UCLIBC_LIBS      = $(UCLIBC_SYSROOT)/usr/lib/libc.a $(LIBGCC_T) -lgcc_eh

$(UCLIBC_STAMP): $(UCLIBC_INPUTS) $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  UCLIBC  $(UCLIBC_SYSROOT) (log: $(UCLIBC_LOG))"
	$(Q)rm -f $@
	$(Q)if ! bash pkg/uclibc-ng/build.sh $(UCLIBC_SRC) $(UCLIBC_WORK) $(UCLIBC_SYSROOT) \
	        pkg/uclibc-ng/uclibc.config pkg/uclibc-ng/patches $(CROSS_COMPILE) \
	        $(UCLIBC_JOBS) >$(UCLIBC_LOG) 2>&1; then \
	    tail -n 30 $(UCLIBC_LOG) >&2; \
	    echo "uclibc-ng: build failed, full log: $(UCLIBC_LOG)" >&2; exit 1; \
	fi
	$(Q)touch $@

.PHONY: uclibc check-libc
uclibc: $(UCLIBC_STAMP)

# ---- check-libc: libc + Lua test program under qemu-aarch64 --------------------------

# Normally defined by pkg/lua/lua.mk; the fallbacks keep the include order free.
LUA_LIB ?= $(OBJ_DIR)/lua/liblua.a
LUA_INC ?= -I$(LUA_SRC)/src
QEMU_USER ?= qemu-aarch64

LIBC_TEST_DIR  := $(OBJ_DIR)/uclibc-ng/test
LIBC_TEST_BIN  := $(LIBC_TEST_DIR)/libc_test
LIBC_TEST_OBJS := $(LIBC_TEST_DIR)/libc_test.o $(LIBC_TEST_DIR)/lua_test.o \
    $(LIBC_TEST_DIR)/backend.o
# Our own code: full warnings, errors included. FP is allowed (printf of floats, libm).
LIBC_TEST_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) $(UCLIBC_CFLAGS) $(LUA_INC) \
    -fno-pic -fno-pie -fno-stack-protector -MMD -MP

$(LIBC_TEST_DIR)/%.o: pkg/uclibc-ng/test/%.c $(UCLIBC_STAMP) pkg/uclibc-ng/uclibc.mk
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(LIBC_TEST_CFLAGS) -c $< -o $@

$(LIBC_TEST_DIR)/%.o: pkg/uclibc-ng/test/%.S $(UCLIBC_STAMP) pkg/uclibc-ng/uclibc.mk
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC_T) $(TARGET_ASFLAGS) -c $< -o $@

$(LIBC_TEST_BIN): $(LIBC_TEST_OBJS) $(LUA_LIB) $(UCLIBC_STAMP)
	@echo "  LD      $@"
	$(Q)$(CC_T) $(TARGET_LDFLAGS) -o $@ $(UCLIBC_CRT_BEGIN) $(LIBC_TEST_OBJS) $(LUA_LIB) \
	    $(UCLIBC_LIBS) $(UCLIBC_CRT_END)

check-libc: $(LIBC_TEST_BIN)
	$(Q)command -v $(QEMU_USER) >/dev/null || \
	    { echo "check-libc: $(QEMU_USER) missing (Debian package qemu-user)" >&2; exit 1; }
	$(Q)$(QEMU_USER) $(LIBC_TEST_BIN)

# The same program as a host test of `make test`: a wrapper that runs it under qemu-aarch64.
LIBC_HOST_TEST := $(HOST_DIR)/tests/libc_under_qemu_user
HOST_TESTS += $(LIBC_HOST_TEST)

$(LIBC_HOST_TEST): $(LIBC_TEST_BIN)
	@mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\nexec %s %s\n' "$(QEMU_USER)" "$(abspath $(LIBC_TEST_BIN))" > $@
	$(Q)chmod +x $@

# libpthread.a (NPTL) comes with the sysroot; packages name it with REQUIRES_LIBS = libpthread.
$(UCLIBC_SYSROOT)/usr/lib/libpthread.a: $(UCLIBC_STAMP) ;
