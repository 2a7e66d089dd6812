/* SPDX-License-Identifier: MIT */
/*
 * Memory allocator client calls (l4/re/c/mem_alloc.h): a factory create of
 * protocol L4RE_PROTO_DATASPACE with the arguments size (MWORD), flags and
 * alignment (UMWORD); the new dataspace arrives in the caller's slot.
 */
#include <l4/re/c/mem_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/factory.h>
#include <l4/sys/err.h>

l4_ret_t l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
                                 unsigned long flags, unsigned long align)
{
    l4_utcb_t *u = l4_utcb();
    l4_msgtag_t t;

    if (size <= 0) {
        return -L4_ERANGE;
    }
    t = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, mem, u);
    l4_factory_create_add_int_u(size, &t, u);
    l4_factory_create_add_uint_u(flags, &t, u);
    l4_factory_create_add_uint_u(align, &t, u);
    return l4_error(l4_factory_create_commit_u(srv, t, u));
}

l4_ret_t l4re_ma_alloc_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
                           unsigned long flags)
{
    return l4re_ma_alloc_align_srv(srv, size, mem, flags, 0);
}

l4_ret_t l4re_ma_alloc_align(long size, l4re_ds_t const mem, unsigned long flags,
                             unsigned long align)
{
    return l4re_ma_alloc_align_srv(l4re_global_env->mem_alloc, size, mem, flags, align);
}

l4_ret_t l4re_ma_alloc(long size, l4re_ds_t const mem, unsigned long flags)
{
    return l4re_ma_alloc_align(size, mem, flags, 0);
}

l4_ret_t l4re_ma_info_srv(l4_cap_idx_t srv, l4_umword_t *quota, l4_umword_t *used)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t;
    l4_ret_t r;

    m->mr[0] = L4RE_MA_OP_INFO;
    t = l4_ipc_call(srv, l4_utcb(), l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 0, 0), L4_IPC_NEVER);
    r = l4_error(t);
    if (r < 0) {
        return r;
    }
    if (l4_msgtag_words(t) < 2) {
        return -L4_EMSGTOOSHORT;
    }
    *quota = m->mr[0];
    *used = m->mr[1];
    return 0;
}
