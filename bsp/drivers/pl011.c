// SPDX-License-Identifier: MIT
/*
 * ARM PL011 UART ("arm,pl011"), polled (ARM DDI 0183: UARTDR at 0x00,
 * UARTFR at 0x18 with RXFE = bit 4, TXFF = bit 5). QEMU needs no baud
 * rate setup; on hardware the firmware has configured the line already.
 */
#include <bsp/mmio.h>
#include <bsp/uart.h>
#include "memmap.h"

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_RXFE (1U << 4)
#define UARTFR_TXFF (1U << 5)

void bsp_uart_init(void)
{
}

void bsp_uart_putc(char c)
{
    while (mmio_read32(BOARD_UART_BASE + UARTFR) & UARTFR_TXFF) {
    }
    mmio_write32(BOARD_UART_BASE + UARTDR, (unsigned char)c);
}

int bsp_uart_getc(void)
{
    if (mmio_read32(BOARD_UART_BASE + UARTFR) & UARTFR_RXFE) {
        return -1;
    }
    return (int)(mmio_read32(BOARD_UART_BASE + UARTDR) & 0xff);
}
