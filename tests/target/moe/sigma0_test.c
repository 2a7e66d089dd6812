/* SPDX-License-Identifier: MIT */
/*
 * sigma0's protocol seen from a root task (no moe): the KIP request, any
 * RAM 1:1 and into a window, RAM by address, a second client gate from
 * sigma0's factory request and first-come-first-served ownership between
 * the two clients, refused requests (not RAM, misaligned, bad order,
 * device memory), page faults on own RAM resolved 1:1, and the debug dump.
 * Uses libsigma0 (<l4/sigma0/sigma0.h>) through the pager capability.
 */
#include <l4/crt0.h>
#include <l4/sigma0/sigma0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include "tap.h"

#define PLAN 31
#define SIGMA0 L4_BASE_PAGER_CAP
#define GATE2 ((l4_cap_idx_t)0x40 << L4_CAP_SHIFT)
#define KIP_WINDOW 0x20000000UL
#define CHUNK_WINDOW 0x30000000UL
#define ALIAS 0x31000000UL
#define CLIENT2_WINDOW 0x32000000UL
#define DEV_WINDOW 0x34000000UL

/* QEMU virt (hw/arm/virt.c): the first virtio-mmio transports, a gap without devices. */
#define VIRTIO_MMIO0 0x0a000000UL
#define VIRTIO_MMIO8 0x0a001000UL
#define NO_DEVICE 0x0b000000UL
#define VIRTIO_MAGIC 0x74726976U /* "virt", register 0 of a virtio-mmio transport */

/* A raw request: returns the reply label (or -2000 - IPC error). */
static long raw_req(l4_cap_idx_t s0, l4_umword_t req, l4_fpage_t fp)
{
    l4_utcb_t *u = l4_utcb();

    l4_utcb_mr_u(u)->mr[0] = req;
    l4_utcb_mr_u(u)->mr[1] = fp.raw;
    l4_utcb_br_u(u)->bdr = 0;
    l4_utcb_br_u(u)->br[0] = L4_ITEM_MAP;
    l4_utcb_br_u(u)->br[1] = l4_fpage(0x38000000UL, 21, L4_FPAGE_RWX).raw;
    return l4_error(l4_ipc_call(s0, u, l4_msgtag(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER));
}

static void test_kip(void)
{
    l4_kernel_info_t *k = l4sigma0_map_kip(SIGMA0, (void *)KIP_WINDOW, L4_PAGESHIFT);

    tap_ok(k == (l4_kernel_info_t *)KIP_WINDOW, "KIP mapped into a one-page window (%p)",
           (void *)k);
    tap_ok(k && k->magic == L4_KERNEL_INFO_MAGIC && k->root_ip == l4_global_kip->root_ip,
           "... it is the KIP (magic, root_ip)");
}

static void test_any(void)
{
    l4_addr_t base = 0, chunk = 0, page = 0;
    int r = l4sigma0_map_anypage(SIGMA0, 0, L4_WHOLE_ADDRESS_SPACE, &base, L4_SUPERPAGESHIFT);
    volatile unsigned long *p = (volatile unsigned long *)base;

    tap_ok(r == 0 && base && !(base & (L4_SUPERPAGESIZE - 1)),
           "any 2 MiB of RAM, 1:1 (r=%d, base 0x%lx)", r, base);
    if (r == 0) {
        p[0] = 0x5a5a;
        p[L4_SUPERPAGESIZE / sizeof(long) - 1] = 0xa5a5;
    }
    tap_ok(r == 0 && p[0] == 0x5a5a && p[L4_SUPERPAGESIZE / sizeof(long) - 1] == 0xa5a5,
           "... writable across the whole chunk");

    r = l4sigma0_map_anypage(SIGMA0, CHUNK_WINDOW, L4_SUPERPAGESHIFT, &chunk, L4_SUPERPAGESHIFT);
    tap_ok(r == 0 && chunk != base, "another 2 MiB into a 2 MiB window (phys 0x%lx)", chunk);
    if (r == 0) {
        *(volatile unsigned long *)CHUNK_WINDOW = 0x1234;
    }
    /* The same RAM again by address, at an alias: we own it already. */
    r = l4sigma0_map_mem(SIGMA0, chunk, ALIAS, L4_PAGESIZE);
    tap_ok(r == 0 && *(volatile unsigned long *)ALIAS == 0x1234,
           "map_mem of our own page at an alias sees the same memory (r=%d)", r);
    /* Touch the chunk's second page at its physical address: the page fault
     * goes to sigma0, which maps our own RAM 1:1. */
    *(volatile unsigned long *)(CHUNK_WINDOW + L4_PAGESIZE) = 0x4321;
    tap_ok(*(volatile unsigned long *)(chunk + L4_PAGESIZE) == 0x4321,
           "a page fault on our own RAM is resolved 1:1");

    r = l4sigma0_map_anypage(SIGMA0, 0, L4_WHOLE_ADDRESS_SPACE, &page, L4_PAGESHIFT);
    tap_ok(r == 0 && page && !(page & (L4_PAGESIZE - 1)), "any single page (0x%lx)", page);

    /* A second client, from sigma0's factory request on our pager gate. */
    l4_msgtag_t t = l4_factory_create(SIGMA0, L4_PROTO_SIGMA0, GATE2);
    tap_is_int(l4_error(t), 0, "factory request: a new sigma0 client gate");
    r = l4sigma0_map_mem(GATE2, chunk, CLIENT2_WINDOW, L4_PAGESIZE);
    tap_is_int(r, -L4SIGMA0_NOFPAGE, "the second client cannot have our page (double allocation)");
    l4_addr_t other = 0;
    r = l4sigma0_map_anypage(GATE2, CLIENT2_WINDOW, L4_SUPERPAGESHIFT, &other, L4_PAGESHIFT);
    tap_ok(r == 0 && other != page && other != chunk && other != base,
           "the second client gets its own page (0x%lx)", other);
    r = l4sigma0_map_mem(SIGMA0, other, ALIAS + L4_PAGESIZE, L4_PAGESIZE);
    tap_is_int(r, -L4SIGMA0_NOFPAGE, "... which we cannot have in turn");
}

static void test_refused(void)
{
    tap_is_int(l4sigma0_map_mem(SIGMA0, 0x1000, 0x33000000UL, L4_PAGESIZE), -L4SIGMA0_NOFPAGE,
               "RAM request for an address that is not RAM is refused");
    tap_is_int(l4sigma0_map_mem(SIGMA0, 0x40000800UL, 0x33000000UL, L4_PAGESIZE),
               -L4SIGMA0_NOTALIGNED, "a misaligned request is refused by the library");
    tap_is_int(raw_req(SIGMA0, SIGMA0_REQ_FPAGE_ANY, l4_fpage(0, 10, 0)), -L4_EINVAL,
               "FPAGE_ANY smaller than a page: -L4_EINVAL");
    tap_is_int(raw_req(SIGMA0, SIGMA0_REQ_MAGIC + 0xb0, l4_fpage(0, 12, 0)), -L4_ENOSYS,
               "an unknown request id: -L4_ENOSYS");
    tap_ok(l4sigma0_map_errstr(-L4SIGMA0_NOFPAGE)[0] != 0, "map_errstr names an error (%s)",
           l4sigma0_map_errstr(-L4SIGMA0_NOFPAGE));
}

/*
 * Device memory: only where the device tree has a device, never RAM, boot data or
 * what the kernel drives (KIP descriptors), one client per device.
 */
static void test_iomem(void)
{
    static const struct {
        l4_addr_t pa;
        long err;
        char const *what;
    } refused[] = {
        { 0x09000000UL, -L4_EPERM, "the kernel's UART" },
        { 0x08000000UL, -L4_EPERM, "the kernel's interrupt controller" },
        { 0x50000000UL, -L4_EPERM, "RAM" },
        { 0x40000000UL, -L4_EPERM, "the device tree (boot data)" },
        { NO_DEVICE, -L4_ENODEV, "an address without a device in the device tree" },
    };
    volatile l4_uint32_t *regs = (volatile l4_uint32_t *)DEV_WINDOW;
    unsigned i;
    int r;

    for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        tap_is_int(raw_req(SIGMA0, SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(refused[i].pa, 12, 0)),
                   refused[i].err, "device memory refused: %s", refused[i].what);
    }
    tap_is_int(raw_req(SIGMA0, SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(0x09000000UL, 24, 0)),
               -L4_EPERM, "devices together with the kernel's UART: -L4_EPERM");
    tap_is_int(raw_req(SIGMA0, SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(VIRTIO_MMIO0, 24, 0)),
               -L4_ENODEV, "devices together with a gap: -L4_ENODEV");
    tap_is_int(raw_req(SIGMA0, SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(VIRTIO_MMIO0 + 0x800, 10, 0)),
               -L4_EINVAL, "device memory smaller than a page: -L4_EINVAL");
    r = l4sigma0_map_iomem(SIGMA0, VIRTIO_MMIO0, DEV_WINDOW, L4_PAGESIZE, 0);
    tap_is_int(r, 0, "a virtio-mmio transport's registers, uncached");
    tap_ok(r == 0 && regs[0] == VIRTIO_MAGIC, "... register 0 reads the virtio magic (0x%x)",
           r == 0 ? regs[0] : 0);
    r = l4sigma0_map_iomem(SIGMA0, VIRTIO_MMIO8, DEV_WINDOW + L4_PAGESIZE, L4_PAGESIZE, 1);
    tap_ok(r == 0 && regs[L4_PAGESIZE / 4] == VIRTIO_MAGIC, "another transport page, cached");
    r = l4sigma0_map_iomem(SIGMA0, VIRTIO_MMIO0, DEV_WINDOW + 2 * L4_PAGESIZE, L4_PAGESIZE, 0);
    tap_is_int(r, 0, "the same device again for its owner");
    tap_is_int(raw_req(GATE2, SIGMA0_REQ_FPAGE_IOMEM, l4_fpage(VIRTIO_MMIO0, 12, 0)), -L4_EBUSY,
               "the second client cannot have our device: -L4_EBUSY");
    tap_is_int(l4sigma0_map_iomem(GATE2, VIRTIO_MMIO0 + 0x2000, CLIENT2_WINDOW + L4_PAGESIZE,
                                  L4_PAGESIZE, 0),
               0, "... but a device nobody has");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    /* The kernel does not make the pager gate our thread's pager (yet). */
    l4_thread_control_start();
    l4_thread_control_pager(L4_BASE_PAGER_CAP);
    l4_thread_control_commit(L4_BASE_THREAD_CAP);
    tap_start(PLAN);
    test_kip();
    test_any();
    test_refused();
    test_iomem();
    l4sigma0_debug_dump(SIGMA0);
    return tap_done();
}
