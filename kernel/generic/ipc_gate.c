// SPDX-License-Identifier: MIT
/*
 * The Ipc_gate object: a capability-protected entry to a thread that
 * carries a label chosen by the server. A message with protocol
 * L4_PROTO_KOBJECT and a send phase is a gate operation (bind, get_info);
 * anything else is IPC to the bound thread, delivered with the gate label
 * ORed with the W and S rights of the sender's capability, so the receiver
 * learns which gate (not which sender) it came through. Sending through an
 * unbound gate waits, bounded by the send timeout, until it is bound.
 * The gate holds a counted reference to its thread.
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/kernel_object.h>
#include <l4/sys/types.h>
#include "invocation.h"
#include "ipc.h"
#include "irq.h"
#include "obj_space.h"
#include "quota.h"
#include "rcv_ep.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "timeout.h"

struct ipc_gate {
    struct kobj kobj;
    struct thread *thread;   /* bound receiver, or NULL */
    uint64_t label;
    struct list waiters;     /* senders waiting for a bind */
};

static void gate_wake_waiters(struct ipc_gate *g, unsigned error)
{
    while (!list_empty(&g->waiters)) {
        struct thread *t = CONTAINER_OF(g->waiters.next, struct thread, send_link);
        list_unlink(&t->send_link);
        t->ipc &= ~IPC_GATE_WAIT;
        t->ipc_wake_error = error;
        thread_wake(t);
    }
}

static void gate_kill(struct kobj *o)
{
    struct ipc_gate *g = CONTAINER_OF(o, struct ipc_gate, kobj);
    gate_wake_waiters(g, L4_IPC_ENOT_EXISTENT);
    if (g->thread) {
        /* Tell the server: its deletion IRQ (l4_thread_register_del_irq). */
        if (g->thread->del_irq) {
            irq_trigger(g->thread->del_irq);
        }
        kobj_put(&g->thread->kobj);
        g->thread = NULL;
    }
}

static void gate_destroy(struct kobj *o)
{
    quota_free(o->quota, CONTAINER_OF(o, struct ipc_gate, kobj), sizeof(struct ipc_gate));
}

static void gate_invoke(struct kobj *obj, unsigned rights, struct invocation *inv);

static const struct kobj_type gate_type = {
    .name = "Ipc_gate",
    .invoke = gate_invoke,
    .kill = gate_kill,
    .destroy = gate_destroy,
    .object_proto = L4_PROTO_KOBJECT,
    .fast_kind = KOBJ_FAST_GATE,
};

/* For the invariant checker (invariants.c): the type, its size and its thread reference. */
const struct kobj_type *const ipc_gate_kobj_type = &gate_type;
const size_t ipc_gate_obj_size = sizeof(struct ipc_gate);

struct thread *ipc_gate_bound_thread(struct kobj *o)
{
    return CONTAINER_OF(o, struct ipc_gate, kobj)->thread;
}

static void gate_bind(struct ipc_gate *g, struct thread *t, uint64_t label)
{
    kobj_get(&t->kobj);
    if (g->thread) {
        kobj_put(&g->thread->kobj);
    }
    g->thread = t;
    g->label = label;
    /* Waiting senders retry now that there is a receiver. */
    gate_wake_waiters(g, 0);
}

/* op: L4_IPC_GATE_BIND_OP, rights: S (gate and thread), proto: L4_PROTO_KOBJECT */
static void gate_op_bind(struct ipc_gate *g, unsigned rights, struct invocation *inv)
{
    struct thread *t;
    uint64_t label;
    if (rcv_ep_decode_bind(inv, rights, &t, &label)) {
        gate_bind(g, t, label);
        invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
    }
}

/* op: L4_IPC_GATE_GET_INFO_OP, rights: server (L4_FPAGE_C_IPCGATE_SVR), proto: L4_PROTO_KOBJECT */
static void gate_op_get_info(struct ipc_gate *g, unsigned rights, struct invocation *inv)
{
    if (!(rights & L4_FPAGE_C_IPCGATE_SVR)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    l4_utcb_mr_u(inv->utcb)->mr[0] = g->label;
    invocation_reply(inv, l4_msgtag(0, 1, 0, 0));
}

/*
 * op: L4_KOBJECT_OP_DEC_REFCNT, rights: none, proto: L4_PROTO_KOBJECT.
 * The invoking capability stops keeping the gate alive (mr1 = 1): how a
 * server holds the gates it hands out, so that the gate dies, and the
 * server's deletion IRQ fires, when the last client capability goes.
 */
static void gate_op_dec_refcnt(struct invocation *inv)
{
    if (l4_msgtag_words(inv->tag) < 2 || l4_utcb_mr_u(inv->utcb)->mr[1] != 1) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    invocation_error(inv, cap_uncount(inv->slot));
}

/* IPC through the gate; waits for a bind while unbound. */
static void gate_ipc(struct ipc_gate *g, unsigned rights, struct invocation *inv)
{
    struct thread *self = inv->caller;
    while ((inv->flags & L4_SYSF_SEND) && !g->thread && !g->kobj.dead) {
        uint64_t d = timeout_deadline(inv->timeout >> 16, inv->utcb);
        if (d == TIMEOUT_POLL) {
            invocation_ipc_error(inv, L4_IPC_SETIMEOUT);
            return;
        }
        self->ipc = IPC_GATE_WAIT;
        self->ipc_wake_error = 0;
        list_push_back(&g->waiters, &self->send_link);
        thread_block_current(d);
        if (self->ipc & IPC_GATE_WAIT) {
            list_unlink(&self->send_link);
            self->ipc = 0;
            invocation_ipc_error(inv, L4_IPC_SETIMEOUT);
            return;
        }
        if (self->ipc_wake_error) {
            invocation_ipc_error(inv, self->ipc_wake_error);
            return;
        }
    }
    if (g->kobj.dead) {
        invocation_ipc_error(inv, L4_IPC_ENOT_EXISTENT);
        return;
    }
    uint64_t label = g->label | (rights & (L4_CAP_FPAGE_W | L4_CAP_FPAGE_S));
    ipc_invoke(inv, g->thread, label, rights, NULL);
}

static void gate_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    struct ipc_gate *g = CONTAINER_OF(obj, struct ipc_gate, kobj);
    if (kobj_invocation_is_ipc(obj, l4_msgtag_label(inv->tag), inv->flags)) {
        gate_ipc(g, rights, inv);
        return;
    }
    unsigned long op = l4_msgtag_words(inv->tag) ? l4_utcb_mr_u(inv->utcb)->mr[0] : ~0UL;
    switch (op) {
    case L4_KOBJECT_OP_DEC_REFCNT:
        gate_op_dec_refcnt(inv);
        break;
    case L4_IPC_GATE_BIND_OP:
        gate_op_bind(g, rights, inv);
        break;
    case L4_IPC_GATE_GET_INFO_OP:
        gate_op_get_info(g, rights, inv);
        break;
    default:
        invocation_error(inv, -L4_ENOSYS);
        break;
    }
}

struct kobj *gate_factory_create(struct quota *q, struct invocation *inv, long *err)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);
    uint64_t label = words >= 3 ? mr[2] : 0;
    if (label & 3) {
        *err = -L4_EINVAL;
        return NULL;
    }
    struct thread *t = NULL;
    if (l4_msgtag_items(inv->tag) >= 1 && words >= 3) {
        unsigned trights = 0;
        struct kobj *o = task_lookup(inv->caller->task, mr[4] & L4_FPAGE_ADDR_MASK, &thread_type,
                                     &trights);
        if (!o) {
            *err = -L4_EINVAL;
            return NULL;
        }
        if (!(trights & L4_CAP_FPAGE_S)) {
            *err = -L4_EPERM;
            return NULL;
        }
        t = CONTAINER_OF(o, struct thread, kobj);
    }
    struct ipc_gate *g = quota_alloc(q, sizeof(*g));
    if (!g) {
        *err = -L4_ENOMEM;
        return NULL;
    }
    kobj_init(&g->kobj, &gate_type, q);
    list_init(&g->waiters);
    g->label = label;
    if (t) {
        gate_bind(g, t, label);
    }
    return &g->kobj;
}

bool ipc_gate_target(struct kobj *o, unsigned rights, struct thread **thread, uint64_t *label)
{
    if (o->type != &gate_type) {
        return false;
    }
    struct ipc_gate *g = CONTAINER_OF(o, struct ipc_gate, kobj);
    if (!g->thread) {
        return false;
    }
    *thread = g->thread;
    *label = g->label | (rights & (L4_CAP_FPAGE_W | L4_CAP_FPAGE_S));
    return true;
}

struct kobj *gate_create_bound(struct quota *q, struct thread *t, uint64_t label);

struct kobj *gate_create_bound(struct quota *q, struct thread *t, uint64_t label)
{
    struct ipc_gate *g = quota_alloc(q, sizeof(*g));
    if (!g) {
        return NULL;
    }
    kobj_init(&g->kobj, &gate_type, q);
    list_init(&g->waiters);
    gate_bind(g, t, label);
    return &g->kobj;
}
