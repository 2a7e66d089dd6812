// SPDX-License-Identifier: MIT
/*
 * The kernel Scheduler object (L4_BASE_SCHEDULER_CAP, protocol
 * L4_PROTO_SCHEDULER): info (the online CPUs, fixed-priority class),
 * run_thread (priority 1..255, higher values clamped to 255, time quantum in
 * microseconds rounded up to ticks, placed on the first online CPU of its
 * CPU set, moving it there if it lives elsewhere; a thread the factory made
 * starts once it has had both run_thread and ex_regs, thread.h) and idle_time
 * (of the first online CPU of the set).
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/types.h>
#include "invocation.h"
#include "kip.h"
#include "sched.h"
#include "smp.h"
#include "scheduler.h"
#include "task.h"
#include "thread.h"

/*
 * A CPU set is granularity << 24 | offset and a map: bit i of the map covers
 * CPUs [offset + i * 2^g, offset + (i + 1) * 2^g) (l4_sched_param's 0xff: all).
 */
static bool cpu_set_has(l4_umword_t gran_offset, l4_umword_t map, unsigned cpu)
{
    l4_umword_t offset = gran_offset & 0xffffff;
    unsigned gran = (gran_offset >> 24) & 0xff;
    if (cpu < offset) {
        return false;
    }
    l4_umword_t bit = gran >= 64 ? 0 : (cpu - offset) >> gran;
    return bit < L4_MWORD_BITS && ((map >> bit) & 1);
}

/* The first online CPU in the set, or -1. */
static int cpu_set_first_online(l4_umword_t gran_offset, l4_umword_t map)
{
    for (unsigned c = 0; c < cpus_online; c++) {
        if (cpu_set_has(gran_offset, map, c)) {
            return (int)c;
        }
    }
    return -1;
}

/* op: L4_SCHEDULER_INFO_OP, rights: none */
static void sched_op_info(struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    l4_umword_t gran_offset = l4_msgtag_words(inv->tag) >= 2 ? mr[1] : 0;
    l4_umword_t offset = gran_offset & 0xffffff;
    unsigned gran = (gran_offset >> 24) & 0xff;
    l4_umword_t online = 0;
    for (unsigned c = 0; c < cpus_online; c++) {
        if (c >= offset && gran < 64 && ((c - offset) >> gran) < L4_MWORD_BITS) {
            online |= 1UL << ((c - offset) >> gran);
        }
    }
    mr[0] = online;
    mr[1] = cpus_online; /* the highest CPU number + 1 (CPUs are numbered densely) */
    mr[2] = L4_SCHEDULER_CLASS_FIXED_PRIO;
    invocation_reply(inv, l4_msgtag(0, 3, 0, 0));
}

struct placement {
    struct thread *t;
    unsigned cpu, prio, ticks;
};

static void place_thread(void *arg)
{
    struct placement *p = arg;
    if (p->t->state == THREAD_DEAD) {
        return;
    }
    sched_set_params(p->t, p->prio, p->ticks);
    if (p->t->cpu != p->cpu) {
        arch_thread_fpu_flush(p->t);
        sched_move(p->t, p->cpu);
    }
    /* A new thread starts when it also has its registers (ex_regs). */
    thread_start_got(p->t, THREAD_START_CPU);
}

/* op: L4_SCHEDULER_RUN_THREAD_OP, rights: none (S on the thread) */
static void sched_op_run_thread(struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) < 5 || l4_msgtag_items(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    unsigned rights = 0;
    struct kobj *o = task_lookup(inv->caller->task, mr[6] & L4_FPAGE_ADDR_MASK, &thread_type,
                                 &rights);
    if (!o) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    /* Priority 0 belongs to the idle thread; above the maximum is clamped. */
    int cpu = cpu_set_first_online(mr[1], mr[2]);
    if (mr[3] < L4_SCHED_MIN_PRIO || cpu < 0) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    unsigned prio = mr[3] > L4_SCHED_MAX_PRIO ? L4_SCHED_MAX_PRIO : (unsigned)mr[3];
    struct thread *t = CONTAINER_OF(o, struct thread, kobj);
    if (t->state == THREAD_DEAD) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    unsigned tick = kip->scheduler_granularity ? kip->scheduler_granularity : 1000;
    unsigned ticks = mr[4] ? (unsigned)((mr[4] + tick - 1) / tick) : 0;
    struct placement p = { t, (unsigned)cpu, prio, ticks };
    /* Its registers may be in another CPU (running there, or FP state): moved from there. */
    smp_call_for(t, place_thread, &p);
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* op: L4_SCHEDULER_IDLE_TIME_OP, rights: none */
static void sched_op_idle_time(struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    int cpu = l4_msgtag_words(inv->tag) >= 3 ? cpu_set_first_online(mr[1], mr[2]) : 0;
    if (cpu < 0) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    mr[0] = sched_idle_time((unsigned)cpu);
    invocation_reply(inv, l4_msgtag(0, 1, 0, 0));
}

static void scheduler_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    (void)obj;
    (void)rights;
    if (l4_msgtag_label(inv->tag) != L4_PROTO_SCHEDULER) {
        invocation_error(inv, -L4_EBADPROTO);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    switch (l4_utcb_mr_u(inv->utcb)->mr[0]) {
    case L4_SCHEDULER_INFO_OP: sched_op_info(inv); break;
    case L4_SCHEDULER_RUN_THREAD_OP: sched_op_run_thread(inv); break;
    case L4_SCHEDULER_IDLE_TIME_OP: sched_op_idle_time(inv); break;
    default: invocation_error(inv, -L4_ENOSYS); break;
    }
}

static const struct kobj_type scheduler_type = {
    .name = "Scheduler",
    .invoke = scheduler_invoke,
};

struct kobj scheduler_object = KOBJ_STATIC(&scheduler_type);
