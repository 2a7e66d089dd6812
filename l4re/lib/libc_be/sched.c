/* SPDX-License-Identifier: MIT */
/*
 * The sched_* calls NPTL makes for thread attributes and
 * pthread_setschedparam: a thread's POSIX policy and priority are kept in its
 * record (thread.c) and mapped onto an L4 priority relative to the program's
 * main thread: SCHED_OTHER (and SCHED_BATCH, SCHED_IDLE) run at the main
 * thread's priority, SCHED_FIFO and SCHED_RR priority p (1..99) at p above it.
 * The program's scheduler (moe's proxy) moves and clamps these to the range
 * the parent gave the program. L4 scheduling is fixed-priority round robin, so
 * FIFO and RR behave alike. Affinity (sched_setaffinity, which NPTL's
 * pthread_setaffinity_np and pthread_create with a CPU set use) is the
 * thread's l4_sched_cpu_set_t: CPU n is bit n of one word (the program's CPUs,
 * as its scheduler numbers them), so at most 64 CPUs, an 8-byte mask. Both go
 * to the scheduler with run_thread, as in L4Re; a thread still held
 * (PTHREAD_L4_ATTR_NO_START) keeps them for pthread_l4_start instead, since
 * run_thread would start it.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <l4/sys/scheduler.h>
#include <l4/re/consts.h>

#include "be.h"

#define BE_SCHED_OTHER 0
#define BE_SCHED_BATCH 3
#define BE_SCHED_IDLE  5
#define BE_RT_PRIO_MAX 99

static int be_policy_valid(long policy)
{
    return policy == BE_SCHED_OTHER || policy == BE_SCHED_FIFO || policy == BE_SCHED_RR ||
           policy == BE_SCHED_BATCH || policy == BE_SCHED_IDLE;
}

static long be_prio_max(long policy)
{
    return policy == BE_SCHED_FIFO || policy == BE_SCHED_RR ? BE_RT_PRIO_MAX : 0;
}

static long be_prio_min(long policy)
{
    return policy == BE_SCHED_FIFO || policy == BE_SCHED_RR ? 1 : 0;
}

static struct be_thread *be_sched_target(long tid)
{
    return tid == 0 ? be_self() : be_thread_by_tid(tid);
}

/* Thread t runs at L4 priority prio on cpus (map 0: the scheduler's default). */
static long be_sched_apply(struct be_thread *t, unsigned prio, l4_sched_cpu_set_t cpus)
{
    l4_sched_param_t sp = l4_sched_param(prio, 0);
    long r;

    if (cpus.map) {
        sp.affinity = cpus;
    }
    if (!t->held) {
        r = l4_error(l4_scheduler_run_thread(be_env()->scheduler, t->cap, &sp));
        if (r < 0) {
            return r;
        }
    }
    t->run_param = sp;
    return 0;
}

static long be_sched_set(long tid, long policy, struct sched_param const *p)
{
    struct be_thread *t = be_sched_target(tid);

    if (!t) {
        return -ESRCH;
    }
    if (!p || !be_policy_valid(policy)) {
        return -EINVAL;
    }
    if (p->sched_priority < be_prio_min(policy) || p->sched_priority > be_prio_max(policy)) {
        return -EINVAL;
    }
    if (be_sched_apply(t, be_l4_prio((int)policy, p->sched_priority), t->run_param.affinity) <
        0) {
        return -EPERM;
    }
    t->policy = (int)policy;
    t->prio = p->sched_priority;
    t->rank = be_l4_prio(t->policy, t->prio) - L4RE_MAIN_THREAD_PRIO;
    return 0;
}

long be_sched_setscheduler(long tid, long policy, long param, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    return be_sched_set(tid, policy & ~0x40000000L /* SCHED_RESET_ON_FORK */,
                        (struct sched_param const *)param);
}

long be_sched_setparam(long tid, long param, long a2, long a3, long a4, long a5)
{
    struct be_thread *t = be_sched_target(tid);

    (void)a2, (void)a3, (void)a4, (void)a5;
    return t ? be_sched_set(tid, t->policy, (struct sched_param const *)param) : -ESRCH;
}

long be_sched_getscheduler(long tid, long a1, long a2, long a3, long a4, long a5)
{
    struct be_thread *t = be_sched_target(tid);

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return t ? t->policy : -ESRCH;
}

long be_sched_getparam(long tid, long param, long a2, long a3, long a4, long a5)
{
    struct be_thread *t = be_sched_target(tid);

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!t) {
        return -ESRCH;
    }
    if (!param) {
        return -EINVAL;
    }
    ((struct sched_param *)param)->sched_priority = t->prio;
    return 0;
}

long be_sched_get_priority_max(long policy, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return be_policy_valid(policy) ? be_prio_max(policy) : -EINVAL;
}

long be_sched_get_priority_min(long policy, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return be_policy_valid(policy) ? be_prio_min(policy) : -EINVAL;
}

/* The program's online CPUs, bit n = CPU n (0 if the scheduler does not say). */
static unsigned long be_cpus_online(void)
{
    l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 0);
    l4_umword_t cpu_max = 0;

    if (l4_error(l4_scheduler_info(be_env()->scheduler, &cpu_max, &cpus)) < 0) {
        return 0;
    }
    return cpus.map;
}

/* The CPUs of set among the first 64 (granularity and offset as l4_sched_cpu_set_t). */
static unsigned long be_cpus_of_set(l4_sched_cpu_set_t set)
{
    unsigned long offset = set.gran_offset & 0xffffffUL, gran = set.gran_offset >> 24;
    unsigned long map = 0, bit;
    unsigned c;

    for (c = (unsigned)offset; c < 64; ++c) {
        bit = gran < 64 ? (c - offset) >> gran : 0;
        if (bit < 64 && ((set.map >> bit) & 1)) {
            map |= 1UL << c;
        }
    }
    return map;
}

long be_sched_setaffinity(long tid, long len, long mask, long a3, long a4, long a5)
{
    struct be_thread *t = be_sched_target(tid);
    unsigned long map = 0;

    (void)a3, (void)a4, (void)a5;
    if (!t) {
        return -ESRCH;
    }
    if (!mask || len < 0) {
        return -EFAULT;
    }
    memcpy(&map, (void const *)mask, (unsigned long)len < sizeof map ? (size_t)len : sizeof map);
    if (!(map & be_cpus_online())) {
        return -EINVAL;         /* as Linux: no CPU of the mask is online */
    }
    if (be_sched_apply(t, be_l4_prio(t->policy, t->prio), l4_sched_cpu_set(0, 0, map)) < 0) {
        return -EINVAL;
    }
    return 0;
}

long be_sched_getaffinity(long tid, long len, long mask, long a3, long a4, long a5)
{
    struct be_thread *t = be_sched_target(tid);
    unsigned long online = be_cpus_online(), map;

    (void)a3, (void)a4, (void)a5;
    if (!t) {
        return -ESRCH;
    }
    if (len < (long)sizeof map || (len & (long)(sizeof map - 1))) {
        return -EINVAL;         /* as Linux: shorter than its mask, or not in words */
    }
    if (!mask) {
        return -EFAULT;
    }
    map = t->run_param.affinity.map ? be_cpus_of_set(t->run_param.affinity) & online : online;
    memcpy((void *)mask, &map, sizeof map);
    return (long)sizeof map;    /* the bytes written, as the Linux call */
}
