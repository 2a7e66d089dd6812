# SPDX-License-Identifier: MIT
# What programs (tools/mk/prog.mk) and libraries (tools/mk/lib.mk) share: the table of
# REQUIRES_LIBS names, the compile flags of a package, one rule per object, and the
# three link kinds. Included once, by the first package of the build.

ifndef PKGDEFS_MK_INCLUDED
PKGDEFS_MK_INCLUDED := 1
# ---- what REQUIRES_LIBS names: archives and include flags ----
PKG_KNOWN_LIBS := libc libpthread l4re tap sigma0 loader app lua vcpu fdt vbus
# libpthread: uClibc-ng's NPTL; it implies libc (doc/porting.md "Threads").
PKGLIB_libpthread_A = $(UCLIBC_SYSROOT)/usr/lib/libpthread.a
PKGLIB_tap_A      = $(LIBTAP)
PKGLIB_tap_INC   := -Itests/lib
PKGLIB_sigma0_A   = $(LIBSIGMA0)
PKGLIB_loader_A   = $(LIBLOADER)
PKGLIB_loader_INC := -Il4re/lib/loader/include
PKGLIB_app_A      = $(LIBAPP)
PKGLIB_app_INC   := -Il4re/lib/app/include
PKGLIB_vcpu_A     = $(LIBVCPU)
PKGLIB_lua_A      = $(LUA_LIB)
PKGLIB_lua_INC    = $(LUA_INC)
# libfdt: with libc its own headers, freestanding also its small libc shims.
PKGLIB_vbus_A     = $(LIB_DIR)/libvbus.a
PKGLIB_fdt_A      = $(LIBFDT_LIB)
PKGLIB_fdt_INC    = $(if $(filter libc,$(pkg_compile_kind)),-I$(LIBFDT_SRC),$(LIBFDT_INC))

# ---- helpers, evaluated while a package's variables are set ----

# The link kind of program $(1): roottask, libc or l4re (MODE_<program> overrides MODE).
pkg_kind = $(if $(filter roottask,$(or $(MODE_$(1)),$(MODE))),roottask,$(pkg_compile_kind))
# How the package's objects are compiled: with uClibc-ng's headers or freestanding.
pkg_compile_kind = $(if $(filter libc libpthread,$(REQUIRES_LIBS)),libc,l4re)
# The sources of program $(1).
pkg_srcs = $(if $(SRC_C_$(1))$(SRC_S_$(1)),$(SRC_C_$(1)) $(SRC_S_$(1)),$(SRC_C) $(SRC_S))
# Object of source $(2) in object folder $(1) ("../" kept inside the folder).
pkg_obj = $(1)/$(subst ../,_up_/,$(basename $(2))).o
# Compiler flags of the package for link kind $(1).
pkg_kind_cflags = $(if $(filter libc,$(1)),$(LIBC_PROG_CFLAGS),$(TARGET_CFLAGS) $(L4RE_USER_CFLAGS))
pkg_includes = $(addprefix -I$(PKG_DIR)/,$(PRIVATE_INCDIR)) $(foreach l,$(REQUIRES_LIBS),$(PKGLIB_$(l)_INC))
pkg_cflags = $(call pkg_warn,$(call pkg_kind_cflags,$(pkg_compile_kind))) -DARCH_$(ARCH) \
    $(call pkg_includes) $(DEFINES) $(CFLAGS)
pkg_asflags = $(TARGET_ASFLAGS) -DARCH_$(ARCH) $(L4RE_INC) $(call pkg_includes) $(DEFINES)
# Our own code builds with -Werror; a user's package outside the tree only warns.
pkg_warn = $(if $(PKG_STRICT),$(1),$(filter-out -Werror,$(1)))
pkg_libs = $(foreach l,$(REQUIRES_LIBS),$(PKGLIB_$(l)_A))
pkg_default_addr = $(if $(filter roottask,$(1)),$(ROOTTASK_BASE),$(if $(filter libc,$(1)),$(LIBC_PROG_BASE),$(L4RE_APP_BASE)))

# What is wrong with the package's Makefile, if anything (the first problem).
pkg_problem = $(strip $(firstword \
    $(if $(strip $(TARGET)),,TARGET~is~empty) \
    $(if $(filter shared,$(MODE)),MODE~=~shared:~no~shared~libraries~yet;~use~static) \
    $(foreach m,$(MODE) $(foreach t,$(TARGET),$(MODE_$(t))),\
        $(if $(filter-out static roottask shared,$(m)),unknown~MODE~'$(m)'~(static~or~roottask))) \
    $(if $(filter-out $(PKG_KNOWN_LIBS),$(REQUIRES_LIBS)),unknown~REQUIRES_LIBS~'$(firstword \
        $(filter-out $(PKG_KNOWN_LIBS),$(REQUIRES_LIBS)))'~(known:~$(subst $(eval) ,~,$(PKG_KNOWN_LIBS)))) \
    $(foreach t,$(TARGET),$(if $(strip $(call pkg_srcs,$(t))),,no~sources~for~$(t)~(SRC_C~or~SRC_C_$(t))))))

# A package whose Makefile is wrong: its programs fail with the reason, nothing else does.
define pkg_broken
.PHONY: $(PKG_BIN)/$(1)
$(PKG_BIN)/$(1):
	@echo "$(PKG_MAKEFILE): $(subst ~, ,$(2))" >&2; exit 1
PKG_PROGS += $(PKG_BIN)/$(1)
endef

# $(call pkg_object_rule,object,source,extra C flags): how one object is made.
define pkg_object_rule
$(1): PKG_CC_FLAGS := $(if $(3),$(filter-out -fno-pie,$(call pkg_cflags)) $(3),$(call pkg_cflags))
$(1): PKG_AS_FLAGS := $(call pkg_asflags)
$(1): $(2) $(PKG_MAKEFILE) $(if $(filter libc,$(pkg_compile_kind)),$(UCLIBC_STAMP)) \
    | $(L4RE_HDR_STAMP) $(DEPS_STAMP)
	@mkdir -p $$(@D)
	@echo "  $(if $(filter %.S,$(2)),AS,CC)      $$<$(if $(3), ($(3)))"
	$$(Q)$$(CC_T) $(if $(filter %.S,$(2)),$$(PKG_AS_FLAGS),$$(PKG_CC_FLAGS)) -c $$< -o $$@
endef

# The link line of each kind; $(1) program, $(2) objects, $(3) libraries, $(4) address,
# $(5) non-empty for static-pie.
pkg_link_roottask = $(CC_T) $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 \
    -Wl,--defsym=__image_base=$(4) -T $(L4RE_LD_SCRIPT) -o $(1) $(CRT0_OBJS) $(2) \
    -Wl,--start-group $(3) $(L4RE_LIBS) $(LIBGCC_T) -Wl,--end-group
pkg_link_l4re = $(CC_T) $(TARGET_LDFLAGS) -Wl,-z,max-page-size=4096 \
    $(if $(5),$(STATIC_PIE_LDFLAGS),-Wl,--defsym=__image_base=$(4) -T $(L4RE_LD_SCRIPT)) \
    -o $(1) $(CRT1_L4RE_OBJS) $(2) -Wl,--start-group $(3) $(L4RE_APP_LIBS) $(LIBGCC_T) -Wl,--end-group
pkg_link_libc = $(CC_T) $(LIBC_PROG_LDFLAGS) \
    $(if $(5),$(STATIC_PIE_LDFLAGS),-Wl,-Ttext-segment=$(4)) -o $(1) $(UCLIBC_CRT_BEGIN) $(2) \
    -Wl,--start-group $(3) $(LIBC_PROG_LIBS) $(UCLIBC_LIBS) -Wl,--end-group $(UCLIBC_CRT_END)
pkg_link_deps_roottask = $(CRT0_OBJS) $(L4RE_LIBS) $(L4RE_LD_SCRIPT)
pkg_link_deps_l4re = $(CRT1_L4RE_OBJS) $(L4RE_APP_LIBS) $(L4RE_LD_SCRIPT)
pkg_link_deps_libc = $(LIBC_PROG_LIBS) $(UCLIBC_STAMP)

# $(call pkg_link,program): the program's link rule.
define pkg_link
$(PKG_BIN)/$(1): PKG_LINK := $$(call pkg_link_$(call pkg_kind,$(1)),$(PKG_BIN)/$(1),$(foreach s,$(call pkg_srcs,$(1)),$(call pkg_obj,$(PKG_OBJ)$(if $(PIE_$(1)),/pie),$(s))),$(call pkg_libs),$(or $(LINK_ADDR_$(1)),$(LINK_ADDR),$(call pkg_default_addr,$(call pkg_kind,$(1)))),$(PIE_$(1)))
$(PKG_BIN)/$(1): $(foreach s,$(call pkg_srcs,$(1)),$(call pkg_obj,$(PKG_OBJ)$(if $(PIE_$(1)),/pie),$(s))) \
    $(call pkg_libs) $$(pkg_link_deps_$(call pkg_kind,$(1))) $(PKG_MAKEFILE)
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(PKG_LINK)
PKG_PROGS += $(PKG_BIN)/$(1)
endef

# Called by prog.mk for the package whose variables are set.
pkg_plain_srcs = $(sort $(foreach t,$(TARGET),$(if $(PIE_$(t)),,$(call pkg_srcs,$(t)))))
pkg_pie_srcs = $(sort $(foreach t,$(TARGET),$(if $(PIE_$(t)),$(call pkg_srcs,$(t)))))
define pkg_define
$(if $(pkg_problem),$(foreach t,$(or $(TARGET),$(notdir $(PKG_DIR))),$(eval $(call pkg_broken,$(t),$(pkg_problem)))),
$(foreach s,$(pkg_plain_srcs),$(eval $(call pkg_object_rule,$(call pkg_obj,$(PKG_OBJ),$(s)),$(PKG_DIR)/$(s),)))
$(foreach s,$(pkg_pie_srcs),$(eval $(call pkg_object_rule,$(call pkg_obj,$(PKG_OBJ)/pie,$(s)),$(PKG_DIR)/$(s),-fpie)))
$(foreach t,$(TARGET),$(eval $(call pkg_link,$(t)))))
endef

endif

ifndef LIBDEFS_INCLUDED
LIBDEFS_INCLUDED := 1
# $(call lib_define): the library package whose variables are set.
define lib_archive
$(LIB_DIR)/$(TARGET): $(foreach s,$(SRC_C) $(SRC_S),$(call pkg_obj,$(PKG_OBJ),$(s))) \
    $(EXTRA_OBJS) $(PKG_MAKEFILE)
	@mkdir -p $$(@D)
	@echo "  AR      $$@"
	$$(Q)rm -f $$@ && $$(AR_T) rcs $$@ $$(filter %.o,$$^)
LIB_PKGS += $(LIB_DIR)/$(TARGET)
endef
define lib_define
$(if $(filter-out lib%.a,$(TARGET))$(filter-out 1,$(words $(TARGET))),\
    $(error $(PKG_MAKEFILE): a library's TARGET is one lib<name>.a))
$(foreach s,$(SRC_C) $(SRC_S),$(eval $(call pkg_object_rule,$(call pkg_obj,$(PKG_OBJ),$(s)),$(PKG_DIR)/$(s),$(if $(PIC),-fpie))))
$(eval $(lib_archive))
endef
endif
