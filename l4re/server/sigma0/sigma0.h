/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces of sigma0 (foundation version): the options from its
 * boot command line and the view of physical memory from the KIP. sigma0
 * runs 1:1 (virtual = physical), so KIP addresses are usable pointers.
 */
#pragma once

#include <l4/sys/kip.h>

/** Options from sigma0's command line in the boot-module list. */
struct sigma0_options {
    unsigned long heartbeat_ms; /* --heartbeat=<ms>: print a line every <ms>; 0 = off */
    unsigned long verbose;      /* --verbose: print the KIP memory descriptors */
};

/**
 * Fill \a o from \a cmdline ("sigma0 --opt=..."); unknown or malformed
 * options are reported on the console and ignored.
 */
void sigma0_parse_cmdline(char const *cmdline, struct sigma0_options *o);

/** Bytes of conventional memory that no other descriptor claims. */
unsigned long long memmap_free_bytes(l4_kernel_info_t *kip);

/** Print every memory descriptor of the KIP (one line each). */
void memmap_dump(l4_kernel_info_t *kip);
