/* SPDX-License-Identifier: MIT */
/*
 * Boot-module list (L4Re's l4util_l4mod_* layout). bootstrap builds it in the
 * page after the KIP; KIP user_ptr holds its physical address. Module data
 * and command lines stay in the boot archive (bootloader memory).
 */
#pragma once

#include <l4/sys/l4int.h>

/** What a module is (l4util_l4mod_mod.flags & L4util_l4mod_mod_flag_mask). */
enum l4util_l4mod_mod_info_flag {
    L4util_l4mod_mod_flag_unspec   = 0,
    L4util_l4mod_mod_flag_kernel   = 1,
    L4util_l4mod_mod_flag_sigma0   = 2,
    L4util_l4mod_mod_flag_roottask = 3,
    L4util_l4mod_mod_flag_mask     = 7,
};

/* The upper-case spelling the boot code uses, for the same values. */
#define L4UTIL_L4MOD_MOD_FLAG_UNSPEC   L4util_l4mod_mod_flag_unspec
#define L4UTIL_L4MOD_MOD_FLAG_KERNEL   L4util_l4mod_mod_flag_kernel
#define L4UTIL_L4MOD_MOD_FLAG_SIGMA0   L4util_l4mod_mod_flag_sigma0
#define L4UTIL_L4MOD_MOD_FLAG_ROOTTASK L4util_l4mod_mod_flag_roottask
#define L4UTIL_L4MOD_MOD_FLAG_MASK     L4util_l4mod_mod_flag_mask

typedef struct l4util_l4mod_mod {
    l4_uint64_t flags;
    l4_uint64_t mod_start;  /* physical, first byte */
    l4_uint64_t mod_end;    /* physical, one past the last byte */
    l4_uint64_t cmdline;    /* physical address of "name args" */
} l4util_l4mod_mod;

typedef struct l4util_l4mod_info {
    l4_uint64_t flags;
    l4_uint64_t cmdline;    /* bootstrap's command line, or 0 */
    l4_uint64_t mods_addr;  /* physical address of l4util_l4mod_mod[mods_count] */
    l4_uint32_t mods_count;
    l4_uint32_t _pad;
    l4_uint64_t vbe_ctrl_info;
    l4_uint64_t vbe_mode_info;
} l4util_l4mod_info;
