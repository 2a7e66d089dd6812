/* SPDX-License-Identifier: MIT */
/*
 * Board contract: switching the machine off, or resetting it (a reboot).
 */
#pragma once

#include <stdint.h>

/** Power the machine off; does not return. */
void bsp_power_off(void) __attribute__((noreturn));
/** Reset (reboot) the machine; does not return. */
void bsp_reset(void) __attribute__((noreturn));
/**
 * Start the CPU with affinity \a hw_id at physical address \a entry with x0 =
 * \a arg (PSCI CPU_ON); 0, or the firmware's negative error code.
 */
int bsp_cpu_on(uint64_t hw_id, uint64_t entry, uint64_t arg);
