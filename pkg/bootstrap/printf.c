/* SPDX-License-Identifier: MIT */
/*
 * A small printf for bootstrap: integers in decimal and hex, strings,
 * characters and pointers, with width, '-' and '0'. One formatter writes
 * through a sink, either the console or a bounded buffer, so console output
 * and error-reason strings share the code.
 */
#include <stdint.h>

#include "console.h"

struct sink {
    char *buf;      /* NULL: the console */
    size_t len;     /* buffer size */
    size_t pos;     /* characters produced so far */
};

struct spec {
    int left;       /* '-' */
    char pad;       /* ' ' or '0' */
    unsigned width;
};

static void put(struct sink *s, char c)
{
    if (!s->buf) {
        console_putc(c);
    } else if (s->pos + 1 < s->len) {
        s->buf[s->pos] = c;
    }
    s->pos++;
}

static void put_padded(struct sink *s, const struct spec *sp, const char *str, size_t n)
{
    size_t fill = sp->width > n ? sp->width - n : 0;

    if (!sp->left && sp->pad == '0' && n > 0 && str[0] == '-') {
        put(s, *str++);
        n--;
    }
    for (; !sp->left && fill > 0; fill--) {
        put(s, sp->pad);
    }
    for (size_t i = 0; i < n; i++) {
        put(s, str[i]);
    }
    for (; fill > 0; fill--) {
        put(s, ' ');
    }
}

static void put_number(struct sink *s, const struct spec *sp, uint64_t v, unsigned base,
                       int negative)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[24];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = digits[v % base];
        v /= base;
    } while (v);
    if (negative) {
        tmp[--i] = '-';
    }
    put_padded(s, sp, tmp + i, sizeof(tmp) - i);
}

/* Fetch an integer argument of the given length (0: int, 1: long, 2: long long / size_t). */
static uint64_t get_unsigned(va_list *ap, int length)
{
    if (length == 0) {
        return va_arg(*ap, unsigned int);
    }
    return length == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned long long);
}

static int64_t get_signed(va_list *ap, int length)
{
    if (length == 0) {
        return va_arg(*ap, int);
    }
    return length == 1 ? va_arg(*ap, long) : va_arg(*ap, long long);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    va_list args;

    va_copy(args, ap);
    for (; *fmt; fmt++) {
        struct spec sp = { .left = 0, .pad = ' ', .width = 0 };
        int length = 0;

        if (*fmt != '%') {
            put(s, *fmt);
            continue;
        }
        for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-') {
                sp.left = 1;
            } else {
                sp.pad = '0';
            }
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
            sp.width = sp.width * 10 + (unsigned)(*fmt - '0');
        }
        for (; *fmt == 'l' || *fmt == 'z'; fmt++) {
            length = *fmt == 'z' ? 2 : length + 1;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = get_signed(&args, length);
            put_number(s, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
            break;
        }
        case 'u':
            put_number(s, &sp, get_unsigned(&args, length), 10, 0);
            break;
        case 'x':
            put_number(s, &sp, get_unsigned(&args, length), 16, 0);
            break;
        case 'p':
            put(s, '0');
            put(s, 'x');
            put_number(s, &sp, (uintptr_t)va_arg(args, void *), 16, 0);
            break;
        case 'c': {
            char c = (char)va_arg(args, int);
            put_padded(s, &sp, &c, 1);
            break;
        }
        case 's': {
            const char *str = va_arg(args, const char *);
            size_t n = 0;
            if (!str) {
                str = "(null)";
            }
            while (str[n]) {
                n++;
            }
            put_padded(s, &sp, str, n);
            break;
        }
        case '%':
            put(s, '%');
            break;
        case '\0':
            fmt--;      /* a lone '%' at the end: stop at the terminator */
            break;
        default:
            put(s, '%');
            put(s, *fmt);
            break;
        }
    }
    va_end(args);
}

int vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
    struct sink s = { .buf = buf, .len = len, .pos = 0 };

    format(&s, fmt, ap);
    if (len > 0) {
        buf[s.pos < len ? s.pos : len - 1] = '\0';
    }
    return (int)s.pos;
}

int snprintf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    struct sink s = { .buf = NULL, .len = 0, .pos = 0 };
    va_list ap;

    va_start(ap, fmt);
    format(&s, fmt, ap);
    va_end(ap);
    return (int)s.pos;
}
