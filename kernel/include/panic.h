/* SPDX-License-Identifier: MIT */
/*
 * Fatal kernel errors. panic() is only for impossibilities (a kernel bug or
 * a broken boot); a user program's mistake never reaches it. assert() checks
 * kernel invariants in debug builds and still type-checks otherwise.
 */
#pragma once

#include "base.h"

struct trap_frame;

/** Print "KERNEL PANIC: <msg>", registers and a symbolised backtrace; halt. */
NORETURN void panic(const char *fmt, ...) PRINTF_FMT(1, 2);
/** Same, with the register state of a kernel-mode exception. */
NORETURN void panic_frame(const struct trap_frame *f, const char *fmt, ...) PRINTF_FMT(2, 3);

#define assert(cond)                                                              \
    do {                                                                          \
        if (CONFIG_DEBUG && UNLIKELY(!(cond))) {                                  \
            panic("assertion '%s' failed at %s:%d", #cond, __FILE__, __LINE__);   \
        }                                                                         \
    } while (0)
