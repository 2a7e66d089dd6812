/* SPDX-License-Identifier: MIT */
/*
 * Scheduler proxies (L4_PROTO_SCHEDULER). A program's scheduler capability
 * is one of these: run_thread is forwarded to the kernel scheduler with the
 * priority moved up by the proxy's offset and clamped to its limit; info
 * and idle_time are forwarded unchanged. The thread arrives as a mapped
 * capability in moe's receive slot and is dropped again afterwards.
 */
#include <l4/sys/scheduler.h>
#include "moe.h"

struct sched {
    struct obj obj;
    unsigned prio_limit;
    unsigned prio_offset;
};

struct obj *sched_obj(struct sched *s)
{
    return &s->obj;
}

struct sched *sched_create(struct alloc *owner, unsigned prio_limit, unsigned prio_offset)
{
    struct sched *s = moe_alloc(sizeof(*s));

    if (!s || obj_init(&s->obj, OBJ_SCHED, owner) < 0) {
        moe_free(s, sizeof(*s));
        return NULL;
    }
    s->prio_limit = prio_limit;
    s->prio_offset = prio_offset;
    return s;
}

void sched_destroy(struct obj *o)
{
    moe_free(o, sizeof(struct sched));
}

/* op: L4_SCHEDULER_RUN_THREAD_OP, rights: none, proto: L4_PROTO_SCHEDULER */
static long sched_run_thread(struct sched *s, struct msg *m)
{
    l4_sched_param_t sp;
    unsigned long prio;

    if (m->words < 5) {
        return -L4_EMSGTOOSHORT;
    }
    if (m->item != ITEM_CAP) {
        return -L4_EINVAL;
    }
    sp.affinity.gran_offset = m->mr->mr[1];
    sp.affinity.map = m->mr->mr[2];
    prio = m->mr->mr[3] + s->prio_offset;
    sp.prio = prio > s->prio_limit ? s->prio_limit : prio;
    if (sp.prio < L4_SCHED_MIN_PRIO) {
        sp.prio = L4_SCHED_MIN_PRIO;
    }
    sp.quantum = m->mr->mr[4];
    {
        long r = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, m->rcv_cap, &sp));

        moe_dbg(MOE_DBG_SERVER, "moe: run_thread prio %lu: %ld\n", (unsigned long)sp.prio, r);
        return r;
    }
}

/* Forward info / idle_time (words only) to the kernel scheduler and copy the answer. */
static long sched_forward(struct msg *m)
{
    l4_msgtag_t t = l4_ipc_call(L4_BASE_SCHEDULER_CAP, l4_utcb(),
                                l4_msgtag(L4_PROTO_SCHEDULER, m->words, 0, 0), L4_IPC_NEVER);

    if (l4_msgtag_has_error(t)) {
        return l4_error(t);
    }
    m->reply_words = l4_msgtag_words(t);
    return l4_msgtag_label(t);
}

long sched_invoke(struct obj *o, struct msg *m)
{
    if (l4_msgtag_label(m->tag) != L4_PROTO_SCHEDULER) {
        return -L4_EBADPROTO;
    }
    if (m->words < 1) {
        return -L4_EMSGTOOSHORT;
    }
    switch (m->mr->mr[0]) {
    case L4_SCHEDULER_RUN_THREAD_OP:
        return sched_run_thread((struct sched *)o, m);
    case L4_SCHEDULER_INFO_OP:
    case L4_SCHEDULER_IDLE_TIME_OP:
        return sched_forward(m);
    default:
        return -L4_ENOSYS;
    }
}
