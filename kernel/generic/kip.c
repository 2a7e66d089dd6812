// SPDX-License-Identifier: MIT
/*
 * The kernel info page. bootstrap filled the memory map, entry points and
 * the boot-module list; the kernel adds its version string, the clock and
 * the user-callable code: at 0x800 the system-call stub (svc #0; ret), at
 * 0x900 and 0x980 readers of the clock in microseconds and nanoseconds.
 * The KIP is mapped read-only into sigma0 and the root task. The kernel
 * adds reserved descriptors of its own: the device memory its drivers own
 * (subtype mmio, here) and its memory pool (kernel_mem.c). Physical memory
 * outside every descriptor is device memory, which sigma0 may hand out.
 */
#include <arch/mmu.h>
#include <bsp/mmio.h>
#include <l4/util/l4mod.h>
#include "console.h"
#include "kip.h"
#include "panic.h"

/* Physical addresses the MMU can reach (TCR_EL1.IPS: 40 bits). */
#define PHYS_LIMIT (1UL << 40)

l4_kernel_info_t *kip;
uint64_t kip_phys;

#define INSN_SVC0 0xd4000001U
#define INSN_RET 0xd65f03c0U
#define INSN_LDR_X0_LITERAL 0x58000000U   /* LDR x0, <pc + imm19 * 4> */
#define INSN_MOV_X1_1000 0xd2807d01U      /* MOVZ x1, #1000 */
#define INSN_MUL_X0_X0_X1 0x9b017c00U     /* MUL x0, x0, x1 */

static void kip_emit(unsigned offset, const uint32_t *code, unsigned n)
{
    uint32_t *dst = (uint32_t *)((char *)kip + offset);
    for (unsigned i = 0; i < n; i++) {
        dst[i] = code[i];
    }
}

/* LDR (literal) at KIP+at loading the 64-bit clock at KIP+0x20. */
static uint32_t ldr_clock(unsigned at)
{
    int32_t words = ((int32_t)offsetof(l4_kernel_info_t, _clock_val) - (int32_t)at) / 4;
    return INSN_LDR_X0_LITERAL | (((uint32_t)words & 0x7ffff) << 5);
}

void kip_init(uint64_t kip_pa)
{
    kip_phys = kip_pa;
    kip = phys_to_virt(kip_pa);
    const uint32_t stub[] = { INSN_SVC0, INSN_RET };
    const uint32_t read_us[] = { ldr_clock(L4_KIP_OFFS_READ_US), INSN_RET };
    const uint32_t read_ns[] = { ldr_clock(L4_KIP_OFFS_READ_NS), INSN_MOV_X1_1000,
                                 INSN_MUL_X0_X0_X1, INSN_RET };
    kip_emit(L4_KIP_OFFS_SYS_INVOKE, stub, ARRAY_SIZE(stub));
    kip_emit(L4_KIP_OFFS_READ_US, read_us, ARRAY_SIZE(read_us));
    kip_emit(L4_KIP_OFFS_READ_NS, read_ns, ARRAY_SIZE(read_ns));
    kip->offset_version_strings = L4_KIP_VERSION_OFFSET / 16;
    char *version = (char *)kip + L4_KIP_VERSION_OFFSET;
    /* Version string, then feature strings, ended by an empty string. */
    static const char strings[] = "Kestrel/arm64\0kip_syscalls\0\0";
    memcpy(version, strings, sizeof(strings));
    kip->kip_sys_calls = 1;
    unsigned n;
    const struct bsp_mmio_range *mmio = bsp_kernel_mmio(&n);
    for (unsigned i = 0; i < n; i++) {
        if (!kip_add_mem_desc(mmio[i].base, mmio[i].base + mmio[i].size - 1,
                              L4_MEM_TYPE_RESERVED, L4_MEM_RESERVED_MMIO)) {
            panic("KIP memory descriptor table full");
        }
    }
}

bool kip_add_mem_desc(uint64_t start, uint64_t end_incl, unsigned type, unsigned subtype)
{
    if (kip->mem_descs_num >= L4_KIP_MEM_DESC_MAX) {
        return false;
    }
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip) + kip->mem_descs_num;
    l4_kernel_info_set_mem_desc(md, start, end_incl, type, 0, subtype);
    kip->mem_descs_num++;
    return true;
}

uint64_t kip_mem_total(unsigned type)
{
    uint64_t total = 0;
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    for (unsigned i = 0; i < kip->mem_descs_num; i++) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) == type) {
            total += l4_kernel_info_get_mem_desc_end(&md[i]) -
                     l4_kernel_info_get_mem_desc_start(&md[i]) + 1;
        }
    }
    return total;
}

/* Whether [pa, pa + size) overlaps a descriptor whose type is in \a types (bit mask). */
static bool overlaps_types(uint64_t pa, uint64_t size, unsigned types)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    for (unsigned i = 0; i < kip->mem_descs_num; i++) {
        if (!(types & (1U << l4_kernel_info_get_mem_desc_type(&md[i])))) {
            continue;
        }
        uint64_t s = l4_kernel_info_get_mem_desc_start(&md[i]);
        uint64_t e = l4_kernel_info_get_mem_desc_end(&md[i]);
        if (pa <= e && pa + size - 1 >= s) {
            return true;
        }
    }
    return false;
}

bool kip_range_has_type(uint64_t pa, uint64_t size, unsigned type)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    for (unsigned i = 0; i < kip->mem_descs_num; i++) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) == type &&
            pa >= l4_kernel_info_get_mem_desc_start(&md[i]) &&
            pa + size - 1 <= l4_kernel_info_get_mem_desc_end(&md[i])) {
            return true;
        }
    }
    return false;
}

bool kip_range_is_free(uint64_t pa, uint64_t size)
{
    return kip_range_has_type(pa, size, L4_MEM_TYPE_CONVENTIONAL) &&
           !overlaps_types(pa, size, ~(1U << L4_MEM_TYPE_CONVENTIONAL));
}

bool kip_sigma0_may_map(uint64_t pa, uint64_t size)
{
    return (kip_range_has_type(pa, size, L4_MEM_TYPE_CONVENTIONAL) ||
            kip_range_has_type(pa, size, L4_MEM_TYPE_BOOTLOADER)) &&
           !overlaps_types(pa, size, 1U << L4_MEM_TYPE_RESERVED);
}

bool kip_range_is_device(uint64_t pa, uint64_t size)
{
    return size && pa < PHYS_LIMIT && size <= PHYS_LIMIT - pa && !overlaps_types(pa, size, ~0U);
}

void kip_set_clock(uint64_t us)
{
    kip->_clock_val = us;
}

const char *kip_module_cmdline(unsigned kind)
{
    if (!kip->user_ptr) {
        return NULL;
    }
    l4util_l4mod_info *info = phys_to_virt(kip->user_ptr);
    l4util_l4mod_mod *mods = phys_to_virt(info->mods_addr);
    for (unsigned i = 0; i < info->mods_count; i++) {
        if ((mods[i].flags & L4UTIL_L4MOD_MOD_FLAG_MASK) == kind && mods[i].cmdline) {
            return phys_to_virt(mods[i].cmdline);
        }
    }
    return NULL;
}
