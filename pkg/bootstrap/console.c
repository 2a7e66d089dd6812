/* SPDX-License-Identifier: MIT */
/*
 * Polled output on QEMU virt's PL011 at 0x09000000. QEMU needs no UART
 * set-up, and bootstrap never reads, so only DR and FR are touched. The
 * "bootstrap: " prefix is added here, before the first character of each
 * line, which keeps every message greppable in test logs.
 */
#include <stdint.h>

#include "console.h"

#define PL011_BASE 0x09000000UL
#define PL011_DR   0x00        /* PL011 TRM (DDI 0183) 3.3.1: data register */
#define PL011_FR   0x18        /* 3.3.3: flag register */
#define PL011_TXFF (1U << 5)   /* transmit FIFO full */

static int at_line_start = 1;

static void pl011_putc(char c)
{
    volatile uint32_t *fr = (volatile uint32_t *)(PL011_BASE + PL011_FR);
    volatile uint32_t *dr = (volatile uint32_t *)(PL011_BASE + PL011_DR);

    while (*fr & PL011_TXFF) {
    }
    *dr = (uint8_t)c;
}

void console_putc(char c)
{
    if (at_line_start) {
        for (const char *p = CONSOLE_PREFIX; *p; p++) {
            pl011_putc(*p);
        }
        at_line_start = 0;
    }
    if (c == '\n') {
        pl011_putc('\r');
        at_line_start = 1;
    }
    pl011_putc(c);
}
