/* SPDX-License-Identifier: MIT */
/*
 * Small l4util helpers that need only the kernel API: sleeping (a receive
 * from nobody with a timeout), touching memory so it is mapped before use,
 * and converting microseconds to an IPC timeout. Header-only so that
 * programs without libraries (and the kernel tests) can use them.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/** Sleep for at least \a ms milliseconds. */
L4_INLINE void l4_sleep(l4_uint32_t ms);
/** Sleep for at least \a us microseconds. */
L4_INLINE void l4_usleep(l4_uint64_t us);
/** Block the calling thread forever. */
L4_INLINE L4_NORETURN void l4_sleep_forever(void);
/** Read one byte of every page of [addr, addr + size) (fault it in read-only). */
L4_INLINE void l4_touch_ro(const void *addr, unsigned size);
/** Read and write back one byte of every page of [addr, addr + size). */
L4_INLINE void l4_touch_rw(const void *addr, unsigned size);
/** The shortest relative timeout of at least \a us microseconds. */
L4_INLINE l4_timeout_s l4util_micros2l4to(l4_uint64_t us);

/* ---- implementation ---- */

L4_INLINE void l4_usleep(l4_uint64_t us)
{
    l4_ipc_sleep_us(us);
}

L4_INLINE void l4_sleep(l4_uint32_t ms)
{
    l4_ipc_sleep_us((l4_uint64_t)ms * 1000U);
}

L4_INLINE L4_NORETURN void l4_sleep_forever(void)
{
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

L4_INLINE void l4_touch_ro(const void *addr, unsigned size)
{
    l4_addr_t a = l4_trunc_page((l4_addr_t)addr);
    l4_addr_t end = (l4_addr_t)addr + size;

    for (; a < end; a += L4_PAGESIZE) {
        (void)*(volatile const char *)a;
    }
}

L4_INLINE void l4_touch_rw(const void *addr, unsigned size)
{
    l4_addr_t a = l4_trunc_page((l4_addr_t)addr);
    l4_addr_t end = (l4_addr_t)addr + size;

    for (; a < end; a += L4_PAGESIZE) {
        volatile char *p = (volatile char *)a;
        *p = *p;
    }
}

L4_INLINE l4_timeout_s l4util_micros2l4to(l4_uint64_t us)
{
    return l4_timeout_from_us(us);
}

L4_END_DECLS
