/* SPDX-License-Identifier: MIT */
/*
 * The kernel info page (KIP): layout and accessors with L4Re's names.
 * bootstrap fills magic, memory descriptors, sigma0_ip, root_ip, dt_addr
 * and user_ptr; the kernel adds the clock, the version string and the code
 * at 0x800 (syscall stub) and 0x900/0x980 (clock readers). The KIP is mapped
 * read-only into sigma0 at its physical address. See doc/boot.md.
 */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/__static_assert.h>

#define L4_KERNEL_INFO_MAGIC   0x4BE6344CU /* "L4µK" */
#define L4_KIP_VERSION_FIASCO  0x87004444U
#define L4_KIP_VERSION_FIASCO_MASK 0xff00ffffU
#define L4_KIP_OFFS_SYS_INVOKE 0x800
#define L4_KIP_OFFS_READ_US    0x900
#define L4_KIP_OFFS_READ_NS    0x980

/** Memory descriptor: l = start | type | subtype<<4 | virtual<<9, h = end (inclusive). */
typedef struct l4_kernel_info_mem_desc_t {
    l4_umword_t l, h;
} l4_kernel_info_mem_desc_t;

typedef enum l4_mem_type_t {
    L4_MEM_TYPE_UNDEFINED = 0x0,
    L4_MEM_TYPE_CONVENTIONAL = 0x1,
    L4_MEM_TYPE_RESERVED = 0x2,
    L4_MEM_TYPE_DEDICATED = 0x3,
    L4_MEM_TYPE_SHARED = 0x4,
    L4_MEM_TYPE_INFO = 0xd,
    L4_MEM_TYPE_BOOTLOADER = 0xe,
    L4_MEM_TYPE_ARCH = 0xf,
} l4_mem_type_t;

enum l4_mem_reserved_subtype {
    L4_MEM_RESERVED_KERNEL = 0,
    L4_MEM_RESERVED_HEAP = 1,
    L4_MEM_RESERVED_MMIO = 2,
};

struct l4_kip_platform_info {
    char name[16];
    l4_uint32_t is_mp;
    l4_uint32_t arch_cpuinfo[22]; /* arm64: MIDR, CTR, TCMTR, TLBTR, MPIDR, ... */
};

/** The kernel info page. Offsets are ABI (asserted below). */
typedef struct l4_kernel_info_t {
    l4_uint32_t magic;                  /* 0x00 */
    l4_uint32_t version;                /* 0x04 */
    l4_uint8_t offset_version_strings;  /* 0x08: x16 = byte offset of the version string */
    l4_uint8_t _fill0[3];
    l4_uint8_t kip_sys_calls;           /* 0x0c */
    l4_uint8_t node;
    l4_uint8_t _fill1[2];
    l4_uint64_t sigma0_ip;              /* 0x10 */
    l4_uint64_t root_ip;                /* 0x18 */
    volatile l4_cpu_time_t _clock_val;  /* 0x20: microseconds since boot */
    l4_uint64_t frequency_cpu;          /* 0x28: kHz */
    l4_uint64_t acpi_rsdp_addr;         /* 0x30 */
    l4_uint64_t dt_addr;                /* 0x38: physical address of the device tree */
    l4_uint64_t user_ptr;               /* 0x40: physical address of l4util_l4mod_info */
    l4_uint64_t _res0;                  /* 0x48 */
    l4_uint32_t scheduler_granularity;  /* 0x50: microseconds per timer tick */
    l4_uint32_t mem_descs;              /* 0x54: offset of the descriptors from the KIP */
    l4_uint32_t mem_descs_num;          /* 0x58 */
    l4_uint32_t _res1;                  /* 0x5c */
    l4_uint64_t _res2[2];               /* 0x60 */
    struct l4_kip_platform_info platform_info; /* 0x70 */
} l4_kernel_info_t;

/* Where our bootstrap puts things inside the 4 KiB KIP page. */
#define L4_KIP_MEM_DESC_OFFSET   0x100
#define L4_KIP_MEM_DESC_MAX      48     /* 0x100 .. 0x400 */
#define L4_KIP_VERSION_OFFSET    0x400  /* offset_version_strings = 0x40 */

L4_STATIC_ASSERT(__builtin_offsetof(l4_kernel_info_t, sigma0_ip) == 0x10, "KIP layout");
L4_STATIC_ASSERT(__builtin_offsetof(l4_kernel_info_t, _clock_val) == 0x20, "KIP layout");
L4_STATIC_ASSERT(__builtin_offsetof(l4_kernel_info_t, dt_addr) == 0x38, "KIP layout");
L4_STATIC_ASSERT(__builtin_offsetof(l4_kernel_info_t, user_ptr) == 0x40, "KIP layout");
L4_STATIC_ASSERT(__builtin_offsetof(l4_kernel_info_t, mem_descs) == 0x54, "KIP layout");
L4_STATIC_ASSERT(__builtin_offsetof(l4_kernel_info_t, platform_info) == 0x70, "KIP layout");
L4_STATIC_ASSERT(sizeof(l4_kernel_info_t) <= L4_KIP_MEM_DESC_OFFSET, "KIP header fits");

/* ----- inline implementations ----- */

/** The descriptor array of a KIP. */
L4_INLINE l4_kernel_info_mem_desc_t *l4_kernel_info_get_mem_descs(l4_kernel_info_t *kip)
{
    return (l4_kernel_info_mem_desc_t *)((char *)kip + kip->mem_descs);
}

/** Number of memory descriptors. */
L4_INLINE unsigned l4_kernel_info_get_num_mem_descs(l4_kernel_info_t *kip)
{
    return kip->mem_descs_num;
}

/** Fill one descriptor; \a end is inclusive. */
L4_INLINE void l4_kernel_info_set_mem_desc(l4_kernel_info_mem_desc_t *md, l4_addr_t start,
                                           l4_addr_t end, unsigned type, unsigned virt,
                                           unsigned sub_type)
{
    md->l = (start & ~0x3ffUL) | (type & 0xf) | ((sub_type & 0xf) << 4) | ((virt & 1) << 9);
    md->h = end;
}

L4_INLINE l4_addr_t l4_kernel_info_get_mem_desc_start(l4_kernel_info_mem_desc_t const *md)
{
    return md->l & ~0x3ffUL;
}

L4_INLINE l4_addr_t l4_kernel_info_get_mem_desc_end(l4_kernel_info_mem_desc_t const *md)
{
    return md->h | 0x3ffUL;
}

L4_INLINE unsigned l4_kernel_info_get_mem_desc_type(l4_kernel_info_mem_desc_t const *md)
{
    return md->l & 0xf;
}

L4_INLINE unsigned l4_kernel_info_get_mem_desc_subtype(l4_kernel_info_mem_desc_t const *md)
{
    return (md->l >> 4) & 0xf;
}

L4_INLINE unsigned l4_kernel_info_get_mem_desc_is_virtual(l4_kernel_info_mem_desc_t const *md)
{
    return (md->l >> 9) & 1;
}

/** The version string that follows the descriptors. */
L4_INLINE char const *l4_kip_version_string(l4_kernel_info_t const *kip)
{
    return (char const *)kip + kip->offset_version_strings * 16;
}

/** The KIP clock in microseconds (updated by the kernel on each timer tick). */
L4_INLINE l4_cpu_time_t l4_kip_clock(l4_kernel_info_t const *kip)
{
    return kip->_clock_val;
}/** The kernel's version word (KIP offset 0x04). */
L4_INLINE l4_umword_t l4_kip_version(l4_kernel_info_t const *kip)
{
    return kip->version;
}

/** Byte offset of the version string from the start of the KIP. */
L4_INLINE int l4_kernel_info_version_offset(l4_kernel_info_t const *kip)
{
    return kip->offset_version_strings << 4;
}

/** Low machine word of the KIP clock (a 64-bit word here: the whole clock). */
L4_INLINE l4_umword_t l4_kip_clock_lw(l4_kernel_info_t const *kip)
{
    return (l4_umword_t)kip->_clock_val;
}

/** The KIP clock in nanoseconds (it counts microseconds). */
L4_INLINE l4_uint64_t l4_kip_clock_ns(l4_kernel_info_t const *kip)
{
    return (l4_uint64_t)kip->_clock_val * 1000;
}

/**
 * Whether the kernel lists feature \a str: the version string is followed by
 * NUL-terminated feature names, the list ends with an empty string.
 * \retval 1 listed, 0 not
 */
L4_INLINE int l4_kip_kernel_has_feature(l4_kernel_info_t const *kip, char const *str)
{
    char const *s = (char const *)kip + l4_kernel_info_version_offset(kip);
    char const *end = (char const *)kip + L4_PAGESIZE;

    while (s < end && *s) { /* the version string */
        ++s;
    }
    for (++s; s < end && *s; ) {
        unsigned i = 0;

        while (str[i] && s + i < end && s[i] == str[i]) {
            ++i;
        }
        if (!str[i] && s + i < end && !s[i]) {
            return 1;
        }
        while (s < end && *s) {
            ++s;
        }
        ++s;
    }
    return 0;
}


