// SPDX-License-Identifier: MIT
/*
 * Kernel console output: a small printf formatter over the board UART
 * (bsp_uart_putc). Output is synchronous and unbuffered so that a panic
 * message always appears in full.
 */
#include <bsp/uart.h>
#include "console.h"

struct sink {
    char *buf;          /* NULL: write to the UART */
    size_t size;
    size_t len;
};

static void sink_put(struct sink *s, char c)
{
    if (!s->buf) {
        console_putc(c);
    } else if (s->len + 1 < s->size) {
        s->buf[s->len] = c;
    }
    s->len++;
}

void console_putc(char c)
{
    if (c == '\n') {
        bsp_uart_putc('\r');
    }
    bsp_uart_putc(c);
}

void console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        console_putc(s[i]);
    }
}

static void put_num(struct sink *s, unsigned long long v, unsigned base, int width, char pad,
                    bool neg, bool left)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg) {
        tmp[n++] = '-';
    }
    int fill = width - n;
    for (; !left && fill > 0; fill--) {
        sink_put(s, pad);
    }
    while (n) {
        sink_put(s, tmp[--n]);
    }
    for (; fill > 0; fill--) {
        sink_put(s, ' ');
    }
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            sink_put(s, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        int longs = 0;
        bool left = false;
        for (; *fmt == '0' || *fmt == '-'; fmt++) {
            if (*fmt == '0') {
                pad = '0';
            } else {
                left = true;
            }
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        unsigned long long u;
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = longs ? va_arg(ap, long long) : va_arg(ap, int);
            put_num(s, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, width, pad,
                    v < 0, left);
            break;
        }
        case 'u':
        case 'x':
            u = longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            put_num(s, u, *fmt == 'u' ? 10 : 16, width, pad, false, left);
            break;
        case 'p':
            sink_put(s, '0');
            sink_put(s, 'x');
            put_num(s, (uintptr_t)va_arg(ap, void *), 16, width, pad, false, left);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str) {
                str = "(null)";
            }
            int fill = width - (int)strlen(str);
            for (; !left && fill > 0; fill--) {
                sink_put(s, ' ');
            }
            while (*str) {
                sink_put(s, *str++);
            }
            for (; fill > 0; fill--) {
                sink_put(s, ' ');
            }
            break;
        }
        case 'c':
            sink_put(s, (char)va_arg(ap, int));
            break;
        case '%':
            sink_put(s, '%');
            break;
        default:
            /* Unknown conversion: print it and stop, the arguments no longer match. */
            sink_put(s, '%');
            if (*fmt) {
                sink_put(s, *fmt);
            }
            return;
        }
    }
}

void kvprintf(const char *fmt, va_list ap)
{
    struct sink s = { 0 };
    format(&s, fmt, ap);
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
    struct sink s = { .buf = buf, .size = size, .len = 0 };
    va_list ap;
    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    if (size) {
        buf[s.len < size ? s.len : size - 1] = '\0';
    }
    return (int)s.len;
}
