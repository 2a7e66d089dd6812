/* SPDX-License-Identifier: MIT */
/*
 * Factory bindings (protocol L4_PROTO_FACTORY): create kernel objects and
 * receive the new capability into a chosen slot. mr0 names the protocol of
 * the new object, variable arguments (type word, then data) follow; BR0 is
 * a single-capability receive buffer for the result. Creation needs the S
 * right on the factory and is charged to the factory's kernel-memory quota
 * (-L4_ENOMEM when exhausted). The stream builder (`_start_u`, `_add_*_u`,
 * `_commit_u`) composes arbitrary argument lists. See doc/abi.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/**
 * Create a task (address space + object space).
 * \param utcb_area  in: UTCB area wanted in the new task; out: the area the
 *                   kernel set up (only on success)
 */
L4_INLINE l4_msgtag_t l4_factory_create_task(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                             l4_fpage_t *utcb_area);
/** l4_factory_create_task() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_task_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                               l4_fpage_t *utcb_area, l4_utcb_t *utcb);
/** Create a thread (not bound, not running; see l4_thread_control_*()). */
L4_INLINE l4_msgtag_t l4_factory_create_thread(l4_cap_idx_t factory, l4_cap_idx_t target_cap);
/** l4_factory_create_thread() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_thread_u(l4_cap_idx_t factory,
                                                 l4_cap_idx_t target_cap, l4_utcb_t *utcb);
/** Create a factory whose quota of \a limit bytes is carved from \a factory's. */
L4_INLINE l4_msgtag_t l4_factory_create_factory(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                                unsigned long limit);
/** l4_factory_create_factory() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_factory_u(l4_cap_idx_t factory,
                                                  l4_cap_idx_t target_cap,
                                                  unsigned long limit, l4_utcb_t *utcb);
/**
 * Create an IPC gate with \a label (bits 0..1 must be 0, else -L4_EINVAL),
 * bound to the thread \a snd_dst_cap (needs S), or unbound if \a snd_dst_cap
 * is invalid.
 */
L4_INLINE l4_msgtag_t l4_factory_create_gate(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                             l4_cap_idx_t snd_dst_cap, l4_umword_t label);
/** l4_factory_create_gate() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_gate_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                               l4_cap_idx_t snd_dst_cap, l4_umword_t label,
                                               l4_utcb_t *utcb);
/** Create a software IRQ (Irq_sender, protocol L4_PROTO_IRQ_SENDER). */
L4_INLINE l4_msgtag_t l4_factory_create_irq(l4_cap_idx_t factory, l4_cap_idx_t target_cap);
/** l4_factory_create_irq() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_irq_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                              l4_utcb_t *utcb);
/** Create a virtual machine (L4_PROTO_VM; needs virtualization support). */
L4_INLINE l4_msgtag_t l4_factory_create_vm(l4_cap_idx_t factory, l4_cap_idx_t target_cap);
/** l4_factory_create_vm() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_vm_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                             l4_utcb_t *utcb);
/** Create a thread group with scheduling \a policy (the kernel may refuse: -L4_ENODEV). */
L4_INLINE l4_msgtag_t l4_factory_create_thread_group(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                                     unsigned policy);
/** l4_factory_create_thread_group() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_thread_group_u(l4_cap_idx_t factory,
                                                       l4_cap_idx_t target_cap, unsigned policy,
                                                       l4_utcb_t *utcb);
/** Create a vCPU context (the kernel may refuse: -L4_ENODEV). */
L4_INLINE l4_msgtag_t l4_factory_create_vcpu_context(l4_cap_idx_t factory,
                                                     l4_cap_idx_t target_cap);
/** l4_factory_create_vcpu_context() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_vcpu_context_u(l4_cap_idx_t factory,
                                                       l4_cap_idx_t target_cap,
                                                       l4_utcb_t *utcb);
/** Create an object of protocol \a obj without arguments (e.g. L4_PROTO_SEMAPHORE). */
L4_INLINE l4_msgtag_t l4_factory_create(l4_cap_idx_t factory, long obj, l4_cap_idx_t target);
/** l4_factory_create() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_factory_create_u(l4_cap_idx_t factory, long obj, l4_cap_idx_t target,
                                          l4_utcb_t *utcb);

/**
 * Begin a create message for an object of protocol \a obj whose capability
 * goes to \a target (sets mr0, BDR and BR0).
 * \return the tag to pass to the _add_ functions and to the commit
 */
L4_INLINE l4_msgtag_t l4_factory_create_start_u(long obj, l4_cap_idx_t target,
                                                l4_utcb_t *utcb);
/** Append a flexpage argument. \retval 1 added \retval 0 no room */
L4_INLINE int l4_factory_create_add_fpage_u(l4_fpage_t d, l4_msgtag_t *tag, l4_utcb_t *utcb);
/** Append a signed word argument. \retval 1 added \retval 0 no room */
L4_INLINE int l4_factory_create_add_int_u(l4_mword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb);
/** Append an unsigned word argument. \retval 1 added \retval 0 no room */
L4_INLINE int l4_factory_create_add_uint_u(l4_umword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb);
/** Append a NUL-terminated string argument. \retval 1 added \retval 0 no room */
L4_INLINE int l4_factory_create_add_str_u(char const *s, l4_msgtag_t *tag, l4_utcb_t *utcb);
/** Append \a len bytes of \a s as a string argument. \retval 1 added \retval 0 no room */
L4_INLINE int l4_factory_create_add_lstr_u(char const *s, unsigned len, l4_msgtag_t *tag,
                                           l4_utcb_t *utcb);
/** Append an empty (nil) argument. \retval 1 added \retval 0 no room */
L4_INLINE int l4_factory_create_add_nil_u(l4_msgtag_t *tag, l4_utcb_t *utcb);
/** Send the create message built with \a tag to \a factory. */
L4_INLINE l4_msgtag_t l4_factory_create_commit_u(l4_cap_idx_t factory, l4_msgtag_t tag,
                                                 l4_utcb_t *utcb);

/* ---- implementation ---- */

/* Set the word count of *tag to w, keeping label, items and flags. */
L4_INLINE void l4__factory_set_words(l4_msgtag_t *tag, unsigned w)
{
    *tag = l4_msgtag(l4_msgtag_label(*tag), w, l4_msgtag_items(*tag), l4_msgtag_flags(*tag));
}

L4_INLINE l4_msgtag_t l4_factory_create_start_u(long obj, l4_cap_idx_t target,
                                                l4_utcb_t *utcb)
{
    l4_buf_regs_t *b = l4_utcb_br_u(utcb);

    l4_utcb_mr_u(utcb)->mr[0] = (l4_umword_t)obj;
    b->bdr = 0;
    b->br[0] = target | L4_RCV_ITEM_SINGLE_CAP;
    return l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0);
}

/* Append one type word and n data words. */
L4_INLINE int l4__factory_add_words(l4_umword_t type, l4_umword_t const *data, unsigned n,
                                    l4_msgtag_t *tag, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    unsigned w = l4_msgtag_words(*tag);
    unsigned i;

    if (w + 1 + n > L4_UTCB_GENERIC_DATA_SIZE) {
        return 0;
    }
    m->mr[w] = type;
    for (i = 0; i < n; ++i) {
        m->mr[w + 1 + i] = data[i];
    }
    l4__factory_set_words(tag, w + 1 + n);
    return 1;
}

L4_INLINE int l4_factory_create_add_fpage_u(l4_fpage_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
    return l4__factory_add_words(L4_VARG_TYPE_FPAGE | (sizeof(l4_fpage_t) << 16), &d.raw, 1,
                                 tag, utcb);
}

L4_INLINE int l4_factory_create_add_int_u(l4_mword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
    l4_umword_t v = (l4_umword_t)d;

    return l4__factory_add_words(L4_VARG_TYPE_MWORD | (sizeof(l4_mword_t) << 16), &v, 1, tag,
                                 utcb);
}

L4_INLINE int l4_factory_create_add_uint_u(l4_umword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
    return l4__factory_add_words(L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16), &d, 1, tag,
                                 utcb);
}

L4_INLINE int l4_factory_create_add_lstr_u(char const *s, unsigned len, l4_msgtag_t *tag,
                                           l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    unsigned w = l4_msgtag_words(*tag);
    unsigned n = (unsigned)l4_bytes_to_mwords(len);
    char *dst;
    unsigned i;

    if (w + 1 + n > L4_UTCB_GENERIC_DATA_SIZE) {
        return 0;
    }
    m->mr[w] = L4_VARG_TYPE_STRING | ((l4_umword_t)len << 16);
    dst = (char *)&m->mr[w + 1];
    for (i = 0; i < len; ++i) {
        dst[i] = s[i];
    }
    for (; i < n * sizeof(l4_umword_t); ++i) {
        dst[i] = 0; /* padding: no stale bytes go to the kernel */
    }
    l4__factory_set_words(tag, w + 1 + n);
    return 1;
}

L4_INLINE int l4_factory_create_add_str_u(char const *s, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
    unsigned len = 0;

    while (s[len]) {
        ++len;
    }
    return l4_factory_create_add_lstr_u(s, len + 1, tag, utcb);
}

L4_INLINE int l4_factory_create_add_nil_u(l4_msgtag_t *tag, l4_utcb_t *utcb)
{
    return l4__factory_add_words(L4_VARG_TYPE_NIL, 0, 0, tag, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_commit_u(l4_cap_idx_t factory, l4_msgtag_t tag,
                                                 l4_utcb_t *utcb)
{
    return l4_ipc_call(factory, utcb, tag, L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_factory_create_u(l4_cap_idx_t factory, long obj, l4_cap_idx_t target,
                                          l4_utcb_t *utcb)
{
    return l4_factory_create_commit_u(factory, l4_factory_create_start_u(obj, target, utcb),
                                      utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create(l4_cap_idx_t factory, long obj, l4_cap_idx_t target)
{
    return l4_factory_create_u(factory, obj, target, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_task_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                               l4_fpage_t *utcb_area, l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_TASK, target_cap, utcb);

    l4_factory_create_add_fpage_u(*utcb_area, &t, utcb);
    t = l4_factory_create_commit_u(factory, t, utcb);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0) {
        utcb_area->raw = l4_utcb_mr_u(utcb)->mr[0];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_factory_create_task(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                             l4_fpage_t *utcb_area)
{
    return l4_factory_create_task_u(factory, target_cap, utcb_area, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_thread_u(l4_cap_idx_t factory,
                                                 l4_cap_idx_t target_cap, l4_utcb_t *utcb)
{
    return l4_factory_create_u(factory, L4_PROTO_THREAD, target_cap, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_thread(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
    return l4_factory_create_thread_u(factory, target_cap, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_factory_u(l4_cap_idx_t factory,
                                                  l4_cap_idx_t target_cap,
                                                  unsigned long limit, l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_FACTORY, target_cap, utcb);

    l4_factory_create_add_uint_u(limit, &t, utcb);
    return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_factory(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                                unsigned long limit)
{
    return l4_factory_create_factory_u(factory, target_cap, limit, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_gate_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                               l4_cap_idx_t snd_dst_cap, l4_umword_t label,
                                               l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_NONE, target_cap, utcb);
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    l4_factory_create_add_uint_u(label, &t, utcb); /* mr1 type, mr2 label */
    if (l4_is_valid_cap(snd_dst_cap)) {
        m->mr[3] = l4_map_obj_control(0, 0);
        m->mr[4] = l4_obj_fpage(snd_dst_cap, 0, L4_CAP_FPAGE_RWS).raw;
        t = l4_msgtag(l4_msgtag_label(t), l4_msgtag_words(t), 1, l4_msgtag_flags(t));
    }
    return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_gate(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                             l4_cap_idx_t snd_dst_cap, l4_umword_t label)
{
    return l4_factory_create_gate_u(factory, target_cap, snd_dst_cap, label, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_irq_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                              l4_utcb_t *utcb)
{
    return l4_factory_create_u(factory, L4_PROTO_IRQ_SENDER, target_cap, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_irq(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
    return l4_factory_create_irq_u(factory, target_cap, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_vm_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                             l4_utcb_t *utcb)
{
    return l4_factory_create_u(factory, L4_PROTO_VM, target_cap, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_vm(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
    return l4_factory_create_vm_u(factory, target_cap, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_thread_group_u(l4_cap_idx_t factory,
                                                       l4_cap_idx_t target_cap, unsigned policy,
                                                       l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_THREAD_GROUP, target_cap, utcb);

    l4_factory_create_add_uint_u(policy, &t, utcb);
    return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_thread_group(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
                                                     unsigned policy)
{
    return l4_factory_create_thread_group_u(factory, target_cap, policy, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_vcpu_context_u(l4_cap_idx_t factory,
                                                       l4_cap_idx_t target_cap,
                                                       l4_utcb_t *utcb)
{
    return l4_factory_create_u(factory, L4_PROTO_VCPU_CONTEXT, target_cap, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_vcpu_context(l4_cap_idx_t factory,
                                                     l4_cap_idx_t target_cap)
{
    return l4_factory_create_vcpu_context_u(factory, target_cap, l4_utcb());
}

L4_END_DECLS
