/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces of sigma0: the options from its boot command line,
 * physical memory (free RAM with an owner per page, boot data) and the
 * protocol handlers. sigma0 runs 1:1 (virtual = physical), so KIP
 * addresses are usable pointers. doc/sigma0.md tells the whole story.
 */
#pragma once

#include <l4/sys/kip.h>
#include <l4/sys/types.h>

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

/* Owner of a free-RAM page: a client id (gate label >> 4), or one of these. */
enum { OWNER_FREE = 0, OWNER_SIGMA0 = 0xffff };

/** Build the free-RAM list and the owner table (taken from free RAM). 0 or -1. */
int memmap_init(l4_kernel_info_t *kip);

/** Does [pa, pa + size) lie in free RAM? */
int memmap_is_ram(l4_addr_t pa, l4_addr_t size);

/** Does [pa, pa + size) lie in boot data (bootloader ranges)? */
int memmap_is_boot(l4_addr_t pa, l4_addr_t size);

/**
 * Give the RAM [pa, pa + size) to \a owner if every page is free or owned
 * by \a owner already (first come, first served). 0, or -1 if not RAM or
 * some page belongs to someone else (then nothing changes).
 */
int memmap_claim(l4_addr_t pa, l4_addr_t size, unsigned owner);

/** Find a free, naturally aligned chunk of 2^order bytes, claim it; 0 if none. */
l4_addr_t memmap_claim_any(unsigned order, unsigned owner);

/**
 * Read the device tree (KIP dt_addr) for the device memory sigma0 may hand out
 * (devmem.c), the first time only. 0, or -1 without a valid tree or devices (then
 * there is none).
 */
int devmem_init(l4_kernel_info_t *kip);

/**
 * Give the device memory [pa, pa + size) to \a owner. 0; -L4_EPERM if any of it
 * is memory the KIP describes (RAM, boot data, the kernel's memory or devices);
 * -L4_ENODEV if a page holds no device of the device tree; -L4_EBUSY if a device
 * there is another client's. Nothing changes on an error.
 */
int devmem_claim(l4_addr_t pa, l4_addr_t size, unsigned owner);

/** Print pages per owner and the free total. */
void memmap_dump_owners(void);

/** Serve requests forever (heartbeat lines every \a heartbeat_ms if non-zero). */
void sigma0_serve(l4_kernel_info_t *kip, unsigned long heartbeat_ms, int verbose);
