# SPDX-License-Identifier: MIT
# Libraries built as packages, like programs (tools/mk/prog.mk): a folder with a
# Makefile of a few lines,
#
#   TARGET        = libfoo.a
#   SRC_C         = foo.c bar.c              # SRC_S for assembly
#   REQUIRES_LIBS = loader                   # only for their include folders; libc
#                                            # compiles against uClibc-ng's headers
#   include $(L4DIR)/tools/mk/lib.mk
#
# Optional: PRIVATE_INCDIR, DEFINES, CFLAGS as for programs; PIC = y compiles with
# -fpie (a library that static-pie programs link too); EXTRA_OBJS adds objects made
# elsewhere (libutil takes the freestanding core's). The archive lands in
# $(LIB_DIR)/<TARGET>, where programs that name the library find it.

ifndef KESTREL_TREE
$(error $(TARGET): libraries are built inside the tree (make in the tree's folder))
endif
include $(L4DIR)/tools/mk/pkgdefs.mk
$(eval $(call lib_define))
