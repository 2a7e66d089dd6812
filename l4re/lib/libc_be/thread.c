/* SPDX-License-Identifier: MIT */
/*
 * Threads: what uClibc-ng's NPTL asks of the system to run a thread, served
 * with L4 threads in the program's own task. clone(CLONE_VM|CLONE_THREAD...)
 * creates a kernel thread through the program's factory, binds it to the next
 * free UTCB of the task's UTCB area, gives it the in-task l4re (env->rm) as
 * pager and exception handler, and starts it at be_thread_entry (thread_entry.S)
 * with the stack clone.S prepared, at the creator's priority. A thread's
 * identity is its UTCB slot: its record's address is in the first user word of
 * its UTCB, so the backend finds "self" without TLS; the tid is the slot counted
 * from the main thread's (main = BE_PID). When the UTCBs of the task's area are
 * all taken, another area of BE_UTCB_CHUNK UTCBs is added (add_ku_mem), up to
 * BE_THREADS slots.
 * exit ends one thread: on a small stack of its own (the joiner may free the
 * user stack once it sees the tid cleared) it clears the CLONE_CHILD_CLEARTID
 * word, wakes the joiner's futex and becomes a zombie that sleeps; the next
 * clone deletes zombie threads and reuses their slot. Invariants: the table
 * changes under be_threads_lock; the kernel thread of a slot is gone before the
 * slot's UTCB is bound again. doc/runtime.md "Threads" has the whole story.
 */
#include <errno.h>
#include <sched.h>
#include <sys/mman.h>
#include <linux/sched.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <l4/re/consts.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/kumem_alloc.h>
#include <pthread-l4.h>

#include "be.h"

#define BE_CLONE_NEEDED (CLONE_VM | CLONE_THREAD | CLONE_SIGHAND)
#define BE_SCHED_RT_MAX 99      /* SCHED_FIFO/RR priorities 1..99, as Linux */

struct be_thread be_threads[BE_THREADS];
/*
 * The stacks threads end on (a thread's own may be freed by a joiner as soon as its tid
 * word is cleared), one per slot, BE_UTCB_CHUNK to an area. Allocated when a program
 * first creates a thread in the area (and for its creator's): a program that never does
 * carries none (its start-up would pay for their memory).
 */
typedef unsigned long be_exit_stack_t[256] __attribute__((aligned(16)));
static be_exit_stack_t *be_exit_stacks[BE_THREADS / BE_UTCB_CHUNK];

/* Slot s has its exit stack (allocated with its area's now if need be); under the lock. */
static int be_exit_stack_ready(unsigned s)
{
    be_exit_stack_t **area = &be_exit_stacks[s / BE_UTCB_CHUNK];
    long p;

    if (!*area) {
        p = be_mmap(0, BE_UTCB_CHUNK * sizeof(be_exit_stack_t), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p < 0) {
            return (int)p;
        }
        *area = (be_exit_stack_t *)p;
    }
    return 0;
}
static unsigned be_main_slot;   /* slot of the main thread's UTCB */
static unsigned be_slots;       /* slots with a UTCB: BE_UTCB_CHUNK per area, areas in order */
static l4_addr_t be_utcb_areas[BE_THREADS / BE_UTCB_CHUNK];    /* first UTCB of each area */
int be_threaded;
static int be_live = 1;         /* threads that have not called exit */

/* Records [first, first + n) get a UTCB each: no kernel thread, no Irq yet. */
static void be_slots_add(unsigned first, unsigned n)
{
    unsigned s;

    for (s = first; s < first + n; ++s) {
        be_threads[s].cap = L4_INVALID_CAP;
        be_threads[s].irq = L4_INVALID_CAP;
    }
    be_slots = first + n;
}

/* The main thread calls this first (set_tid_address at start-up, or clone). */
static void be_threads_setup(void)
{
    static int done;
    l4_addr_t base = l4_fpage_memaddr(be_env()->utcb_area);
    unsigned long n;

    if (done) {
        return;
    }
    done = 1;
    be_utcb_areas[0] = base;
    be_main_slot = (unsigned)(((l4_addr_t)l4_utcb() - base) / L4_UTCB_OFFSET);
    n = (1UL << l4_fpage_size(be_env()->utcb_area)) / L4_UTCB_OFFSET;
    /* Slots past the first area's UTCBs come in whole areas; a short first area only
     * has fewer slots (then no more areas are added). */
    be_slots_add(0, n > BE_UTCB_CHUNK ? BE_UTCB_CHUNK : (unsigned)n);
    be_threads[be_main_slot].state = BE_T_RUNNING;
    be_threads[be_main_slot].tid = BE_PID;
    be_threads[be_main_slot].cap = be_env()->main_thread;
    l4_utcb_tcr()->user[0] = (l4_umword_t)&be_threads[be_main_slot];
}

struct be_thread *be_self_setup(void)
{
    be_threads_setup();
    return &be_threads[be_main_slot];
}

struct be_thread *be_thread_by_tid(long tid)
{
    long s = tid - BE_PID + (long)be_main_slot;

    be_threads_setup();
    if (tid < BE_PID || s >= (long)be_slots || be_threads[s].state != BE_T_RUNNING) {
        return 0;
    }
    return &be_threads[s];
}

static long be_tid_of_slot(unsigned s)
{
    return (long)s - (long)be_main_slot + BE_PID;
}

/* Give slot t its wake-up Irq (made once per slot) and bind it to the thread cap. */
static long be_irq_bind(struct be_thread *t, l4_cap_idx_t thread)
{
    if (l4_is_invalid_cap(t->irq)) {
        l4_cap_idx_t cap = l4re_util_cap_alloc();

        if (l4_is_invalid_cap(cap)) {
            return -EAGAIN;
        }
        if (l4_error(l4_factory_create_irq(be_env()->factory, cap)) < 0) {
            l4re_util_cap_free(cap);
            return -EAGAIN;
        }
        t->irq = cap;
    }
    return l4_error(l4_irq_attach(t->irq, 0, thread)) < 0 ? -EAGAIN : 0;
}

/* Delete the kernel threads of zombie slots; under be_threads_lock (and the serial lock). */
static void be_reap(void)
{
    unsigned s;

    for (s = 0; s < be_slots; ++s) {
        struct be_thread *t = &be_threads[s];

        if (t->state == BE_T_ZOMBIE && s != be_main_slot) {
            l4_task_delete_obj(L4RE_THIS_TASK_CAP, t->cap);
            l4re_util_cap_free(t->cap);
            t->cap = L4_INVALID_CAP;
            t->state = BE_T_FREE;
        }
    }
}

/*
 * BE_UTCB_CHUNK more slots: kernel-user memory of this task (add_ku_mem) in an area
 * the region map keeps free, UTCBs as the task's own area is. The kernel charges its
 * pages to the task's quota and frees them with the task. Under be_threads_lock.
 */
static int be_utcb_area_add(void)
{
    unsigned pages_order = 4;   /* BE_UTCB_CHUNK UTCBs of L4_UTCB_OFFSET bytes: 64 KiB */
    l4_addr_t a;

    if (be_slots >= BE_THREADS || be_slots % BE_UTCB_CHUNK ||
        l4re_util_kumem_alloc(&a, pages_order, L4RE_THIS_TASK_CAP, be_env()->rm) < 0) {
        return -EAGAIN;
    }
    be_utcb_areas[be_slots / BE_UTCB_CHUNK] = a;
    be_slots_add(be_slots, BE_UTCB_CHUNK);
    return 0;
}

/* A free slot (above the main thread's and l4re's), adding UTCBs when all are taken. */
static struct be_thread *be_slot_free(void)
{
    unsigned first = (unsigned)((be_env()->first_free_utcb - be_utcb_areas[0]) / L4_UTCB_OFFSET);
    unsigned s;

    for (s = first > be_main_slot ? first : be_main_slot + 1; s < be_slots; ++s) {
        if (be_threads[s].state == BE_T_FREE) {
            return &be_threads[s];
        }
    }
    s = be_slots;
    return be_utcb_area_add() < 0 ? 0 : &be_threads[s];
}

l4_utcb_t *be_thread_utcb(struct be_thread *t)
{
    unsigned long s = (unsigned long)(t - be_threads);

    return (l4_utcb_t *)(be_utcb_areas[s / BE_UTCB_CHUNK] + s % BE_UTCB_CHUNK * L4_UTCB_OFFSET);
}

/*
 * Create and bind the kernel thread of slot t, set it to ip/sp and run it with
 * param, unless held (PTHREAD_L4_ATTR_NO_START). A new thread runs once it has
 * both ex_regs and run_thread (the kernel, as Fiasco), so a held one waits for
 * run_thread: pthread_l4_start's, or the program's own on pthread_l4_cap.
 */
static long be_thread_start(struct be_thread *t, l4_addr_t ip, l4_addr_t sp,
                            l4_sched_param_t param, int held)
{
    l4re_env_t *e = be_env();
    l4_utcb_t *u = be_thread_utcb(t);
    l4_cap_idx_t cap = l4re_util_cap_alloc();

    if (l4_is_invalid_cap(cap)) {
        return -EAGAIN;
    }
    if (l4_error(l4_factory_create_thread(e->factory, cap)) < 0) {
        l4re_util_cap_free(cap);
        return -EAGAIN;
    }
    l4_thread_control_start();
    l4_thread_control_pager(e->rm);
    l4_thread_control_exc_handler(e->rm);
    l4_thread_control_bind(u, L4RE_THIS_TASK_CAP);
    if (l4_error(l4_thread_control_commit(cap)) < 0 || be_irq_bind(t, cap) < 0) {
        l4_task_delete_obj(L4RE_THIS_TASK_CAP, cap);
        l4re_util_cap_free(cap);
        return -EAGAIN;
    }
    l4_utcb_tcr_u(u)->user[0] = (l4_umword_t)t;     /* be_self() of the new thread */
    if (l4_error(l4_thread_ex_regs(cap, ip, sp, 0)) < 0) {
        l4_task_delete_obj(L4RE_THIS_TASK_CAP, cap);
        l4re_util_cap_free(cap);
        return -EAGAIN;
    }
    t->cap = cap;
    t->run_param = param;
    t->held = held;
    if (!held && l4_error(l4_scheduler_run_thread(e->scheduler, cap, &param)) < 0) {
        l4_task_delete_obj(L4RE_THIS_TASK_CAP, cap);
        l4re_util_cap_free(cap);
        t->cap = L4_INVALID_CAP;
        return -EAGAIN;
    }
    return 0;
}

/*
 * The first step of a new thread (thread_entry.S): a held one was started by the
 * program's own run_thread, so pthread_l4_start has nothing left to start.
 */
void be_thread_begins(void)
{
    struct be_thread *self = be_self();

    if (__atomic_load_n(&self->held, __ATOMIC_ACQUIRE)) {
        be_lock(&be_threads_lock);
        self->held = 0;
        be_unlock(&be_threads_lock);
    }
}

/* Runs under be_serial_lock (dispatch.c): it allocates caps and UTCB slots. */
long be_clone(long flags, long newsp, long ptid, long tls, long ctid, long a5)
{
    struct be_thread *self, *t;
    l4_addr_t sp = (l4_addr_t)newsp;
    l4_sched_param_t param;
    l4_umword_t tp;
    long r;

    (void)a5;
    if ((flags & BE_CLONE_NEEDED) != BE_CLONE_NEEDED || !newsp || (sp & 15)) {
        return -ENOSYS;         /* fork and vfork: one task, one program */
    }
    self = be_self();
    if (l4_is_invalid_cap(self->irq) && be_irq_bind(self, self->cap) < 0) {
        return -EAGAIN;         /* the main thread's, made before it has company */
    }
    be_lock(&be_threads_lock);
    be_reap();
    t = be_slot_free();
    if (!t || be_exit_stack_ready((unsigned)(t - be_threads)) < 0 ||
        be_exit_stack_ready((unsigned)(self - be_threads)) < 0) {
        be_unlock(&be_threads_lock);
        return -EAGAIN;
    }
    t->state = BE_T_STARTING;
    be_unlock(&be_threads_lock);

    t->tid = (int)be_tid_of_slot((unsigned)(t - be_threads));
    t->clear_tid = (flags & CLONE_CHILD_CLEARTID) ? (int *)ctid : 0;
    t->pending = 0;
    t->sigmask = self->sigmask;     /* a new thread inherits the creator's mask */
    t->waiting = 0;
    t->policy = self->policy;
    t->prio = self->prio;
    t->rank = self->rank;
    if (flags & CLONE_PARENT_SETTID) {
        *(int *)ptid = t->tid;
    }
    if (flags & CLONE_CHILD_SETTID) {
        *(int *)ctid = t->tid;
    }
    /* be_thread_entry pops the thread pointer, then fn and arg (stored by clone.S). */
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
    sp -= 16;
    ((l4_umword_t *)sp)[0] = (flags & CLONE_SETTLS) ? (l4_umword_t)tls : tp;
    ((l4_umword_t *)sp)[1] = 0;
    __atomic_store_n(&be_threaded, 1, __ATOMIC_RELEASE);
    __atomic_add_fetch(&be_live, 1, __ATOMIC_RELAXED);
    t->state = BE_T_RUNNING;
    param = l4_sched_param(be_l4_prio(t->policy, t->prio), 0);
    if (self->next_affinity.map) {
        param.affinity = self->next_affinity;     /* pthread_attr_t's affinity */
    } else if (self->run_param.affinity.map) {
        param.affinity = self->run_param.affinity; /* the creator's, as on Linux */
    }
    r = be_thread_start(t, (l4_addr_t)be_thread_entry, sp, param,
                        (self->next_flags & PTHREAD_L4_ATTR_NO_START) != 0);
    self->next_flags = 0;
    self->next_affinity.map = 0;
    if (r < 0) {
        __atomic_sub_fetch(&be_live, 1, __ATOMIC_RELAXED);
        t->state = BE_T_FREE;
        return r;
    }
    return t->tid;
}

/* The end of a thread, on its exit stack: the user stack may be freed meanwhile. */
static L4_NORETURN void be_thread_finish(struct be_thread *self, long code)
{
    if (self->clear_tid) {
        __atomic_store_n(self->clear_tid, 0, __ATOMIC_RELEASE);
        be_futex_wake_all(self->clear_tid);
    }
    if (__atomic_sub_fetch(&be_live, 1, __ATOMIC_ACQ_REL) == 0) {
        be_exit((int)code);     /* the last thread: the process ends */
    }
    be_lock(&be_threads_lock);
    self->state = BE_T_ZOMBIE;
    be_unlock(&be_threads_lock);
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER); /* until the next clone deletes this thread */
    }
}

long be_exit_thread(long code, long a1, long a2, long a3, long a4, long a5)
{
    struct be_thread *self;
    unsigned s;

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (!be_is_threaded()) {
        be_exit((int)code);     /* the only thread: exit is exit_group */
    }
    self = be_self();
    s = (unsigned)(self - be_threads);
    be_call_on_stack(be_exit_stacks[s / BE_UTCB_CHUNK][s % BE_UTCB_CHUNK + 1], /* its top */
                     (void (*)(void *, long))be_thread_finish, self, code);
}

long be_set_tid_address(long ctid, long a1, long a2, long a3, long a4, long a5)
{
    struct be_thread *self = be_self();

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    self->clear_tid = (int *)ctid;
    return self->tid;
}

long be_gettid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return be_self()->tid;
}

/* pthread_create (patches/0003) hands over its attributes just before the clone. */
void __pthread_l4_create_attr(union pthread_attr_t const *a)
{
    struct be_thread *self = be_self();

    self->next_flags = a ? a->create_flags : 0;
    self->next_affinity = a ? a->affinity : (l4_sched_cpu_set_t){ 0, 0 };
}

/* pthread_l4_start (patches/0003): go 0 checks that thread tid waits to be
 * started (0, ESRCH, EINVAL), go 1 runs it as clone would have (0, EAGAIN). */
int __pthread_l4_run(int tid, int go)
{
    struct be_thread *t;
    int r = 0;

    be_lock(&be_threads_lock);
    t = be_thread_by_tid(tid);
    if (!t) {
        r = ESRCH;
    } else if (!t->held) {
        r = EINVAL;
    } else if (go) {
        if (l4_error(l4_scheduler_run_thread(be_env()->scheduler, t->cap, &t->run_param)) < 0) {
            r = EAGAIN;
        } else {
            t->held = 0;
        }
    }
    be_unlock(&be_threads_lock);
    return r;
}
