# SPDX-License-Identifier: MIT
# Toolchain, folders and flags shared by every fragment.

CROSS_COMPILE ?= aarch64-linux-gnu-
CC_T      := $(CROSS_COMPILE)gcc
LD_T      := $(CROSS_COMPILE)ld
OBJCOPY_T := $(CROSS_COMPILE)objcopy
NM_T      := $(CROSS_COMPILE)nm
AR_T      := $(CROSS_COMPILE)ar
HOSTCC    ?= gcc

DEPS_DIR  := $(O)/deps
OBJ_DIR   := $(O)/obj
BIN_DIR   := $(O)/bin
HOST_DIR  := $(O)/host
IMAGE_DIR := $(O)/images

ifeq ($(V),1)
Q :=
else
Q := @
endif

# $(call cross_query,option,suffix): ask the cross compiler for a path with `option` and
# check that the path + `suffix` exists (suffix `/` for a folder). An absent compiler or
# a non-path answer stops make with a message instead of leaving an empty value,
# because `-isystem <nothing>` silently swallows the option after it.
cross_query = $(call cross_check,$(filter /%,$(shell $(CC_T) $(1) 2>/dev/null)),$(2),$(1))
cross_check = $(or $(if $(1),$(wildcard $(1)$(2))),$(error $(CC_T) $(3) gave no usable \
    path: is the cross compiler installed? `make deps` installs it (doc/building.md)))
# The cross compiler's own header folder (stddef.h, stdint.h, stdarg.h) and libgcc.
# Both are asked for the first time a recipe needs them, i.e. after the deps stamp
# has installed the compiler, and then remembered. They must never be expanded while
# the makefiles are read (no `:=` on anything that contains them, no target-specific
# `:=`): on a machine without the compiler that stops even `make deps`. The host test
# tools/mk/test_config.py reads every makefile without one.
GCC_INC = $(eval GCC_INC := $(patsubst %/,%,$(call cross_query,-print-file-name=include,/)))$(GCC_INC)
LIBGCC_T = $(eval LIBGCC_T := $(call cross_query,-print-libgcc-file-name,))$(LIBGCC_T)

WARN_FLAGS := -Wall -Wextra -Werror
# Freestanding target code: no libc headers unless a component adds them.
TARGET_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) -ffreestanding -nostdinc -isystem $(GCC_INC) \
    -fno-pic -fno-pie -fno-stack-protector -fno-common -fno-omit-frame-pointer \
    -mno-omit-leaf-frame-pointer -ffunction-sections -fdata-sections -MMD -MP
TARGET_ASFLAGS = -g -MMD -MP -D__ASSEMBLY__
TARGET_LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wl,--gc-sections

HOST_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) -MMD -MP

# Public ABI headers used by kernel, bootstrap and programs alike.
L4_INC := -Il4re/include
