/* SPDX-License-Identifier: MIT */
/*
 * A virtio block device on the virtio-mmio transport, version 2 (Virtual
 * I/O Device (VIRTIO) Version 1.1, 4.2.2 register layout, 2.6 split
 * virtqueues, 5.2 block device). One queue of a few descriptors and one
 * request at a time; the DMA memory is a physically contiguous dataspace.
 */
#pragma once

#include <l4/sys/types.h>

struct virtio_blk {
    l4_addr_t regs;       /* mapped registers */
    l4_cap_idx_t irq;     /* bound to its line, attached to our thread */
    l4_uint8_t *dma;      /* our view of the DMA memory */
    l4_addr_t dma_phys;   /* the device's */
    l4_uint16_t last_used;
    l4_uint64_t capacity; /* in 512-byte sectors */
};

/** The bounce buffer in the DMA memory (BLK_MAX_SECTORS sectors). */
l4_uint8_t *virtio_blk_buffer(struct virtio_blk *b);

/**
 * Reset and set up the block device whose registers are mapped at \a regs:
 * features (VERSION_1 only), queue 0, DMA memory. 0, or -L4_ENODEV (not a
 * version-2 virtio block device), -L4_EIO (it refused), -L4_ENOMEM.
 */
int virtio_blk_init(struct virtio_blk *b, l4_addr_t regs, l4_cap_idx_t irq);

/**
 * Read or write \a count sectors from \a sector through the bounce buffer
 * and wait for the device's interrupt. 0, or -L4_EIO.
 */
int virtio_blk_rw(struct virtio_blk *b, int write, l4_uint64_t sector, unsigned count);
