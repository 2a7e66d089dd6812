/* SPDX-License-Identifier: MIT */
/*
 * Kernel console: formatted output to the board UART. kprintf supports
 * %s %c %d %i %u %x %p with l/ll/z length and width/zero-pad flags.
 */
#pragma once

#include <stdarg.h>
#include "base.h"

/** Print one character (translates \n to \r\n). Never blocks forever. */
void console_putc(char c);
/** Print one character as it is (no \n translation). */
void console_putc_raw(char c);
/** Whether the last character written ended a line (or nothing was written yet). */
bool console_at_line_start(void);
/** Print \a len bytes verbatim (used by the debug-output object). */
void console_write(const char *s, size_t len);
/**
 * Take the bytes the UART has received: ESC stops at the kernel debugger (-jdb),
 * the rest goes to the kernel log's input (vlog.h), whose Irq is then triggered.
 * Called by CPU 0 at each timer tick and when idle, with interrupts masked and the
 * kernel lock held; never blocks (but for the debugger prompt it may enter).
 */
void console_poll_input(void);
/** printf-style output to the console. */
void kprintf(const char *fmt, ...) PRINTF_FMT(1, 2);
void kvprintf(const char *fmt, va_list ap);
/** Format into a buffer; returns the length it would have had (like snprintf). */
int ksnprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_FMT(3, 4);
