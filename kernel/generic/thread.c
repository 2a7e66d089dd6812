// SPDX-License-Identifier: MIT
/*
 * Threads: creation, blocking with a timeout, waking and stopping. A thread
 * lives in one page (thread.h); blocking is a call to schedule() on the
 * thread's own kernel stack, so a blocked thread's kernel state is simply
 * its stack. Thread objects through the Thread protocol come with the full
 * object model (TODO(#3)).
 */
#include <arch/arch.h>
#include "console.h"
#include "kernel_mem.h"
#include "sched.h"
#include "task.h"
#include "thread.h"

static void thread_destroy(struct kobj *o)
{
    struct thread *t = CONTAINER_OF(o, struct thread, kobj);
    if (t->state != THREAD_DEAD) {
        thread_stop(t, NULL);
    }
    arch_thread_release_fpu(t);
    kpage_free(t);
}

const struct kobj_type thread_type = {
    .name = "Thread",
    .invoke = NULL,
    .destroy = thread_destroy,
};

static void thread_timeout_fire(struct timeout *to)
{
    struct thread *t = CONTAINER_OF(to, struct thread, timeout);
    t->timed_out = true;
    thread_wake(t);
}

struct thread *thread_create(struct task *task)
{
    struct thread *t = kpage_alloc();
    if (!t) {
        return NULL;
    }
    kobj_init(&t->kobj, &thread_type);
    t->state = THREAD_INACTIVE;
    t->prio = SCHED_DEFAULT_PRIO;
    t->quantum_ticks = SCHED_DEFAULT_QUANTUM_TICKS;
    t->ticks_left = t->quantum_ticks;
    list_init(&t->sched_link);
    timeout_init(&t->timeout, thread_timeout_fire);
    t->task = task;
    return t;
}

void thread_start_user(struct thread *t, uint64_t pc, uint64_t sp, uint64_t x0, uint64_t x1)
{
    arch_thread_init_user(t, pc, sp);
    struct trap_frame *f = arch_thread_frame(t);
    f->x[0] = x0;
    f->x[1] = x1;
    sched_ready(t);
}

void thread_block_current(uint64_t deadline_us)
{
    struct thread *t = current_thread();
    t->timed_out = false;
    t->state = THREAD_BLOCKED;
    sched_remove(t);
    if (deadline_us) {
        timeout_arm(&t->timeout, deadline_us);
    }
    schedule();
}

void thread_wake(struct thread *t)
{
    if (t->state != THREAD_BLOCKED) {
        return;
    }
    timeout_cancel(&t->timeout);
    sched_ready(t);
}

void thread_stop(struct thread *t, const char *why)
{
    if (why) {
        kprintf("kernel: thread %p of task '%s' stopped: %s\n", (void *)t, thread_name(t), why);
    }
    timeout_cancel(&t->timeout);
    sched_remove(t);
    t->state = THREAD_DEAD;
    if (t == current_thread()) {
        schedule();
    }
}

const char *thread_name(const struct thread *t)
{
    return t->task ? t->task->name : "kernel";
}
