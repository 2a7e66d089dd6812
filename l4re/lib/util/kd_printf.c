/* SPDX-License-Identifier: MIT */
/*
 * kd_printf(): the formatter of fmt.c writing into a stack buffer that is
 * flushed to the kernel debug console when full and at the end. One
 * kernel call carries up to L4_KDEBUG_TEXT_MAX bytes, so the buffer is one
 * call's worth and a short line never gets split.
 */
#include <l4/sys/kdebug.h>
#include <l4/util/fmt.h>
#include <l4/util/kd_printf.h>

struct kdbuf {
    unsigned pos;
    char buf[L4_KDEBUG_TEXT_MAX];
};

static void kd_flush(struct kdbuf *b)
{
    if (b->pos) {
        l4_kd_outnstring(b->buf, b->pos);
        b->pos = 0;
    }
}

static void kd_out(void *ctx, const char *s, unsigned n)
{
    struct kdbuf *b = ctx;
    unsigned i;

    for (i = 0; i < n; ++i) {
        if (b->pos == sizeof(b->buf)) {
            kd_flush(b);
        }
        b->buf[b->pos++] = s[i];
    }
}

int kd_vprintf(const char *fmt, va_list ap)
{
    struct kdbuf b;
    int n;

    b.pos = 0;
    n = l4util_vformat(kd_out, &b, fmt, ap);
    kd_flush(&b);
    return n;
}

int kd_printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = kd_vprintf(fmt, ap);
    va_end(ap);
    return n;
}
