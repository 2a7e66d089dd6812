/* SPDX-License-Identifier: MIT */
/*
 * Boot information for the first programs (sigma0, root tasks without a
 * runtime): the boot-module list that bootstrap hands over through KIP
 * user_ptr, and "--key=value" options in a module's command line. The
 * list and the command lines live in bootloader memory, which the kernel
 * maps 1:1 into sigma0 and the root task. See doc/boot.md.
 */
#pragma once

#include <l4/sys/kip.h>
#include <l4/util/l4mod.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The boot-module list, or NULL if bootstrap gave none. */
l4util_l4mod_info const *l4util_l4mod_list(l4_kernel_info_t const *kip);

/**
 * The first module of kind \a kind (L4UTIL_L4MOD_MOD_FLAG_SIGMA0, ...), or
 * NULL if there is none.
 */
l4util_l4mod_mod const *l4util_l4mod_find(l4_kernel_info_t const *kip, unsigned kind);

/** The command line ("name args") of the first module of \a kind, or "". */
char const *l4util_l4mod_cmdline(l4_kernel_info_t const *kip, unsigned kind);

/**
 * Find "<key>=<number>" as a word of \a cmdline (key with its dashes, e.g.
 * "--heartbeat"); the number is decimal or 0x-prefixed hex.
 * \retval 1 found and parsed, *val set
 * \retval 0 absent
 * \retval -1 present but not a number (*val untouched)
 */
int l4util_cmdline_ulong(char const *cmdline, char const *key, unsigned long *val);

/** \retval 1 if the word \a key (e.g. "--verbose") occurs in \a cmdline, else 0. */
int l4util_cmdline_flag(char const *cmdline, char const *key);

/** \retval 1 if the first word of \a cmdline equals \a name, else 0. */
int l4util_cmdline_is_named(char const *cmdline, char const *name);

#ifdef __cplusplus
}
#endif
