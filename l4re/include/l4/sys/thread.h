/* SPDX-License-Identifier: MIT */
/*
 * Thread bindings (protocol L4_PROTO_THREAD; opcode = mr0 & 0xffff):
 * control (pager, exception handler, bind to a task with a UTCB address,
 * alien mode) built up in the caller's UTCB and sent by
 * l4_thread_control_commit(); ex_regs (pc, sp, flags; old values come
 * back); switch_to, yield and the consumed-time statistics. A thread cap
 * invoked with another label, or with a receive-only phase, is plain IPC to
 * that thread instead. Wire format: doc/abi.md and the reference.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

/** Opcodes of the thread protocol (mr0 & #L4_THREAD_OPCODE_MASK). */
enum L4_thread_ops {
    L4_THREAD_CONTROL_OP                = 0x00, /**< control; flags in mr0 */
    L4_THREAD_EX_REGS_OP                = 0x01, /**< set pc/sp/flags */
    L4_THREAD_SWITCH_OP                 = 0x02, /**< donate the CPU */
    L4_THREAD_STATS_OP                  = 0x03, /**< consumed time */
    L4_THREAD_VCPU_RESUME_OP            = 0x04, /**< resume a vCPU */
    L4_THREAD_REGISTER_DELETE_IRQ_OP    = 0x05, /**< IRQ on gate deletion */
    L4_THREAD_MODIFY_SENDER_OP          = 0x06, /**< rewrite labels of queued senders */
    L4_THREAD_VCPU_CONTROL_OP           = 0x07, /**< enable vCPU mode */
    L4_THREAD_VCPU_CONTROL_EXT_OP       = 0x07 | 0x10000, /**< extended vCPU mode */
    L4_THREAD_REGISTER_DOORBELL_IRQ_OP  = 0x08, /**< doorbell IRQ */
    L4_THREAD_PF_TRAMP_CONTROL_OP       = 0x09, /**< page-fault trampoline */
    L4_THREAD_X86_GDT_OP                = 0x10, /**< x86 only */
    L4_THREAD_ARM_TPIDRURO_OP           = 0x10, /**< arm: set TPIDRRO_EL0 */
    L4_THREAD_AMD64_SET_SEGMENT_BASE_OP = 0x12, /**< amd64 only */
    L4_THREAD_AMD64_GET_SEGMENT_INFO_OP = 0x13, /**< amd64 only */
    L4_THREAD_OPCODE_MASK               = 0xffff, /**< opcode bits of mr0 */
};

/** Flags of the control operation (ORed into mr0). */
enum L4_thread_control_flags {
    L4_THREAD_CONTROL_SET_PAGER       = 0x0010000, /**< mr1 = pager selector */
    L4_THREAD_CONTROL_BIND_TASK       = 0x0200000, /**< mr5 = UTCB, item(task) at mr6 */
    L4_THREAD_CONTROL_ALIEN           = 0x0400000, /**< alien flag value in mr4 */
    L4_THREAD_CONTROL_UX_NATIVE       = 0x0800000, /**< (Fiasco-UX only) */
    L4_THREAD_CONTROL_SET_EXC_HANDLER = 0x1000000, /**< mr2 = exception handler selector */
};

/** Message-register indices of the control operation. */
enum L4_thread_control_mr_indices {
    L4_THREAD_CONTROL_MR_IDX_FLAGS       = 0, /**< opcode and flags */
    L4_THREAD_CONTROL_MR_IDX_PAGER       = 1, /**< pager selector */
    L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER = 2, /**< exception-handler selector */
    L4_THREAD_CONTROL_MR_IDX_FLAG_VALS   = 4, /**< values of the boolean flags */
    L4_THREAD_CONTROL_MR_IDX_BIND_UTCB   = 5, /**< UTCB address in the bound task */
    L4_THREAD_CONTROL_MR_IDX_BIND_TASK   = 6, /**< 2-word item naming the task */
};

/** Flags of ex_regs (ORed into mr0). */
enum L4_thread_ex_regs_flags {
    L4_THREAD_EX_REGS_CANCEL            = 0x10000, /**< cancel an ongoing IPC */
    L4_THREAD_EX_REGS_TRIGGER_EXCEPTION = 0x20000, /**< raise an exception IPC */
    L4_THREAD_EX_REGS_ARM64_SET_EL_MASK = 3 << 24, /**< arm64: exception-level field */
    L4_THREAD_EX_REGS_ARM64_SET_EL_KEEP = 0,       /**< arm64: keep the level */
    L4_THREAD_EX_REGS_ARM64_SET_EL_EL0  = 1 << 24, /**< arm64: run at EL0 */
    L4_THREAD_EX_REGS_ARM64_SET_EL_EL1  = 2 << 24, /**< arm64: run at EL1 (VMs) */
};

/** Arch-specific ex_regs flag bits. */
#define L4_THREAD_EX_REGS_ARCH_MASK 0xff000000UL

L4_BEGIN_DECLS

/**
 * Set pc and sp of \a thread (~0UL keeps a value) and apply \a flags
 * (L4_THREAD_EX_REGS_*). A thread bound to a task but not yet started
 * starts at \a ip.
 * \return result tag; the reply carries the old flags, pc and sp in mr0..2
 */
L4_INLINE l4_msgtag_t l4_thread_ex_regs(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
                                        l4_umword_t flags);
/** l4_thread_ex_regs() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_ex_regs_u(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
                                          l4_umword_t flags, l4_utcb_t *utcb);
/**
 * Like l4_thread_ex_regs(), but \a ip, \a sp and \a flags are in-out: they
 * give the new values and receive the old ones (only on success).
 */
L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret(l4_cap_idx_t thread, l4_addr_t *ip,
                                            l4_addr_t *sp, l4_umword_t *flags);
/** l4_thread_ex_regs_ret() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret_u(l4_cap_idx_t thread, l4_addr_t *ip,
                                              l4_addr_t *sp, l4_umword_t *flags,
                                              l4_utcb_t *utcb);

/** Begin a control operation in the caller's UTCB (clears the flags). */
L4_INLINE void l4_thread_control_start(void);
/** l4_thread_control_start() with an explicit UTCB. */
L4_INLINE void l4_thread_control_start_u(l4_utcb_t *utcb);
/** Control: set the pager (a selector resolved in the thread's task at fault time). */
L4_INLINE void l4_thread_control_pager(l4_cap_idx_t pager);
/** l4_thread_control_pager() with an explicit UTCB. */
L4_INLINE void l4_thread_control_pager_u(l4_cap_idx_t pager, l4_utcb_t *utcb);
/** Control: set the exception handler (selector in the thread's task). */
L4_INLINE void l4_thread_control_exc_handler(l4_cap_idx_t exc_handler);
/** l4_thread_control_exc_handler() with an explicit UTCB. */
L4_INLINE void l4_thread_control_exc_handler_u(l4_cap_idx_t exc_handler, l4_utcb_t *utcb);
/**
 * Control: bind the thread to \a task with its UTCB at \a thread_utcb (an
 * address in \a task's UTCB area). Needs S on the task capability.
 */
L4_INLINE void l4_thread_control_bind(l4_utcb_t *thread_utcb, l4_cap_idx_t task);
/** l4_thread_control_bind() with an explicit UTCB (of the caller). */
L4_INLINE void l4_thread_control_bind_u(l4_utcb_t *thread_utcb, l4_cap_idx_t task,
                                        l4_utcb_t *utcb);
/** Control: switch alien mode on or off (syscalls become exception IPC). */
L4_INLINE void l4_thread_control_alien(int on);
/** l4_thread_control_alien() with an explicit UTCB. */
L4_INLINE void l4_thread_control_alien_u(l4_utcb_t *utcb, int on);
/**
 * Send the control operation built since l4_thread_control_start().
 * Needs S on \a thread.
 * \return result tag; the reply's mr1 = old pager, mr2 = old exception handler
 */
L4_INLINE l4_msgtag_t l4_thread_control_commit(l4_cap_idx_t thread);
/** l4_thread_control_commit() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_control_commit_u(l4_cap_idx_t thread, l4_utcb_t *utcb);

/** Give up the rest of the time slice (receive from nobody with zero timeouts). */
L4_INLINE l4_msgtag_t l4_thread_yield(void);
/** Donate the CPU to \a to_thread if it is ready. */
L4_INLINE l4_msgtag_t l4_thread_switch(l4_cap_idx_t to_thread);
/** l4_thread_switch() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_switch_u(l4_cap_idx_t to_thread, l4_utcb_t *utcb);
/**
 * CPU time consumed by \a thread.
 * \param us  receives the time in microseconds (only on success)
 */
L4_INLINE l4_msgtag_t l4_thread_stats_time(l4_cap_idx_t thread, l4_kernel_clock_t *us);
/** l4_thread_stats_time() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_stats_time_u(l4_cap_idx_t thread, l4_kernel_clock_t *us,
                                             l4_utcb_t *utcb);
/**
 * Register \a irq to be triggered when an IPC gate bound to \a thread is
 * deleted. Needs W on \a irq.
 */
L4_INLINE l4_msgtag_t l4_thread_register_del_irq(l4_cap_idx_t thread, l4_cap_idx_t irq);
/** l4_thread_register_del_irq() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_register_del_irq_u(l4_cap_idx_t thread, l4_cap_idx_t irq,
                                                   l4_utcb_t *utcb);
/** arm64: set the TPIDRRO_EL0 value of \a thread. */
L4_INLINE l4_msgtag_t l4_thread_arm_set_tpidruro(l4_cap_idx_t thread, l4_addr_t tpidruro);
/** l4_thread_arm_set_tpidruro() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_arm_set_tpidruro_u(l4_cap_idx_t thread, l4_addr_t tpidruro,
                                                   l4_utcb_t *utcb);

/**
 * Make \a thread a vCPU with its state at \a vcpu_state, an address in the
 * kernel-user memory of the thread's task (l4_task_add_ku_mem, aligned to
 * L4_VCPU_STATE_SIZE; l4/sys/vcpu.h). Needs S on \a thread.
 * \return -L4_EINVAL if the address is no such memory
 */
L4_INLINE l4_msgtag_t l4_thread_vcpu_control(l4_cap_idx_t thread, l4_addr_t vcpu_state);
/** l4_thread_vcpu_control() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_vcpu_control_u(l4_cap_idx_t thread, l4_addr_t vcpu_state,
                                               l4_utcb_t *utcb);
/** The extended form (hardware virtualization): -L4_ENOSYS in this kernel. */
L4_INLINE l4_msgtag_t l4_thread_vcpu_control_ext(l4_cap_idx_t thread, l4_addr_t ext_vcpu_state);
/** l4_thread_vcpu_control_ext() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_vcpu_control_ext_u(l4_cap_idx_t thread,
                                                   l4_addr_t ext_vcpu_state, l4_utcb_t *utcb);
/**
 * Start a vCPU resume message; map items added after it (l4_sndfpage_add)
 * go into the state's user_task when user mode is resumed.
 */
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_start(void);
/** l4_thread_vcpu_resume_start() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_start_u(l4_utcb_t *utcb);
/**
 * Resume the calling vCPU (\a thread is its own capability) in the saved
 * state: registers from state->r, mode and interrupt flag from state->state
 * (L4_VCPU_F_USER_MODE: in state->user_task, which needs S). Does not
 * return on success; an error tag comes back otherwise.
 */
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_commit(l4_cap_idx_t thread, l4_msgtag_t tag);
/** l4_thread_vcpu_resume_commit() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_commit_u(l4_cap_idx_t thread, l4_msgtag_t tag,
                                                     l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_thread_ex_regs_u(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
                                          l4_umword_t flags, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_THREAD_EX_REGS_OP | flags;
    m->mr[1] = ip;
    m->mr[2] = sp;
    return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_ex_regs(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
                                        l4_umword_t flags)
{
    return l4_thread_ex_regs_u(thread, ip, sp, flags, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret_u(l4_cap_idx_t thread, l4_addr_t *ip,
                                              l4_addr_t *sp, l4_umword_t *flags,
                                              l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t = l4_thread_ex_regs_u(thread, *ip, *sp, *flags, utcb);

    if (l4_error_u(t, utcb) < 0) {
        return t;
    }
    *flags = m->mr[0];
    *ip = m->mr[1];
    *sp = m->mr[2];
    return t;
}

L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret(l4_cap_idx_t thread, l4_addr_t *ip,
                                            l4_addr_t *sp, l4_umword_t *flags)
{
    return l4_thread_ex_regs_ret_u(thread, ip, sp, flags, l4_utcb());
}

L4_INLINE void l4_thread_control_start_u(l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] = L4_THREAD_CONTROL_OP;
}

L4_INLINE void l4_thread_control_start(void)
{
    l4_thread_control_start_u(l4_utcb());
}

L4_INLINE void l4_thread_control_pager_u(l4_cap_idx_t pager, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_PAGER;
    m->mr[L4_THREAD_CONTROL_MR_IDX_PAGER] = pager;
}

L4_INLINE void l4_thread_control_pager(l4_cap_idx_t pager)
{
    l4_thread_control_pager_u(pager, l4_utcb());
}

L4_INLINE void l4_thread_control_exc_handler_u(l4_cap_idx_t exc_handler, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_EXC_HANDLER;
    m->mr[L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER] = exc_handler;
}

L4_INLINE void l4_thread_control_exc_handler(l4_cap_idx_t exc_handler)
{
    l4_thread_control_exc_handler_u(exc_handler, l4_utcb());
}

L4_INLINE void l4_thread_control_bind_u(l4_utcb_t *thread_utcb, l4_cap_idx_t task,
                                        l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_BIND_TASK;
    m->mr[L4_THREAD_CONTROL_MR_IDX_BIND_UTCB] = (l4_addr_t)thread_utcb;
    m->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK] = l4_map_obj_control(0, 0);
    m->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK + 1] =
        l4_obj_fpage(task, 0, L4_CAP_FPAGE_RWS).raw;
}

L4_INLINE void l4_thread_control_bind(l4_utcb_t *thread_utcb, l4_cap_idx_t task)
{
    l4_thread_control_bind_u(thread_utcb, task, l4_utcb());
}

L4_INLINE void l4_thread_control_alien_u(l4_utcb_t *utcb, int on)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_ALIEN;
    if (on) {
        m->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] |= L4_THREAD_CONTROL_ALIEN;
    } else {
        m->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] &= ~(l4_umword_t)L4_THREAD_CONTROL_ALIEN;
    }
}

L4_INLINE void l4_thread_control_alien(int on)
{
    l4_thread_control_alien_u(l4_utcb(), on);
}

L4_INLINE l4_msgtag_t l4_thread_control_commit_u(l4_cap_idx_t thread, l4_utcb_t *utcb)
{
    unsigned items = (l4_utcb_mr_u(utcb)->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS]
                      & L4_THREAD_CONTROL_BIND_TASK) ? 1 : 0;

    return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 6, items, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_control_commit(l4_cap_idx_t thread)
{
    return l4_thread_control_commit_u(thread, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_yield(void)
{
    l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), L4_IPC_BOTH_TIMEOUT_0);
    return l4_msgtag(0, 0, 0, 0);
}

L4_INLINE l4_msgtag_t l4_thread_switch_u(l4_cap_idx_t to_thread, l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_SWITCH_OP;
    return l4_ipc_call(to_thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_switch(l4_cap_idx_t to_thread)
{
    return l4_thread_switch_u(to_thread, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_stats_time_u(l4_cap_idx_t thread, l4_kernel_clock_t *us,
                                             l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_THREAD_STATS_OP;
    t = l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0) {
        *us = m->mr64[l4_utcb_mr64_idx(0)];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_thread_stats_time(l4_cap_idx_t thread, l4_kernel_clock_t *us)
{
    return l4_thread_stats_time_u(thread, us, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_register_del_irq_u(l4_cap_idx_t thread, l4_cap_idx_t irq,
                                                   l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_THREAD_REGISTER_DELETE_IRQ_OP;
    m->mr[1] = l4_map_obj_control(0, 0);
    m->mr[2] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_register_del_irq(l4_cap_idx_t thread, l4_cap_idx_t irq)
{
    return l4_thread_register_del_irq_u(thread, irq, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_arm_set_tpidruro_u(l4_cap_idx_t thread, l4_addr_t tpidruro,
                                                   l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_THREAD_ARM_TPIDRURO_OP;
    m->mr[1] = tpidruro;
    return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_arm_set_tpidruro(l4_cap_idx_t thread, l4_addr_t tpidruro)
{
    return l4_thread_arm_set_tpidruro_u(thread, tpidruro, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_control_u(l4_cap_idx_t thread, l4_addr_t vcpu_state,
                                               l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_THREAD_VCPU_CONTROL_OP;
    m->mr[1] = vcpu_state;
    return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_control(l4_cap_idx_t thread, l4_addr_t vcpu_state)
{
    return l4_thread_vcpu_control_u(thread, vcpu_state, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_control_ext_u(l4_cap_idx_t thread,
                                                   l4_addr_t ext_vcpu_state, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_THREAD_VCPU_CONTROL_EXT_OP;
    m->mr[1] = ext_vcpu_state;
    return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_control_ext(l4_cap_idx_t thread, l4_addr_t ext_vcpu_state)
{
    return l4_thread_vcpu_control_ext_u(thread, ext_vcpu_state, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_start_u(l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_VCPU_RESUME_OP;
    return l4_msgtag(L4_PROTO_THREAD, 1, 0, 0);
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_start(void)
{
    return l4_thread_vcpu_resume_start_u(l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_commit_u(l4_cap_idx_t thread, l4_msgtag_t tag,
                                                     l4_utcb_t *utcb)
{
    return l4_ipc_call(thread, utcb, tag, L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_vcpu_resume_commit(l4_cap_idx_t thread, l4_msgtag_t tag)
{
    return l4_thread_vcpu_resume_commit_u(thread, tag, l4_utcb());
}

L4_END_DECLS
