/* SPDX-License-Identifier: MIT */
/*
 * Board contract: the console UART (polled output).
 */
#pragma once

void bsp_uart_init(void);
void bsp_uart_putc(char c);
/** The next received byte, or -1 if none is waiting (polled; never blocks). */
int bsp_uart_getc(void);
