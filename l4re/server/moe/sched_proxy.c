/* SPDX-License-Identifier: MIT */
/*
 * Scheduler proxies (L4_PROTO_SCHEDULER). A program's scheduler capability
 * is one of these: run_thread is forwarded to the kernel scheduler with the
 * priority moved up by the proxy's offset and clamped to its limit, and its
 * CPU set mapped: a proxy has a set of CPUs (ned's L4.Cpu_set) and shows
 * them to its program as CPUs 0..n-1, logical CPU i being the i-th online
 * CPU of the set, as L4Re's moe does. info reports the logical CPUs,
 * idle_time maps them like run_thread. The thread arrives as a mapped
 * capability in moe's receive slot and is dropped again afterwards.
 */
#include <l4/sys/scheduler.h>
#include "moe.h"

struct sched {
    struct obj obj;
    unsigned prio_limit;
    unsigned prio_offset;
    l4_umword_t cpus; /* the physical CPUs (bit i: CPU i) behind the logical ones */
};

/* Whether the set (granularity << 24 | offset, map) holds CPU \a cpu (l4/sys/scheduler.h). */
static int set_has(l4_umword_t gran_offset, l4_umword_t map, unsigned cpu)
{
    l4_umword_t offset = gran_offset & 0xffffff;
    unsigned gran = (gran_offset >> 24) & 0xff;
    l4_umword_t bit;

    if (cpu < offset) {
        return 0;
    }
    bit = gran >= L4_MWORD_BITS ? 0 : (cpu - offset) >> gran; /* 0xff: bit 0 covers all */
    return bit < L4_MWORD_BITS && ((map >> bit) & 1);
}

/* The online CPUs (bit i: CPU i), asked of the kernel once: they do not change. */
static l4_umword_t online_cpus(void)
{
    static l4_umword_t online;
    l4_sched_cpu_set_t s = l4_sched_cpu_set(0, 0, 0);

    if (!online && l4_error(l4_scheduler_info(L4_BASE_SCHEDULER_CAP, NULL, &s)) >= 0) {
        online = s.map;
    }
    return online ? online : 1;
}

/* The physical CPUs behind the logical set (gran_offset, map) of proxy \a s. */
static l4_umword_t to_physical(struct sched *s, l4_umword_t gran_offset, l4_umword_t map)
{
    l4_umword_t mine = s->cpus & online_cpus(), phys = 0;
    unsigned logical = 0;

    for (unsigned cpu = 0; cpu < L4_MWORD_BITS; cpu++) {
        if (!(mine & (1UL << cpu))) {
            continue;
        }
        if (set_has(gran_offset, map, logical)) {
            phys |= 1UL << cpu;
        }
        logical++;
    }
    return phys;
}

/* How many logical CPUs proxy \a s has. */
static unsigned logical_cpus(struct sched *s)
{
    return (unsigned)__builtin_popcountl(s->cpus & online_cpus());
}

struct obj *sched_obj(struct sched *s)
{
    return &s->obj;
}

struct sched *sched_create(struct alloc *owner, unsigned prio_limit, unsigned prio_offset,
                           l4_umword_t cpus)
{
    struct sched *s = moe_alloc(sizeof(*s));

    if (!s || obj_init(&s->obj, OBJ_SCHED, owner) < 0) {
        moe_free(s, sizeof(*s));
        return NULL;
    }
    s->prio_limit = prio_limit;
    s->prio_offset = prio_offset;
    s->cpus = cpus;
    return s;
}

void sched_destroy(struct obj *o)
{
    moe_free(o, sizeof(struct sched));
}

/* op: L4_SCHEDULER_RUN_THREAD_OP, rights: none, proto: L4_PROTO_SCHEDULER */
static long sched_run_thread(struct sched *s, struct msg *m)
{
    l4_sched_param_t sp;
    unsigned long prio;

    if (m->words < 5) {
        return -L4_EMSGTOOSHORT;
    }
    if (m->item != ITEM_CAP) {
        return -L4_EINVAL;
    }
    sp.affinity = l4_sched_cpu_set(0, 0, to_physical(s, m->mr->mr[1], m->mr->mr[2]));
    if (!sp.affinity.map) {
        return -L4_EINVAL; /* none of the asked CPUs is ours */
    }
    prio = m->mr->mr[3] + s->prio_offset;
    sp.prio = prio > s->prio_limit ? s->prio_limit : prio;
    if (sp.prio < L4_SCHED_MIN_PRIO) {
        sp.prio = L4_SCHED_MIN_PRIO;
    }
    sp.quantum = m->mr->mr[4];
    {
        long r = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, m->rcv_cap, &sp));

        moe_dbg(MOE_DBG_SERVER, "moe: run_thread prio %lu: %ld\n", (unsigned long)sp.prio, r);
        return r;
    }
}

/* op: L4_SCHEDULER_INFO_OP: the logical CPUs in the asked window, their number. */
static long sched_info(struct sched *s, struct msg *m)
{
    l4_umword_t gran_offset = m->words >= 2 ? m->mr->mr[1] : 0;
    l4_umword_t offset = gran_offset & 0xffffff, map = 0;
    unsigned gran = (gran_offset >> 24) & 0xff, n = logical_cpus(s);

    for (unsigned cpu = (unsigned)offset; cpu < n && gran < L4_MWORD_BITS; cpu++) {
        if (((cpu - offset) >> gran) < L4_MWORD_BITS) {
            map |= 1UL << ((cpu - offset) >> gran);
        }
    }
    m->mr->mr[0] = map;
    m->mr->mr[1] = n;
    m->mr->mr[2] = L4_SCHEDULER_CLASS_FIXED_PRIO;
    m->reply_words = 3;
    return 0;
}

/* op: L4_SCHEDULER_IDLE_TIME_OP: of the logical CPUs asked for, mapped like run_thread. */
static long sched_idle_time(struct sched *s, struct msg *m)
{
    l4_sched_cpu_set_t phys;
    l4_kernel_clock_t us = 0;
    long r;

    if (m->words < 3) {
        return -L4_EMSGTOOSHORT;
    }
    phys = l4_sched_cpu_set(0, 0, to_physical(s, m->mr->mr[1], m->mr->mr[2]));
    if (!phys.map) {
        return -L4_EINVAL;
    }
    r = l4_error(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &phys, &us));
    if (r < 0) {
        return r;
    }
    m->mr->mr[0] = us;
    m->reply_words = 1;
    return 0;
}

long sched_invoke(struct obj *o, struct msg *m)
{
    if (l4_msgtag_label(m->tag) != L4_PROTO_SCHEDULER) {
        return -L4_EBADPROTO;
    }
    if (m->words < 1) {
        return -L4_EMSGTOOSHORT;
    }
    switch (m->mr->mr[0]) {
    case L4_SCHEDULER_RUN_THREAD_OP:
        return sched_run_thread((struct sched *)o, m);
    case L4_SCHEDULER_INFO_OP:
        return sched_info((struct sched *)o, m);
    case L4_SCHEDULER_IDLE_TIME_OP:
        return sched_idle_time((struct sched *)o, m);
    default:
        return -L4_ENOSYS;
    }
}
