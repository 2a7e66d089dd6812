/* SPDX-License-Identifier: MIT */
/*
 * sigma0's server loop: the sigma0 protocol (l4/sigma0/sigma0.h), page
 * faults of its clients (the root task's pager gate) and the factory
 * request that makes a new client gate. A client is the label of the gate
 * it called through: id = label >> 4, the low bits are its rights (W, S).
 * Nothing sigma0 hands out is touched: the kernel enters RAM, boot data and
 * device memory into sigma0 1:1 when a map item sends them. Failures reply
 * with a negative label and no item. doc/sigma0.md has the rules.
 */
#include <l4/sigma0/sigma0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/util/kd_printf.h>
#include "sigma0.h"

#define FIRST_GATE_SLOT 0x40 /* cap slots of gates made by the factory request */
#define LABEL_RIGHTS 0xfUL

struct req {
    l4_msgtag_t tag;
    l4_umword_t label;
    unsigned client;  /* label >> 4 */
    l4_msg_regs_t *mr;
};

/* What a handler wants sent back. */
struct answer {
    long label;           /* the reply label: 0 or -L4_E* */
    unsigned items;       /* 0 or 1 map item in mr0/mr1 */
    int no_reply;         /* nothing to send (the caller did not wait) */
};

static l4_kernel_info_t *s0_kip;
static int s0_verbose;
static unsigned next_client = 5; /* 4 is the root task's gate, made by the kernel */

/* The answer: one map item of [pa, pa + 2^order) with \a rights, send base = pa. */
static struct answer map_item(struct req *r, l4_addr_t pa, unsigned order, unsigned rights)
{
    r->mr->mr[0] = l4_map_control(pa, 0, 0);
    r->mr->mr[1] = l4_fpage(pa, order, (unsigned char)rights).raw;
    return (struct answer){ 0, 1, 0 };
}

static struct answer refuse(long err)
{
    return (struct answer){ err, 0, 0 };
}

/* The order and address of a request's fpage (mr1), checked for alignment. */
static int req_fpage(struct req *r, l4_addr_t *pa, unsigned *order)
{
    l4_fpage_t fp = { .raw = r->mr->mr[1] };

    *order = (unsigned)l4_fpage_size(fp);
    *pa = l4_fpage_memaddr(fp);
    if (l4_msgtag_words(r->tag) < 2 || *order < L4_PAGESHIFT || *order > 40
        || (*pa & ((1UL << *order) - 1))) {
        return -1;
    }
    return 0;
}

/* op: SIGMA0_REQ_FPAGE_RAM, proto: L4_PROTO_SIGMA0 */
static struct answer req_ram(struct req *r)
{
    l4_addr_t pa;
    unsigned order;

    if (req_fpage(r, &pa, &order) < 0) {
        return refuse(-L4_EINVAL);
    }
    if (memmap_claim(pa, 1UL << order, r->client) < 0) {
        if (s0_verbose) {
            kd_printf("sigma0: client %u: RAM 0x%lx/%u refused (taken or not RAM)\n", r->client,
                      pa, order);
        }
        return refuse(-L4_ENOMEM);
    }
    return map_item(r, pa, order, L4_FPAGE_RWX);
}

/* op: SIGMA0_REQ_FPAGE_ANY, proto: L4_PROTO_SIGMA0 */
static struct answer req_any(struct req *r)
{
    l4_fpage_t fp = { .raw = r->mr->mr[1] };
    unsigned order = (unsigned)l4_fpage_size(fp);
    l4_addr_t pa;

    if (l4_msgtag_words(r->tag) < 2 || order < L4_PAGESHIFT || order > 40) {
        return refuse(-L4_EINVAL);
    }
    pa = memmap_claim_any(order, r->client);
    if (!pa) {
        return refuse(-L4_ENOMEM);
    }
    return map_item(r, pa, order, L4_FPAGE_RWX);
}

/* op: SIGMA0_REQ_FPAGE_IOMEM(_CACHED), proto: L4_PROTO_SIGMA0 */
static struct answer req_iomem(struct req *r)
{
    static char const *const why[] = {
        [L4_EPERM] = "RAM or kernel memory",
        [L4_ENODEV] = "no device of the device tree",
        [L4_EBUSY] = "another client's device",
    };
    int cached = (r->mr->mr[0] & SIGMA0_REQ_ID_MASK) == SIGMA0_REQ_ID_FPAGE_IOMEM_CACHED;
    l4_addr_t pa;
    unsigned order;
    int err;

    if (req_fpage(r, &pa, &order) < 0) {
        return refuse(-L4_EINVAL);
    }
    devmem_init(s0_kip); /* once, at the first request: sigma0's start stays as short */
    err = devmem_claim(pa, 1UL << order, r->client);
    if (err < 0) {
        kd_printf("sigma0: client %u: device memory 0x%lx/%u refused: %s\n", r->client, pa,
                  order, why[-err]);
        return refuse(err);
    }
    /* Not touched: the kernel enters device memory into sigma0 when it is sent. */
    r->mr->mr[0] = l4_map_control(pa, cached ? L4_FPAGE_CACHEABLE : L4_FPAGE_UNCACHEABLE, 0);
    r->mr->mr[1] = l4_fpage(pa, order, L4_FPAGE_RW).raw;
    return (struct answer){ 0, 1, 0 };
}

/* op: SIGMA0_REQ_KIP, proto: L4_PROTO_SIGMA0 */
static struct answer req_kip(struct req *r)
{
    return map_item(r, (l4_addr_t)s0_kip, L4_PAGESHIFT, L4_FPAGE_RX);
}

/* op: SIGMA0_REQ_DEBUG_DUMP, proto: L4_PROTO_SIGMA0 */
static struct answer req_dump(struct req *r)
{
    (void)r;
    memmap_dump_owners();
    return refuse(0);
}

typedef struct answer (*req_fn)(struct req *);

/* Indexed by request id >> 4. */
static const req_fn sigma0_reqs[16] = {
    [SIGMA0_REQ_ID_FPAGE_RAM >> 4] = req_ram,
    [SIGMA0_REQ_ID_FPAGE_IOMEM >> 4] = req_iomem,
    [SIGMA0_REQ_ID_FPAGE_IOMEM_CACHED >> 4] = req_iomem,
    [SIGMA0_REQ_ID_FPAGE_ANY >> 4] = req_any,
    [SIGMA0_REQ_ID_KIP >> 4] = req_kip,
    [SIGMA0_REQ_ID_DEBUG_DUMP >> 4] = req_dump,
};

static struct answer proto_sigma0(struct req *r)
{
    l4_umword_t code = r->mr->mr[0];
    req_fn fn;

    if (l4_msgtag_words(r->tag) < 1 || !SIGMA0_IS_MAGIC_REQ(code) || (code & 0xf)) {
        return refuse(-L4_EINVAL);
    }
    fn = sigma0_reqs[(code & SIGMA0_REQ_ID_MASK) >> 4];
    return fn ? fn(r) : refuse(-L4_ENOSYS);
}

/* A client's page fault: free RAM becomes the client's, boot data is shared. */
static struct answer proto_page_fault(struct req *r)
{
    l4_addr_t pfa = r->mr->mr[0] & L4_PAGEMASK;

    if (memmap_is_boot(pfa, L4_PAGESIZE)
        || (memmap_is_ram(pfa, L4_PAGESIZE) && memmap_claim(pfa, L4_PAGESIZE, r->client) == 0)) {
        return map_item(r, pfa, L4_PAGESHIFT, L4_FPAGE_RWX);
    }
    if (pfa == (l4_addr_t)s0_kip) {
        return map_item(r, pfa, L4_PAGESHIFT, L4_FPAGE_RX);
    }
    kd_printf("sigma0: client %u: page fault at 0x%lx (pc 0x%lx) is not RAM of its own\n",
              r->client, r->mr->mr[0], r->mr->mr[1]);
    return refuse(-L4_EFAULT);
}

/* Factory create of L4_PROTO_SIGMA0 (needs S): a new client gate. */
static struct answer proto_factory(struct req *r)
{
    l4_cap_idx_t cap = (l4_cap_idx_t)(FIRST_GATE_SLOT + next_client) << L4_CAP_SHIFT;
    l4_msgtag_t t;

    if ((long)r->mr->mr[0] != L4_PROTO_SIGMA0) {
        return refuse(-L4_ENODEV);
    }
    if (!(r->label & L4_CAP_FPAGE_S)) {
        return refuse(-L4_EPERM);
    }
    if (next_client >= 0xfff0) {
        return refuse(-L4_ENOMEM);
    }
    t = l4_factory_create_gate(L4_BASE_FACTORY_CAP, cap, L4_BASE_THREAD_CAP,
                               (l4_umword_t)next_client << 4);
    if (l4_error(t) < 0) {
        return refuse(l4_error(t));
    }
    ++next_client;
    r->mr->mr[0] = l4_map_obj_control(0, 0);
    r->mr->mr[1] = l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWS).raw;
    return (struct answer){ 0, 1, 0 };
}

static struct answer dispatch(struct req *r)
{
    switch (l4_msgtag_label(r->tag)) {
    case L4_PROTO_SIGMA0:
        return proto_sigma0(r);
    case L4_PROTO_PAGE_FAULT:
        return proto_page_fault(r);
    case L4_PROTO_FACTORY:
        return proto_factory(r);
    default:
        return refuse(-L4_EBADPROTO);
    }
}

/* Receive timeout until the next heartbeat (never without one). */
static l4_timeout_t wait_timeout(l4_cpu_time_t next_beat)
{
    l4_cpu_time_t now = l4_kip_clock(s0_kip);

    if (!next_beat) {
        return l4_timeout(L4_IPC_TIMEOUT_0, L4_IPC_TIMEOUT_NEVER);
    }
    if (now >= next_beat) {
        return l4_timeout(L4_IPC_TIMEOUT_0, L4_IPC_TIMEOUT_0);
    }
    return l4_timeout(L4_IPC_TIMEOUT_0, l4_timeout_from_us(next_beat - now));
}

void sigma0_serve(l4_kernel_info_t *kip, unsigned long heartbeat_ms, int verbose)
{
    l4_utcb_t *u = l4_utcb();
    l4_cpu_time_t step = (l4_cpu_time_t)heartbeat_ms * 1000U;
    l4_cpu_time_t next_beat = step ? l4_kip_clock(kip) + step : 0;
    unsigned long beats = 0;
    int reply = 0;
    struct answer a = { 0, 0, 1 };

    s0_kip = kip;
    s0_verbose = verbose;
    for (;;) {
        struct req r;
        l4_msgtag_t tag;

        l4_utcb_br_u(u)->bdr = 0;
        l4_utcb_br_u(u)->br[0] = 0;
        if (reply) {
            tag = l4_ipc_reply_and_wait(u, l4_msgtag(a.label, 0, a.items, 0), &r.label,
                                        wait_timeout(next_beat));
        } else {
            tag = l4_ipc_wait(u, &r.label, wait_timeout(next_beat));
        }
        reply = 0;
        if (next_beat && l4_kip_clock(kip) >= next_beat) {
            kd_printf("sigma0: heartbeat %lu\n", ++beats);
            next_beat += step;
        }
        if (l4_msgtag_has_error(tag)) {
            continue; /* timeout, or the caller of the last reply is gone */
        }
        r.tag = tag;
        r.client = (unsigned)(r.label >> 4);
        r.mr = l4_utcb_mr_u(u);
        a = dispatch(&r);
        reply = !a.no_reply;
    }
}
