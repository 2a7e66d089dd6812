// SPDX-License-Identifier: MIT
/*
 * The kernel Scheduler object (L4_BASE_SCHEDULER_CAP, protocol
 * L4_PROTO_SCHEDULER): info (one CPU, fixed-priority class), run_thread
 * (priority 1..255, higher values clamped to 255, time quantum in microseconds rounded up to ticks, CPU
 * set that must contain CPU 0) and idle_time.
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/types.h>
#include "invocation.h"
#include "kip.h"
#include "sched.h"
#include "scheduler.h"
#include "task.h"
#include "thread.h"

/*
 * Whether a CPU set (granularity << 24 | offset, map) contains CPU 0: bit 0
 * of the map covers CPUs [offset, offset + 2^granularity), so with offset 0
 * it holds CPU 0 whatever the granularity (l4_sched_param uses 0xff: all).
 */
static bool cpu_set_has_cpu0(l4_umword_t gran_offset, l4_umword_t map)
{
    return (gran_offset & 0xffffff) == 0 && (map & 1);
}

/* op: L4_SCHEDULER_INFO_OP, rights: none */
static void sched_op_info(struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    l4_umword_t gran_offset = l4_msgtag_words(inv->tag) >= 2 ? mr[1] : 0;
    mr[0] = (gran_offset & 0xffffff) == 0 ? 1 : 0;
    mr[1] = 1;
    mr[2] = L4_SCHEDULER_CLASS_FIXED_PRIO;
    invocation_reply(inv, l4_msgtag(0, 3, 0, 0));
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
    if (mr[3] < L4_SCHED_MIN_PRIO || !cpu_set_has_cpu0(mr[1], mr[2])) {
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
    sched_set_params(t, prio, ticks);
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* op: L4_SCHEDULER_IDLE_TIME_OP, rights: none */
static void sched_op_idle_time(struct invocation *inv)
{
    l4_utcb_mr_u(inv->utcb)->mr[0] = sched_idle_time();
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
