// SPDX-License-Identifier: MIT
/*
 * The Thread object: creation, binding to a task, blocking with a
 * timeout, waking, killing, and the Thread protocol (control, ex_regs,
 * switch, stats). A thread lives in one page (thread.h); blocking is a
 * call to schedule() on the thread's own kernel stack. Invoking a thread
 * capability is a Thread operation only with label L4_PROTO_THREAD and a
 * plain send; anything else is IPC to the thread.
 */
#include <arch/arch.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/thread.h>
#include "console.h"
#include "invocation.h"
#include "ipc.h"
#include "irq.h"
#include "quota.h"
#include "sched.h"
#include "smp.h"
#include "task.h"
#include "thread.h"

struct list all_threads = { &all_threads, &all_threads };

void thread_kill(struct thread *t);

static void thread_kill_obj(struct kobj *o)
{
    thread_kill(CONTAINER_OF(o, struct thread, kobj));
}

static void thread_destroy(struct kobj *o)
{
    struct thread *t = CONTAINER_OF(o, struct thread, kobj);
    if (t->del_irq) {
        kobj_put(&t->del_irq->kobj);
    }
    list_unlink(&t->all_link);
    quota_page_free(o->quota, t);
}

static void thread_invoke(struct kobj *obj, unsigned rights, struct invocation *inv);

/* Its page is its kernel stack: not freed while a CPU still runs on it. */
static bool thread_in_use(struct kobj *o)
{
    return smp_thread_running(CONTAINER_OF(o, struct thread, kobj));
}

const struct kobj_type thread_type = {
    .name = "Thread",
    .invoke = thread_invoke,
    .kill = thread_kill_obj,
    .destroy = thread_destroy,
    .object_proto = L4_PROTO_THREAD,
    .fast_kind = KOBJ_FAST_THREAD,
    .in_use = thread_in_use,
};

static void thread_timeout_fire(struct timeout *to)
{
    struct thread *t = CONTAINER_OF(to, struct thread, timeout);
    t->timed_out = true;
    thread_wake(t);
}

struct thread *thread_create(struct quota *quota)
{
    struct thread *t = quota ? quota_page_alloc(quota) : NULL;
    if (!t) {
        return NULL;
    }
    kobj_init(&t->kobj, &thread_type, quota);
    t->state = THREAD_INACTIVE;
    t->prio = SCHED_DEFAULT_PRIO;
    t->cpu = this_cpu()->id; /* where its creator runs, until the scheduler places it */
    t->quantum_ticks = SCHED_DEFAULT_QUANTUM_TICKS;
    t->ticks_left = t->quantum_ticks;
    list_init(&t->sched_link);
    list_init(&t->task_link);
    list_init(&t->senders);
    list_init(&t->send_link);
    list_init(&t->irq_pending);
    timeout_init(&t->timeout, thread_timeout_fire);
    t->pager = L4_INVALID_CAP;
    t->exc_handler = L4_INVALID_CAP;
    list_push_back(&all_threads, &t->all_link);
    return t;
}

void thread_bind(struct thread *t, struct task *task, uint64_t utcb_user, l4_utcb_t *utcb)
{
    t->task = task;
    t->space_task = task;
    t->utcb = utcb;
    t->utcb_user = utcb_user;
    list_push_back(&task->threads, &t->task_link);
}

void thread_start_got(struct thread *t, unsigned what)
{
    t->start_needs &= ~what;
    if (t->state == THREAD_INACTIVE && !t->start_needs) {
        sched_ready(t);
    }
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

void thread_kill(struct thread *t)
{
    if (t->state == THREAD_DEAD) {
        return;
    }
    ipc_thread_dying(t);
    smp_thread_dying(t);
    extern void irq_thread_dying(struct thread * t);
    irq_thread_dying(t);
    timeout_cancel(&t->timeout);
    sched_remove(t);
    t->state = THREAD_DEAD;
    list_unlink(&t->task_link);
    arch_thread_release_fpu(t);
}

void thread_stop(struct thread *t, const char *why)
{
    if (why) {
        kprintf("kernel: thread %p of task '%s' stopped: %s\n", (void *)t, thread_name(t), why);
    }
    thread_kill(t);
    if (t == current_thread()) {
        schedule();
    }
}

const char *thread_name(const struct thread *t)
{
    return t->task ? t->task->name : "kernel";
}

#define THREAD_CONTROL_KNOWN_FLAGS                                                           \
    (L4_THREAD_CONTROL_SET_PAGER | L4_THREAD_CONTROL_BIND_TASK | L4_THREAD_CONTROL_ALIEN |     \
     L4_THREAD_CONTROL_SET_EXC_HANDLER)

/* op: L4_THREAD_CONTROL_OP, rights: S, proto: L4_PROTO_THREAD */
static void thread_op_control(struct thread *t, unsigned rights, struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    l4_umword_t flags = mr[L4_THREAD_CONTROL_MR_IDX_FLAGS];
    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 6) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    /* Decode and check everything before changing anything. */
    if (flags & L4_THREAD_CONTROL_UX_NATIVE) {
        invocation_error(inv, -L4_ENOSYS); /* Fiasco-UX only */
        return;
    }
    if (flags & ~(l4_umword_t)(L4_THREAD_OPCODE_MASK | THREAD_CONTROL_KNOWN_FLAGS)) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    struct task *bind_task = NULL;
    l4_utcb_t *utcb = NULL;
    uint64_t utcb_user = mr[L4_THREAD_CONTROL_MR_IDX_BIND_UTCB];
    if (flags & L4_THREAD_CONTROL_BIND_TASK) {
        l4_fpage_t fp = { .raw = mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK + 1] };
        long err = -L4_EINVAL;
        bind_task = l4_msgtag_items(inv->tag) < 1
                        ? NULL
                        : task_lookup_s(inv->caller->task, fp.raw & L4_FPAGE_ADDR_MASK, &err);
        if (!bind_task) {
            invocation_error(inv, err);
            return;
        }
        utcb = task_utcb(bind_task, utcb_user);
        if (t->task || !utcb) {
            invocation_error(inv, t->task ? -L4_EBUSY : -L4_EINVAL);
            return;
        }
        for (struct list *n = bind_task->threads.next; n != &bind_task->threads; n = n->next) {
            if (CONTAINER_OF(n, struct thread, task_link)->utcb == utcb) {
                invocation_error(inv, -L4_EBUSY);
                return;
            }
        }
    }
    l4_cap_idx_t old_pager = t->pager, old_exc = t->exc_handler;
    if (flags & L4_THREAD_CONTROL_ALIEN) {
        t->alien = (mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] & L4_THREAD_CONTROL_ALIEN) != 0;
        t->alien_pass = false;
    }
    if (flags & L4_THREAD_CONTROL_SET_PAGER) {
        t->pager = mr[L4_THREAD_CONTROL_MR_IDX_PAGER];
    }
    if (flags & L4_THREAD_CONTROL_SET_EXC_HANDLER) {
        t->exc_handler = mr[L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER];
    }
    if (bind_task) {
        memset(utcb, 0, L4_UTCB_OFFSET);
        thread_bind(t, bind_task, utcb_user, utcb);
    }
    mr[0] = 0;
    mr[1] = old_pager;
    mr[2] = old_exc;
    invocation_reply(inv, l4_msgtag(0, 3, 0, 0));
}

/* op: L4_THREAD_EX_REGS_OP, rights: S, proto: L4_PROTO_THREAD */
struct ex_regs_args {
    struct thread *t;
    l4_umword_t flags;
    uint64_t pc, sp;
    l4_umword_t *mr; /* in: nothing; out: pstate, pc, sp before the change */
};

static void ex_regs_apply(void *arg)
{
    struct ex_regs_args *a = arg;
    struct thread *t = a->t;
    if (t->state == THREAD_DEAD) {
        a->mr[0] = a->mr[1] = a->mr[2] = 0; /* died while the request travelled */
        return;
    }
    struct trap_frame *f = arch_thread_frame(t);
    a->mr[0] = f->pstate;
    a->mr[1] = f->pc;
    a->mr[2] = f->sp;
    if (a->pc != ~0UL) {
        f->pc = a->pc;
    }
    if (a->sp != ~0UL) {
        f->sp = a->sp;
    }
    if (a->flags & L4_THREAD_EX_REGS_CANCEL) {
        ipc_cancel(t);
    }
    if (a->flags & L4_THREAD_EX_REGS_TRIGGER_EXCEPTION) {
        t->return_work |= THREAD_RETURN_EXC_TRIGGER;
    }
    /* Any ex_regs gives a new thread its registers, as on Fiasco (one that
     * keeps pc 0 faults there when it runs). */
    thread_start_got(t, THREAD_START_REGS);
}

static void thread_op_ex_regs(struct thread *t, unsigned rights, struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    if (l4_msgtag_words(inv->tag) != 3) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    if (!t->task || t->state == THREAD_DEAD) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    l4_umword_t flags = mr[0] & ~0xffffUL;
    uint64_t pc = mr[1], sp = mr[2];
    if (flags & ~(l4_umword_t)(L4_THREAD_EX_REGS_CANCEL | L4_THREAD_EX_REGS_TRIGGER_EXCEPTION |
                               L4_THREAD_EX_REGS_ARM64_SET_EL_MASK)) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    unsigned long el = flags & L4_THREAD_EX_REGS_ARM64_SET_EL_MASK;
    if (el != L4_THREAD_EX_REGS_ARM64_SET_EL_KEEP && el != L4_THREAD_EX_REGS_ARM64_SET_EL_EL0) {
        invocation_error(inv, -L4_ENOSYS); /* EL1 is for virtual machines: none yet */
        return;
    }
    struct ex_regs_args a = { t, flags, pc, sp, mr };
    smp_call_for(t, ex_regs_apply, &a); /* its frame is in use while it runs elsewhere */
    invocation_reply(inv, l4_msgtag(0, 3, 0, 0));
}

/* op: L4_THREAD_SWITCH_OP, rights: none, proto: L4_PROTO_THREAD */
static void thread_op_switch(struct thread *t, unsigned rights, struct invocation *inv)
{
    (void)rights;
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
    if (t->state == THREAD_READY && t != inv->caller) {
        sched_donate(t);
    }
}

/* op: L4_THREAD_REGISTER_DELETE_IRQ_OP, rights: none (W on the Irq), proto: L4_PROTO_THREAD */
static void thread_op_register_del_irq(struct thread *t, unsigned rights, struct invocation *inv)
{
    (void)rights;
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned irq_rights = 0;
    struct kobj *o = l4_msgtag_items(inv->tag) < 1
                         ? NULL
                         : task_lookup(inv->caller->task, mr[2] & L4_FPAGE_ADDR_MASK, &irq_type,
                                       &irq_rights);
    if (!o) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    if (!(irq_rights & L4_CAP_FPAGE_W)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    kobj_get(o);
    if (t->del_irq) {
        kobj_put(&t->del_irq->kobj);
    }
    t->del_irq = CONTAINER_OF(o, struct irq, kobj);
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* op: L4_THREAD_STATS_OP, rights: none, proto: L4_PROTO_THREAD */
static void thread_op_stats(struct thread *t, unsigned rights, struct invocation *inv)
{
    (void)rights;
    l4_utcb_mr_u(inv->utcb)->mr[0] = t->consumed_us;
    invocation_reply(inv, l4_msgtag(0, 1, 0, 0));
}

typedef void (*thread_op_fn)(struct thread *t, unsigned rights, struct invocation *inv);

static const thread_op_fn thread_ops[] = {
    [L4_THREAD_CONTROL_OP] = thread_op_control,
    [L4_THREAD_EX_REGS_OP] = thread_op_ex_regs,
    [L4_THREAD_SWITCH_OP] = thread_op_switch,
    [L4_THREAD_STATS_OP] = thread_op_stats,
    [L4_THREAD_REGISTER_DELETE_IRQ_OP] = thread_op_register_del_irq,
    [L4_THREAD_VCPU_RESUME_OP] = vcpu_op_resume,   /* vcpu.c */
    [L4_THREAD_VCPU_CONTROL_OP] = vcpu_op_control, /* vcpu.c, also the _EXT form */
};

static void thread_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    struct thread *t = CONTAINER_OF(obj, struct thread, kobj);
    if (kobj_invocation_is_ipc(obj, l4_msgtag_label(inv->tag), inv->flags)) {
        ipc_invoke(inv, t, inv->frame->x[1], rights, NULL);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    unsigned long op = l4_utcb_mr_u(inv->utcb)->mr[0] & L4_THREAD_OPCODE_MASK;
    if (op >= ARRAY_SIZE(thread_ops) || !thread_ops[op]) {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    thread_ops[op](t, rights, inv);
}

struct kobj *thread_factory_create(struct quota *q, struct invocation *inv, long *err)
{
    (void)inv;
    struct thread *t = thread_create(q);
    if (!t) {
        *err = -L4_ENOMEM;
        return NULL;
    }
    /* Registers zero (ex_regs reads them before it sets any); it runs once
     * ex_regs and run_thread have both been done (THREAD_START_*). */
    arch_thread_init_user(t, 0, 0);
    t->start_needs = THREAD_START_REGS | THREAD_START_CPU;
    return &t->kobj;
}

void thread_block_switch(struct thread *next, uint64_t deadline_us)
{
    struct thread *t = current_thread();
    if (next->state != THREAD_BLOCKED) {
        thread_block_current(deadline_us);
        return;
    }
    t->timed_out = false;
    if (deadline_us) {
        timeout_arm(&t->timeout, deadline_us);
    }
    timeout_cancel(&next->timeout);
    sched_block_switch(t, next);
}
