/* SPDX-License-Identifier: MIT */
/*
 * L4 views of POSIX threads (L4Re's <pthread-l4.h>): the kernel thread behind a
 * pthread_t, for IPC between the threads of one program or to set L4 scheduling
 * parameters directly. Served by the runtime's thread records (l4re/lib/libc_be,
 * doc/runtime.md "Threads"); link with REQUIRES_LIBS = libpthread.
 */
#pragma once

#include <pthread.h>
#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/scheduler.h>

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

L4_END_DECLS
