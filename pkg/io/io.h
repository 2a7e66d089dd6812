/* SPDX-License-Identifier: MIT */
/*
 * io's model: the devices it took from the platform's device tree and the
 * virtual buses (vbus) that grant them, one per client capability named in
 * the board overlay. A vbus sees its devices as handles 1..n. doc/runtime.md.
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/vbus/vbus_types.h>

#define IO_MAX_RES 8       /* resources of one device */
#define IO_MAX_DEVICES 64  /* devices on all vbuses together */
#define IO_MAX_VBUS 8
#define IO_MAX_VBUS_DEVICES 40

/** A device of the platform, as a vbus shows it. */
struct io_device {
    char name[L4VBUS_DEV_NAME_LEN];    /* the device-tree node's name */
    char const *compat;                /* its compatible strings (in the platform tree) */
    int compat_len;
    unsigned nres;
    l4vbus_resource_t res[IO_MAX_RES]; /* device memory (MEM), interrupt lines (IRQ) */
    l4_addr_t local[IO_MAX_RES];       /* where io has a MEM resource's pages (page aligned) */
};

/** A vbus: the devices granted to the holder of one capability. */
struct vbus {
    char name[32];
    l4_cap_idx_t gate;
    unsigned ndev;
    struct io_device *dev[IO_MAX_VBUS_DEVICES];
};

/**
 * Read the device at \a path (or the next one after \a *node with compatible string
 * \a compat if \a path is NULL) of the platform tree \a fdt into \a d: its reg ranges
 * (physical; children of the root only) and its GIC interrupts (as ICU numbers).
 * Returns 0, or -1 if there is no (further) such device.
 */
int devices_read(void const *fdt, char const *path, char const *compat, int *node,
                 struct io_device *d);

/** Does \a d have compatible string \a cid? */
int devices_is_compatible(struct io_device const *d, char const *cid);

/** Map every MEM resource of \a d into io from sigma0 (uncached). 0 or a negative error. */
int devices_map(struct io_device *d, l4_cap_idx_t sigma0);

/**
 * Serve one vbus request (in the UTCB: \a tag, \a in the copied words, \a rcv_cap the
 * slot of a received capability). Returns the reply tag (its words already in the UTCB).
 */
l4_msgtag_t vbus_serve(struct vbus *v, l4_msgtag_t tag, l4_umword_t const *in,
                       l4_cap_idx_t rcv_cap);
