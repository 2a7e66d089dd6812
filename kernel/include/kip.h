/* SPDX-License-Identifier: MIT */
/*
 * The kernel's side of the kernel info page: where it is, the memory map it
 * describes, the clock it publishes and the code it carries for user space.
 */
#pragma once

#include <l4/sys/kip.h>
#include "base.h"

extern l4_kernel_info_t *kip;  /* kernel virtual address */
extern uint64_t kip_phys;

/** Adopt the KIP bootstrap filled; write version, code and platform fields. */
void kip_init(uint64_t kip_pa);
/** Append a memory descriptor; false if the table is full. */
bool kip_add_mem_desc(uint64_t start, uint64_t end_incl, unsigned type, unsigned subtype);
/** Total bytes of descriptors of \a type. */
uint64_t kip_mem_total(unsigned type);
/** Whether [pa, pa + size) is conventional RAM that no other descriptor claims. */
bool kip_range_is_free(uint64_t pa, uint64_t size);
/** Whether sigma0 may have [pa, pa + size) mapped 1:1 (RAM or boot data, not reserved). */
bool kip_sigma0_may_map(uint64_t pa, uint64_t size);
/**
 * Whether [pa, pa + size) is device memory: physical memory that no descriptor
 * describes (not RAM, boot data, the kernel's memory or the kernel's devices).
 */
bool kip_range_is_device(uint64_t pa, uint64_t size);
/** Whether [pa, pa + size) is inside one descriptor of \a type. */
bool kip_range_has_type(uint64_t pa, uint64_t size, unsigned type);
/** Update the published clock (microseconds). */
void kip_set_clock(uint64_t us);
/** The command line of the boot module with l4mod flag \a kind, or NULL. */
const char *kip_module_cmdline(unsigned kind);
