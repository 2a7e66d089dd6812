/* SPDX-License-Identifier: MIT */
/*
 * Compiler helpers used by the binding headers (L4Re's macro names).
 */
#pragma once

#ifdef __cplusplus
#define L4_BEGIN_DECLS extern "C" {
#define L4_END_DECLS }
#else
#define L4_BEGIN_DECLS
#define L4_END_DECLS
#endif

#define L4_INLINE static inline
#define L4_ALWAYS_INLINE static inline __attribute__((always_inline))
#define L4_NORETURN __attribute__((noreturn))
#define L4_NOTHROW
#define L4_EXPORT __attribute__((visibility("default")))
#define L4_LIKELY(x) __builtin_expect(!!(x), 1)
#define L4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define L4_STICKY(x) __attribute__((used)) x

/* Attributes and linkage markers L4Re programs spell out. On arm64 there is no
 * special calling convention: L4_CV and l4_fastcall are empty. */
#define L4_CV
#define L4_FASTCALL(x) x
#define l4_fastcall
#define L4_NOTHROW__A __attribute__((nothrow))
#define L4_PURE __attribute__((pure))
#define L4_HIDDEN __attribute__((visibility("hidden")))
#define L4_EXPORT_TYPE __attribute__((visibility("default")))
#define L4_NOINSTRUMENT __attribute__((no_instrument_function))
#define L4_DEPRECATED(s) __attribute__((deprecated(s)))
#ifdef __cplusplus
#define L4_DEFAULT_PARAM(x) = x
#else
#define L4_DEFAULT_PARAM(x)
#endif
#if defined(__cplusplus) && __cplusplus >= 201402L
#define L4_CONSTEXPR constexpr
#else
#define L4_CONSTEXPR
#endif
/* Old spellings: using them is a compile error that names the replacement. */
#define EXTERN_C DO_NOT_USE_EXTERN_C_ANY_MORE
#define EXTERN_C_BEGIN DO_NOT_USE_EXTERN_C_BEGIN_ANY_MORE__USE_L4_BEGIN_DECLS
#define EXTERN_C_END DO_NOT_USE_EXTERN_C_END_ANY_MORE__USE_L4_END_DECLS

/** Run \a func (void (void)) before main, ordered by \a prio (101..65535). */
#define L4_DECLARE_CONSTRUCTOR(func, prio) \
    static inline __attribute__((constructor(prio))) void func##_ctor_func(void) { func(); }

/** Make \a aliasname another name of the function \a name (weak: may be overridden). */
#define L4__STRONG_ALIAS(name, aliasname) \
    extern __typeof(name) aliasname __attribute__((alias(#name)));
#define L4__WEAK_ALIAS(name, aliasname) \
    extern __typeof(name) aliasname __attribute__((weak, alias(#name)));
#define L4_STRONG_ALIAS(name, aliasname) L4__STRONG_ALIAS(name, aliasname)
#define L4_WEAK_ALIAS(name, aliasname) L4__WEAK_ALIAS(name, aliasname)

#define L4_stringify_helper(x) #x
/** \a x, macro-expanded, as a string literal. */
#define L4_stringify(x) L4_stringify_helper(x)

#ifdef __has_builtin
#define L4_HAS_BUILTIN(def) __has_builtin(def)
#else
#define L4_HAS_BUILTIN(def) 0
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

/** Stack alignment the AAPCS64 requires at a call (16 bytes). */
#define L4_STACK_ALIGN __BIGGEST_ALIGNMENT__

#if !defined(__ASSEMBLER__)
/** \a stack rounded down so that a function can be entered with it (AAPCS64). */
L4_INLINE unsigned long l4_align_stack_for_direct_fncall(unsigned long stack);
/** Compiler barrier: no memory access is moved across it. */
L4_INLINE void l4_barrier(void);
/** Full memory barrier (inner shareable): all accesses before complete first. */
L4_INLINE void l4_mb(void);
/** Write barrier (inner shareable): stores before it are seen first. */
L4_INLINE void l4_wmb(void);
/** Spin forever. */
L4_INLINE L4_NORETURN void l4_infinite_loop(void);

/* ---- implementation ---- */

L4_INLINE unsigned long l4_align_stack_for_direct_fncall(unsigned long stack)
{
    return stack & ~((unsigned long)L4_STACK_ALIGN - 1);
}

L4_INLINE void l4_barrier(void)
{
    __asm__ __volatile__("" : : : "memory");
}

L4_INLINE void l4_mb(void)
{
    __asm__ __volatile__("dmb ish" : : : "memory");
}

L4_INLINE void l4_wmb(void)
{
    __asm__ __volatile__("dmb ishst" : : : "memory");
}

L4_INLINE L4_NORETURN void l4_infinite_loop(void)
{
    for (;;) {
        l4_barrier();
    }
}
#endif
