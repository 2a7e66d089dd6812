# SPDX-License-Identifier: MIT
# The user side of the foundation: the l4sys header check, libl4sys (syscall stub,
# error names), libutil (string, formatter, kd printf, boot info), the start code,
# sigma0, the boot test programs (tests/target/boot) and the TAP library.
# Programs are freestanding (no C library yet) and linked 1:1 with
# l4re/lib/crt0/fixed.ld at the addresses of doc/boot.md. ABI: doc/abi.md.

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
L4RE_HDR_CFLAGS = -ffreestanding -nostdinc -isystem $(GCC_INC) $(L4RE_INC) \
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

# $(call l4re_prog,name,objects,link address,extra libraries)
define l4re_prog
$(1)_OBJS := $(2)
$$($(1)_OBJS): | $$(L4RE_HDR_STAMP)
$$(BIN_DIR)/$(1): $$(CRT0_OBJS) $$($(1)_OBJS) $(4) $$(L4RE_LIBS) $$(L4RE_LD_SCRIPT) \
    l4re/l4re.mk
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(CC_T) $$(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 \
	    -Wl,--defsym=__image_base=$(3) -T $$(L4RE_LD_SCRIPT) -o $$@ \
	    $$(CRT0_OBJS) $$($(1)_OBJS) \
	    -Wl,--start-group $(4) $$(L4RE_LIBS) $$(LIBGCC_T) -Wl,--end-group
L4RE_PROGS += $$(BIN_DIR)/$(1)
endef

# ---- sigma0 ----

SIGMA0_SRCS := $(wildcard l4re/server/sigma0/*.c)
$(eval $(call l4re_prog,sigma0,$(patsubst %.c,$(OBJ_DIR)/%.o,$(SIGMA0_SRCS)),$(SIGMA0_BASE),))

# ---- boot test programs (root tasks) ----

BOOT_TEST_OBJ := $(OBJ_DIR)/tests/target/boot
$(eval $(call l4re_prog,hello_kd,$(BOOT_TEST_OBJ)/hello_kd.o,$(ROOTTASK_BASE),))
$(eval $(call l4re_prog,ktest_boot,$(BOOT_TEST_OBJ)/ktest_boot.o,$(ROOTTASK_BASE),$(LIBTAP)))
$(eval $(call l4re_prog,fault_data,$(BOOT_TEST_OBJ)/fault_data.o,$(ROOTTASK_BASE),))
$(eval $(call l4re_prog,fault_undef,$(BOOT_TEST_OBJ)/fault_undef.o,$(ROOTTASK_BASE),))

# A malformed root task: a real program's ELF header (64 bytes) without the program
# headers it points to. bootstrap must refuse it by name (bad-elf.test).
$(BIN_DIR)/bad_elf: $(BIN_DIR)/hello_kd
	@echo "  GEN     $@"
	$(Q)head -c 64 $< > $@.tmp && mv $@.tmp $@
L4RE_PROGS += $(BIN_DIR)/bad_elf

.PHONY: l4re-progs
l4re-progs: $(L4RE_PROGS)
ALL_TARGETS += $(L4RE_PROGS)

# ---- kernel tests part A ----
# Root tasks of tests/target/kernel/{ipc,task,thread,factory,gate,localid,timeout,refcnt}_test.c
# (ktest_ipc ...), each linked with the shared helpers kta_common.c and the
# TAP library. Specs: tests/target/kernel/ktest-*.test.
KTA_OBJ := $(OBJ_DIR)/tests/target/kernel
KTA_NAMES := ipc task thread factory gate localid timeout refcnt
$(foreach p,$(KTA_NAMES),$(eval $(call l4re_prog,ktest_$(p),\
    $(KTA_OBJ)/$(p)_test.o $(KTA_OBJ)/kta_common.o,$(ROOTTASK_BASE),$(LIBTAP))))
ALL_TARGETS += $(patsubst %,$(BIN_DIR)/ktest_%,$(KTA_NAMES))
# ---- end of kernel tests part A ----

# ---- kernel tests part B ----
# Root tasks of tests/target/kernel2/ktest_{irq,icu,sched,pf,exc,delete}.c and the
# benchmark tests/bench/kbench.c, linked with the shared helpers kt.c (threads,
# child tasks sharing our image). Specs: tests/target/kernel2/*.test, tests/bench/*.test.
KTB_OBJ := $(OBJ_DIR)/tests/target/kernel2
KTB_NAMES := irq icu sched pf exc delete
$(OBJ_DIR)/tests/bench/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS) -Itests/target/kernel2
$(foreach p,$(KTB_NAMES),$(eval $(call l4re_prog,ktest_$(p),\
    $(KTB_OBJ)/ktest_$(p).o $(KTB_OBJ)/kt.o,$(ROOTTASK_BASE),$(LIBTAP))))
KBENCH_OBJS := $(OBJ_DIR)/tests/bench/kbench.o $(KTB_OBJ)/kt.o
$(eval $(call l4re_prog,kbench,$(KBENCH_OBJS),$(ROOTTASK_BASE),))
ALL_TARGETS += $(patsubst %,$(BIN_DIR)/ktest_%,$(KTB_NAMES)) $(BIN_DIR)/kbench
# ---- end of kernel tests part B ----

# ---- runtime part M ----
# libsigma0 (l4re/lib/sigma0, <l4/sigma0/sigma0.h>), moe (l4re/server/moe, the
# root task: doc/moe.md) and their target tests (tests/target/moe): the sigma0
# protocol test is a root task of its own (sigma0_test), the moe tests are
# programs that moe starts through rom/l4re.
LIBSIGMA0 := $(L4RE_OBJ)/lib/libsigma0.a
LIBSIGMA0_OBJS := $(patsubst %.c,$(OBJ_DIR)/%.o,$(wildcard l4re/lib/sigma0/*.c))
$(LIBSIGMA0_OBJS): | $(L4RE_HDR_STAMP)
$(LIBSIGMA0): $(LIBSIGMA0_OBJS)
	@mkdir -p $(@D)
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR_T) rcs $@ $^
ALL_TARGETS += $(LIBSIGMA0)

MOE_SRCS := $(wildcard l4re/server/moe/*.c)
$(eval $(call l4re_prog,moe,$(patsubst %.c,$(OBJ_DIR)/%.o,$(MOE_SRCS)),$(ROOTTASK_BASE),$(LIBSIGMA0)))

MOE_TEST_OBJ := $(OBJ_DIR)/tests/target/moe
$(eval $(call l4re_prog,sigma0_test,$(MOE_TEST_OBJ)/sigma0_test.o,$(ROOTTASK_BASE),\
    $(LIBSIGMA0) $(LIBTAP)))
ALL_TARGETS += $(BIN_DIR)/moe $(BIN_DIR)/sigma0_test

# Programs that moe starts through l4re, linked like part L's l4re_app (crt1_l4re,
# libl4re, at L4RE_APP_BASE), TAP through their log capability (tests/lib/tap.c with
# its output set to the log, see mtap.h). Part L's
# block comes later in this file, so the prerequisites are spelled out here; the
# recipe's variables are expanded when it runs.
MOE_TAP_OBJ := $(OBJ_DIR)/tests/lib/tap.o
MOE_TEST_APPS := moe_ds_test moe_ns_test moe_quota_test
MOE_APP_DEPS := $(L4RE_OBJ)/lib/crt0/arch/$(ARCH)/crt1_l4re.o $(L4RE_OBJ)/lib/crt0/start_l4re.o \
    $(L4RE_OBJ)/lib/libl4re.a $(LIBUTIL) $(LIBL4SYS)
$(MOE_TEST_OBJ)/ds_test.o $(MOE_TEST_OBJ)/ns_test.o $(MOE_TEST_OBJ)/quota_test.o $(MOE_TAP_OBJ): \
    | $(L4RE_HDR_STAMP)
$(addprefix $(BIN_DIR)/,$(MOE_TEST_APPS)): $(BIN_DIR)/moe_%: $(MOE_TEST_OBJ)/%.o $(MOE_TAP_OBJ) \
    $(MOE_APP_DEPS) $(L4RE_LD_SCRIPT) l4re/l4re.mk
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC_T) $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 \
	    -Wl,--defsym=__image_base=$(L4RE_APP_BASE) -T $(L4RE_LD_SCRIPT) -o $@ \
	    $(CRT1_L4RE_OBJS) $< $(MOE_TAP_OBJ) \
	    -Wl,--start-group $(L4RE_APP_LIBS) $(LIBGCC_T) -Wl,--end-group

# A malformed rom/l4re (its first 64 bytes) in a folder of its own, so that the
# module is still named "l4re" (moe must refuse it and keep running).
$(BIN_DIR)/moe-bad/l4re: $(BIN_DIR)/l4re
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)head -c 64 $< > $@.tmp && mv $@.tmp $@
ALL_TARGETS += $(addprefix $(BIN_DIR)/,$(MOE_TEST_APPS)) $(BIN_DIR)/moe-bad/l4re
# ---- end of runtime part M ----

# ---- runtime part P ----
# uClibc-ng programs: the system-call backend libc_be (l4re/lib/libc_be, every libc
# system call becomes IPC or a local answer; doc/libc.md), the `hello` program
# (pkg/hello) and the libc tests (tests/target/libc). Such a program is linked
# statically at LIBC_PROG_BASE with uClibc's crt1/crti/crtn, libc_be, libl4re and
# libl4sys, libc.a and libgcc; l4re loads it (doc/porting.md).
# $(call libc_prog,name,objects,extra link flags) defines $(BIN_DIR)/<name>.
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

# Program objects: uClibc's headers, FP allowed (printf of floats, libm).
$(OBJ_DIR)/pkg/hello/%.o: pkg/hello/%.c $(UCLIBC_STAMP) | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(LIBC_PROG_CFLAGS) -c $< -o $@
$(OBJ_DIR)/tests/target/libc/%.o: tests/target/libc/%.c $(UCLIBC_STAMP) | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(LIBC_PROG_CFLAGS) -c $< -o $@
# The static-pie test's objects: position independent.
$(OBJ_DIR)/tests/target/libc/pie/%.o: tests/target/libc/%.c $(UCLIBC_STAMP) \
    | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $< (pie)"
	$(Q)$(CC_T) $(filter-out -fno-pie,$(LIBC_PROG_CFLAGS)) -fpie -c $< -o $@

define libc_prog
$$(BIN_DIR)/$(1): $(2) $$(LIBC_PROG_LIBS) $$(UCLIBC_STAMP) l4re/l4re.mk
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(CC_T) $$(LIBC_PROG_LDFLAGS) $(3) -o $$@ $$(UCLIBC_CRT_BEGIN) $(2) \
	    -Wl,--start-group $$(LIBC_PROG_LIBS) $$(UCLIBC_LIBS) -Wl,--end-group \
	    $$(UCLIBC_CRT_END)
LIBC_PROGS += $$(BIN_DIR)/$(1)
endef

LIBC_EXEC_LDFLAGS = -Wl,-Ttext-segment=$(LIBC_PROG_BASE)
LIBC_TEST_OBJ := $(OBJ_DIR)/tests/target/libc
$(eval $(call libc_prog,hello,$(OBJ_DIR)/pkg/hello/hello.o,$(LIBC_EXEC_LDFLAGS)))
$(eval $(call libc_prog,libc_test,$(LIBC_TEST_OBJ)/libc_test.o,$(LIBC_EXEC_LDFLAGS)))
$(eval $(call libc_prog,libc_exit,$(LIBC_TEST_OBJ)/libc_exit.o,$(LIBC_EXEC_LDFLAGS)))
$(eval $(call libc_prog,libc_abort,$(LIBC_TEST_OBJ)/libc_abort.o,$(LIBC_EXEC_LDFLAGS)))
# The same exit test as static-pie (ET_DYN, R_AARCH64_RELATIVE only): l4re relocates it.
LIBC_PIE_LDFLAGS = -Wl,-pie -Wl,--no-dynamic-linker -Wl,-z,text
$(eval $(call libc_prog,libc_pie,$(LIBC_TEST_OBJ)/pie/libc_exit.o,$(LIBC_PIE_LDFLAGS)))

# Data module for the rom file test: 20000 bytes, byte i = (7 * i + 3) mod 256.
$(BIN_DIR)/libc_data.bin: l4re/l4re.mk
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)python3 -c 'import sys; sys.stdout.buffer.write(bytes((7 * i + 3) & 255 \
	    for i in range(20000)))' > $@.tmp && mv $@.tmp $@
LIBC_PROGS += $(BIN_DIR)/libc_data.bin

.PHONY: libc-progs
libc-progs: $(LIBC_PROGS)
ALL_TARGETS += $(LIBC_PROGS)
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

# $(call l4re_app,name,objects,extra libraries): a program without libc that l4re
# loads (static ET_EXEC at L4RE_APP_BASE, crt1_l4re start code, main()).
define l4re_app
$$(BIN_DIR)/$(1): $$(CRT1_L4RE_OBJS) $(2) $(3) $$(L4RE_APP_LIBS) $$(L4RE_LD_SCRIPT) l4re/l4re.mk
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(CC_T) $$(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 \
	    -Wl,--defsym=__image_base=$$(L4RE_APP_BASE) -T $$(L4RE_LD_SCRIPT) -o $$@ \
	    $$(CRT1_L4RE_OBJS) $(2) \
	    -Wl,--start-group $(3) $$(L4RE_APP_LIBS) $$(LIBGCC_T) -Wl,--end-group
L4RE_APPS += $$(BIN_DIR)/$(1)
endef

# ---- target tests (tests/target/l4re) ----
L4RE_TEST_OBJ := $(OBJ_DIR)/tests/target/l4re
$(L4RE_TEST_OBJ)/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS) -Il4re/lib/loader/include
# minimoe: a root task that starts rom/l4re as moe does and serves just enough
# of moe's protocols, so that l4re is also tested without moe.
$(eval $(call l4re_prog,minimoe,$(L4RE_TEST_OBJ)/minimoe.o,$(ROOTTASK_BASE),$(LIBLOADER)))
L4RE_APPS += $(BIN_DIR)/minimoe
$(eval $(call l4re_app,l4re_rm_test,$(L4RE_TEST_OBJ)/rm_test.o $(OBJ_DIR)/tests/lib/tap.o,))
$(eval $(call l4re_app,l4re_fault,$(L4RE_TEST_OBJ)/fault.o,))
$(eval $(call l4re_app,l4re_exc,$(L4RE_TEST_OBJ)/exc.o,))
$(eval $(call l4re_app,l4re_tick,$(L4RE_TEST_OBJ)/tick.o,))

# The same program as static-pie (ET_DYN with R_AARCH64_RELATIVE): l4re relocates it.
$(L4RE_TEST_OBJ)/pie/%.o: tests/target/l4re/%.c | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $< (pie)"
	$(Q)$(CC_T) $(filter-out -fno-pie,$(TARGET_CFLAGS)) $(L4RE_USER_CFLAGS) -fpie -c $< -o $@
$(L4RE_TEST_OBJ)/pie/tap.o: tests/lib/tap.c | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $< (pie)"
	$(Q)$(CC_T) $(filter-out -fno-pie,$(TARGET_CFLAGS)) $(L4RE_USER_CFLAGS) -fpie -c $< -o $@
L4RE_PIE_OBJS := $(L4RE_TEST_OBJ)/pie/rm_test.o $(L4RE_TEST_OBJ)/pie/tap.o
$(BIN_DIR)/l4re_pie_test: $(CRT1_L4RE_OBJS) $(L4RE_PIE_OBJS) $(L4RE_APP_LIBS) l4re/l4re.mk
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC_T) $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 -Wl,-pie -Wl,--no-dynamic-linker \
	    -Wl,-z,text -o $@ $(CRT1_L4RE_OBJS) $(L4RE_PIE_OBJS) \
	    -Wl,--start-group $(L4RE_APP_LIBS) $(LIBGCC_T) -Wl,--end-group
L4RE_APPS += $(BIN_DIR)/l4re_pie_test

# Malformed ELF modules, made from a good program by a host tool.
MKBADELF := $(HOST_DIR)/bin/mkbadelf
L4RE_BAD_ELFS := $(addprefix $(BIN_DIR)/l4re_bad_,trunc machine overlap huge entry class)
$(MKBADELF): $(HOST_DIR)/obj/tests/target/l4re/mkbadelf.o
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@
$(BIN_DIR)/l4re_bad_%: $(BIN_DIR)/l4re_fault $(MKBADELF)
	@echo "  GEN     $@"
	$(Q)$(MKBADELF) $* $< $@.tmp && mv $@.tmp $@
L4RE_APPS += $(L4RE_BAD_ELFS)

.PHONY: l4re-apps
l4re-apps: $(BIN_DIR)/l4re $(L4RE_APPS)
ALL_TARGETS += $(LIBL4RE) $(LIBLOADER) $(BIN_DIR)/l4re $(L4RE_APPS)

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

# ---- ned ----
# libapp (l4re/lib/app, <l4/app/app.h>): starting a program through rom/l4re, shared
# by moe and ned; ned (l4re/server/ned, the Lua 5.4 init program, doc/ned.md), a
# uClibc-ng program linked with Lua, libapp and libloader; its test program ned_test
# (tests/target/ned) and the ipc-demo programs ipc_server/ipc_client (pkg/examples/ipc).
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

# moe starts its init program with libapp. Part M's link line reads moe_OBJS when
# the recipe runs, so the libraries are added to it here (in link order).
$(OBJ_DIR)/l4re/server/moe/%.o: CFLAGS_X := $(L4RE_USER_CFLAGS) -Il4re/lib/app/include
moe_OBJS += $(LIBAPP) $(LIBLOADER)
$(BIN_DIR)/moe: $(LIBAPP) $(LIBLOADER)

# ned: our C code with full warnings; ned.lua is linked in as data (ned_lua.S).
NED_OBJ := $(OBJ_DIR)/l4re/server/ned
NED_OBJS := $(patsubst l4re/server/ned/%.c,$(NED_OBJ)/%.o,$(wildcard l4re/server/ned/*.c)) \
    $(NED_OBJ)/ned_lua.o
NED_CFLAGS = $(LIBC_PROG_CFLAGS) $(LUA_INC) -Il4re/lib/app/include
$(NED_OBJ)/%.o: l4re/server/ned/%.c $(UCLIBC_STAMP) | $(L4RE_HDR_STAMP) $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(NED_CFLAGS) -c $< -o $@
$(NED_OBJ)/ned_lua.o: l4re/server/ned/ned_lua.S l4re/server/ned/ned.lua
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC_T) $(TARGET_ASFLAGS) -Il4re/server/ned -c $< -o $@
$(eval $(call libc_prog,ned,$(NED_OBJS) $(LUA_LIB) $(LIBAPP) $(LIBLOADER),$(LIBC_EXEC_LDFLAGS)))

# Test and example programs (uClibc-ng programs that ned starts).
NED_TEST_OBJ := $(OBJ_DIR)/tests/target/ned
NED_TEST_OBJS := $(patsubst tests/target/ned/%.c,$(NED_TEST_OBJ)/%.o,\
    $(wildcard tests/target/ned/*.c))
$(NED_TEST_OBJ)/%.o: tests/target/ned/%.c $(UCLIBC_STAMP) | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(LIBC_PROG_CFLAGS) -c $< -o $@
$(OBJ_DIR)/pkg/examples/%.o: pkg/examples/%.c $(UCLIBC_STAMP) | $(L4RE_HDR_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC_T) $(LIBC_PROG_CFLAGS) -c $< -o $@
$(eval $(call libc_prog,ned_test,$(NED_TEST_OBJS),$(LIBC_EXEC_LDFLAGS)))
$(eval $(call libc_prog,ipc_server,$(OBJ_DIR)/pkg/examples/ipc/ipc_server.o,\
    $(LIBC_EXEC_LDFLAGS)))
$(eval $(call libc_prog,ipc_client,$(OBJ_DIR)/pkg/examples/ipc/ipc_client.o,\
    $(LIBC_EXEC_LDFLAGS)))

.PHONY: ned
ned: $(BIN_DIR)/ned $(BIN_DIR)/ned_test $(BIN_DIR)/ipc_server $(BIN_DIR)/ipc_client
ALL_TARGETS += $(BIN_DIR)/ned $(BIN_DIR)/ned_test $(BIN_DIR)/ipc_server $(BIN_DIR)/ipc_client
# ---- end of ned ----
