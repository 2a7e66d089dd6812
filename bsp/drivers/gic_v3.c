// SPDX-License-Identifier: MIT
/*
 * GICv3 ("arm,gic-v3") for the boot CPU: distributor with affinity routing,
 * the CPU's redistributor (SGIs/PPIs) and the system-register CPU interface
 * (ARM IHI 0069: GICD_CTLR 0x0, GICR_WAKER 0x14, SGI frame at +64 KiB with
 * IGROUPR0 0x80, ISENABLER0 0x100, ICENABLER0 0x180, IPRIORITYR 0x400).
 * Every interrupt is Group 1; handled with EOImode 0 (EOI also deactivates).
 */
#include <arch/arch.h>
#include <arch/sysreg.h>
#include <bsp/irqchip.h>
#include <bsp/mmio.h>
#include "memmap.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1U << 31)
#define GICD_CTLR_ENABLE 0x13   /* EnableGrp0 | EnableGrp1 | ARE */

#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_ASLEEP (1U << 2)

#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1U << 4)
#define GICR_STRIDE 0x20000
#define MAX_CPUS 8

#define IRQ_PRIORITY 0xa0

/* Each CPU's redistributor (its private lines: SGIs, PPIs). */
static uint64_t gicr_of_cpu[MAX_CPUS];

static void gicd_wait(void)
{
    while (mmio_read32(BOARD_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP) {
    }
}

void bsp_irq_init(void)
{
    unsigned lines = ((mmio_read32(BOARD_GICD_BASE + GICD_TYPER) & 0x1f) + 1) * 32;
    mmio_write32(BOARD_GICD_BASE + GICD_CTLR, 0);
    gicd_wait();
    for (unsigned i = 32; i < lines; i += 32) {
        mmio_write32(BOARD_GICD_BASE + GICD_ICENABLER + i / 8, 0xffffffff);
        mmio_write32(BOARD_GICD_BASE + GICD_IGROUPR + i / 8, 0xffffffff);
    }
    for (unsigned i = 32; i < lines; i += 4) {
        mmio_write32(BOARD_GICD_BASE + GICD_IPRIORITYR + i, 0xa0a0a0a0);
    }
    for (unsigned i = 32; i < lines; i++) {
        *(volatile uint64_t *)phys_to_virt(BOARD_GICD_BASE + GICD_IROUTER + i * 8) = 0;
    }
    mmio_write32(BOARD_GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE);
    gicd_wait();
    bsp_irq_init_cpu();
}

/*
 * The calling CPU's redistributor: the frame whose GICR_TYPER affinity
 * (bits 63:32, Aff3.Aff2.Aff1.Aff0) is the CPU's MPIDR; frames are 128 KiB
 * apart (RD + SGI), the last has GICR_TYPER.Last (bit 4).
 */
static uint64_t find_redistributor(void)
{
    uint64_t m = arch_cpu_hw_id();
    uint64_t aff = (m & 0xffffff) | ((m >> 32) & 0xff) << 24;
    for (uint64_t rd = BOARD_GICR_BASE;; rd += GICR_STRIDE) {
        uint64_t typer = *(volatile uint64_t *)phys_to_virt(rd + GICR_TYPER);
        if ((typer >> 32) == aff) {
            return rd;
        }
        if (typer & GICR_TYPER_LAST) {
            return 0;
        }
    }
}

void bsp_irq_init_cpu(void)
{
    uint64_t rd = find_redistributor();
    gicr_of_cpu[arch_cpu_id()] = rd;
    mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
    while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP) {
    }
    mmio_write32(rd + GICR_SGI + GICD_ICENABLER, 0xffffffff);
    mmio_write32(rd + GICR_SGI + GICD_IGROUPR, 0xffffffff);
    for (unsigned i = 0; i < 32; i += 4) {
        mmio_write32(rd + GICR_SGI + GICD_IPRIORITYR + i, 0xa0a0a0a0);
    }

    write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
    isb();
    write_sysreg(S3_0_C4_C6_0, 0xff);   /* ICC_PMR_EL1: let every priority through */
    write_sysreg(S3_0_C12_C12_3, 0);    /* ICC_BPR1_EL1 */
    write_sysreg(S3_0_C12_C12_4, 0);    /* ICC_CTLR_EL1: EOImode 0 */
    write_sysreg(S3_0_C12_C12_7, 1);    /* ICC_IGRPEN1_EL1 */
    isb();
}

static uint64_t enable_reg(unsigned intid, unsigned base)
{
    if (intid < 32) {
        return gicr_of_cpu[arch_cpu_id()] + GICR_SGI + base;
    }
    return BOARD_GICD_BASE + base + (intid / 32) * 4;
}

void bsp_irq_unmask(unsigned intid)
{
    mmio_write32(enable_reg(intid, GICD_ISENABLER), 1U << (intid % 32));
}

void bsp_irq_mask(unsigned intid)
{
    mmio_write32(enable_reg(intid, GICD_ICENABLER), 1U << (intid % 32));
}

unsigned bsp_irq_ack(void)
{
    unsigned intid = read_sysreg(S3_0_C12_C12_0) & 0xffffff; /* ICC_IAR1_EL1 */
    dsb(sy);
    return intid >= 1020 ? BSP_IRQ_SPURIOUS : intid;
}

void bsp_irq_eoi(unsigned intid)
{
    write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
    isb();
}

/* ICC_SGI1R_EL1 (IHI 0069, 12.11.21): Aff3 55:48, RS 47:44, Aff2 39:32, INTID 27:24, Aff1 23:16, targets 15:0. */
void bsp_irq_send_ipi(uint64_t hw_id, unsigned intid)
{
    uint64_t aff0 = hw_id & 0xff;
    uint64_t v = ((hw_id >> 32) & 0xff) << 48 | (aff0 >> 4) << 44 | ((hw_id >> 16) & 0xff) << 32 |
                 (uint64_t)(intid & 0xf) << 24 | ((hw_id >> 8) & 0xff) << 16 | 1UL << (aff0 & 0xf);
    dsb(ishst); /* what we wrote for the other CPU is visible before it is interrupted */
    write_sysreg(S3_0_C12_C11_5, v);
    isb();
}

/* GICD_IROUTER<n> (12.9.20): Aff3 39:32, Aff2 23:16, Aff1 15:8, Aff0 7:0. */
void bsp_irq_route(unsigned intid, uint64_t hw_id)
{
    if (intid >= 32) {
        *(volatile uint64_t *)phys_to_virt(BOARD_GICD_BASE + GICD_IROUTER + intid * 8) =
            hw_id & 0xff00ffffffUL;
    }
}

const char *bsp_irq_name(void)
{
    return "GICv3";
}

#define GICD_ISPENDR 0x0200

unsigned bsp_irq_count(void)
{
    unsigned lines = ((mmio_read32(BOARD_GICD_BASE + GICD_TYPER) & 0x1f) + 1) * 32;
    return lines > 1020 ? 1020 : lines;
}

void bsp_irq_set_pending(unsigned intid)
{
    if (intid >= 32) {
        mmio_write32(BOARD_GICD_BASE + GICD_ISPENDR + (intid / 32) * 4, 1U << (intid % 32));
    }
}

/*
 * GICD_ICFGR<n> (ARM IHI 0069, 12.9.9): two bits per shared interrupt, the upper one
 * set for edge triggered. The private lines' configuration (GICR_ICFGR1) may be fixed
 * by the implementation; the one private line users get (the EL0 virtual timer) is a
 * level-triggered source, so only level is accepted there.
 */
int bsp_irq_set_trigger(unsigned intid, int edge)
{
    if (intid < 32) {
        return edge ? -1 : 0;
    }
    uint64_t reg = BOARD_GICD_BASE + GICD_ICFGR + (intid / 16) * 4;
    uint32_t bit = 2U << (2 * (intid % 16));
    uint32_t v = mmio_read32(reg);
    mmio_write32(reg, edge ? (v | bit) : (v & ~bit));
    return 0;
}
