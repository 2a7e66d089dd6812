/* SPDX-License-Identifier: MIT */
/*
 * Task bindings (protocol L4_PROTO_TASK): map and unmap flexpages between
 * address/object spaces, ask whether a slot holds a capability, compare two
 * capabilities and add kernel-user memory. l4_task_map() invokes the
 * *destination* task and names the source task in a send item; the send
 * base is the destination address (or selector). Unmap revokes recursively
 * through the mapping database. Wire format: doc/abi.md and the reference.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

/** Opcodes of the task protocol (mr0). */
enum L4_task_ops {
    L4_TASK_MAP_OP           = 0x00, /**< map: mr1 control word, mr2 fpage, item(src task) */
    L4_TASK_UNMAP_OP         = 0x01, /**< unmap: mr1 mask, mr2.. fpages */
    L4_TASK_CAP_INFO_OP      = 0x02, /**< cap_valid (2 words) / cap_equal (3 words) */
    L4_TASK_ADD_KU_MEM_OP    = 0x03, /**< add kernel-user memory */
    L4_TASK_LDT_SET_X86_OP   = 0x11, /**< x86 only */
    L4_TASK_MAP_VGICC_ARM_OP = 0x12, /**< arm virtualization only */
};

L4_BEGIN_DECLS

/**
 * Map \a snd_fpage of \a src_task into \a dst_task.
 * \param dst_task  destination task (needs the W right)
 * \param src_task  source task (sent as an object item; needs R)
 * \param snd_fpage what to map (memory or object flexpage with the rights to give)
 * \param snd_base  control word: l4_map_control()/l4_map_obj_control() of the
 *                  destination address (memory) or selector (objects)
 * \return result tag; l4_error() is 0 on success, -L4_EPERM without rights
 */
L4_INLINE l4_msgtag_t l4_task_map(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
                                  l4_fpage_t snd_fpage, l4_umword_t snd_base);
/** l4_task_map() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_map_u(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
                                    l4_fpage_t snd_fpage, l4_umword_t snd_base,
                                    l4_utcb_t *utcb);
/**
 * Revoke \a fpage from the tasks that got it (directly or indirectly) from
 * \a task; with #L4_FP_ALL_SPACES also from \a task itself, with
 * #L4_FP_DELETE_OBJ also delete the kernel objects.
 * \return result tag; the reply's mr2 holds the fpage with its low 4 bits
 *         replaced by the flushed access flags
 */
L4_INLINE l4_msgtag_t l4_task_unmap(l4_cap_idx_t task, l4_fpage_t fpage, l4_umword_t map_mask);
/** l4_task_unmap() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_unmap_u(l4_cap_idx_t task, l4_fpage_t fpage,
                                      l4_umword_t map_mask, l4_utcb_t *utcb);
/**
 * Unmap \a num_fpages flexpages in one invocation (at most
 * L4_UTCB_GENERIC_DATA_SIZE - 2).
 */
L4_INLINE l4_msgtag_t l4_task_unmap_batch(l4_cap_idx_t task, l4_fpage_t const *fpages,
                                          unsigned num_fpages, l4_umword_t map_mask);
/** l4_task_unmap_batch() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_unmap_batch_u(l4_cap_idx_t task, l4_fpage_t const *fpages,
                                            unsigned num_fpages, l4_umword_t map_mask,
                                            l4_utcb_t *utcb);
/** Delete the object behind \a obj in \a task (unmap RWSD with #L4_FP_DELETE_OBJ). */
L4_INLINE l4_msgtag_t l4_task_delete_obj(l4_cap_idx_t task, l4_cap_idx_t obj);
/** l4_task_delete_obj() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_delete_obj_u(l4_cap_idx_t task, l4_cap_idx_t obj,
                                           l4_utcb_t *utcb);
/** Empty the slot \a cap of \a task (unmap RWSD with #L4_FP_ALL_SPACES). */
L4_INLINE l4_msgtag_t l4_task_release_cap(l4_cap_idx_t task, l4_cap_idx_t cap);
/** l4_task_release_cap() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_release_cap_u(l4_cap_idx_t task, l4_cap_idx_t cap,
                                            l4_utcb_t *utcb);
/**
 * Does slot \a cap of \a task hold a capability?
 * \return tag whose label is > 0 if it does, 0 if the slot is empty
 */
L4_INLINE l4_msgtag_t l4_task_cap_valid(l4_cap_idx_t task, l4_cap_idx_t cap);
/** l4_task_cap_valid() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_cap_valid_u(l4_cap_idx_t task, l4_cap_idx_t cap,
                                          l4_utcb_t *utcb);
/**
 * Do \a cap_a and \a cap_b of \a task name the same object?
 * \return tag whose label is 1 if they do, 0 if not
 */
L4_INLINE l4_msgtag_t l4_task_cap_equal(l4_cap_idx_t task, l4_cap_idx_t cap_a,
                                        l4_cap_idx_t cap_b);
/** l4_task_cap_equal() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_cap_equal_u(l4_cap_idx_t task, l4_cap_idx_t cap_a,
                                          l4_cap_idx_t cap_b, l4_utcb_t *utcb);
/**
 * Add kernel-user memory (UTCBs, vCPU state) to \a task.
 * \param ku_mem  in: the wanted area; out: the area the kernel placed
 */
L4_INLINE l4_msgtag_t l4_task_add_ku_mem(l4_cap_idx_t task, l4_fpage_t *ku_mem);
/** l4_task_add_ku_mem() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_task_add_ku_mem_u(l4_cap_idx_t task, l4_fpage_t *ku_mem,
                                           l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_task_map_u(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
                                    l4_fpage_t snd_fpage, l4_umword_t snd_base,
                                    l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_TASK_MAP_OP;
    m->mr[1] = snd_base;
    m->mr[2] = snd_fpage.raw;
    m->mr[3] = l4_map_obj_control(0, 0);
    m->mr[4] = l4_obj_fpage(src_task, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_ipc_call(dst_task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_map(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
                                  l4_fpage_t snd_fpage, l4_umword_t snd_base)
{
    return l4_task_map_u(dst_task, src_task, snd_fpage, snd_base, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_unmap_u(l4_cap_idx_t task, l4_fpage_t fpage,
                                      l4_umword_t map_mask, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_TASK_UNMAP_OP;
    m->mr[1] = map_mask;
    m->mr[2] = fpage.raw;
    return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_unmap(l4_cap_idx_t task, l4_fpage_t fpage, l4_umword_t map_mask)
{
    return l4_task_unmap_u(task, fpage, map_mask, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_unmap_batch_u(l4_cap_idx_t task, l4_fpage_t const *fpages,
                                            unsigned num_fpages, l4_umword_t map_mask,
                                            l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    unsigned i;

    if (num_fpages > L4_UTCB_GENERIC_DATA_SIZE - 2) {
        return l4_msgtag(-L4_EMSGTOOLONG, 0, 0, 0);
    }
    m->mr[0] = L4_TASK_UNMAP_OP;
    m->mr[1] = map_mask;
    for (i = 0; i < num_fpages; ++i) {
        m->mr[2 + i] = fpages[i].raw;
    }
    return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2 + num_fpages, 0, 0),
                       L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_unmap_batch(l4_cap_idx_t task, l4_fpage_t const *fpages,
                                          unsigned num_fpages, l4_umword_t map_mask)
{
    return l4_task_unmap_batch_u(task, fpages, num_fpages, map_mask, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_delete_obj_u(l4_cap_idx_t task, l4_cap_idx_t obj,
                                           l4_utcb_t *utcb)
{
    return l4_task_unmap_u(task, l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ,
                           utcb);
}

L4_INLINE l4_msgtag_t l4_task_delete_obj(l4_cap_idx_t task, l4_cap_idx_t obj)
{
    return l4_task_delete_obj_u(task, obj, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_release_cap_u(l4_cap_idx_t task, l4_cap_idx_t cap,
                                            l4_utcb_t *utcb)
{
    return l4_task_unmap_u(task, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES,
                           utcb);
}

L4_INLINE l4_msgtag_t l4_task_release_cap(l4_cap_idx_t task, l4_cap_idx_t cap)
{
    return l4_task_release_cap_u(task, cap, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_cap_valid_u(l4_cap_idx_t task, l4_cap_idx_t cap,
                                          l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_TASK_CAP_INFO_OP;
    m->mr[1] = cap & ~1UL;
    return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_cap_valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
    return l4_task_cap_valid_u(task, cap, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_cap_equal_u(l4_cap_idx_t task, l4_cap_idx_t cap_a,
                                          l4_cap_idx_t cap_b, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_TASK_CAP_INFO_OP;
    m->mr[1] = cap_a;
    m->mr[2] = cap_b;
    return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_cap_equal(l4_cap_idx_t task, l4_cap_idx_t cap_a,
                                        l4_cap_idx_t cap_b)
{
    return l4_task_cap_equal_u(task, cap_a, cap_b, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_add_ku_mem_u(l4_cap_idx_t task, l4_fpage_t *ku_mem,
                                           l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_TASK_ADD_KU_MEM_OP;
    m->mr[1] = ku_mem->raw;
    t = l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0 && l4_msgtag_words(t) > 0) {
        ku_mem->raw = m->mr[0];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_task_add_ku_mem(l4_cap_idx_t task, l4_fpage_t *ku_mem)
{
    return l4_task_add_ku_mem_u(task, ku_mem, l4_utcb());
}

L4_END_DECLS
