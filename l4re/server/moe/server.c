/* SPDX-License-Identifier: MIT */
/*
 * moe's IPC loop. One receive buffer is always offered: a free capability
 * slot with L4_RCV_ITEM_LOCAL_ID, so a capability to one of moe's own
 * objects arrives as its label and anything else is mapped into the slot.
 * A handler reads its arguments first (every system call it makes reuses
 * the UTCB), then builds the reply in the message registers; the loop
 * answers with reply-and-wait, or just waits when there is nothing to
 * answer (sends, exits, or a reply that failed).
 */
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/types.h>
#include <l4/util/string.h>
#include <l4/sys/irq.h>
#include <l4/sys/kernel_object.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/thread.h>
#include <l4/sys/factory.h>
#include "console.h"
#include "moe.h"

static const obj_invoke_fn invoke_fns[OBJ_KINDS] = {
    [OBJ_ALLOC] = alloc_invoke,
    [OBJ_DS] = ds_invoke,
    [OBJ_NS] = ns_invoke,
    [OBJ_LOG] = log_invoke,
    [OBJ_SCHED] = sched_invoke,
    [OBJ_APP] = app_invoke,
};

void msg_reply_cap(struct msg *m, l4_cap_idx_t cap, unsigned rights)
{
    m->mr->mr[m->reply_words] = l4_map_obj_control(0, 0);
    m->mr->mr[m->reply_words + 1] = l4_obj_fpage(cap, 0, (unsigned char)rights).raw;
    m->reply_items = 1;
}

char const *msg_string(struct msg *m, unsigned idx, unsigned *len, unsigned *next)
{
    unsigned words;

    if (idx >= m->words) {
        return NULL;
    }
    if (m->mr->mr[idx] > 1024) {
        return NULL; /* judged as a whole word: 2^32 + 3 is not 3 */
    }
    *len = (unsigned)m->mr->mr[idx];
    words = (unsigned)l4_bytes_to_mwords(*len);
    if (idx + 1 + words > m->words) {
        return NULL;
    }
    if (next) {
        *next = idx + 1 + words;
    }
    return (char const *)&m->mr->mr[idx + 1];
}

/* Decode the first typed item of a request into m->item. */
static void decode_item(struct msg *m)
{
    l4_umword_t w0, w1;

    m->item = ITEM_NONE;
    if (!l4_msgtag_items(m->tag) || m->words + 2 > L4_UTCB_GENERIC_DATA_SIZE) {
        return;
    }
    w0 = m->mr->mr[m->words];
    w1 = m->mr->mr[m->words + 1];
    if ((w0 & 0xe) == 0xc) {
        /* A gate bound to us: word 1 is its label | rights. */
        m->item = ITEM_LOCAL;
        m->item_obj = obj_lookup(w1);
        m->item_rights = w1 & 0xf;
    } else if ((w0 & 0xe) == L4_ITEM_MAP) {
        m->item = ITEM_CAP;
    }
}

/* Release an unused received capability without losing the reply in the MRs. */
static void drop_rcv_cap(struct msg *m)
{
    l4_umword_t save[L4_UTCB_GENERIC_DATA_SIZE];
    unsigned n = m->reply_words + 2 * m->reply_items;

    memcpy(save, m->mr->mr, n * sizeof(l4_umword_t));
    l4_task_release_cap(L4_BASE_TASK_CAP, m->rcv_cap);
    memcpy(m->mr->mr, save, n * sizeof(l4_umword_t));
}

/*
 * Dataspaces die with their clients: moe makes its own capability to a new
 * dataspace's gate uncounted (l4_kobject_dec_refcnt) once the reply that
 * hands it out is delivered, i.e. at the next request; when the last client
 * capability goes the kernel deletes the gate and fires moe's deletion IRQ,
 * and moe frees every dataspace whose gate is gone.
 */
#define MOE_DEL_IRQ_LABEL (1UL << 62)

static struct obj *uncount_pending;

void moe_uncount_later(struct obj *o)
{
    uncount_pending = o;
}

/* Called with a new request in the UTCB: its message registers are kept. */
static void uncount_delivered(l4_msgtag_t request)
{
    struct obj *o = uncount_pending;
    if (!o) {
        return;
    }
    uncount_pending = NULL;
    l4_umword_t save[L4_UTCB_GENERIC_DATA_SIZE];
    unsigned n = l4_msgtag_words(request) + 2 * l4_msgtag_items(request);
    n = n > L4_UTCB_GENERIC_DATA_SIZE ? L4_UTCB_GENERIC_DATA_SIZE : n;
    memcpy(save, l4_utcb_mr()->mr, n * sizeof(l4_umword_t));
    if (l4_error(l4_kobject_dec_refcnt(o->gate, 1)) == 0) {
        o->uncounted = 1;
        /* The reply may have failed: then nobody holds it and it is gone already. */
        obj_reap_dead();
    }
    memcpy(l4_utcb_mr()->mr, save, n * sizeof(l4_umword_t));
}

static void setup_del_irq(void)
{
    l4_cap_idx_t irq = moe_cap_alloc();
    if (l4_is_invalid_cap(irq) ||
        l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)) < 0 ||
        l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, MOE_DEL_IRQ_LABEL)) < 0 ||
        l4_error(l4_thread_register_del_irq(L4_BASE_THREAD_CAP, irq)) < 0) {
        kd_printf("moe: no deletion IRQ: dropped dataspaces are freed only at exit\n");
    }
}

void moe_serve(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_cap_idx_t rcv_cap = moe_cap_alloc();
    l4_msgtag_t reply = l4_msgtag(0, 0, 0, 0);
    int have_reply = 0;

    setup_del_irq();
    console_init();
    for (;;) {
        struct msg m;
        l4_umword_t label;
        l4_msgtag_t tag;
        struct obj *o;
        long r;

        l4_utcb_br_u(u)->bdr = 0;
        l4_utcb_br_u(u)->br[0] = rcv_cap | L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_LOCAL_ID;
        /* One buffer only: a second item finds no buffer and fails the sender's call. */
        l4_utcb_br_u(u)->br[1] = 0;
        if (have_reply) {
            tag = l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_SEND_TIMEOUT_0);
        } else {
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
        }
        have_reply = 0;
        uncount_delivered(tag);
        if (l4_msgtag_has_error(tag)) {
            moe_dbg(MOE_DBG_SERVER, "moe: IPC error 0x%lx\n", l4_ipc_error(tag, u));
            continue;
        }
        if (label == MOE_DEL_IRQ_LABEL) {
            obj_reap_dead();
            continue;
        }
        if (label == CONSOLE_IRQ_LABEL) {
            console_input();
            continue;
        }
        memset(&m, 0, sizeof(m));
        m.tag = tag;
        m.rights = label & 0xf;
        m.mr = l4_utcb_mr_u(u);
        m.words = l4_msgtag_words(tag);
        m.rcv_cap = rcv_cap;
        decode_item(&m);
        o = obj_lookup(label);
        if (!o) {
            moe_dbg(MOE_DBG_SERVER, "moe: request with unknown label 0x%lx\n", label);
            r = -L4_ENOENT;
        } else {
            r = invoke_fns[o->kind](o, &m);
        }
        if (m.item == ITEM_CAP) {
            if (m.took_cap) {
                rcv_cap = moe_cap_alloc();
            } else {
                drop_rcv_cap(&m);
            }
        }
        if (!m.no_reply) {
            reply = l4_msgtag(r, m.reply_words, m.reply_items, 0);
            have_reply = 1;
        }
    }
}
