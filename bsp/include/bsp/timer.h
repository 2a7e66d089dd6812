/* SPDX-License-Identifier: MIT */
/*
 * Board contract: the periodic tick and the free-running clock.
 */
#pragma once

#include <stdint.h>

/** Start ticking every \a period_us microseconds; returns the tick interrupt id. */
unsigned bsp_timer_init(unsigned period_us);
/** Start ticking on the calling CPU too (after bsp_timer_init on the boot CPU). */
void bsp_timer_init_cpu(void);
/** Stop / restart the calling CPU's tick (a CPU other than the first one sleeping idle). */
void bsp_timer_pause_cpu(void);
void bsp_timer_resume_cpu(void);
/** Re-arm after a tick interrupt. */
void bsp_timer_ack(void);
/** Microseconds since the counter started. */
uint64_t bsp_timer_now_us(void);
/** Counter frequency in Hz. */
uint64_t bsp_timer_freq(void);
