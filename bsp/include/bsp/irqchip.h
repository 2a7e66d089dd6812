/* SPDX-License-Identifier: MIT */
/*
 * Board contract: the interrupt controller of the boot CPU.
 */
#pragma once

#define BSP_IRQ_SPURIOUS 1023

/** Bring up distributor and CPU interface; all interrupts masked. */
void bsp_irq_init(void);
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
