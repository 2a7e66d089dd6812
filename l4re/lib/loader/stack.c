/* SPDX-License-Identifier: MIT */
/*
 * The initial-stack builder (l4/loader/stack.h). Everything is placed from
 * the top of the buffer downwards; the vector block comes last, so the
 * stack pointer ends up below all the data it points to, as on Linux.
 */
#include <l4/loader/stack.h>

void ldr_stack_init(struct ldr_stack *s, void *buf, l4_addr_t vbase, l4_size_t size)
{
    s->buf = buf;
    s->vbase = vbase;
    s->size = size;
    s->top = size;
    s->overflow = 0;
}

/* Reserve len bytes aligned to align below the top; returns the offset or -1. */
static long reserve(struct ldr_stack *s, l4_size_t len, l4_size_t align)
{
    l4_addr_t v;

    if (s->overflow || len > s->top) {
        s->overflow = 1;
        return -1;
    }
    v = (s->vbase + s->top - len) & ~(l4_addr_t)(align - 1);
    if (v < s->vbase) {
        s->overflow = 1;
        return -1;
    }
    s->top = v - s->vbase;
    return (long)s->top;
}

l4_addr_t ldr_stack_push(struct ldr_stack *s, void const *data, l4_size_t len,
                         l4_size_t align)
{
    unsigned char const *src = data;
    long off = reserve(s, len, align ? align : 1);
    l4_size_t i;

    if (off < 0) {
        return 0;
    }
    for (i = 0; i < len; ++i) {
        s->buf[off + (long)i] = src[i];
    }
    return s->vbase + (l4_addr_t)off;
}

l4_addr_t ldr_stack_push_str(struct ldr_stack *s, char const *str)
{
    l4_size_t len = 0;

    while (str[len]) {
        ++len;
    }
    return ldr_stack_push(s, str, len + 1, 1);
}

static void put_word(struct ldr_stack *s, long off, l4_umword_t w)
{
    unsigned i;

    for (i = 0; i < sizeof(w); ++i) {
        s->buf[off + (long)i] = (unsigned char)(w >> (8 * i));
    }
}

l4_addr_t ldr_stack_finish(struct ldr_stack *s, unsigned argc, l4_addr_t const *argv,
                           unsigned envc, l4_addr_t const *envp, l4_umword_t const *auxv,
                           unsigned nauxv)
{
    l4_size_t words = 1 + (argc + 1) + (envc + 1) + 2 * ((l4_size_t)nauxv + 1);
    long off = reserve(s, words * sizeof(l4_umword_t), 16);
    unsigned i;

    if (off < 0) {
        return 0;
    }
    put_word(s, off, argc);
    off += 8;
    for (i = 0; i < argc; ++i, off += 8) {
        put_word(s, off, argv[i]);
    }
    put_word(s, off, 0);
    off += 8;
    for (i = 0; i < envc; ++i, off += 8) {
        put_word(s, off, envp[i]);
    }
    put_word(s, off, 0);
    off += 8;
    for (i = 0; i < 2 * nauxv; ++i, off += 8) {
        put_word(s, off, auxv[i]);
    }
    put_word(s, off, LDR_AT_NULL);
    put_word(s, off + 8, 0);
    return s->vbase + s->top;
}

void *ldr_stack_ptr(struct ldr_stack const *s, l4_addr_t vaddr)
{
    if (vaddr < s->vbase || vaddr - s->vbase >= s->size) {
        return 0;
    }
    return s->buf + (vaddr - s->vbase);
}
