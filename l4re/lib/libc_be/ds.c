/* SPDX-License-Identifier: MIT */
/*
 * Anonymous memory for brk and mmap: a dataspace from the program's
 * allocator (env->mem_alloc, moe's Mem_alloc object) in a freshly allocated
 * capability slot, and its release. moe charges the dataspace to the
 * program's quota. Dropping the capability alone does not free it (moe
 * learns nothing of it), so releasing first asks the allocator to destroy
 * the dataspace with moe's FREE operation (L4RE_MA_OP_FREE, the dataspace
 * as map item; not in L4Re's C API), which gives the memory back to moe at
 * once: tests/target/libc measures it with INFO.
 */
#include <errno.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/util/cap_alloc.h>

#include "be.h"

long be_ds_new(unsigned long size, l4_cap_idx_t *ds)
{
    l4_cap_idx_t cap;
    long r;

    if (!be_env()) {
        return -ENOMEM;
    }
    cap = l4re_util_cap_alloc();
    if (l4_is_invalid_cap(cap)) {
        return -ENOMEM;
    }
    r = l4re_ma_alloc((long)size, cap, 0);
    if (r < 0) {
        l4re_util_cap_free(cap);
        return -ENOMEM;
    }
    *ds = cap;
    return 0;
}

void be_ds_free(l4_cap_idx_t ds)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4RE_MA_OP_FREE;
    m->mr[1] = l4_map_obj_control(0, 0);
    m->mr[2] = l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RWS).raw;
    l4_ipc_call(be_env()->mem_alloc, l4_utcb(), l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 1, 0),
                L4_IPC_NEVER);
    l4re_util_cap_free_um(ds);
}
