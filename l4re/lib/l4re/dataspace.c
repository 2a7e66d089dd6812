/* SPDX-License-Identifier: MIT */
/*
 * Dataspace client calls (l4/re/c/dataspace.h) in the wire format of
 * l4/re/protocols.h: label L4RE_PROTO_DATASPACE, mr0 opcode, one word per
 * argument; the reply label is the result. A map offers a receive window
 * (BR0/BR1) around the local address.
 */
#include <l4/re/c/dataspace.h>
#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/sys/err.h>

/* Call ds with opcode and n argument words already in mr1..mrn. */
static l4_msgtag_t ds_call(l4re_ds_t ds, unsigned op, unsigned words, unsigned items)
{
    l4_utcb_mr()->mr[0] = op;
    return l4_ipc_call(ds, l4_utcb(), l4_msgtag(L4RE_PROTO_DATASPACE, words, items, 0),
                       L4_IPC_NEVER);
}

l4_ret_t l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
                     l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
                     l4re_ds_map_addr_t max_addr)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_buf_regs_t *b = l4_utcb_br();
    unsigned char order;

    if (local_addr < min_addr || local_addr >= max_addr) {
        return -L4_ERANGE;
    }
    order = l4_fpage_max_order(L4_PAGESHIFT, local_addr, min_addr, max_addr, local_addr);
    b->bdr = 0;
    b->br[0] = L4_ITEM_MAP;
    b->br[1] = l4_fpage(l4_trunc_size(local_addr, order), order, L4_FPAGE_RWX).raw;
    m->mr[1] = offset;
    m->mr[2] = local_addr;
    m->mr[3] = flags;
    return l4_error(ds_call(ds, L4RE_DS_OP_MAP, 4, 0));
}

l4_ret_t l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
                            l4re_ds_map_addr_t min_addr, l4re_ds_map_addr_t max_addr)
{
    l4re_ds_map_addr_t base = l4_trunc_page(min_addr);
    l4re_ds_map_addr_t a;

    for (a = base; a < max_addr && a >= base; a += L4_PAGESIZE) {
        l4_ret_t r = l4re_ds_map(ds, offset + (a - base), flags, a, a, a + L4_PAGESIZE);
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

l4_ret_t l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[1] = offset;
    m->mr[2] = size;
    return l4_error(ds_call(ds, L4RE_DS_OP_CLEAR, 3, 0));
}

l4_ret_t l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[1] = offset;
    m->mr[2] = size;
    return l4_error(ds_call(ds, L4RE_DS_OP_ALLOCATE, 3, 0));
}

l4_ret_t l4re_ds_copy_in(l4re_ds_t ds, l4re_ds_offset_t dst_offs, l4re_ds_t src,
                         l4re_ds_offset_t src_offs, l4re_ds_size_t size)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[1] = dst_offs;
    m->mr[2] = src_offs;
    m->mr[3] = size;
    m->mr[4] = l4_map_obj_control(0, 0);
    m->mr[5] = l4_obj_fpage(src, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_error(ds_call(ds, L4RE_DS_OP_COPY_IN, 4, 1));
}

l4_ret_t l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t = ds_call(ds, L4RE_DS_OP_INFO, 1, 0);
    l4_ret_t r = l4_error(t);

    if (r < 0) {
        return r;
    }
    if (l4_msgtag_words(t) < 2) {
        return -L4_EMSGTOOSHORT;
    }
    stats->size = m->mr[0];
    stats->flags = m->mr[1];
    return 0;
}

l4re_ds_size_t l4re_ds_size(l4re_ds_t ds)
{
    l4re_ds_stats_t s;
    l4_ret_t r = l4re_ds_info(ds, &s);

    return r < 0 ? (l4re_ds_size_t)(long)r : s.size;
}

l4re_ds_flags_t l4re_ds_flags(l4re_ds_t ds)
{
    l4re_ds_stats_t s;
    l4_ret_t r = l4re_ds_info(ds, &s);

    return r < 0 ? (l4re_ds_flags_t)(long)r : s.flags;
}

l4_ret_t l4re_ds_map_info(l4re_ds_t ds, l4_addr_t *start_addr, l4_addr_t *end_addr)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t = ds_call(ds, L4RE_DS_OP_MAP_INFO, 1, 0);
    l4_ret_t r = l4_error(t);

    if (r < 0) {
        return r;
    }
    if (l4_msgtag_words(t) < 2) {
        return -L4_EMSGTOOSHORT;
    }
    *start_addr = m->mr[0];
    *end_addr = m->mr[1];
    return r;
}
