// SPDX-License-Identifier: MIT
/*
 * Fixed-priority round-robin scheduling (see sched.h). Ready queues are one
 * list per priority plus a bitmap for finding the highest non-empty one in
 * a few instructions. The running thread is on no queue: a direct hand-off
 * from a thread that blocks to one it wakes (IPC call and reply) is then
 * just a change of `current`, with no queue work. schedule() puts a running
 * thread that is still ready back on its queue: at the front when it is
 * preempted (it keeps its turn), at the back when its time slice ended or it
 * yielded. The idle thread is on no queue: it runs when the bitmap is empty.
 */
#include <arch/arch.h>
#include <bsp/timer.h>
#include "panic.h"
#include "sched.h"
#include "smp.h"
#include "thread.h"

struct cpu cpus[KERNEL_MAX_CPUS];

void sched_init_cpu(struct cpu *c, struct thread *idle)
{
    for (unsigned p = 0; p < SCHED_PRIOS; p++) {
        list_init(&c->ready[p]);
    }
    idle->cpu = c->id;
    c->blocked_here = thread_state_cpu(THREAD_BLOCKED, c->id);
    c->idle = idle;
    c->current = idle;
}

static inline struct cpu *cpu_of(const struct thread *t)
{
    return &cpus[t->cpu];
}

/* \a c must reschedule: a flag here, an interrupt for another CPU. */
static void resched(struct cpu *c)
{
    c->need_resched = true;
    if (c != this_cpu()) {
        smp_kick(c);
    }
}

static void enqueue(struct cpu *c, struct thread *t, bool front)
{
    if (front) {
        list_push_front(&c->ready[t->prio], &t->sched_link);
    } else {
        list_push_back(&c->ready[t->prio], &t->sched_link);
    }
    c->prio_bitmap[t->prio / 64] |= 1UL << (t->prio % 64);
    c->prio_words |= 1UL << (t->prio / 64);
}

/* Inlined everywhere: the IRQ fast path's sched_take() would otherwise need a stack frame. */
static inline __attribute__((always_inline)) void dequeue(struct cpu *c, struct thread *t)
{
    list_unlink(&t->sched_link);
    if (list_empty(&c->ready[t->prio])) {
        c->prio_bitmap[t->prio / 64] &= ~(1UL << (t->prio % 64));
        if (!c->prio_bitmap[t->prio / 64]) {
            c->prio_words &= ~(1UL << (t->prio / 64));
        }
    }
}

void sched_ready(struct thread *t)
{
    struct cpu *c = cpu_of(t);
    assert(t->prio < SCHED_PRIOS);
    if (t == c->current) {
        t->state = THREAD_READY; /* running: schedule() requeues it if it is switched away */
        return;
    }
    if (t->state == THREAD_READY && !list_empty(&t->sched_link)) {
        return;
    }
    t->state = THREAD_READY;
    list_unlink(&t->sched_link);
    enqueue(c, t, false);
    if (c->current == c->idle || t->prio > c->current->prio) {
        resched(c);
    }
}

void sched_preempted(struct cpu *c, struct thread *t)
{
    enqueue(c, t, true);
}

void sched_ready_behind(struct cpu *c, struct thread *t)
{
    t->state = THREAD_READY;
    enqueue(c, t, false);
}

void sched_remove(struct thread *t)
{
    struct cpu *c = cpu_of(t);
    if (t == c->current) {
        resched(c); /* on another CPU: it stops running there at once */
    }
    if (!list_empty(&t->sched_link)) {
        dequeue(c, t);
    }
}

struct thread *sched_peek_next(struct cpu *c)
{
    if (!c->prio_words) {
        return NULL;
    }
    unsigned w = 63 - __builtin_clzl(c->prio_words);
    unsigned prio = w * 64 + 63 - __builtin_clzl(c->prio_bitmap[w]);
    return CONTAINER_OF(c->ready[prio].next, struct thread, sched_link);
}

void sched_take(struct cpu *c, struct thread *t)
{
    dequeue(c, t);
}

/* The highest-priority queued thread, taken off its queue; idle if none. */
static struct thread *pick_next(struct cpu *c)
{
    struct thread *t = sched_peek_next(c);
    if (!t) {
        return c->idle;
    }
    dequeue(c, t);
    return t;
}

void schedule(void)
{
    struct cpu *c = this_cpu();
    struct thread *prev = c->current;
    c->need_resched = false;
    if (prev != c->idle && prev->state == THREAD_READY && list_empty(&prev->sched_link)) {
        if (prev->cpu == c->id) {
            enqueue(c, prev, !c->requeue_back);
        } else {
            /* Migrated while running: queued there once this CPU is off its stack (the
             * kernel lock is held up to the switch below, so nobody runs it before). */
            sched_ready(prev);
        }
    }
    c->requeue_back = false;
    struct thread *next = pick_next(c);
    if (next == prev) {
        return;
    }
    c->current = next;
    arch_thread_switch_in(&c->arch, prev, next);
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
        c->requeue_back = true;
        c->need_resched = true;
    }
}

void sched_donate(struct thread *t)
{
    struct cpu *c = cpu_of(t);
    if (t->state != THREAD_READY || list_empty(&t->sched_link) || c != this_cpu()) {
        return; /* a thread of another CPU cannot take our time: nothing to donate */
    }
    list_unlink(&t->sched_link);
    list_push_front(&c->ready[t->prio], &t->sched_link);
    sched_yield();
}

void sched_yield(void)
{
    struct cpu *c = this_cpu();
    c->requeue_back = true;
    c->need_resched = true;
}

void sched_set_params(struct thread *t, unsigned prio, unsigned quantum_ticks)
{
    struct cpu *c = cpu_of(t);
    bool queued = !list_empty(&t->sched_link);
    if (queued) {
        dequeue(c, t);
    }
    t->prio = prio;
    t->quantum_ticks = quantum_ticks ? quantum_ticks : SCHED_DEFAULT_QUANTUM_TICKS;
    t->ticks_left = t->quantum_ticks;
    if (queued) {
        enqueue(c, t, false);
    } else if (t == c->current) {
        c->requeue_back = true; /* to the back of its new level */
    }
    resched(c);
}

/*
 * An idle CPU other than the first stops its tick: nothing there needs time
 * slices, timeouts are the first CPU's to expire, and work comes with a
 * CPU interrupt (sched_ready). The first CPU keeps ticking for the clock.
 */
void sched_idle_wait_begin(void)
{
    struct cpu *c = this_cpu();
    if (c->id != 0) {
        bsp_timer_pause_cpu();
    }
    c->idle_since = bsp_timer_now_us();
}

void sched_idle_wait_end(void)
{
    struct cpu *c = this_cpu();
    if (c->idle_since) {
        c->idle->consumed_us += bsp_timer_now_us() - c->idle_since;
        c->idle_since = 0;
        if (c->id != 0) {
            bsp_timer_resume_cpu();
        }
    }
}

uint64_t sched_idle_time(unsigned cpu)
{
    struct cpu *c = &cpus[cpu];
    /* A CPU asleep in its idle wait (its tick stopped) has idled until now. */
    uint64_t waiting = c->idle_since ? bsp_timer_now_us() - c->idle_since : 0;
    return c->idle->consumed_us + waiting;
}

void sched_move(struct thread *t, unsigned cpu)
{
    struct cpu *from = cpu_of(t);
    if (t == from->current) {
        /* Running here: schedule() queues it on its new CPU when it switches away. */
        t->cpu = cpu;
        from->requeue_back = false;
        resched(from);
        return;
    }
    bool queued = !list_empty(&t->sched_link);
    if (queued) {
        dequeue(from, t);
    }
    t->cpu = cpu;
    if (queued) {
        t->state = THREAD_BLOCKED; /* sched_ready() queues it anew */
        sched_ready(t);
    }
}

void sched_block_switch(struct thread *self, struct thread *next)
{
    struct cpu *c = this_cpu();
    self->state = THREAD_BLOCKED;
    if (c->current != self || next->prio < self->prio || c->need_resched || next->cpu != c->id) {
        /* Someone else may be due first (a thread woken earlier in this call). */
        sched_remove(self);
        sched_ready(next);
        schedule();
        return;
    }
    /* self was the highest-priority thread and next is at least as high. */
    next->state = THREAD_READY;
    c->current = next;
    arch_thread_switch_in(&c->arch, self, next);
    arch_switch(&self->ctx, &next->ctx);
}
