// SPDX-License-Identifier: MIT
/*
 * Kernel console output: the core's formatter (lib/core/fmt.c) over the
 * board UART (bsp_uart_putc). Output is synchronous and unbuffered so that
 * a panic message always appears in full.
 */
#include <bsp/uart.h>
#include <core/fmt.h>
#include "console.h"

static bool line_start = true;

void console_putc(char c)
{
    if (c == '\n') {
        bsp_uart_putc('\r');
    }
    bsp_uart_putc(c);
    line_start = c == '\n';
}

void console_putc_raw(char c)
{
    bsp_uart_putc(c);
    line_start = c == '\n';
}

bool console_at_line_start(void)
{
    return line_start;
}

void console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        console_putc(s[i]);
    }
}

static void console_out(void *ctx, const char *s, unsigned n)
{
    (void)ctx;
    console_write(s, n);
}

void kvprintf(const char *fmt, va_list ap)
{
    fmt_vformat(console_out, NULL, fmt, ap);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
