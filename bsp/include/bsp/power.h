/* SPDX-License-Identifier: MIT */
/*
 * Board contract: switching the machine off, or resetting it (a reboot).
 */
#pragma once

/** Power the machine off; does not return. */
void bsp_power_off(void) __attribute__((noreturn));
/** Reset (reboot) the machine; does not return. */
void bsp_reset(void) __attribute__((noreturn));
