/* SPDX-License-Identifier: MIT */
/*
 * L4 views of POSIX threads (L4Re's <pthread-l4.h>): the kernel thread behind a
 * pthread_t, for IPC between the threads of one program or to set L4 scheduling
 * parameters directly. Served by the runtime's thread records (l4re/lib/libc_be,
 * doc/runtime.md "Threads") and uClibc-ng's NPTL (pkg/uclibc-ng/patches/0003, which
 * also gives pthread_attr_t L4Re's members create_flags and affinity, so that
 * <pthread.h> makes the L4 scheduler types visible, as L4Re's does); link with
 * REQUIRES_LIBS = libpthread.
 */
#pragma once

#include <pthread.h>
#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/scheduler.h>

/**
 * pthread_attr_t's create_flags (L4Re's name and value): PTHREAD_L4_ATTR_NO_START
 * makes pthread_create create the thread without running it; the program then runs
 * it with pthread_l4_start(), or with l4_scheduler_run_thread() on pthread_l4_cap()
 * (where it chooses the CPU and priority). pthread_attr_t's affinity (a
 * l4_sched_cpu_set_t; map 0, the default, leaves the choice to the runtime) names the
 * CPUs a new thread may run on.
 */
enum {
    PTHREAD_L4_ATTR_NO_START = 0x0001,
};

L4_BEGIN_DECLS

/**
 * The capability of the kernel thread that runs \a t.
 * \retval L4_INVALID_CAP  \a t is not a running thread of this program.
 */
l4_cap_idx_t pthread_l4_cap(pthread_t t);

/**
 * The UTCB of the thread \a t.
 * \retval 0  \a t is not a running thread of this program.
 */
l4_utcb_t *pthread_l4_utcb(pthread_t t);

/** Call \a fn for every running thread of the program (the caller included). */
void pthread_l4_for_each_thread(void (*fn)(pthread_t));

/**
 * Run \a thread, made with PTHREAD_L4_ATTR_NO_START and not run yet, at the priority
 * and on the CPUs pthread_create chose; with \a func not NULL it starts in func(arg)
 * instead of the routine given to pthread_create.
 * \retval 0       it runs
 * \retval EINVAL  it was not made with PTHREAD_L4_ATTR_NO_START, or runs already
 * \retval ESRCH   \a thread is no thread of this program
 * \retval EAGAIN  the scheduler refused it
 */
int pthread_l4_start(pthread_t thread, void *(*func)(void *), void *arg);

L4_END_DECLS
