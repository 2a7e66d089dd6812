/* SPDX-License-Identifier: MIT */
/*
 * Board contract: the interrupt controller of the boot CPU.
 */
#pragma once

#include <stdint.h>

#define BSP_IRQ_SPURIOUS 1023

/** Bring up distributor and CPU interface; all interrupts masked. */
void bsp_irq_init(void);
/** The calling CPU's part of the controller (its redistributor, CPU interface); bsp_irq_init does the boot CPU's. */
void bsp_irq_init_cpu(void);
/** Send software-generated interrupt \a intid (< 16) to the CPU with affinity \a hw_id. */
void bsp_irq_send_ipi(uint64_t hw_id, unsigned intid);
/** Deliver shared interrupt \a intid to the CPU with affinity \a hw_id. */
void bsp_irq_route(unsigned intid, uint64_t hw_id);
/** Unmask interrupt \a intid. */
void bsp_irq_unmask(unsigned intid);
/** Mask interrupt \a intid. */
void bsp_irq_mask(unsigned intid);
/** Acknowledge the highest pending interrupt; BSP_IRQ_SPURIOUS if none. */
unsigned bsp_irq_ack(void);
/** Signal the end of handling \a intid. */
void bsp_irq_eoi(unsigned intid);
/** Short name of the controller for the boot log. */
const char *bsp_irq_name(void);
/** Number of interrupt ids the controller implements. */
unsigned bsp_irq_count(void);
/**
 * Make interrupt \a intid edge (\a edge) or level triggered, active high / rising (the
 * only polarity the controller knows). \return 0, or -1 if the line cannot take it.
 */
int bsp_irq_set_trigger(unsigned intid, int edge);
/** Make shared interrupt \a intid pending by software (tests of the hardware path). */
void bsp_irq_set_pending(unsigned intid);
