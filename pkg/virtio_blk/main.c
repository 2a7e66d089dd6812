/* SPDX-License-Identifier: MIT */
/*
 * virtio_blk: a user-level driver. It finds a virtio block device among the
 * virtio-mmio transports of its vbus (capability "vbus", from io), maps its
 * registers, binds its interrupt through the vbus and serves reads and
 * writes (blk.h) on the channel named "blk" (server side). Data travels in
 * a dataspace the client shares with each call; the driver copies between
 * it and its DMA bounce buffer. doc/runtime.md, "Devices".
 */
#include <l4/io/io.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/vbus/vbus.h>
#include <stdio.h>
#include <string.h>
#include "blk.h"
#include "virtio.h"

#define LABEL_CLIENT 0x10
#define LABEL_IRQ 0x20

static struct virtio_blk disk;

/* Map a transport's registers and its line; set it up if it is a block device. */
static int try_device(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, l4_cap_idx_t irq)
{
    l4vbus_resource_t mem, line;
    l4_addr_t regs;

    if (l4vbus_get_resource(vbus, dev, 0, &mem) < 0 || mem.type != L4VBUS_RESOURCE_MEM
        || l4vbus_get_resource(vbus, dev, 1, &line) < 0 || line.type != L4VBUS_RESOURCE_IRQ
        || l4io_request_iomem(mem.start, mem.end - mem.start + 1, L4IO_MEM_NONCACHED, &regs) < 0) {
        return -L4_ENODEV;
    }
    if (*(volatile l4_uint32_t *)(regs + 8) != 2) { /* DeviceID: not a block device */
        l4io_release_iomem(regs, mem.end - mem.start + 1);
        return -L4_ENODEV;
    }
    if (l4_error(l4_icu_bind(vbus, (unsigned)line.start, irq)) < 0) {
        return -L4_EPERM;
    }
    return virtio_blk_init(&disk, regs, irq);
}

static int find_disk(l4_cap_idx_t vbus, l4_cap_idx_t irq)
{
    l4vbus_device_handle_t dev = L4VBUS_NULL;
    int r = -L4_ENODEV;

    while (l4vbus_get_next_device(vbus, L4VBUS_ROOT_BUS, &dev, L4VBUS_MAX_DEPTH, NULL) == 0) {
        if (l4vbus_is_compatible(vbus, dev, "virtio,mmio") == 1) {
            r = try_device(vbus, dev, irq);
            if (r != -L4_ENODEV) {
                return r;
            }
        }
    }
    return r;
}

/* op: BLK_OP_READ / BLK_OP_WRITE, proto: BLK_PROTO (the dataspace in \a ds) */
static long serve_rw(int write, l4_umword_t const *in, l4_cap_idx_t ds)
{
    l4_uint64_t sector = in[1];
    l4_umword_t count = in[2], offs = in[3];
    void *at = 0;
    long r;

    if (count == 0 || count > BLK_MAX_SECTORS || offs & (L4_PAGESIZE - 1)) {
        return -L4_EINVAL;
    }
    if (sector >= disk.capacity || count > disk.capacity - sector) {
        return -L4_ERANGE;
    }
    r = l4re_rm_attach(&at, l4_round_page(count * BLK_SECTOR),
                       L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, offs, L4_PAGESHIFT);
    if (r < 0) {
        return r;
    }
    if (write) {
        memcpy(virtio_blk_buffer(&disk), at, count * BLK_SECTOR);
    }
    r = virtio_blk_rw(&disk, write, sector, (unsigned)count);
    if (!write && r == 0) {
        memcpy(at, virtio_blk_buffer(&disk), count * BLK_SECTOR);
    }
    l4re_rm_detach(at);
    return r;
}

static l4_msgtag_t serve(l4_msgtag_t tag, l4_umword_t const *in, l4_cap_idx_t ds)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    unsigned words = l4_msgtag_words(tag);
    long r;

    if (l4_msgtag_label(tag) != BLK_PROTO) {
        return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
    }
    if (words >= 1 && in[0] == BLK_OP_INFO) {
        m->mr[0] = disk.capacity;
        m->mr[1] = BLK_SECTOR;
        return l4_msgtag(0, 2, 0, 0);
    }
    if (words < 4 || (in[0] != BLK_OP_READ && in[0] != BLK_OP_WRITE)
        || l4_msgtag_items(tag) < 1) {
        return l4_msgtag(-L4_EINVAL, 0, 0, 0);
    }
    r = serve_rw(in[0] == BLK_OP_WRITE, in, ds);
    l4_task_release_cap(L4RE_THIS_TASK_CAP, ds);
    return l4_msgtag(r, 0, 0, 0);
}

int main(void)
{
    l4_cap_idx_t vbus = l4re_env_get_cap("vbus"), gate = l4re_env_get_cap("blk");
    l4_cap_idx_t irq = l4re_util_cap_alloc(), ds = l4re_util_cap_alloc();
    l4_umword_t in[4], label;
    l4_msgtag_t tag;
    int r, reply = 0;

    if (l4_is_invalid_cap(vbus) || l4_is_invalid_cap(gate)) {
        printf("virtio_blk: needs the capabilities 'vbus' and 'blk'\n");
        return 1;
    }
    if (l4_error(l4_factory_create_irq(l4re_env()->factory, irq)) < 0
        || l4_error(l4_rcv_ep_bind_thread(irq, l4re_env()->main_thread, LABEL_IRQ)) < 0) {
        printf("virtio_blk: no Irq\n");
        return 1;
    }
    r = find_disk(vbus, irq);
    if (r < 0) {
        printf("virtio_blk: no usable virtio block device on the vbus (%d)\n", r);
        return 1;
    }
    if (l4_error(l4_rcv_ep_bind_thread(gate, l4re_env()->main_thread, LABEL_CLIENT)) < 0) {
        printf("virtio_blk: cannot serve 'blk'\n");
        return 1;
    }
    printf("virtio_blk: disk of %llu sectors, serving 'blk'\n",
           (unsigned long long)disk.capacity);
    fflush(stdout);
    for (;;) {
        l4_utcb_br()->bdr = 0;
        l4_utcb_br()->br[0] = L4_RCV_ITEM_SINGLE_CAP | ds;
        if (reply) {
            tag = l4_ipc_reply_and_wait(l4_utcb(), tag, &label, L4_IPC_SEND_TIMEOUT_0);
        } else {
            tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
        }
        reply = 0;
        if (l4_msgtag_has_error(tag) || (label & ~3UL) != LABEL_CLIENT) {
            continue; /* a late interrupt, or a caller gone */
        }
        memcpy(in, l4_utcb_mr()->mr, sizeof(in));
        tag = serve(tag, in, ds);
        reply = 1;
    }
}
