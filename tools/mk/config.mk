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

# The cross compiler's own header folder (stddef.h, stdint.h, stdarg.h).
GCC_INC = $(shell $(CC_T) -print-file-name=include 2>/dev/null)

WARN_FLAGS := -Wall -Wextra -Werror
# Freestanding target code: no libc headers unless a component adds them.
TARGET_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) -ffreestanding -nostdinc -isystem $(GCC_INC) \
    -fno-pic -fno-pie -fno-stack-protector -fno-common -fno-omit-frame-pointer \
    -mno-omit-leaf-frame-pointer -ffunction-sections -fdata-sections -MMD -MP
TARGET_ASFLAGS = -g -MMD -MP -D__ASSEMBLY__
TARGET_LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wl,--gc-sections
LIBGCC_T = $(shell $(CC_T) -print-libgcc-file-name 2>/dev/null)

HOST_CFLAGS = -std=gnu11 -O2 -g $(WARN_FLAGS) -MMD -MP

# Public ABI headers used by kernel, bootstrap and programs alike.
L4_INC := -Il4re/include
