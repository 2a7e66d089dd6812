/* SPDX-License-Identifier: MIT */
/*
 * The hostile client's message generator (fuzz.h): random words with edge
 * values, message shapes and receive buffers. Freestanding: it runs in a
 * root task and in programs without a C library.
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include "fuzz.h"

void fz_seed(struct fz_rng *r, l4_uint64_t seed)
{
    r->s = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

l4_uint64_t fz_next(struct fz_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}

unsigned fz_below(struct fz_rng *r, unsigned n)
{
    return n ? (unsigned)((fz_next(r) >> 32) % n) : 0;
}

l4_umword_t fz_word(struct fz_rng *r)
{
    l4_umword_t x = fz_next(r);
    unsigned k = fz_below(r, 64);

    switch (fz_below(r, 12)) {
    case 0:
        return 0;
    case 1:
        return ~0UL;
    case 2:
        return fz_below(r, 16);
    case 3:
        return (1UL << k);                  /* a power of two */
    case 4:
        return (1UL << k) - 1;              /* just below one */
    case 5:
        return (1UL << k) + 1;
    case 6:
        return ~0UL - fz_below(r, 0x2000);  /* wraps when added to anything */
    case 7:
        return (l4_umword_t)fz_below(r, 64) << L4_PAGESHIFT;  /* page-sized offsets */
    case 8:
        return x & 0xffffffffUL;
    case 9:
        return 1UL << 63;
    default:
        return x;
    }
}

static long const other_labels[] = {
    0, 1, -1, L4_PROTO_PAGE_FAULT, L4_PROTO_EXCEPTION, L4_PROTO_LOG, L4_PROTO_FACTORY,
    L4_PROTO_SIGMA0, L4_PROTO_SCHEDULER, 0x4000, 0x4001, 0x4002, 0x4005, 0x400b, 0x7fff, -0x8000,
};

static long pick_label(struct fz_rng *r, struct fz_target const *t)
{
    unsigned n = sizeof(other_labels) / sizeof(other_labels[0]);

    switch (fz_below(r, 10)) {
    case 0:
        return other_labels[fz_below(r, n)];
    case 1:
        return (long)(short)fz_next(r);     /* the label field is 16 bits */
    default:
        return t->proto;
    }
}

static unsigned pick_words(struct fz_rng *r)
{
    switch (fz_below(r, 16)) {
    case 0:
        return 0;
    case 1:
        return L4_UTCB_GENERIC_DATA_SIZE - fz_below(r, 3);
    case 2:
        return L4_UTCB_GENERIC_DATA_SIZE - 1; /* with an item: one word too many */
    default:
        return 1 + fz_below(r, 8);
    }
}

/* One map item: control word and flexpage (fz_call clears any grant bit). */
static void pick_item(struct fz_rng *r, struct fz_env const *e, l4_umword_t *ctrl,
                      l4_umword_t *fp)
{
    unsigned rights = fz_below(r, 16);

    *ctrl = l4_map_obj_control(0, 0);
    switch (fz_below(r, 8)) {
    case 0:
        *fp = l4_obj_fpage(L4_INVALID_CAP, 0, (unsigned char)rights).raw;
        break;
    case 1:
        *fp = fz_word(r);
        *ctrl = fz_word(r) | L4_ITEM_MAP;
        break;
    case 2:
        *fp = l4_fpage(e->item_page, L4_PAGESHIFT, L4_FPAGE_RW).raw;
        *ctrl = l4_map_control(0, 0, 0);
        break;
    case 3:
        *ctrl = 0; /* a void item */
        *fp = fz_word(r);
        break;
    default:
        *fp = l4_obj_fpage(e->item_caps[fz_below(r, e->n_item_caps)], 0,
                           (unsigned char)(L4_CAP_FPAGE_R | rights)).raw;
        break;
    }
}

/* The receive buffers of one call: none, one capability slot, or the memory window. */
static void pick_buffers(struct fz_rng *r, struct fz_env const *e)
{
    l4_buf_regs_t *b = l4_utcb_br();

    b->bdr = 0;
    switch (fz_below(r, 4)) {
    case 0:
        b->br[0] = 0;
        break;
    case 1:
        b->br[0] = e->rcv_slot | L4_RCV_ITEM_SINGLE_CAP;
        b->br[1] = 0;
        break;
    default:
        b->br[0] = L4_ITEM_MAP;
        b->br[1] = l4_fpage(e->rcv_window, L4_SUPERPAGESHIFT, L4_FPAGE_RWX).raw;
        b->br[2] = 0;
        break;
    }
}

int fz_call(struct fz_rng *r, struct fz_env const *e, struct fz_target *t, unsigned rcv_us,
            char const **why)
{
    struct fz_msg m;
    l4_msg_regs_t *mr = l4_utcb_mr();
    unsigned i, room;
    l4_msgtag_t tag;

    m.label = pick_label(r, t);
    m.words = pick_words(r);
    m.items = 0;
    m.mr[0] = fz_below(r, 4) ? fz_below(r, t->nops + 2) : fz_word(r);
    for (i = 1; i < L4_UTCB_GENERIC_DATA_SIZE; ++i) {
        m.mr[i] = fz_word(r);
    }
    /* Usually items that fit; sometimes one that overflows the 63 registers. */
    room = (L4_UTCB_GENERIC_DATA_SIZE - m.words) / 2;
    if (!fz_below(r, 4)) {
        m.items = 1 + fz_below(r, room < 3 ? (room ? room : 1) : 3);
        for (i = 0; i < m.items; ++i) {
            pick_item(r, e, &m.mr[m.words + 2 * i], &m.mr[m.words + 2 * i + 1]);
        }
    }
    if (t->shape) {
        t->shape(t, &m);
    }
    /* After shaping (which may move the items): a grant would move our own
     * capability or memory away, which hurts only us. */
    for (i = 0; i < m.items && m.words + 2 * i < L4_UTCB_GENERIC_DATA_SIZE; ++i) {
        m.mr[m.words + 2 * i] &= ~(l4_umword_t)L4_MAP_ITEM_GRANT;
    }
    for (i = 0; i < L4_UTCB_GENERIC_DATA_SIZE; ++i) {
        mr->mr[i] = m.mr[i];
    }
    pick_buffers(r, e);
    tag = l4_ipc_call(t->cap, l4_utcb(), l4_msgtag(m.label, m.words, m.items, 0),
                      l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(rcv_us)));
    ++t->sent;
    m.reply = tag;
    m.reply_ok = 0;
    if (l4_msgtag_has_error(tag)) {
        if ((l4_ipc_error(tag, l4_utcb()) & 0x1f) == L4_IPC_RETIMEOUT) {
            ++t->timeouts;
        } else {
            ++t->ipc_errors;
        }
        return 1;
    }
    for (i = 0; i < 4; ++i) {
        m.rmr[i] = mr->mr[i];
    }
    if (l4_msgtag_label(tag) < 0) {
        ++t->errors;
    } else {
        m.reply_ok = 1;
    }
    if (t->check && !t->check(t, &m, why)) {
        return 0;
    }
    return 1;
}
