/* SPDX-License-Identifier: MIT */
/*
 * The process family. A program is one task: exit_group (and exit of its
 * last thread, thread.c) tells the parent (moe) the exit code with the Parent
 * protocol's SIGNAL 0 and sleeps until the parent ends the task, and with it
 * every thread. The process id and the main thread's id are 1, user and group
 * ids are 0. The one resource limit served is RLIMIT_STACK, the default stack
 * size of new threads (NPTL reads it once). Signals are in signal.c.
 */
#include <errno.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/re/env.h>
#include <l4/re/c/parent.h>
#include <l4/re/protocols.h>
#include <l4/util/util.h>

#include "be.h"

#define BE_RLIMIT_STACK   3
#define BE_STACK_DEFAULT  (256UL * 1024)    /* stacks are mapped eagerly (mmap.c) */

struct be_rlimit {
    unsigned long cur, max;
};

L4_NORETURN void be_exit(int code)
{
    l4re_env_t *env = be_env();

    if (env) {
        l4re_parent_signal(env->parent, L4RE_PARENT_SIG_EXIT, (unsigned long)(code & 0xff));
    }
    l4_sleep_forever();
}

long be_exit_call(long code, long a1, long a2, long a3, long a4, long a5)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    be_exit((int)code);
}

long be_getpid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return BE_PID;
}

long be_getid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return 0;
}

long be_sched_yield(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    l4_thread_yield();
    return 0;
}

long be_getrlimit(long res, long lim, long a2, long a3, long a4, long a5)
{
    struct be_rlimit *r = (struct be_rlimit *)lim;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (res != BE_RLIMIT_STACK) {
        return -ENOSYS;
    }
    r->cur = BE_STACK_DEFAULT;
    r->max = ~0UL;
    return 0;
}

long be_prlimit(long pid, long res, long new_lim, long old_lim, long a4, long a5)
{
    (void)a4, (void)a5;
    if (pid != 0 && pid != BE_PID) {
        return -ESRCH;
    }
    if (new_lim) {
        return -EPERM;
    }
    return old_lim ? be_getrlimit(res, old_lim, 0, 0, 0, 0) : 0;
}
