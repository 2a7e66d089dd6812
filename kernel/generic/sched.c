// SPDX-License-Identifier: MIT
/*
 * Fixed-priority round-robin scheduling (see sched.h). Ready queues are one
 * list per priority plus a bitmap for finding the highest non-empty one in
 * a few instructions. The running thread stays at the head of its queue;
 * when its time slice ends it moves to the back. The idle thread is not on
 * any queue: it runs when the bitmap is empty.
 */
#include <arch/arch.h>
#include "panic.h"
#include "sched.h"
#include "thread.h"

struct cpu boot_cpu;

void sched_init(struct thread *idle)
{
    struct cpu *c = this_cpu();
    for (unsigned p = 0; p < SCHED_PRIOS; p++) {
        list_init(&c->ready[p]);
    }
    c->idle = idle;
    c->current = idle;
}

void sched_ready(struct thread *t)
{
    struct cpu *c = this_cpu();
    assert(t->prio < SCHED_PRIOS);
    if (t->state == THREAD_READY && !list_empty(&t->sched_link)) {
        return;
    }
    t->state = THREAD_READY;
    list_unlink(&t->sched_link);
    list_push_back(&c->ready[t->prio], &t->sched_link);
    c->prio_bitmap[t->prio / 64] |= 1UL << (t->prio % 64);
    if (c->current == c->idle || t->prio > c->current->prio) {
        c->need_resched = true;
    }
}

void sched_remove(struct thread *t)
{
    struct cpu *c = this_cpu();
    if (list_empty(&t->sched_link)) {
        return;
    }
    list_unlink(&t->sched_link);
    if (list_empty(&c->ready[t->prio])) {
        c->prio_bitmap[t->prio / 64] &= ~(1UL << (t->prio % 64));
    }
    if (t == c->current) {
        c->need_resched = true;
    }
}

static struct thread *pick_next(struct cpu *c)
{
    for (int w = SCHED_PRIOS / 64 - 1; w >= 0; w--) {
        if (c->prio_bitmap[w]) {
            unsigned prio = w * 64 + 63 - __builtin_clzl(c->prio_bitmap[w]);
            return CONTAINER_OF(c->ready[prio].next, struct thread, sched_link);
        }
    }
    return c->idle;
}

void schedule(void)
{
    struct cpu *c = this_cpu();
    c->need_resched = false;
    struct thread *prev = c->current;
    struct thread *next = pick_next(c);
    if (next == prev) {
        return;
    }
    c->current = next;
    arch_thread_switch_in(prev, next);
    arch_switch(&prev->ctx, &next->ctx);
}

void sched_tick(void)
{
    struct cpu *c = this_cpu();
    struct thread *t = c->current;
    c->ticks++;
    if (t == c->idle) {
        return;
    }
    if (t->ticks_left > 0) {
        t->ticks_left--;
    }
    if (t->ticks_left == 0) {
        t->ticks_left = t->quantum_ticks;
        /* Round robin: to the back of its priority level. */
        list_unlink(&t->sched_link);
        list_push_back(&c->ready[t->prio], &t->sched_link);
        c->need_resched = true;
    }
}

void sched_donate(struct thread *t)
{
    struct cpu *c = this_cpu();
    if (t->state != THREAD_READY || list_empty(&t->sched_link)) {
        return;
    }
    list_unlink(&t->sched_link);
    list_push_front(&c->ready[t->prio], &t->sched_link);
    sched_yield();
}

void sched_yield(void)
{
    struct cpu *c = this_cpu();
    struct thread *t = c->current;
    if (t != c->idle && !list_empty(&t->sched_link)) {
        list_unlink(&t->sched_link);
        list_push_back(&c->ready[t->prio], &t->sched_link);
    }
    c->need_resched = true;
}

void sched_set_params(struct thread *t, unsigned prio, unsigned quantum_ticks)
{
    bool queued = !list_empty(&t->sched_link);
    if (queued) {
        sched_remove(t);
    }
    t->prio = prio;
    t->quantum_ticks = quantum_ticks ? quantum_ticks : SCHED_DEFAULT_QUANTUM_TICKS;
    t->ticks_left = t->quantum_ticks;
    if (queued || t->state == THREAD_READY) {
        t->state = THREAD_BLOCKED; /* let sched_ready requeue it */
        sched_ready(t);
    }
    this_cpu()->need_resched = true;
}

uint64_t sched_idle_time(void)
{
    return this_cpu()->idle->consumed_us;
}

void sched_block_switch(struct thread *self, struct thread *next)
{
    struct cpu *c = this_cpu();
    next->state = THREAD_READY;
    self->state = THREAD_BLOCKED;
    if (next->prio == self->prio && !list_empty(&self->sched_link)) {
        list_insert_before(&self->sched_link, &next->sched_link);
        list_unlink(&self->sched_link);
    } else {
        sched_remove(self);
        next->state = THREAD_BLOCKED;
        sched_ready(next);
    }
    if (next->prio < self->prio || c->current != self) {
        schedule();
        return;
    }
    /* self was the highest-priority ready thread and next is at least as high. */
    c->current = next;
    c->need_resched = false;
    arch_thread_switch_in(self, next);
    arch_switch(&self->ctx, &next->ctx);
}
