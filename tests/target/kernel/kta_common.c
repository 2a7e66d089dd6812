/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the kernel tests, part A (kta_common.h). A helper thread is
 * created with the root factory, bound to the root task with the next free
 * 1 KiB UTCB slot (slot 0 is the main thread's), gets no pager (a fault
 * stops it) and starts at kt_entry with its struct kt_thread pointer on the
 * top of its stack. The root thread runs at priority 2, helpers by default
 * too, so a started helper runs once the main thread blocks.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include "kta_common.h"

#define KT_DEFAULT_PRIO 2

static unsigned kt_next_utcb_slot = 1;

void kt__thread_main(struct kt_thread *t);

/* pc of every helper: x0 = the struct pointer stored at the stack top. */
__asm__(".text\n"
        ".global kt_entry\n"
        ".type kt_entry, %function\n"
        "kt_entry:\n"
        "    ldr x0, [sp]\n"
        "    bl kt__thread_main\n"
        "1:  b 1b\n"
        ".size kt_entry, . - kt_entry\n");

void kt__thread_main(struct kt_thread *t)
{
    t->started = 1;
    if (t->fn) {
        t->fn(t);
    }
    t->done = 1;
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

l4_utcb_t *kt_utcb(unsigned slot)
{
    return (l4_utcb_t *)(KT_UTCB_AREA + (l4_addr_t)slot * L4_UTCB_OFFSET);
}

l4_uint64_t kt_now_us(void)
{
    return l4_kip_clock(l4_global_kip);
}

/* One half of a timeout pair. */
static l4_timeout_s kt_to(unsigned ms)
{
    if (ms == ~0U) {
        return L4_IPC_TIMEOUT_NEVER;
    }
    return l4_timeout_from_us((l4_uint64_t)ms * 1000U);
}

l4_timeout_t kt_timeout_ms(unsigned snd_ms, unsigned rcv_ms)
{
    return l4_timeout(kt_to(snd_ms), kt_to(rcv_ms));
}

long kt_ipc_err(l4_msgtag_t tag)
{
    return (long)l4_ipc_error(tag, l4_utcb());
}

void kt_sleep_ms(unsigned ms)
{
    l4_ipc_sleep_ms(ms);
}

l4_addr_t kt_stack_top(struct kt_thread *t)
{
    l4_addr_t sp = (l4_addr_t)(t->stack + sizeof(t->stack)) - 16;

    *(struct kt_thread **)sp = t;
    return sp;
}

long kt_thread_create(struct kt_thread *t, l4_cap_idx_t cap)
{
    t->cap = cap;
    t->started = 0;
    t->done = 0;
    return l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, cap));
}

long kt_thread_bind(struct kt_thread *t)
{
    t->utcb_slot = kt_next_utcb_slot++;
    l4_thread_control_start();
    l4_thread_control_pager(L4_INVALID_CAP);
    l4_thread_control_exc_handler(L4_INVALID_CAP);
    l4_thread_control_bind(kt_utcb(t->utcb_slot), L4_BASE_TASK_CAP);
    return l4_error(l4_thread_control_commit(t->cap));
}

long kt_thread_set_fn(struct kt_thread *t, void (*fn)(struct kt_thread *))
{
    t->fn = fn;
    return l4_error(l4_thread_ex_regs(t->cap, (l4_addr_t)kt_entry, kt_stack_top(t), 0));
}

long kt_thread_run(struct kt_thread *t, unsigned prio)
{
    l4_sched_param_t sp = l4_sched_param(prio, 0);

    return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, t->cap, &sp));
}

long kt_thread_start(struct kt_thread *t, l4_cap_idx_t cap, void (*fn)(struct kt_thread *))
{
    long r = kt_thread_create(t, cap);

    if (r >= 0) {
        r = kt_thread_bind(t);
    }
    if (r >= 0) {
        r = kt_thread_set_fn(t, fn);
    }
    if (r >= 0) {
        r = kt_thread_run(t, KT_DEFAULT_PRIO);
    }
    return r < 0 ? r : 0;
}

int kt_wait_done(struct kt_thread *t, unsigned ms)
{
    l4_uint64_t end = kt_now_us() + (l4_uint64_t)ms * 1000U;

    while (!t->done && kt_now_us() < end) {
        kt_sleep_ms(1);
    }
    return t->done;
}

/* Probe body: arg[0] = address, arg[1] = write?, arg[2] = value. */
static void kt_probe_fn(struct kt_thread *t)
{
    volatile l4_umword_t *p = (volatile l4_umword_t *)t->arg[0];

    if (t->arg[1]) {
        *p = (l4_umword_t)t->arg[2];
    } else {
        t->res[0] = (long)*p;
    }
}

int kt_probe(l4_cap_idx_t cap, l4_addr_t addr, int write, l4_umword_t value,
             l4_umword_t *out)
{
    static struct kt_thread probes[16];
    static unsigned next;
    struct kt_thread *t;

    if (next >= sizeof(probes) / sizeof(probes[0])) {
        return 0;
    }
    t = &probes[next++];
    t->arg[0] = (long)addr;
    t->arg[1] = write;
    t->arg[2] = (long)value;
    /* Wait even if a step failed: a bound thread may already run after ex_regs. */
    kt_thread_start(t, cap, kt_probe_fn);
    if (!kt_wait_done(t, 200)) {
        return 0;
    }
    if (out) {
        *out = (l4_umword_t)t->res[0];
    }
    return 1;
}
