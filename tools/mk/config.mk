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

# The cross compiler's own header folder (stddef.h, stdint.h, stdarg.h) and libgcc are
# named relative to the compiler, not by path: `-iwithprefix include` after -nostdinc is
# GCC's own include folder, and -lgcc is found in its library folder. So nothing asks
# the compiler while the makefiles are read, when on a fresh machine `make deps` has not
# installed it yet (issue #9: a path asked then was empty, and `-isystem <nothing>`
# swallowed the option after it). Both are safe to capture with `:=`.
GCC_INC_FLAGS := -iwithprefix include
LIBGCC_T := -lgcc

# The header folder's path, for whatever really needs a path: asked when first expanded
# (in a recipe, after the deps stamp) and remembered; an absent compiler stops make
# with a message. Never expand it while the makefiles are read (no `:=` holding it):
# on a machine without the compiler that stops even `make deps`. The host test
# tools/mk/test_config.py reads every makefile without a compiler.
cross_query = $(call cross_check,$(filter /%,$(shell $(CC_T) $(1) 2>/dev/null)),$(2),$(1))
cross_check = $(or $(if $(1),$(wildcard $(1)$(2))),$(error $(CC_T) $(3) gave no usable \
    path: is the cross compiler installed? `make deps` installs it (doc/building.md)))
GCC_INC = $(eval GCC_INC := $(patsubst %/,%,$(call cross_query,-print-file-name=include,/)))$(GCC_INC)

WARN_FLAGS := -Wall -Wextra -Werror
# Freestanding target code: no libc headers unless a component adds them.
TARGET_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) -ffreestanding -nostdinc $(GCC_INC_FLAGS) \
    -fno-pic -fno-pie -fno-stack-protector -fno-common -fno-omit-frame-pointer \
    -mno-omit-leaf-frame-pointer -ffunction-sections -fdata-sections -MMD -MP
TARGET_ASFLAGS = -g -MMD -MP -D__ASSEMBLY__
TARGET_LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wl,--gc-sections

HOST_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) -MMD -MP

# Public ABI headers used by kernel, bootstrap and programs alike.
L4_INC := -Il4re/include
