/* SPDX-License-Identifier: MIT */
/*
 * Board contract: switching the machine off.
 */
#pragma once

void bsp_power_off(void) __attribute__((noreturn));
