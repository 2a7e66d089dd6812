/* SPDX-License-Identifier: MIT */
/*
 * Create and start a thread in one call, with only kernel objects: factory
 * create, control (pager, bind to a task with a UTCB), ex_regs (pc, sp) and
 * scheduler run_thread. The caller supplies the UTCB address (a free 1 KiB
 * slot of the task's UTCB area) and a 16-byte aligned stack top.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/ipc.h>
#include <l4/sys/factory.h>
#include <l4/sys/thread.h>
#include <l4/sys/scheduler.h>

/** Define a thread entry function \a name (never returns to a caller). */
#define L4UTIL_THREAD_FUNC(name) void name(void); void name(void)
/** Same as L4UTIL_THREAD_FUNC(), with internal linkage. */
#define L4UTIL_THREAD_STATIC_FUNC(name) static void name(void)

L4_BEGIN_DECLS

/**
 * Create a thread at selector \a id and start it.
 * \param thread_utcb  UTCB address in \a task
 * \param factory      factory to create the thread with
 * \param pc, sp       entry point and stack top
 * \param pager        pager selector (in \a task); L4_INVALID_CAP for none
 * \param task         task to bind the thread to
 * \param scheduler    scheduler to start it with
 * \param scp          scheduling parameters
 * \return 0 on success or the first negative error (l4_error())
 */
L4_INLINE long l4util_create_thread(l4_cap_idx_t id, l4_utcb_t *thread_utcb,
                                    l4_cap_idx_t factory, l4_umword_t pc, l4_umword_t sp,
                                    l4_cap_idx_t pager, l4_cap_idx_t task,
                                    l4_cap_idx_t scheduler, l4_sched_param_t scp);

/* ---- implementation ---- */

L4_INLINE long l4util_create_thread(l4_cap_idx_t id, l4_utcb_t *thread_utcb,
                                    l4_cap_idx_t factory, l4_umword_t pc, l4_umword_t sp,
                                    l4_cap_idx_t pager, l4_cap_idx_t task,
                                    l4_cap_idx_t scheduler, l4_sched_param_t scp)
{
    long r = l4_error(l4_factory_create_thread(factory, id));

    if (r < 0) {
        return r;
    }
    l4_thread_control_start();
    l4_thread_control_pager(pager);
    l4_thread_control_bind(thread_utcb, task);
    r = l4_error(l4_thread_control_commit(id));
    if (r < 0) {
        return r;
    }
    r = l4_error(l4_thread_ex_regs(id, pc, sp, 0));
    if (r < 0) {
        return r;
    }
    r = l4_error(l4_scheduler_run_thread(scheduler, id, &scp));
    return r < 0 ? r : 0;
}

L4_END_DECLS
