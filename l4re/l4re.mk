# SPDX-License-Identifier: MIT
# The user-side libraries: the l4sys header check, libl4sys (syscall stub, error
# names), libutil (string, formatter, kd printf, boot info), the start code, the TAP
# library, libsigma0, libc_be, libl4re, libloader, libapp, and the in-task l4re
# server. Programs are packages (tools/mk/prog.mk, found by tools/mk/packages.mk);
# the link settings they use are defined here. ABI: doc/abi.md.

CXX_T ?= $(CROSS_COMPILE)g++

# The arch folder comes first so <l4/sys/arch/...> resolves per architecture.
L4RE_INC := -Il4re/include/arch/$(ARCH) -Il4re/include
# User code: no FP/SIMD registers (the kernel need not switch FP state for these
# programs, and GCC must not use q-registers for copies).
L4RE_USER_CFLAGS := $(L4RE_INC) -Il4re/lib/util/include -Il4re/lib/crt0/include -Itests/lib \
    -mgeneral-regs-only -Wshadow -Wstrict-prototypes -Wmissing-prototypes

L4RE_OBJ := $(OBJ_DIR)/l4re
$(OBJ_DIR)/l4re/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS)
$(OBJ_DIR)/tests/lib/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS)
$(OBJ_DIR)/tests/target/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS)
# The mem*/str* loops must not be turned back into calls to themselves.
$(OBJ_DIR)/l4re/lib/util/string.o: CFLAGS_X := $(L4RE_USER_CFLAGS) -fno-builtin \
    -fno-tree-loop-distribute-patterns

# ---- header check: every public header alone, as C99 -pedantic and as C++11 ----

L4RE_HDRS := $(sort $(wildcard l4re/include/l4/*/*.h l4re/include/l4/*/*/*.h) \
    $(wildcard l4re/include/arch/$(ARCH)/l4/sys/arch/*.h))
L4RE_HDR_NAMES := $(patsubst l4re/include/%,%,\
    $(patsubst l4re/include/arch/$(ARCH)/%,%,$(L4RE_HDRS)))
# kip.h uses bare _Static_assert (not C++, not C99): skip it until it uses
# L4_STATIC_ASSERT from <l4/sys/__static_assert.h>.
L4RE_HDR_CHECK_SKIP ?=
L4RE_HDR_STAMP := $(L4RE_OBJ)/check-headers.stamp
L4RE_HDR_CFLAGS := -ffreestanding -nostdinc -isystem $(GCC_INC) $(L4RE_INC) \
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

# ---- libraries and start code ----

L4SYS_OBJS := $(L4RE_OBJ)/lib/l4sys/arch/$(ARCH)/syscall.o $(L4RE_OBJ)/lib/l4sys/errtostr.o
L4UTIL_OBJS := $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/lib/util/*.c))
CRT0_OBJS := $(L4RE_OBJ)/lib/crt0/arch/$(ARCH)/crt0.o $(L4RE_OBJ)/lib/crt0/start.o
TAP_OBJS := $(OBJ_DIR)/tests/lib/tap.o

LIBL4SYS := $(L4RE_OBJ)/lib/libl4sys.a
LIBUTIL := $(L4RE_OBJ)/lib/libutil.a
LIBTAP := $(OBJ_DIR)/tests/lib/libtap.a

$(LIBL4SYS): $(L4SYS_OBJS)
$(LIBUTIL): $(L4UTIL_OBJS)
$(LIBTAP): $(TAP_OBJS)
$(LIBL4SYS) $(LIBUTIL) $(LIBTAP):
	@mkdir -p $(@D)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR_T) rcs $@ $^

# Every object of a program waits for the header check, so a broken header
# stops the build before anything uses it.
$(L4SYS_OBJS) $(L4UTIL_OBJS) $(CRT0_OBJS) $(TAP_OBJS): | $(L4RE_HDR_STAMP)

L4RE_LD_SCRIPT := l4re/lib/crt0/fixed.ld
L4RE_LIBS := $(LIBUTIL) $(LIBL4SYS)
SIGMA0_BASE := 0x40300000
ROOTTASK_BASE := 0x40400000

# ---- runtime part M ----
# libsigma0 (l4re/lib/sigma0, <l4/sigma0/sigma0.h>): the client of sigma0's protocol.
LIBSIGMA0 := $(L4RE_OBJ)/lib/libsigma0.a
LIBSIGMA0_OBJS := $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/lib/sigma0/*.c))
$(LIBSIGMA0_OBJS): | $(L4RE_HDR_STAMP)
$(LIBSIGMA0): $(LIBSIGMA0_OBJS)
	@mkdir -p $(@D)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR_T) rcs $@ $^
ALL_TARGETS += $(LIBSIGMA0) $(LIBTAP)

# ---- end of runtime part M ----

# ---- runtime part P ----
# The system-call backend of uClibc-ng programs, libc_be (l4re/lib/libc_be: every libc
# system call becomes IPC or a local answer; doc/libc.md), and how such programs are
# compiled and linked (used by tools/mk/prog.mk): statically at LIBC_PROG_BASE with
# uClibc's crt1/crti/crtn, libc_be, libl4re and libl4sys, libc.a and libgcc; l4re loads
# them (doc/porting.md).
LIBC_PROG_BASE ?= 0x01000000
LIBC_BE := $(L4RE_OBJ)/lib/libc_be.a
# libl4re is runtime part L's (LIBL4RE, defined by its fragment below; same path).
LIBL4RE_A := $(or $(LIBL4RE),$(L4RE_OBJ)/lib/libl4re.a)
LIBC_BE_SRCS := $(wildcard l4re/lib/libc_be/*.c)
LIBC_BE_OBJS := $(patsubst %.c,$(OBJ_DIR)/%.o,$(LIBC_BE_SRCS)) \
    $(OBJ_DIR)/l4re/lib/libc_be/entry.o
LIBC_PROG_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) $(UCLIBC_CFLAGS) $(L4RE_INC) \
    -fno-pic -fno-pie -fno-stack-protector -fno-common -fno-omit-frame-pointer \
    -ffunction-sections -fdata-sections -Wshadow -Wstrict-prototypes \
    -Wmissing-prototypes -MMD -MP
LIBC_PROG_LIBS = $(LIBC_BE) $(LIBL4RE_A) $(LIBL4SYS)
LIBC_PROG_LDFLAGS = $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 -Wl,-z,norelro

# The backend's C code uses no FP/SIMD registers (entry.S saves them for the callers),
# and is position independent so that static-pie programs can use it too.
$(OBJ_DIR)/l4re/lib/libc_be/%.o: l4re/lib/libc_be/%.c $(UCLIBC_STAMP) | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(filter-out -fno-pie,$(LIBC_PROG_CFLAGS)) -fpie -mgeneral-regs-only \
	    -c $< -o $@

$(LIBC_BE): $(LIBC_BE_OBJS)
	@mkdir -p $(@D)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR_T) rcs $@ $^

STATIC_PIE_LDFLAGS = -Wl,-pie -Wl,--no-dynamic-linker -Wl,-z,text
# ---- end of runtime part P ----

# ---- runtime part L ----
# The L4Re C bindings' library libl4re (l4re/lib/l4re, <l4/re/...>), the loader
# library libloader (ELF checks and relocation, initial stacks: l4re/lib/loader),
# the start code of programs without libc that l4re starts (crt1_l4re), the
# in-task loader/region map/pager `l4re` (l4re/server/l4re, linked at 0xc0000000,
# doc/l4re.md), its host unit tests and its target tests (tests/target/l4re).
LIBL4RE := $(L4RE_OBJ)/lib/libl4re.a
LIBLOADER := $(L4RE_OBJ)/lib/libloader.a
LIBL4RE_OBJS := $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/lib/l4re/*.c))
LIBLOADER_OBJS := $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/lib/loader/*.c))
CRT1_L4RE_OBJS := $(L4RE_OBJ)/lib/crt0/arch/$(ARCH)/crt1_l4re.o \
    $(L4RE_OBJ)/lib/crt0/start_l4re.o
L4RE_SRV_OBJS := $(L4RE_OBJ)/server/l4re/start.o \
    $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/server/l4re/*.c))
L4RE_BASE := 0xc0000000
# Programs without libc started by l4re are linked here (ELF headers not loaded).
L4RE_APP_BASE := 0x00400000

# The c/util headers are one level deeper than the header check's wildcard.
L4RE_HDR_NAMES += $(patsubst l4re/include/%,%,$(wildcard l4re/include/l4/re/c/util/*.h))
$(L4RE_HDR_STAMP): $(wildcard l4re/include/l4/re/c/util/*.h)

$(OBJ_DIR)/l4re/lib/loader/%.o $(OBJ_DIR)/l4re/server/l4re/%.o: \
    CFLAGS_X := $(L4RE_USER_CFLAGS) -Il4re/lib/loader/include
# Like every program object: wait for the header check.
$(LIBL4RE_OBJS) $(LIBLOADER_OBJS) $(CRT1_L4RE_OBJS) $(L4RE_SRV_OBJS): | $(L4RE_HDR_STAMP)

$(LIBL4RE): $(LIBL4RE_OBJS)
$(LIBLOADER): $(LIBLOADER_OBJS)
$(LIBL4RE) $(LIBLOADER):
	@mkdir -p $(@D)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR_T) rcs $@ $^

L4RE_APP_LIBS := $(LIBL4RE) $(LIBUTIL) $(LIBL4SYS)

$(BIN_DIR)/l4re: $(L4RE_SRV_OBJS) $(LIBLOADER) $(L4RE_APP_LIBS) $(L4RE_LD_SCRIPT) l4re/l4re.mk
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC_T) $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 \
	    -Wl,--defsym=__image_base=$(L4RE_BASE) -T $(L4RE_LD_SCRIPT) -o $@ $(L4RE_SRV_OBJS) \
	    -Wl,--start-group $(LIBLOADER) $(L4RE_APP_LIBS) $(LIBGCC_T) -Wl,--end-group
ALL_TARGETS += $(LIBL4RE) $(LIBLOADER) $(LIBC_BE) $(BIN_DIR)/l4re

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
# ---- end of runtime part L ----

# ---- libapp ----
# libapp (l4re/lib/app, <l4/app/app.h>): starting a program through rom/l4re, shared
# by moe and ned.
LIBAPP := $(L4RE_OBJ)/lib/libapp.a
LIBAPP_OBJS := $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/lib/app/*.c))
$(OBJ_DIR)/l4re/lib/app/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS) -Il4re/lib/app/include \
    -Il4re/lib/loader/include
$(LIBAPP_OBJS): | $(L4RE_HDR_STAMP)
$(LIBAPP): $(LIBAPP_OBJS)
	@mkdir -p $(@D)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR_T) rcs $@ $^
ALL_TARGETS += $(LIBAPP)

# ---- end of libapp ----
