/* SPDX-License-Identifier: MIT */
/*
 * The sched_* calls NPTL makes for thread attributes and
 * pthread_setschedparam: a thread's POSIX policy and priority are kept in its
 * record (thread.c) and mapped onto an L4 priority relative to the program's
 * main thread: SCHED_OTHER (and SCHED_BATCH, SCHED_IDLE) run at the main
 * thread's priority, SCHED_FIFO and SCHED_RR priority p (1..99) at p above it.
 * The program's scheduler (moe's proxy) moves and clamps these to the range
 * the parent gave the program. L4 scheduling is fixed-priority round robin, so
 * FIFO and RR behave alike. Affinity is not served (ENOSYS).
 */
#include <errno.h>
#include <sched.h>
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

static long be_sched_set(long tid, long policy, struct sched_param const *p)
{
    struct be_thread *t = be_sched_target(tid);
    l4_sched_param_t sp;

    if (!t) {
        return -ESRCH;
    }
    if (!p || !be_policy_valid(policy)) {
        return -EINVAL;
    }
    if (p->sched_priority < be_prio_min(policy) || p->sched_priority > be_prio_max(policy)) {
        return -EINVAL;
    }
    sp = l4_sched_param(be_l4_prio((int)policy, p->sched_priority), 0);
    if (t->held) {
        /* Not run yet (PTHREAD_L4_ATTR_NO_START): pthread_l4_start uses the priority. */
        t->run_param.prio = sp.prio;
    } else if (l4_error(l4_scheduler_run_thread(be_env()->scheduler, t->cap, &sp)) < 0) {
        return -EPERM;
    }
    t->policy = (int)policy;
    t->prio = p->sched_priority;
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
