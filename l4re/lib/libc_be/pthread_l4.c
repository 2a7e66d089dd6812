/* SPDX-License-Identifier: MIT */
/*
 * <pthread-l4.h>: from a pthread_t to the L4 thread behind it. NPTL's thread
 * descriptor is private to libpthread, but every NPTL thread handed the
 * backend the address of its descriptor's tid word (CLONE_CHILD_CLEARTID, and
 * set_tid_address for the main thread), which thread.c keeps as clear_tid. The
 * distance from pthread_self() to the caller's own clear_tid is that field's
 * offset; with it, a pthread_t is matched to the record whose clear_tid lies
 * at the same offset, without knowing the descriptor's layout.
 */
#include <pthread.h>
#include <pthread-l4.h>
#include <l4/sys/consts.h>

#include "be.h"

static l4_addr_t be_tid_offset(void)
{
    return (l4_addr_t)be_self()->clear_tid - (l4_addr_t)pthread_self();
}

static struct be_thread *be_thread_of(pthread_t t)
{
    int *want = (int *)((l4_addr_t)t + be_tid_offset());
    unsigned s;

    for (s = 0; s < BE_THREADS; ++s) {
        if (be_threads[s].state == BE_T_RUNNING && be_threads[s].clear_tid == want) {
            return &be_threads[s];
        }
    }
    return 0;
}

l4_cap_idx_t pthread_l4_cap(pthread_t t)
{
    struct be_thread *r = be_thread_of(t);

    return r ? r->cap : L4_INVALID_CAP;
}

l4_utcb_t *pthread_l4_utcb(pthread_t t)
{
    struct be_thread *r = be_thread_of(t);

    return r ? be_thread_utcb(r) : 0;
}

void pthread_l4_for_each_thread(void (*fn)(pthread_t))
{
    l4_addr_t off = be_tid_offset();
    unsigned s;

    for (s = 0; s < BE_THREADS; ++s) {
        struct be_thread *r = &be_threads[s];

        if (r->state == BE_T_RUNNING && r->clear_tid) {
            fn((pthread_t)((l4_addr_t)r->clear_tid - off));
        }
    }
}
