/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the kernel-runtime tests (tests/target/kernel-runtime) and the
 * kernel benchmarks (tests/bench): timeouts in milliseconds, threads in the
 * root task (UTCB slots of the root task's UTCB area, static stacks), child
 * tasks that share the root task's image 1:1 so that functions of this
 * program run in them unchanged, capability transfer into a child, and a
 * page-aligned code stub for execute faults. Only the L4Re C API is used.
 */
#pragma once

#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/* The root task's UTCB area (doc/abi.md): slot 0 is the main thread's UTCB. */
#define KT_UTCB_AREA 0x0000ffffffff0000UL
/* Where child tasks get their (one page, four UTCB) UTCB area. */
#define KT_CHILD_UTCB_AREA 0x0000ffffffff0000UL
#define KT_CHILD_UTCB_ORDER 12
/* A capability selector from a slot number. */
#define KT_CAP(slot) ((l4_cap_idx_t)(slot) << L4_CAP_SHIFT)
/* Stack size of helper threads (static arrays, 16-byte aligned tops). */
#define KT_STACK_SIZE 8192
/* The root task's main thread runs at this priority unless a test changes it. */
#define KT_PRIO 2

typedef char kt_stack_t[KT_STACK_SIZE] __attribute__((aligned(16)));

/** Top of \a stack, the initial sp of a thread. */
static inline l4_addr_t kt_stack_top(kt_stack_t *stack)
{
    return (l4_addr_t)(*stack + KT_STACK_SIZE);
}

/** Send and receive timeout of \a ms milliseconds each. */
l4_timeout_t kt_to_ms(unsigned ms);
/** Receive timeout of \a ms milliseconds with a zero send timeout (replies). */
l4_timeout_t kt_reply_rcv_ms(unsigned ms);
/** The KIP clock in microseconds. */
l4_cpu_time_t kt_now_us(void);
/** Busy-wait (no system call) until the KIP clock advanced by \a us. */
void kt_spin_us(unsigned us);

/** l4_error() of \a tag, as a long. */
long kt_err(l4_msgtag_t tag);
/** The TCR IPC error code of \a tag (0 if the tag has no error flag). */
unsigned long kt_ipc_err(l4_msgtag_t tag);

/** Block the calling thread for good (the end of every helper thread). */
void kt_park(void) __attribute__((noreturn));

/** UTCB address of slot \a slot of the root task's UTCB area. */
l4_addr_t kt_utcb_slot(unsigned slot);

/**
 * Create thread \a cap with the root factory and bind it to \a task with
 * the UTCB at \a utcb. \a pager and \a exc_handler are selectors in \a task;
 * L4_INVALID_CAP leaves them unset.
 * \return 0 or the first negative error
 */
long kt_thread_create(l4_cap_idx_t factory, l4_cap_idx_t cap, l4_cap_idx_t task,
                      l4_addr_t utcb, l4_cap_idx_t pager, l4_cap_idx_t exc_handler);
/** Set pc/sp of \a cap and start it at \a prio (default quantum). */
long kt_thread_go(l4_cap_idx_t cap, void (*fn)(void), l4_addr_t sp, unsigned prio);
/** Set priority and quantum (µs, 0 = default) of \a cap. */
long kt_set_prio(l4_cap_idx_t cap, unsigned prio, unsigned quantum_us);
/**
 * A thread of the root task in one call: create at \a cap, UTCB slot \a slot,
 * exception handler \a exc_handler (L4_INVALID_CAP: none), start \a fn.
 */
long kt_thread_start(l4_cap_idx_t cap, unsigned slot, void (*fn)(void), kt_stack_t *stack,
                     unsigned prio, l4_cap_idx_t exc_handler);

/** Create task \a task with \a factory and a one-page UTCB area at KT_CHILD_UTCB_AREA. */
long kt_task_create(l4_cap_idx_t factory, l4_cap_idx_t task);
/**
 * Map this program's whole image (code, data, bss, static stacks) into
 * \a task at the same addresses, page by page, with the rights we hold
 * (RWX requested; the kernel keeps only what we have).
 */
long kt_task_share_image(l4_cap_idx_t task);
/** kt_task_share_image() without the pages in [\a skip_lo, \a skip_hi). */
long kt_task_share_image_except(l4_cap_idx_t task, l4_addr_t skip_lo, l4_addr_t skip_hi);
/** Map our capability \a ours into \a task at selector \a theirs with \a rights. */
long kt_task_give_cap(l4_cap_idx_t task, l4_cap_idx_t ours, l4_cap_idx_t theirs,
                      unsigned rights);
/** Map our capability \a ours to our own selector \a alias with fewer \a rights. */
long kt_cap_alias(l4_cap_idx_t ours, l4_cap_idx_t alias, unsigned rights);

/*
 * A page of code on its own (page aligned, position independent): returns
 * 42 in x0. Page-fault tests map this page at another address and call it
 * there to cause an execute fault.
 */
extern char kt_exec_stub[];
#define KT_EXEC_STUB_RESULT 42

extern char __image_start[];
extern char __image_end[];
