/* SPDX-License-Identifier: MIT */
/*
 * Region map client calls (l4/re/c/rm.h) to the in-task l4re, in the wire
 * format of l4/re/protocols.h: label L4RE_PROTO_RM, mr0 opcode, one word per
 * argument, dataspaces as plain selectors (shared object space). The plain
 * functions use l4re_global_env->rm.
 */
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/sys/err.h>

static l4_msgtag_t rm_call(l4_cap_idx_t rm, unsigned op, unsigned words)
{
    l4_utcb_mr()->mr[0] = op;
    return l4_ipc_call(rm, l4_utcb(), l4_msgtag(L4RE_PROTO_RM, words, 0, 0), L4_IPC_NEVER);
}

int l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
                             l4re_rm_flags_t flags, unsigned char align)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    int r;

    m->mr[1] = *start;
    m->mr[2] = size;
    m->mr[3] = flags;
    m->mr[4] = align;
    r = l4_error(rm_call(rm, L4RE_RM_OP_RESERVE_AREA, 5));
    if (r >= 0) {
        *start = m->mr[0];
    }
    return r < 0 ? r : 0;
}

int l4re_rm_free_area_srv(l4_cap_idx_t rm, l4_addr_t addr)
{
    l4_utcb_mr()->mr[1] = addr;
    return l4_error(rm_call(rm, L4RE_RM_OP_FREE_AREA, 2));
}

int l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size,
                       l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
                       unsigned char align)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    int r;

    m->mr[1] = (l4_addr_t)*start;
    m->mr[2] = size;
    m->mr[3] = flags;
    m->mr[4] = mem;
    m->mr[5] = offs;
    m->mr[6] = align;
    r = l4_error(rm_call(rm, L4RE_RM_OP_ATTACH, 7));
    if (r >= 0) {
        *start = (void *)m->mr[0];
    }
    return r < 0 ? r : 0;
}

int l4re_rm_attach_w_info_srv(l4_cap_idx_t rm, void **start, unsigned long size,
                              l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
                              unsigned char align, char const *name,
                              l4re_ds_offset_t backing_offset)
{
    (void)name;
    (void)backing_offset;
    return l4re_rm_attach_srv(rm, start, size, flags, mem, offs, align);
}

int l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    int r;

    m->mr[1] = addr;
    m->mr[2] = l4_is_invalid_cap(task) ? L4RE_RM_DETACH_F_KEEP_MAPPED : 0;
    r = l4_error(rm_call(rm, L4RE_RM_OP_DETACH, 3));
    if (r >= 0 && ds) {
        *ds = m->mr[0];
    }
    return r;
}

int l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
                     l4re_rm_offset_t *offset, l4re_rm_flags_t *flags, l4re_ds_t *m_ds)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    int r;

    m->mr[1] = *addr;
    m->mr[2] = *size;
    r = l4_error(rm_call(rm, L4RE_RM_OP_FIND, 3));
    if (r < 0) {
        return r;
    }
    *addr = m->mr[0];
    *size = m->mr[1];
    *offset = m->mr[2];
    *flags = (l4re_rm_flags_t)m->mr[3];
    *m_ds = m->mr[4];
    return 0;
}

int l4re_rm_get_info_srv(l4_cap_idx_t rm, l4_addr_t addr, char *name, unsigned int len,
                         l4re_rm_offset_t *backing_offset)
{
    unsigned long size = 1;
    l4re_rm_offset_t offs;
    l4re_rm_flags_t flags;
    l4re_ds_t ds;
    int r = l4re_rm_find_srv(rm, &addr, &size, &offs, &flags, &ds);

    if (r < 0) {
        return r;
    }
    if (name && len) {
        name[0] = 0;
    }
    if (backing_offset) {
        *backing_offset = offs;
    }
    return 0;
}

void l4re_rm_show_lists_srv(l4_cap_idx_t rm)
{
    (void)rm;
}

int l4re_rm_reserve_area(l4_addr_t *start, unsigned long size, l4re_rm_flags_t flags,
                         unsigned char align)
{
    return l4re_rm_reserve_area_srv(l4re_global_env->rm, start, size, flags, align);
}

int l4re_rm_free_area(l4_addr_t addr)
{
    return l4re_rm_free_area_srv(l4re_global_env->rm, addr);
}

int l4re_rm_attach(void **start, unsigned long size, l4re_rm_flags_t flags, l4re_ds_t mem,
                   l4re_rm_offset_t offs, unsigned char align)
{
    return l4re_rm_attach_srv(l4re_global_env->rm, start, size, flags, mem, offs, align);
}

int l4re_rm_attach_w_info(void **start, unsigned long size, l4re_rm_flags_t flags,
                          l4re_ds_t mem, l4re_rm_offset_t offs, unsigned char align,
                          char const *name, l4re_ds_offset_t backing_offset)
{
    return l4re_rm_attach_w_info_srv(l4re_global_env->rm, start, size, flags, mem, offs,
                                     align, name, backing_offset);
}

int l4re_rm_detach(void *addr)
{
    return l4re_rm_detach_srv(l4re_global_env->rm, (l4_addr_t)addr, 0, L4RE_THIS_TASK_CAP);
}

int l4re_rm_detach_ds(void *addr, l4re_ds_t *ds)
{
    return l4re_rm_detach_srv(l4re_global_env->rm, (l4_addr_t)addr, ds, L4RE_THIS_TASK_CAP);
}

int l4re_rm_detach_unmap(l4_addr_t addr, l4_cap_idx_t task)
{
    return l4re_rm_detach_srv(l4re_global_env->rm, addr, 0, task);
}

int l4re_rm_detach_ds_unmap(void *addr, l4re_ds_t *ds, l4_cap_idx_t task)
{
    return l4re_rm_detach_srv(l4re_global_env->rm, (l4_addr_t)addr, ds, task);
}

int l4re_rm_find(l4_addr_t *addr, unsigned long *size, l4re_rm_offset_t *offset,
                 l4re_rm_flags_t *flags, l4re_ds_t *m)
{
    return l4re_rm_find_srv(l4re_global_env->rm, addr, size, offset, flags, m);
}

int l4re_rm_get_info(l4_addr_t addr, char *name, unsigned int len,
                     l4re_rm_offset_t *backing_offset)
{
    return l4re_rm_get_info_srv(l4re_global_env->rm, addr, name, len, backing_offset);
}

void l4re_rm_show_lists(void)
{
    l4re_rm_show_lists_srv(l4re_global_env->rm);
}
