# SPDX-License-Identifier: MIT
# Host unit tests of the packer: tests/host/test_modlist.c and test_packer.c,
# each linked with the packer's objects into $(HOST_DIR)/tests/<name> and
# listed in HOST_TESTS, which the test runner (tests/tests.mk) runs; each
# binary prints TAP. Included from tools/image/image.mk and possibly
# tests/tests.mk: the guard keeps the rules defined once.

ifndef HOST_MK_INCLUDED
HOST_MK_INCLUDED := 1

PACKER_TEST_NAMES := test_modlist test_packer
PACKER_TEST_LIB_OBJS := $(patsubst %.c,$(HOST_DIR)/obj/%.o,\
    $(filter-out tools/image/main.c,$(wildcard tools/image/*.c)))
PACKER_TESTS := $(addprefix $(HOST_DIR)/tests/,$(PACKER_TEST_NAMES))
HOST_TESTS += $(PACKER_TESTS)

$(foreach t,$(PACKER_TEST_NAMES),$(eval $(HOST_DIR)/obj/tests/host/$(t).o: \
    HOST_CFLAGS_X := -Ipkg/bootstrap/include -Itools/image -Itests/host))

$(PACKER_TESTS): $(HOST_DIR)/tests/%: $(HOST_DIR)/obj/tests/host/%.o $(PACKER_TEST_LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $^ -o $@


# Host unit test of the capability tables (kernel/generic/obj_space.c with
# dtree.c; quota and kobj stubbed in the test). Issue #8: the index limit.
OBJ_SPACE_TEST := $(HOST_DIR)/tests/test_obj_space
HOST_TESTS += $(OBJ_SPACE_TEST)
$(HOST_DIR)/obj/tests/host/test_obj_space.o: HOST_CFLAGS_X := -Ikernel/include $(L4_INC) -Itests/host
$(HOST_DIR)/obj/kernel/generic/obj_space.o: HOST_CFLAGS_X := -Ikernel/include $(L4_INC)

$(OBJ_SPACE_TEST): $(HOST_DIR)/obj/tests/host/test_obj_space.o \
    $(HOST_DIR)/obj/kernel/generic/obj_space.o $(HOST_DIR)/obj/kernel/generic/dtree.o
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ -o $@

# Host unit test of page_free's refusals (kernel/generic/page_alloc.c). Issue #8.
PAGE_FREE_TEST := $(HOST_DIR)/tests/test_page_free
HOST_TESTS += $(PAGE_FREE_TEST)
$(HOST_DIR)/obj/tests/host/test_page_free.o: HOST_CFLAGS_X := -Ikernel/include -Itests/host

$(PAGE_FREE_TEST): $(HOST_DIR)/obj/tests/host/test_page_free.o \
    $(HOST_DIR)/obj/kernel/generic/page_alloc.o
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ -o $@

endif
