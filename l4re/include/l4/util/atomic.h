/* SPDX-License-Identifier: MIT */
/*
 * l4util atomic operations (L4Re's l4/util/atomic.h): compare-and-swap,
 * exchange, and add/sub/and/or/inc/dec on 8-, 16- and 32-bit words, the
 * _res forms returning the new value. Built on the compiler's __atomic
 * builtins with sequentially consistent ordering; header-only.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/* Declare and define one operation family for one width (implementation below). */
#define L4UTIL__ATOMIC_OPS(bits, type)                                                     \
    L4_INLINE int l4util_cmpxchg##bits(volatile type *dest, type cmp_val, type new_val)     \
    {                                                                                       \
        return __atomic_compare_exchange_n(dest, &cmp_val, new_val, 0, __ATOMIC_SEQ_CST,   \
                                           __ATOMIC_SEQ_CST);                              \
    }                                                                                       \
    L4_INLINE type l4util_xchg##bits(volatile type *dest, type val)                         \
    {                                                                                       \
        return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);                            \
    }

#define L4UTIL__ATOMIC_ARITH(op, bits, type)                                                \
    L4_INLINE void l4util_##op##bits(volatile type *dest, type val)                         \
    {                                                                                       \
        (void)__atomic_##op##_fetch(dest, val, __ATOMIC_SEQ_CST);                           \
    }                                                                                       \
    L4_INLINE type l4util_##op##bits##_res(volatile type *dest, type val)                   \
    {                                                                                       \
        return __atomic_##op##_fetch(dest, val, __ATOMIC_SEQ_CST);                          \
    }

#define L4UTIL__ATOMIC_INCDEC(bits, type)                                                   \
    L4_INLINE void l4util_inc##bits(volatile type *dest)                                    \
    {                                                                                       \
        (void)__atomic_add_fetch(dest, (type)1, __ATOMIC_SEQ_CST);                          \
    }                                                                                       \
    L4_INLINE type l4util_inc##bits##_res(volatile type *dest)                              \
    {                                                                                       \
        return __atomic_add_fetch(dest, (type)1, __ATOMIC_SEQ_CST);                         \
    }                                                                                       \
    L4_INLINE void l4util_dec##bits(volatile type *dest)                                    \
    {                                                                                       \
        (void)__atomic_sub_fetch(dest, (type)1, __ATOMIC_SEQ_CST);                          \
    }                                                                                       \
    L4_INLINE type l4util_dec##bits##_res(volatile type *dest)                              \
    {                                                                                       \
        return __atomic_sub_fetch(dest, (type)1, __ATOMIC_SEQ_CST);                         \
    }

L4_BEGIN_DECLS

/*
 * The functions (N = 8, 16, 32; cmpxchg/xchg also 64 and the word forms):
 *   int  l4util_cmpxchgN(volatile uN *dest, uN cmp_val, uN new_val)
 *        store new_val if *dest == cmp_val; returns 1 if it did, else 0
 *   uN   l4util_xchgN(volatile uN *dest, uN val)      store val, return the old value
 *   void l4util_{add,sub,and,or}N(volatile uN *dest, uN val)
 *   uN   l4util_{add,sub,and,or}N_res(...)           ... and return the new value
 *   void l4util_{inc,dec}N(volatile uN *dest)
 *   uN   l4util_{inc,dec}N_res(volatile uN *dest)    ... and return the new value
 *   int  l4util_cmpxchg(volatile l4_umword_t *dest, l4_umword_t cmp, l4_umword_t new)
 *   l4_umword_t l4util_xchg(volatile l4_umword_t *dest, l4_umword_t val)
 *   void l4util_atomic_add(volatile long *dest, long val)
 *   void l4util_atomic_inc(volatile long *dest)
 */

/* ---- implementation ---- */

L4UTIL__ATOMIC_OPS(8, l4_uint8_t)
L4UTIL__ATOMIC_OPS(16, l4_uint16_t)
L4UTIL__ATOMIC_OPS(32, l4_uint32_t)
L4UTIL__ATOMIC_OPS(64, l4_uint64_t)
L4UTIL__ATOMIC_OPS(, l4_umword_t)

L4UTIL__ATOMIC_ARITH(add, 8, l4_uint8_t)
L4UTIL__ATOMIC_ARITH(add, 16, l4_uint16_t)
L4UTIL__ATOMIC_ARITH(add, 32, l4_uint32_t)
L4UTIL__ATOMIC_ARITH(sub, 8, l4_uint8_t)
L4UTIL__ATOMIC_ARITH(sub, 16, l4_uint16_t)
L4UTIL__ATOMIC_ARITH(sub, 32, l4_uint32_t)
L4UTIL__ATOMIC_ARITH(and, 8, l4_uint8_t)
L4UTIL__ATOMIC_ARITH(and, 16, l4_uint16_t)
L4UTIL__ATOMIC_ARITH(and, 32, l4_uint32_t)
L4UTIL__ATOMIC_ARITH(or, 8, l4_uint8_t)
L4UTIL__ATOMIC_ARITH(or, 16, l4_uint16_t)
L4UTIL__ATOMIC_ARITH(or, 32, l4_uint32_t)

L4UTIL__ATOMIC_INCDEC(8, l4_uint8_t)
L4UTIL__ATOMIC_INCDEC(16, l4_uint16_t)
L4UTIL__ATOMIC_INCDEC(32, l4_uint32_t)

L4_INLINE void l4util_atomic_add(volatile long *dest, long val)
{
    (void)__atomic_add_fetch(dest, val, __ATOMIC_SEQ_CST);
}

/** Atomically decrement the word at \a dest and return the new value. */
L4_INLINE l4_umword_t l4util_dec_res(volatile l4_umword_t *dest)
{
    return __atomic_sub_fetch(dest, 1, __ATOMIC_SEQ_CST);
}

L4_INLINE void l4util_atomic_inc(volatile long *dest)
{
    (void)__atomic_add_fetch(dest, 1L, __ATOMIC_SEQ_CST);
}

L4_END_DECLS
