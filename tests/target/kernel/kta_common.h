/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the kernel target tests, part A (ktest_ipc, _task,
 * _thread, _factory, _gate): capability slots and UTCB slots of the root
 * task, helper threads with static stacks, IPC timeouts in milliseconds,
 * the KIP clock, and memory probes that run in a throw-away thread so a
 * fault stops only the probe. Only the main thread prints TAP lines;
 * helpers report through the fields of their struct kt_thread.
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/ipc.h>

/** Selector of capability slot \a n. */
#define KT_CAP(n) ((l4_cap_idx_t)(n) << L4_CAP_SHIFT)
/** An empty slot (no test puts anything there). */
#define KT_EMPTY_CAP KT_CAP(0xfe)
/** The root task's UTCB area (doc/abi.md): 64 KiB, 1 KiB per thread. */
#define KT_UTCB_AREA 0x0000ffffffff0000UL
/** Stack bytes of a helper thread. */
#define KT_STACK_SIZE 8192

/** A helper thread of the root task. */
struct kt_thread {
    l4_cap_idx_t cap;          /**< its capability */
    unsigned utcb_slot;        /**< 1 KiB slot in the UTCB area */
    void (*fn)(struct kt_thread *);
    volatile int started;      /**< set when fn begins */
    volatile int done;         /**< set when fn returned */
    volatile long arg[4];      /**< inputs */
    volatile long res[8];      /**< results, read by the main thread */
    char stack[KT_STACK_SIZE] __attribute__((aligned(16)));
};

/** The UTCB address of slot \a slot of the root task. */
l4_utcb_t *kt_utcb(unsigned slot);
/** KIP clock in microseconds. */
l4_uint64_t kt_now_us(void);
/** Timeout pair of \a snd_ms / \a rcv_ms milliseconds (~0U: never, 0: zero). */
l4_timeout_t kt_timeout_ms(unsigned snd_ms, unsigned rcv_ms);
/** The IPC error code of \a tag (0 if none). */
long kt_ipc_err(l4_msgtag_t tag);
/** Sleep \a ms milliseconds. */
void kt_sleep_ms(unsigned ms);

/** Create the thread at \a cap with no pager. \return l4_error() of the creation */
long kt_thread_create(struct kt_thread *t, l4_cap_idx_t cap);
/** Bind it to the root task with the next free UTCB slot. \return l4_error() */
long kt_thread_bind(struct kt_thread *t);
/** Set pc/sp so that it runs \a fn. \return l4_error() of ex_regs */
long kt_thread_set_fn(struct kt_thread *t, void (*fn)(struct kt_thread *));
/** Start it with priority \a prio. \return l4_error() of run_thread */
long kt_thread_run(struct kt_thread *t, unsigned prio);
/**
 * All of the above with the default priority of the root thread.
 * \return 0 or the first error
 */
long kt_thread_start(struct kt_thread *t, l4_cap_idx_t cap, void (*fn)(struct kt_thread *));
/** Wait (sleeping) up to \a ms for t->done. \return t->done */
int kt_wait_done(struct kt_thread *t, unsigned ms);
/** The entry address helper threads start at (reads its struct from the stack top). */
extern char kt_entry[];
/** Initial stack pointer of \a t (its struct pointer is stored there). */
l4_addr_t kt_stack_top(struct kt_thread *t);

/**
 * Access \a addr from a fresh helper thread (slot \a cap): read when
 * \a write is 0, else store \a value. A fault stops only the helper.
 * \return 1 if the access completed within 200 ms; *out gets the value read
 */
int kt_probe(l4_cap_idx_t cap, l4_addr_t addr, int write, l4_umword_t value,
             l4_umword_t *out);
