# SPDX-License-Identifier: MIT
# Finds the packages (folders with a Makefile that includes tools/mk/prog.mk, see
# there for the shape and the link kinds) and defines their programs. Each package
# Makefile is included with its variables reset first; prog.mk then defines the
# package's objects and programs. Also builds one package from outside the tree
# (EXTPKG=<folder>: `make extpkg`, what prog.mk's standalone mode runs), and
# PKG_EXTRA_DIRS="<folder> ..." adds folders outside the tree as if they were in it.
# Included after the libraries (l4re/l4re.mk), whose archives programs link.

KESTREL_TREE := 1
L4DIR := .

PKG_MAKEFILES := $(sort $(wildcard l4re/lib/*/Makefile tests/lib/Makefile)) \
    $(sort $(wildcard pkg/*/Makefile pkg/*/*/Makefile l4re/server/*/Makefile \
    tests/target/*/Makefile tests/bench/Makefile tests/bench/*/Makefile)) \
    $(foreach d,$(PKG_EXTRA_DIRS),$(d)/Makefile)

# $(call pkg_include,Makefile,bin folder,strict): reset, include, define.
define pkg_include
PKG_MAKEFILE := $(1)
PKG_DIR := $(patsubst %/,%,$(dir $(1)))
PKG_OBJ := $(OBJ_DIR)/$(if $(filter /%,$(1)),ext$(patsubst %/,%,$(dir $(abspath $(1)))),$(patsubst %/,%,$(dir $(1))))
PKG_BIN := $(2)
PKG_STRICT := $(3)
TARGET :=
SRC_C :=
SRC_S :=
REQUIRES_LIBS :=
MODE := static
PRIVATE_INCDIR :=
DEFINES :=
CFLAGS :=
LINK_ADDR :=
PIC :=
EXTRA_OBJS :=
include $(1)
endef

PKG_PROGS :=
$(foreach m,$(PKG_MAKEFILES),$(eval $(call pkg_include,$(m),$(BIN_DIR),y)))
ALL_TARGETS += $(PKG_PROGS) $(LIB_PKGS)

.PHONY: extpkg
ifdef EXTPKG
# A user's package: its programs go to <folder>/build, warnings do not stop it.
PKG_PROGS :=
$(eval $(call pkg_include,$(abspath $(EXTPKG))/Makefile,$(abspath $(EXTPKG))/build,))
extpkg: $(PKG_PROGS)
else
extpkg:
	$(error extpkg: set EXTPKG=<package folder>, or run make in that folder with L4DIR=<tree>)
endif
