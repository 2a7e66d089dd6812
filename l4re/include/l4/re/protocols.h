/* SPDX-License-Identifier: MIT */
/*
 * Wire protocols of the L4Re runtime objects (moe, sigma0 and the in-task
 * l4re). Protocol ids and opcode numbers are L4Re's (l4re-api §2.9); the
 * argument layout is ours and documented here, one word per argument
 * (both ends are ours; doc/runtime.md explains the choice).
 *
 * Every request is an IPC call: tag label = protocol, mr0 = opcode, then
 * the arguments; capabilities travel as map items (2 words) placed after
 * the words; a request that returns a capability sets BR0 to the receive
 * slot (slot | L4_RCV_ITEM_SINGLE_CAP). The reply's label is the result:
 * >= 0 success, -L4_E* failure; reply words hold the results.
 * Strings travel as: length word, then the bytes packed into words.
 */
#pragma once

#include <l4/sys/types.h>

/** L4Re protocol ids. */
enum L4re_protocols {
    L4RE_PROTO_DATASPACE = 0x4000,
    L4RE_PROTO_NAMESPACE = 0x4001,
    L4RE_PROTO_PARENT = 0x4002,
    L4RE_PROTO_GOOS = 0x4003,
    L4RE_PROTO_RSVD_1 = 0x4004, /* Lua's L4.Proto.Mem_alloc */
    L4RE_PROTO_RM = 0x4005,
    L4RE_PROTO_EVENT = 0x4006,
    L4RE_PROTO_INHIBITOR = 0x4007,
    L4RE_PROTO_DMA_SPACE = 0x4008,
    L4RE_PROTO_MMIO_SPACE = 0x4009,
    L4RE_PROTO_ITAS = 0x400a,
    L4RE_PROTO_MEM_ALLOC = 0x400b,
    L4RE_PROTO_REMOTE_ACCESS = 0x400c,
    L4RE_PROTO_VBUS = 0x4100, /* ours: io's vbus (L4Re's io speaks its own protocol) */
    L4RE_PROTO_DEBUG = -0x8000, /* the debug interface of L4Re objects */
};

/*
 * Dataspace (L4RE_PROTO_DATASPACE).
 *  MAP:      mr1 offset, mr2 local address (hot spot), mr3 flags (L4RE_DS_F_*).
 *            The caller's BR0/BR1 give the receive window (L4_ITEM_MAP, fpage).
 *            Reply: one map item of the page holding `offset`, send base =
 *            local address rounded down to the page. -L4_EPERM for W on a
 *            read-only dataspace, -L4_ERANGE beyond the size.
 *  CLEAR:    mr1 offset, mr2 size.                     (zero-fill)
 *  INFO:     reply mr0 size, mr1 flags: rights (L4RE_DS_F_R/W/X) in bits 0..3,
 *            the L4RE_MA_* creation flags shifted left by 8.
 *  COPY_IN:  mr1 dst offset, mr2 src offset, mr3 size, map item of the
 *            source dataspace at mr4..5 (the server receives it with
 *            L4_RCV_ITEM_LOCAL_ID and so recognises its own dataspaces).
 *  ALLOCATE: mr1 offset, mr2 size.                     (back pages now)
 *  MAP_INFO: reply mr0 start, mr1 end of the backing physical range, or -L4_EINVAL.
 */
enum l4re_ds_ops {
    L4RE_DS_OP_MAP = 0,
    L4RE_DS_OP_CLEAR = 1,
    L4RE_DS_OP_INFO = 2,
    L4RE_DS_OP_COPY_IN = 3,
    L4RE_DS_OP_ALLOCATE = 4,
    L4RE_DS_OP_MAP_INFO = 5,
};

/*
 * Mem_alloc: a factory (label L4_PROTO_FACTORY) in the kernel factory's
 * format: mr0 = protocol of the object to create, then variable arguments
 * (type word | length << 16, data). BR0 = receive slot. Objects:
 *  L4RE_PROTO_DATASPACE: MWORD size, UMWORD flags (L4RE_MA_*), UMWORD align (log2).
 *  L4RE_PROTO_NAMESPACE: none.
 *  L4_PROTO_LOG:         STRING tag, STRING or MWORD colour.
 *  L4_PROTO_FACTORY:     MWORD quota bytes (a child allocator with that limit).
 *  L4_PROTO_SCHEDULER:   UMWORD prio limit, UMWORD prio offset.
 * Reply: label 0 and a map item with the new object's capability.
 * MEM_ALLOC INFO (label L4RE_PROTO_MEM_ALLOC, mr0 = 0): reply mr0 = quota
 * bytes, mr1 = bytes in use by dataspaces of this allocator.
 * MEM_ALLOC FREE (label L4RE_PROTO_MEM_ALLOC, mr0 = 1, map item of an object
 * created by this allocator or one of its children: a dataspace, a child
 * allocator with everything it made, a namespace, a log): frees it now (the kernel does not tell moe when a
 * client drops its last capability, so l4re_util_cap_free_um and munmap say so).
 */
enum l4re_mem_alloc_ops {
    L4RE_MA_OP_INFO = 0,
    L4RE_MA_OP_FREE = 1,
};

/*
 * Namespace (L4RE_PROTO_NAMESPACE).
 *  QUERY:    mr1 name length, mr2.. name bytes ("rom/hello": '/' descends into
 *            sub-namespaces). BR0 = receive slot. Reply: label 0 and a map item,
 *            or -L4_ENOENT.
 *  REGISTER: mr1 flags (L4RE_NS_REGISTER_*), mr2 name length, name bytes, then
 *            a map item of the object (none: register an empty placeholder).
 *            -L4_EEXIST if the name is taken, -L4_EPERM on a read-only namespace.
 *  UNLINK:   mr1 name length, name bytes.
 */
enum l4re_ns_ops {
    L4RE_NS_OP_QUERY = 0,
    L4RE_NS_OP_REGISTER = 1,
    L4RE_NS_OP_UNLINK = 3,
};

/*
 * Parent (L4RE_PROTO_PARENT).
 *  SIGNAL: mr1 signal, mr2 value. Signal 0 = the program exits with exit
 *          code `value`; the parent then ends the task. No reply is needed.
 */
enum l4re_parent_ops {
    L4RE_PARENT_OP_SIGNAL = 0,
};
#define L4RE_PARENT_SIG_EXIT 0

/*
 * Region map (L4RE_PROTO_RM), served by the in-task l4re for its own task.
 * Client and server share the object space, so dataspaces are passed as
 * capability selectors in plain words.
 *  ATTACH:       mr1 start, mr2 size, mr3 flags (L4RE_RM_F_*), mr4 ds selector,
 *                mr5 offset, mr6 align (log2). Reply mr0 = start.
 *  DETACH:       mr1 address, mr2 flags. Reply label = L4RE detach result,
 *                mr0 = ds selector of the removed region.
 *  FIND:         mr1 address, mr2 size. Reply mr0 start, mr1 size, mr2 offset,
 *                mr3 flags, mr4 ds selector; -L4_ENOENT if nothing is there.
 *  RESERVE_AREA: mr1 start, mr2 size, mr3 flags, mr4 align. Reply mr0 = start.
 *  FREE_AREA:    mr1 address.
 * Page faults of the task's threads arrive at the same server (label
 * L4_PROTO_PAGE_FAULT), exceptions with L4_PROTO_EXCEPTION.
 */
/*
 * Vbus (L4RE_PROTO_VBUS), served by io (pkg/io) on each vbus gate. A device
 * is a handle 1..n on that vbus, 0 the bus itself. Strings travel in words
 * after a length word. Errors: -L4_ENODEV for a handle this vbus lacks.
 *  NEXT:       mr1 parent, mr2 previous handle (L4VBUS_NULL: the first).
 *              Reply mr0 handle, then the device's information as DEVICE's.
 *  DEVICE:     mr1 handle. Reply mr0 handle, mr1 type, mr2 resources,
 *              mr3 flags, mr4.. name (L4VBUS_DEV_NAME_LEN bytes).
 *  RESOURCE:   mr1 handle, mr2 index. Reply mr0 type | flags << 16, mr1 start,
 *              mr2 end, mr3 provider, mr4 id; -L4_ENOENT past the last.
 *  COMPATIBLE: mr1 handle, mr2 length, mr3.. string. Reply label 1 or 0.
 *  HID:        mr1 handle. Reply mr0 length, mr1.. string (NUL-terminated).
 * The same gate serves L4_PROTO_IRQ (an ICU of the vbus's lines: BIND,
 * UNBIND, INFO, UNMASK; -L4_EPERM for a line not on the vbus) and
 * L4RE_PROTO_DATASPACE MAP and INFO, whose offsets are physical addresses
 * (-L4_EPERM outside the device memory of the vbus's devices).
 */
enum l4re_vbus_ops {
    L4RE_VBUS_OP_NEXT = 0,
    L4RE_VBUS_OP_DEVICE = 1,
    L4RE_VBUS_OP_RESOURCE = 2,
    L4RE_VBUS_OP_COMPATIBLE = 3,
    L4RE_VBUS_OP_HID = 4,
};

enum l4re_rm_ops {
    L4RE_RM_OP_ATTACH = 0,
    L4RE_RM_OP_DETACH = 1,
    L4RE_RM_OP_FIND = 2,
    L4RE_RM_OP_RESERVE_AREA = 3,
    L4RE_RM_OP_FREE_AREA = 4,
};
