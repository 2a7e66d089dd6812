/* SPDX-License-Identifier: MIT */
/*
 * The block protocol of virtio_blk (our own; L4Re's drivers speak virtio
 * to their clients, which is more than a test needs). A client calls the
 * driver's gate with label BLK_PROTO:
 *  INFO:  reply mr0 = capacity in sectors, mr1 = sector size (512).
 *  READ / WRITE: mr1 first sector, mr2 sectors, mr3 offset in the shared
 *         dataspace, which travels as a map item (mr4..5) with each call;
 *         the driver reads into / writes from it. Reply label 0 or -L4_E*:
 *         -L4_ERANGE past the disk's end, -L4_EINVAL a bad count or offset,
 *         -L4_EIO the device failed.
 * doc/runtime.md, "Devices".
 */
#pragma once

#define BLK_PROTO 0x4110
#define BLK_SECTOR 512
#define BLK_MAX_SECTORS 96 /* one request at most (48 KiB) */

enum blk_ops {
    BLK_OP_INFO = 0,
    BLK_OP_READ = 1,
    BLK_OP_WRITE = 2,
};
