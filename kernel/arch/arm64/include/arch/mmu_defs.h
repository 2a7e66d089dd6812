/* SPDX-License-Identifier: MIT */
/*
 * Translation table constants for the 4 KiB granule, 48-bit VA (ARM DDI
 * 0487, D8.3 descriptor formats). Usable from C and assembly.
 */
#pragma once

#define KERNEL_VOFFSET 0xffff000000000000

#define PTE_VALID (1 << 0)
#define PTE_TABLE 3            /* table descriptor at levels 0-2 */
#define PTE_PAGE 3             /* page descriptor at level 3 */
#define PTE_BLOCK 1            /* block descriptor at levels 1-2 */
#define PTE_ATTR_NORMAL (0 << 2) /* MAIR index 0 */
#define PTE_ATTR_DEVICE (1 << 2) /* MAIR index 1 */
#define PTE_ATTR_NC (2 << 2)     /* MAIR index 2 */
#define PTE_ATTR_MASK (7 << 2)
#define PTE_AP_EL0 (1 << 6)    /* EL0 may access */
#define PTE_AP_RO (1 << 7)     /* read-only */
#define PTE_SH_INNER (3 << 8)
#define PTE_AF (1 << 10)
#define PTE_NG (1 << 11)       /* non-global: tagged with the ASID */
#define PTE_PXN 0x0020000000000000
#define PTE_UXN 0x0040000000000000
#define PTE_ADDR_MASK 0x0000fffffffff000

/* MAIR (ARM DDI 0487 D17.2.97): index 0 Normal write-back, index 1 Device-nGnRE,
 * index 2 Normal non-cacheable. Normal is 0 so that a user mapping's memory type
 * (MAP_DEVICE, MAP_UNCACHED in mmu.h) is its index moved by two bits. */
#define MAIR_VALUE 0x4404ff
/* TCR_EL1: T0SZ = T1SZ = 16 (48 bit), 4 KiB granules, WB WA inner shareable
 * walks, 40-bit IPS, 16-bit ASIDs. */
#define TCR_VALUE 0x12b5103510
#define BOOT_BLOCK_DEVICE 0x0060000000000405 /* block | AF | device | PXN | UXN */
#define BOOT_BLOCK_NORMAL 0x0040000000000701 /* block | AF | inner sh | normal | UXN */
/* SCTLR_EL1: M, C, I, SA, SA0, DZE (EL0 DC ZVA), UCT (EL0 CTR read); clear A, WXN. */
#define SCTLR_SET 0x0000d01d
#define SCTLR_CLEAR 0x00080002
