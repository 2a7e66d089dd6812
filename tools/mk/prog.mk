# SPDX-License-Identifier: MIT
# Programs built as packages, in the shape L4Re's BID users know. A package is a
# folder with a Makefile of a few lines:
#
#   TARGET        = hello                 # one or more program names
#   SRC_C         = hello.c               # SRC_C_<target> / SRC_S_<target> per program
#   REQUIRES_LIBS = libc                  # libc, libpthread, l4re, tap, sigma0, loader, app, lua
#   MODE          = static                # static (default) or roottask; shared later
#   include $(L4DIR)/tools/mk/prog.mk
#
# Optional: SRC_S, PRIVATE_INCDIR (relative to the package), DEFINES, CFLAGS,
# LINK_ADDR (or LINK_ADDR_<target>), MODE_<target>, PIE_<target> = y (a static-pie
# program). Every object gets -DARCH_$(ARCH); objects of our own packages build with
# -Werror, a user's package outside the tree only warns. A mistake in the Makefile
# (unknown MODE or library, no sources) makes that package's programs fail with the
# reason; nothing else breaks.
#
# The link kind follows from MODE and REQUIRES_LIBS, and lives only here:
#   MODE = roottask             a bare root task (crt0, libutil, libl4sys) at LINK_ADDR,
#                               default ROOTTASK_BASE; what the kernel starts first
#   REQUIRES_LIBS has libc      a uClibc-ng program (libpthread implies libc)
#                                that l4re loads (libc_be, libl4re)
#   otherwise                   a program without libc that l4re loads (crt1_l4re, libl4re)
#
# Inside the tree, tools/mk/packages.mk includes every package Makefile into the
# one non-recursive build (KESTREL_TREE is set) and this file defines the
# package's objects and programs in $(BIN_DIR). Outside the tree
# (`make -C <folder> L4DIR=<tree> O=<tree>/build`) this file hands the folder to
# the tree's build as an external package: its programs land in <folder>/build.
# The story: doc/porting.md and doc/building.md.

ifndef KESTREL_TREE
# ---- standalone: a package outside the tree ----
ifndef L4DIR
$(error set L4DIR=<kestrel tree> (and O=<tree>/build if the tree builds elsewhere))
endif
O ?= $(L4DIR)/build
.PHONY: all clean
all:
	+$(MAKE) -C $(L4DIR) O=$(abspath $(O)) EXTPKG=$(CURDIR) extpkg
clean:
	rm -rf build
else
include $(L4DIR)/tools/mk/pkgdefs.mk
# ---- in the tree: define this package ----
$(eval $(call pkg_define))
endif
