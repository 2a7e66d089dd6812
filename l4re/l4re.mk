# SPDX-License-Identifier: MIT
# The user side's shared parts: the header check of the public headers, where the
# libraries land (they are packages: l4re/lib/*/Makefile with tools/mk/lib.mk), the
# start code, the link settings of the program kinds (tools/mk/prog.mk), the in-task
# l4re server and the host tests of its pieces. ABI: doc/abi.md.

CXX_T ?= $(CROSS_COMPILE)g++

# The arch folder comes first so <l4/sys/arch/...> resolves per architecture.
L4RE_INC := -Il4re/include/arch/$(ARCH) -Il4re/include
# User code: no FP/SIMD registers (the kernel need not switch FP state for these
# programs, and GCC must not use q-registers for copies).
L4RE_USER_CFLAGS := $(L4RE_INC) $(CORE_INC) -Il4re/lib/util/include -Il4re/lib/crt0/include -Itests/lib \
    -mgeneral-regs-only -Wshadow -Wstrict-prototypes -Wmissing-prototypes

L4RE_OBJ := $(OBJ_DIR)/l4re
$(OBJ_DIR)/l4re/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS)

# ---- header check: every public header alone, as C99 -pedantic and as C++11 ----

L4RE_HDRS := $(sort $(wildcard l4re/include/l4/*/*.h l4re/include/l4/*/*/*.h) \
    $(wildcard l4re/include/arch/$(ARCH)/l4/sys/arch/*.h))
L4RE_HDR_NAMES := $(patsubst l4re/include/%,%,\
    $(patsubst l4re/include/arch/$(ARCH)/%,%,$(L4RE_HDRS)))
# kip.h uses bare _Static_assert (not C++, not C99): skip it until it uses
# L4_STATIC_ASSERT from <l4/sys/__static_assert.h>.
L4RE_HDR_CHECK_SKIP ?=
L4RE_HDR_STAMP := $(L4RE_OBJ)/check-headers.stamp
L4RE_HDR_CFLAGS = -ffreestanding -nostdinc $(GCC_INC_FLAGS) $(L4RE_INC) \
    -Wall -Wextra -Werror -Wshadow -fsyntax-only

$(L4RE_HDR_STAMP): $(L4RE_HDRS) l4re/l4re.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CHECK   l4re headers (C99 -pedantic, C++11)"
	$(Q)if ! command -v $(CXX_T) >/dev/null 2>&1; then \
	    echo "  warning: $(CXX_T) missing (make deps): headers checked as C only"; fi; \
	for h in $(filter-out $(L4RE_HDR_CHECK_SKIP),$(L4RE_HDR_NAMES)); do \
	    printf '#include <%s>\ntypedef int l4_hdr_check_t;\n' $$h > $(@D)/hdr_check.c; \
	    $(CC_T) -std=c99 -pedantic-errors $(L4RE_HDR_CFLAGS) -x c $(@D)/hdr_check.c \
	        || { echo "header $$h fails as C99"; exit 1; }; \
	    if command -v $(CXX_T) >/dev/null 2>&1; then \
	        $(CXX_T) -std=c++11 -pedantic-errors $(L4RE_HDR_CFLAGS) -x c++ $(@D)/hdr_check.c \
	            || { echo "header $$h fails as C++"; exit 1; }; \
	    fi; \
	done
	$(Q)touch $@

.PHONY: check-headers
check-headers: $(L4RE_HDR_STAMP)
ALL_TARGETS += $(L4RE_HDR_STAMP)

# ---- libraries, start code, link settings ----
# The libraries are packages too (l4re/lib/*/Makefile, tests/lib/Makefile, built by
# tools/mk/lib.mk into LIB_DIR); these names are where programs find them.
LIB_DIR := $(OBJ_DIR)/lib
LIBL4SYS := $(LIB_DIR)/libl4sys.a
LIBUTIL := $(LIB_DIR)/libutil.a
LIBTAP := $(LIB_DIR)/libtap.a
LIBSIGMA0 := $(LIB_DIR)/libsigma0.a
LIBC_BE := $(LIB_DIR)/libc_be.a
LIBL4RE := $(LIB_DIR)/libl4re.a
LIBLOADER := $(LIB_DIR)/libloader.a
LIBAPP := $(LIB_DIR)/libapp.a
LIBVCPU := $(LIB_DIR)/libvcpu.a

# Start code: bare root tasks (crt0) and programs without libc that l4re starts
# (crt1_l4re). Every object waits for the header check, so a broken header stops the
# build before anything uses it.
CRT0_OBJS := $(L4RE_OBJ)/lib/crt0/arch/$(ARCH)/crt0.o $(L4RE_OBJ)/lib/crt0/start.o
CRT1_L4RE_OBJS := $(L4RE_OBJ)/lib/crt0/arch/$(ARCH)/crt1_l4re.o \
    $(L4RE_OBJ)/lib/crt0/start_l4re.o
$(CRT0_OBJS) $(CRT1_L4RE_OBJS): | $(L4RE_HDR_STAMP)

# Link settings of the three program kinds (tools/mk/pkgdefs.mk).
L4RE_LD_SCRIPT := l4re/lib/crt0/fixed.ld
L4RE_LIBS := $(LIBUTIL) $(LIBL4SYS)
L4RE_APP_LIBS := $(LIBL4RE) $(LIBUTIL) $(LIBL4SYS)
SIGMA0_BASE := 0x40300000
ROOTTASK_BASE := 0x40400000
# Programs without libc started by l4re are linked here (ELF headers not loaded).
L4RE_APP_BASE := 0x00400000
# uClibc-ng programs (doc/porting.md): statically at LIBC_PROG_BASE with uClibc's
# crt1/crti/crtn, libc_be, libl4re and libl4sys, libc.a and libgcc; l4re loads them.
LIBC_PROG_BASE ?= 0x01000000
LIBC_PROG_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) $(UCLIBC_CFLAGS) $(L4RE_INC) \
    -fno-pic -fno-pie -fno-stack-protector -fno-common -fno-omit-frame-pointer \
    -ffunction-sections -fdata-sections -Wshadow -Wstrict-prototypes \
    -Wmissing-prototypes -MMD -MP
LIBC_PROG_LIBS = $(LIBC_BE) $(LIBL4RE) $(LIBL4SYS)
LIBC_PROG_LDFLAGS = $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 -Wl,-z,norelro -Wl,--eh-frame-hdr
STATIC_PIE_LDFLAGS = -Wl,-pie -Wl,--no-dynamic-linker -Wl,-z,text

# ---- the in-task l4re (l4re/server/l4re, linked at 0xc0000000, doc/l4re.md) ----
# Not a package: it has start code of its own and is linked above the programs.
L4RE_SRV_OBJS := $(L4RE_OBJ)/server/l4re/start.o \
    $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/server/l4re/*.c))
L4RE_BASE := 0xc0000000
$(OBJ_DIR)/l4re/server/l4re/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS) -Il4re/lib/loader/include
$(L4RE_SRV_OBJS): | $(L4RE_HDR_STAMP)

# The c/util headers are one level deeper than the header check's wildcard.
L4RE_HDR_NAMES += $(patsubst l4re/include/%,%,$(wildcard l4re/include/l4/re/c/util/*.h))
$(L4RE_HDR_STAMP): $(wildcard l4re/include/l4/re/c/util/*.h)

$(BIN_DIR)/l4re: $(L4RE_SRV_OBJS) $(LIBLOADER) $(L4RE_APP_LIBS) $(L4RE_LD_SCRIPT) l4re/l4re.mk
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC_T) $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 \
	    -Wl,--defsym=__image_base=$(L4RE_BASE) -T $(L4RE_LD_SCRIPT) -o $@ $(L4RE_SRV_OBJS) \
	    -Wl,--start-group $(LIBLOADER) $(L4RE_APP_LIBS) $(LIBGCC_T) -Wl,--end-group
ALL_TARGETS += $(BIN_DIR)/l4re

# ---- host unit tests: ELF checks, stack builder, region list ----
L4RE_HOST_TEST_NAMES := test_elf_loader test_region
L4RE_HOST_TESTS := $(addprefix $(HOST_DIR)/tests/,$(L4RE_HOST_TEST_NAMES))
HOST_TESTS += $(L4RE_HOST_TESTS)
L4RE_HOST_CFLAGS := -Il4re/include -Il4re/lib/loader/include -Il4re/server/l4re -Itests/host
$(HOST_DIR)/obj/l4re/lib/loader/%.o $(HOST_DIR)/obj/l4re/server/l4re/%.o \
    $(HOST_DIR)/obj/tests/host/test_elf_loader.o $(HOST_DIR)/obj/tests/host/test_region.o: \
    HOST_CFLAGS_X := $(L4RE_HOST_CFLAGS)
$(HOST_DIR)/tests/test_elf_loader: $(HOST_DIR)/obj/tests/host/test_elf_loader.o \
    $(HOST_DIR)/obj/l4re/lib/loader/elf.o $(HOST_DIR)/obj/l4re/lib/loader/stack.o
$(HOST_DIR)/tests/test_region: $(HOST_DIR)/obj/tests/host/test_region.o \
    $(HOST_DIR)/obj/l4re/server/l4re/region.o
$(L4RE_HOST_TESTS):
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@

