/* SPDX-License-Identifier: MIT */
/*
 * libsigma0: the client side of the sigma0 protocol (<l4/sigma0/sigma0.h>).
 * Each call sets a receive window in BR0/BR1, sends one request and checks
 * that exactly one map item came back; map_mem/map_iomem split a range into
 * the largest naturally aligned flexpages. Protocol: doc/sigma0.md.
 */
#include <l4/sigma0/sigma0.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

/* One request: mr0 = req, mr1 = fpage, window = rcv. Returns 0 or -L4SIGMA0_*. */
static int s0_call(l4_cap_idx_t sigma0, l4_umword_t req, l4_fpage_t fp, l4_fpage_t rcv,
                   l4_umword_t *snd_base)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_buf_regs_t *b = l4_utcb_br_u(u);
    l4_msgtag_t tag;

    m->mr[0] = req;
    m->mr[1] = fp.raw;
    b->bdr = 0;
    b->br[0] = L4_ITEM_MAP;
    b->br[1] = rcv.raw;
    tag = l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
    if (l4_msgtag_has_error(tag)) {
        return -L4SIGMA0_IPCERROR;
    }
    if (l4_msgtag_label(tag) < 0 || l4_msgtag_items(tag) != 1) {
        return -L4SIGMA0_NOFPAGE;
    }
    if (snd_base) {
        *snd_base = m->mr[l4_msgtag_words(tag)] & L4_FPAGE_CONTROL_MASK;
    }
    return 0;
}

/* The receive window of 2^order at addr; 63 and more mean the whole space. */
static l4_fpage_t window(l4_addr_t addr, unsigned order)
{
    if (order >= L4_WHOLE_ADDRESS_SPACE) {
        return l4_fpage_all();
    }
    return l4_fpage(addr, order, L4_FPAGE_RWX);
}

l4_kernel_info_t *l4sigma0_map_kip(l4_cap_idx_t sigma0, void *addr, unsigned log2_size)
{
    l4_umword_t base = 0;
    l4_addr_t a = (l4_addr_t)addr;

    if (log2_size < L4_PAGESHIFT) {
        log2_size = L4_PAGESHIFT;
    }
    if (s0_call(sigma0, SIGMA0_REQ_KIP, l4_fpage_invalid(), window(a, log2_size), &base) < 0) {
        return 0;
    }
    if (log2_size >= L4_WHOLE_ADDRESS_SPACE) {
        return (l4_kernel_info_t *)base;
    }
    return (l4_kernel_info_t *)(a + (base & ((1UL << log2_size) - 1)));
}

/* Map [phys, phys + size) piece by piece with request \a req. */
static int map_range(l4_cap_idx_t sigma0, l4_umword_t req, l4_addr_t phys, l4_addr_t virt,
                     l4_addr_t size)
{
    if ((phys | virt | size) & (L4_PAGESIZE - 1)) {
        return -L4SIGMA0_NOTALIGNED;
    }
    while (size) {
        unsigned order = L4_PAGESHIFT;
        int r;

        /* The largest 2^order that both addresses are aligned to and that fits. */
        while (order < 30 && !((phys | virt) & ((1UL << (order + 1)) - 1))
               && (1UL << (order + 1)) <= size) {
            ++order;
        }
        r = s0_call(sigma0, req, l4_fpage(phys, order, L4_FPAGE_RWX),
                    l4_fpage(virt, order, L4_FPAGE_RWX), 0);
        if (r < 0) {
            return r;
        }
        phys += 1UL << order;
        virt += 1UL << order;
        size -= 1UL << order;
    }
    return 0;
}

int l4sigma0_map_mem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt, l4_addr_t size)
{
    return map_range(sigma0, SIGMA0_REQ_FPAGE_RAM, phys, virt, size);
}

int l4sigma0_map_iomem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt, l4_addr_t size,
                       int cached)
{
    return map_range(sigma0, cached ? SIGMA0_REQ_FPAGE_IOMEM_CACHED : SIGMA0_REQ_FPAGE_IOMEM,
                     phys, virt, size);
}

int l4sigma0_map_anypage(l4_cap_idx_t sigma0, l4_addr_t map_area, unsigned log2_map_size,
                         l4_addr_t *base, unsigned sz)
{
    l4_umword_t b = 0;
    int r;

    if (sz < L4_PAGESHIFT || (log2_map_size < L4_WHOLE_ADDRESS_SPACE && sz > log2_map_size)) {
        return -L4SIGMA0_NOTALIGNED;
    }
    r = s0_call(sigma0, SIGMA0_REQ_FPAGE_ANY, l4_fpage(0, sz, 0),
                window(map_area, log2_map_size), &b);
    if (r == 0 && base) {
        *base = b;
    }
    return r;
}

void l4sigma0_debug_dump(l4_cap_idx_t sigma0)
{
    l4_utcb_t *u = l4_utcb();

    l4_utcb_mr_u(u)->mr[0] = SIGMA0_REQ_DEBUG_DUMP;
    l4_utcb_br_u(u)->bdr = 0;
    l4_utcb_br_u(u)->br[0] = 0;
    l4_ipc_call(sigma0, u, l4_msgtag(L4_PROTO_SIGMA0, 1, 0, 0), L4_IPC_NEVER);
}

char const *l4sigma0_map_errstr(int err)
{
    static char const *const text[] = {
        [L4SIGMA0_OK] = "OK",
        [L4SIGMA0_NOTALIGNED] = "phys, virt or size not aligned",
        [L4SIGMA0_IPCERROR] = "IPC error",
        [L4SIGMA0_NOFPAGE] = "no fpage received",
        [L4SIGMA0_4] = "unknown error",
        [L4SIGMA0_5] = "unknown error",
        [L4SIGMA0_SMALLERFPAGE] = "superpage requested but smaller flexpage received",
    };
    unsigned e = (unsigned)(err < 0 ? -err : err);

    return e < sizeof(text) / sizeof(text[0]) ? text[e] : "unknown error";
}
