/* SPDX-License-Identifier: MIT */
/*
 * L4_STATIC_ASSERT: a compile-time check that works in every language mode
 * the binding headers must accept (C99 -pedantic, C11, C++). The ABI layouts
 * shared with the kernel and with assembly (UTCB, exception frame) are
 * asserted with it. The `__extension__` keeps C99 -pedantic quiet.
 */
#pragma once

#ifndef L4_STATIC_ASSERT
#if defined(__cplusplus)
#define L4_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define L4_STATIC_ASSERT(cond, msg) __extension__ _Static_assert(cond, msg)
#endif
#endif
