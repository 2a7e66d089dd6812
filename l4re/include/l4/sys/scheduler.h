/* SPDX-License-Identifier: MIT */
/*
 * Scheduler bindings (protocol L4_PROTO_SCHEDULER, the kernel scheduler at
 * L4_BASE_SCHEDULER_CAP): start or re-parameterise a thread (priority
 * 1..255, time quantum in µs with 0 = default, CPU set), ask for the CPUs
 * and the idle time. A CPU set is a bitmap of 2^granularity-CPU groups
 * starting at an offset; l4_sched_param() selects all CPUs.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/kernel_object.h>

/** Opcodes of the scheduler protocol (mr0). */
enum L4_scheduler_ops {
    L4_SCHEDULER_INFO_OP       = 0, /**< mr1 = gran_offset; reply map, cpu_max, classes */
    L4_SCHEDULER_RUN_THREAD_OP = 1, /**< mr1..4 = cpu set and params, item(thread) */
    L4_SCHEDULER_IDLE_TIME_OP  = 2, /**< mr1..2 = cpu set; reply µs */
};

/** Scheduling classes (bits in the info reply). */
enum L4_scheduler_classes {
    L4_SCHEDULER_CLASS_FIXED_PRIO = 2, /**< fixed priorities, round robin */
    L4_SCHEDULER_CLASS_WFQ        = 4, /**< weighted fair queueing */
};

/** A set of CPUs: bit i of \a map stands for CPUs offset + i * 2^granularity. */
typedef struct l4_sched_cpu_set_t {
    l4_umword_t gran_offset; /**< granularity << 24 | offset (24 bits) */
    l4_umword_t map;         /**< bitmap */
} l4_sched_cpu_set_t;

/** Parameters of l4_scheduler_run_thread(). */
typedef struct l4_sched_param_t {
    l4_sched_cpu_set_t affinity; /**< where the thread may run */
    l4_umword_t prio;            /**< priority, L4_SCHED_MIN_PRIO..L4_SCHED_MAX_PRIO */
    l4_umword_t quantum;         /**< time slice in µs (0 = default) */
} l4_sched_param_t;

L4_BEGIN_DECLS

/** A CPU set; \a map 1 with granularity 0xff means "all CPUs". */
L4_INLINE l4_sched_cpu_set_t l4_sched_cpu_set(l4_umword_t offset, unsigned char granularity,
                                              l4_umword_t map);
/** Parameters with priority \a prio, quantum \a quantum µs (0: default), all CPUs. */
L4_INLINE l4_sched_param_t l4_sched_param(unsigned prio, l4_umword_t quantum);
/**
 * Which CPUs exist.
 * \param cpu_max  receives the highest CPU number + 1
 * \param cpus     in: the window to ask about; out: map of online CPUs
 */
L4_INLINE l4_msgtag_t l4_scheduler_info(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
                                        l4_sched_cpu_set_t *cpus);
/** l4_scheduler_info() that also returns the scheduling classes. */
L4_INLINE l4_msgtag_t l4_scheduler_info_with_classes(l4_cap_idx_t scheduler,
                                                     l4_umword_t *cpu_max,
                                                     l4_sched_cpu_set_t *cpus,
                                                     l4_umword_t *sched_classes);
/** l4_scheduler_info_with_classes() with an explicit UTCB (\a sched_classes may be NULL). */
L4_INLINE l4_msgtag_t l4_scheduler_info_u(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
                                          l4_sched_cpu_set_t *cpus,
                                          l4_umword_t *sched_classes, l4_utcb_t *utcb);
/**
 * Make \a thread ready with the parameters \a sp (or change them). Needs
 * S on the thread.
 */
L4_INLINE l4_msgtag_t l4_scheduler_run_thread(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
                                              l4_sched_param_t const *sp);
/** l4_scheduler_run_thread() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_scheduler_run_thread_u(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
                                                l4_sched_param_t const *sp, l4_utcb_t *utcb);
/** Idle time of the CPUs in \a cpus; \a us gets microseconds (only on success). */
L4_INLINE l4_msgtag_t l4_scheduler_idle_time(l4_cap_idx_t scheduler,
                                             l4_sched_cpu_set_t const *cpus,
                                             l4_kernel_clock_t *us);
/** l4_scheduler_idle_time() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_scheduler_idle_time_u(l4_cap_idx_t scheduler,
                                               l4_sched_cpu_set_t const *cpus,
                                               l4_kernel_clock_t *us, l4_utcb_t *utcb);
/** \retval 1 if CPU \a cpu is online \retval 0 otherwise (or on error) */
L4_INLINE int l4_scheduler_is_online(l4_cap_idx_t scheduler, l4_umword_t cpu);
/** l4_scheduler_is_online() with an explicit UTCB. */
L4_INLINE int l4_scheduler_is_online_u(l4_cap_idx_t scheduler, l4_umword_t cpu,
                                       l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_sched_cpu_set_t l4_sched_cpu_set(l4_umword_t offset, unsigned char granularity,
                                              l4_umword_t map)
{
    l4_sched_cpu_set_t s;

    s.gran_offset = ((l4_umword_t)granularity << 24) | (offset & 0xffffffUL);
    s.map = map;
    return s;
}

L4_INLINE l4_sched_param_t l4_sched_param(unsigned prio, l4_umword_t quantum)
{
    l4_sched_param_t p;

    p.affinity = l4_sched_cpu_set(0, 0xff, 1);
    p.prio = prio;
    p.quantum = quantum;
    return p;
}

L4_INLINE l4_msgtag_t l4_scheduler_info_u(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
                                          l4_sched_cpu_set_t *cpus,
                                          l4_umword_t *sched_classes, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_SCHEDULER_INFO_OP;
    m->mr[1] = cpus->gran_offset;
    t = l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 2, 0, 0), L4_IPC_NEVER);
    if (l4_msgtag_has_error(t) || l4_msgtag_label(t) < 0) {
        return t;
    }
    cpus->map = m->mr[0];
    if (cpu_max) {
        *cpu_max = m->mr[1];
    }
    if (sched_classes) {
        *sched_classes = l4_msgtag_words(t) > 2 ? m->mr[2] : 0;
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_scheduler_info(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
                                        l4_sched_cpu_set_t *cpus)
{
    return l4_scheduler_info_u(scheduler, cpu_max, cpus, 0, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_scheduler_info_with_classes(l4_cap_idx_t scheduler,
                                                     l4_umword_t *cpu_max,
                                                     l4_sched_cpu_set_t *cpus,
                                                     l4_umword_t *sched_classes)
{
    return l4_scheduler_info_u(scheduler, cpu_max, cpus, sched_classes, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_scheduler_run_thread_u(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
                                                l4_sched_param_t const *sp, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_SCHEDULER_RUN_THREAD_OP;
    m->mr[1] = sp->affinity.gran_offset;
    m->mr[2] = sp->affinity.map;
    m->mr[3] = sp->prio;
    m->mr[4] = sp->quantum;
    m->mr[5] = l4_map_obj_control(0, 0);
    m->mr[6] = l4_obj_fpage(thread, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 5, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_scheduler_run_thread(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
                                              l4_sched_param_t const *sp)
{
    return l4_scheduler_run_thread_u(scheduler, thread, sp, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_scheduler_idle_time_u(l4_cap_idx_t scheduler,
                                               l4_sched_cpu_set_t const *cpus,
                                               l4_kernel_clock_t *us, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_SCHEDULER_IDLE_TIME_OP;
    m->mr[1] = cpus->gran_offset;
    m->mr[2] = cpus->map;
    t = l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 3, 0, 0), L4_IPC_NEVER);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0) {
        *us = m->mr64[l4_utcb_mr64_idx(0)];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_scheduler_idle_time(l4_cap_idx_t scheduler,
                                             l4_sched_cpu_set_t const *cpus,
                                             l4_kernel_clock_t *us)
{
    return l4_scheduler_idle_time_u(scheduler, cpus, us, l4_utcb());
}

L4_INLINE int l4_scheduler_is_online_u(l4_cap_idx_t scheduler, l4_umword_t cpu,
                                       l4_utcb_t *utcb)
{
    l4_sched_cpu_set_t s = l4_sched_cpu_set(cpu & ~0x3fUL, 0, 1);
    l4_msgtag_t t = l4_scheduler_info_u(scheduler, 0, &s, 0, utcb);

    if (l4_msgtag_has_error(t) || l4_msgtag_label(t) < 0) {
        return 0;
    }
    return (int)((s.map >> (cpu & 0x3f)) & 1);
}

L4_INLINE int l4_scheduler_is_online(l4_cap_idx_t scheduler, l4_umword_t cpu)
{
    return l4_scheduler_is_online_u(scheduler, cpu, l4_utcb());
}

L4_END_DECLS
