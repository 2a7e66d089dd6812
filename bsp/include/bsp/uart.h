/* SPDX-License-Identifier: MIT */
/*
 * Board contract: the console UART (polled output).
 */
#pragma once

void bsp_uart_init(void);
void bsp_uart_putc(char c);
