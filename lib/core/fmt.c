/* SPDX-License-Identifier: MIT */
/*
 * The one printf-style formatter of the system, built for the kernel,
 * bootstrap, programs without libc (fmt_snprintf, kd_printf) and the
 * host tests alike (lib/core/core.mk): one pass over the
 * format string, literal runs handed to the callback as they are, each
 * conversion decoded into a `struct spec` and then rendered by one
 * function per kind (number, string, char). Unknown conversions are
 * printed as written, so a mistake shows up in the output.
 */
#include <core/fmt.h>

struct spec {
    int left;       /* '-' flag */
    int zero;       /* '0' flag */
    int width;      /* minimum field width */
    int prec;       /* precision, -1 if none */
    int len;        /* length modifier: 0 int, 1 long, 2 long long, -1 short, -2 char */
};

struct sink {
    fmt_out_fn out;
    void *ctx;
    int count;
};

static void emit(struct sink *k, const char *s, unsigned n)
{
    if (n) {
        k->out(k->ctx, s, n);
        k->count += (int)n;
    }
}

static void pad(struct sink *k, char c, int n)
{
    char buf[16];
    int i;

    for (i = 0; i < (int)sizeof(buf); ++i) {
        buf[i] = c;
    }
    while (n > 0) {
        int chunk = n > (int)sizeof(buf) ? (int)sizeof(buf) : n;

        emit(k, buf, (unsigned)chunk);
        n -= chunk;
    }
}

/* Render a field of \a n bytes at \a s with the width and alignment of \a sp. */
static void field(struct sink *k, const struct spec *sp, const char *s, int n)
{
    if (!sp->left) {
        pad(k, ' ', sp->width - n);
    }
    emit(k, s, (unsigned)n);
    if (sp->left) {
        pad(k, ' ', sp->width - n);
    }
}

static void number(struct sink *k, const struct spec *sp, unsigned long long v, int neg,
                   unsigned base, int upper, const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int n = 0;
    int plen = 0;
    int total;

    do {
        buf[sizeof(buf) - 1 - n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg) {
        prefix = "-";
    }
    while (prefix && prefix[plen]) {
        ++plen;
    }
    total = n + plen;
    if (sp->zero && !sp->left) {
        emit(k, prefix, (unsigned)plen);
        pad(k, '0', sp->width - total);
    } else {
        if (!sp->left) {
            pad(k, ' ', sp->width - total);
        }
        emit(k, prefix, (unsigned)plen);
    }
    emit(k, buf + sizeof(buf) - n, (unsigned)n);
    if (sp->left) {
        pad(k, ' ', sp->width - total);
    }
}

static unsigned long long get_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case 2:
        return va_arg(*ap, unsigned long long);
    case 1:
        return va_arg(*ap, unsigned long);
    case -1:
        return (unsigned short)va_arg(*ap, unsigned int);
    case -2:
        return (unsigned char)va_arg(*ap, unsigned int);
    default:
        return va_arg(*ap, unsigned int);
    }
}

static long long get_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case 2:
        return va_arg(*ap, long long);
    case 1:
        return va_arg(*ap, long);
    case -1:
        return (short)va_arg(*ap, int);
    case -2:
        return (signed char)va_arg(*ap, int);
    default:
        return va_arg(*ap, int);
    }
}

/* Parse flags, width, precision and length at *pf; leaves *pf at the conversion. */
static void parse_spec(const char **pf, struct spec *sp, va_list *ap)
{
    const char *f = *pf;

    sp->left = sp->zero = sp->width = sp->len = 0;
    sp->prec = -1;
    for (;; ++f) {
        if (*f == '-') {
            sp->left = 1;
        } else if (*f == '0') {
            sp->zero = 1;
        } else {
            break;
        }
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = 1;
            sp->width = -sp->width;
        }
        ++f;
    }
    while (*f >= '0' && *f <= '9') {
        sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        ++f;
        sp->prec = 0;
        if (*f == '*') {
            sp->prec = va_arg(*ap, int);
            ++f;
        }
        while (*f >= '0' && *f <= '9') {
            sp->prec = sp->prec * 10 + (*f++ - '0');
        }
    }
    for (;; ++f) {
        if (*f == 'l') {
            ++sp->len;
        } else if (*f == 'h') {
            --sp->len;
        } else if (*f == 'z' || *f == 't' || *f == 'j') {
            sp->len = 1; /* size_t, ptrdiff_t, intmax_t: a long on LP64 */
        } else {
            break;
        }
    }
    *pf = f;
}

int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap_in)
{
    struct sink k = { out, ctx, 0 };
    va_list ap;

    va_copy(ap, ap_in);
    while (*fmt) {
        const char *start = fmt;
        struct spec sp;

        while (*fmt && *fmt != '%') {
            ++fmt;
        }
        emit(&k, start, (unsigned)(fmt - start));
        if (!*fmt) {
            break;
        }
        start = fmt++;
        parse_spec(&fmt, &sp, &ap);
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long v = get_signed(&sp, &ap);
            number(&k, &sp, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v,
                   v < 0, 10, 0, 0);
            break;
        }
        case 'u':
            number(&k, &sp, get_unsigned(&sp, &ap), 0, 10, 0, 0);
            break;
        case 'x':
        case 'X':
            number(&k, &sp, get_unsigned(&sp, &ap), 0, 16, *fmt == 'X', 0);
            break;
        case 'o':
            number(&k, &sp, get_unsigned(&sp, &ap), 0, 8, 0, 0);
            break;
        case 'p':
            number(&k, &sp, (unsigned long)va_arg(ap, void *), 0, 16, 0, "0x");
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            field(&k, &sp, &c, 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = 0;

            if (!s) {
                s = "(null)";
            }
            while (s[n] && (sp.prec < 0 || n < sp.prec)) {
                ++n;
            }
            field(&k, &sp, s, n);
            break;
        }
        case '%':
            emit(&k, "%", 1);
            break;
        default:
            /* Unknown or truncated conversion: show it as written. */
            emit(&k, start, (unsigned)(fmt - start) + (*fmt ? 1U : 0U));
            break;
        }
        if (*fmt) {
            ++fmt;
        }
    }
    va_end(ap);
    return k.count;
}

struct bufctx {
    char *buf;
    size_t size;
    size_t pos;
};

static void buf_out(void *ctx, const char *s, unsigned n)
{
    struct bufctx *b = ctx;
    unsigned i;

    for (i = 0; i < n; ++i, ++b->pos) {
        if (b->pos + 1 < b->size) {
            b->buf[b->pos] = s[i];
        }
    }
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct bufctx b = { buf, size, 0 };
    int n = fmt_vformat(buf_out, &b, fmt, ap);

    if (size) {
        buf[b.pos < size ? b.pos : size - 1] = '\0';
    }
    return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
