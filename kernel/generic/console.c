// SPDX-License-Identifier: MIT
/*
 * Kernel console: output through the core's formatter (lib/core/fmt.c) to the
 * board UART (bsp_uart_putc), synchronous and unbuffered so that a panic
 * message always appears in full; input polled from the UART at each of CPU
 * 0's timer ticks and whenever it idles (console_poll_input), handed to the kernel
 * log (vlog.c, which programs read) except ESC with -jdb, which stops the
 * system at the kernel debugger. Nothing is dropped: while the log's buffer is
 * full the bytes wait in the UART (and QEMU holds back the rest), unless -jdb
 * is on, where reading on keeps ESC reachable and drops the surplus.
 */
#include <bsp/uart.h>
#include <core/fmt.h>
#include "console.h"
#include "jdb.h"
#include "vlog.h"

#define CONSOLE_KEY_JDB 0x1b /* ESC */

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

void console_poll_input(void)
{
    int c;
    while ((opt_jdb || !vlog_input_full()) && (c = bsp_uart_getc()) >= 0) {
        if (opt_jdb && c == CONSOLE_KEY_JDB) {
            jdb_enter("ESC on the console");
            continue;
        }
        vlog_input_put((char)c);  /* fails only with -jdb on and the buffer full */
    }
    vlog_input_notify();
}
