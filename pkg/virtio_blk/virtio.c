/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio block device (see virtio.h). DMA memory layout (one
 * 64 KiB contiguous dataspace): descriptor table at 0, available ring at
 * 0x100, used ring at 0x200, request header at 0x1000, status byte at
 * 0x1010, bounce buffer from 0x4000. A request is three chained
 * descriptors: header (device reads), data, status (device writes).
 */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/irq.h>
#include <string.h>
#include "blk.h"
#include "virtio.h"

/* Registers (4.2.2.1). */
#define MAGIC 0x000
#define VERSION 0x004
#define DEVICE_ID 0x008
#define DEVICE_FEATURES 0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES 0x020
#define DRIVER_FEATURES_SEL 0x024
#define QUEUE_SEL 0x030
#define QUEUE_NUM_MAX 0x034
#define QUEUE_NUM 0x038
#define QUEUE_READY 0x044
#define QUEUE_NOTIFY 0x050
#define INTERRUPT_STATUS 0x060
#define INTERRUPT_ACK 0x064
#define STATUS 0x070
#define QUEUE_DESC 0x080
#define QUEUE_DRIVER 0x090
#define QUEUE_DEVICE 0x0a0
#define CONFIG 0x100 /* virtio_blk_config: le64 capacity first */

#define VIRTIO_MAGIC 0x74726976
#define DEVICE_BLOCK 2
#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define F_VERSION_1_HI 1 /* feature bit 32: in the high word */

#define QSIZE 4
#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define T_IN 0
#define T_OUT 1

#define DMA_SIZE 0x10000
#define OFF_DESC 0x0
#define OFF_AVAIL 0x100
#define OFF_USED 0x200
#define OFF_HDR 0x1000
#define OFF_STATUS 0x1010
#define OFF_BUF 0x4000

struct desc {
    l4_uint64_t addr;
    l4_uint32_t len;
    l4_uint16_t flags;
    l4_uint16_t next;
};

struct avail {
    l4_uint16_t flags;
    l4_uint16_t idx;
    l4_uint16_t ring[QSIZE];
};

struct used {
    l4_uint16_t flags;
    l4_uint16_t idx;
    struct {
        l4_uint32_t id;
        l4_uint32_t len;
    } ring[QSIZE];
};

struct req_hdr {
    l4_uint32_t type;
    l4_uint32_t reserved;
    l4_uint64_t sector;
};

static l4_uint32_t rd(struct virtio_blk *b, unsigned off)
{
    return *(volatile l4_uint32_t *)(b->regs + off);
}

static void wr(struct virtio_blk *b, unsigned off, l4_uint32_t v)
{
    *(volatile l4_uint32_t *)(b->regs + off) = v;
}

static void wr64(struct virtio_blk *b, unsigned off, l4_uint64_t v)
{
    wr(b, off, (l4_uint32_t)v);
    wr(b, off + 4, (l4_uint32_t)(v >> 32));
}

l4_uint8_t *virtio_blk_buffer(struct virtio_blk *b)
{
    return b->dma + OFF_BUF;
}

static int dma_alloc(struct virtio_blk *b)
{
    l4_cap_idx_t ds = l4re_util_cap_alloc();
    void *at = 0;
    l4_addr_t end;

    if (l4_is_invalid_cap(ds)
        || l4re_ma_alloc(DMA_SIZE, ds, L4RE_MA_CONTINUOUS | L4RE_MA_PINNED) < 0
        || l4re_rm_attach(&at, DMA_SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW
                                             | L4RE_RM_F_EAGER_MAP, ds, 0, L4_PAGESHIFT) < 0
        || l4re_ds_map_info(ds, &b->dma_phys, &end) < 0) {
        return -L4_ENOMEM;
    }
    b->dma = at;
    memset(b->dma, 0, DMA_SIZE);
    return 0;
}

int virtio_blk_init(struct virtio_blk *b, l4_addr_t regs, l4_cap_idx_t irq)
{
    b->regs = regs;
    b->irq = irq;
    b->last_used = 0;
    if (rd(b, MAGIC) != VIRTIO_MAGIC || rd(b, VERSION) != 2 || rd(b, DEVICE_ID) != DEVICE_BLOCK) {
        return -L4_ENODEV;
    }
    if (dma_alloc(b) < 0) {
        return -L4_ENOMEM;
    }
    wr(b, STATUS, 0);
    wr(b, STATUS, S_ACKNOWLEDGE);
    wr(b, STATUS, S_ACKNOWLEDGE | S_DRIVER);
    wr(b, DEVICE_FEATURES_SEL, 1);
    if (!(rd(b, DEVICE_FEATURES) & F_VERSION_1_HI)) {
        return -L4_EIO;
    }
    wr(b, DRIVER_FEATURES_SEL, 1);
    wr(b, DRIVER_FEATURES, F_VERSION_1_HI);
    wr(b, DRIVER_FEATURES_SEL, 0);
    wr(b, DRIVER_FEATURES, 0);
    wr(b, STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    if (!(rd(b, STATUS) & S_FEATURES_OK)) {
        return -L4_EIO;
    }
    wr(b, QUEUE_SEL, 0);
    if (rd(b, QUEUE_NUM_MAX) < QSIZE) {
        return -L4_EIO;
    }
    wr(b, QUEUE_NUM, QSIZE);
    wr64(b, QUEUE_DESC, b->dma_phys + OFF_DESC);
    wr64(b, QUEUE_DRIVER, b->dma_phys + OFF_AVAIL);
    wr64(b, QUEUE_DEVICE, b->dma_phys + OFF_USED);
    wr(b, QUEUE_READY, 1);
    wr(b, STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    b->capacity = rd(b, CONFIG) | (l4_uint64_t)rd(b, CONFIG + 4) << 32;
    return 0;
}

/* Wait for the interrupt until the used ring moved; acknowledge the device's cause. */
static int wait_used(struct virtio_blk *b, volatile struct used *used)
{
    while (used->idx == b->last_used) {
        l4_msgtag_t t = l4_irq_receive(b->irq, l4_timeout(L4_IPC_TIMEOUT_NEVER,
                                                          l4_timeout_from_us(5000000)));

        if (l4_msgtag_has_error(t)) {
            return -L4_EIO; /* no interrupt within 5 s */
        }
        wr(b, INTERRUPT_ACK, rd(b, INTERRUPT_STATUS));
    }
    b->last_used = used->idx;
    return 0;
}

int virtio_blk_rw(struct virtio_blk *b, int write, l4_uint64_t sector, unsigned count)
{
    struct desc *d = (struct desc *)(b->dma + OFF_DESC);
    volatile struct avail *avail = (struct avail *)(b->dma + OFF_AVAIL);
    volatile struct used *used = (struct used *)(b->dma + OFF_USED);
    struct req_hdr *hdr = (struct req_hdr *)(b->dma + OFF_HDR);
    volatile l4_uint8_t *status = b->dma + OFF_STATUS;

    hdr->type = write ? T_OUT : T_IN;
    hdr->reserved = 0;
    hdr->sector = sector;
    *status = 0xff;
    d[0] = (struct desc){ b->dma_phys + OFF_HDR, sizeof(*hdr), DESC_F_NEXT, 1 };
    d[1] = (struct desc){ b->dma_phys + OFF_BUF, count * BLK_SECTOR,
                          (l4_uint16_t)(DESC_F_NEXT | (write ? 0 : DESC_F_WRITE)), 2 };
    d[2] = (struct desc){ b->dma_phys + OFF_STATUS, 1, DESC_F_WRITE, 0 };
    avail->ring[avail->idx % QSIZE] = 0;
    __asm__ volatile("dmb ishst" ::: "memory"); /* the descriptors before the index */
    avail->idx = (l4_uint16_t)(avail->idx + 1);
    __asm__ volatile("dsb st" ::: "memory");    /* the index before the notification */
    wr(b, QUEUE_NOTIFY, 0);
    if (wait_used(b, used) < 0) {
        return -L4_EIO;
    }
    __asm__ volatile("dmb ishld" ::: "memory");
    return *status == 0 ? 0 : -L4_EIO;
}
