/* SPDX-License-Identifier: MIT */
/*
 * The process family. A program is one task with one thread: exit tells
 * the parent (moe) the exit code with the Parent protocol's SIGNAL 0 and
 * sleeps until the parent ends the task. The process and thread id is 1,
 * user and group ids are 0. Signals are in signal.c.
 */
#include <errno.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/re/env.h>
#include <l4/re/c/parent.h>
#include <l4/re/protocols.h>
#include <l4/util/util.h>

#include "be.h"

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

long be_set_tid_address(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return BE_PID;
}

long be_sched_yield(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    l4_thread_yield();
    return 0;
}
