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
# Root tasks of tests/target/kernel/{ipc,task,thread,factory,gate,localid,timeout}_test.c
# (ktest_ipc ...), each linked with the shared helpers kta_common.c and the
# TAP library. Specs: tests/target/kernel/ktest-*.test.
KTA_OBJ := $(OBJ_DIR)/tests/target/kernel
KTA_NAMES := ipc task thread factory gate localid timeout
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
