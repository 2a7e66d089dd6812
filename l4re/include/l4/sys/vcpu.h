/* SPDX-License-Identifier: MIT */
/*
 * The vCPU state: one structure in kernel-user memory that a vCPU thread
 * (l4_thread_vcpu_control) shares with the kernel. The kernel saves the
 * interrupted registers in `r` and the received event in `i` when it enters
 * the vCPU at entry_ip/entry_sp, and loads `r` again on
 * l4_thread_vcpu_resume_commit; `state` holds the virtual interrupt flag and
 * the mode, `saved_state` the state at the last entry, `sticky_flags` what
 * the kernel reports while interrupts are off. Names, values and layout are
 * L4Re's; doc/kernel.md ("vCPUs") describes the semantics.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/__static_assert.h>
#include <l4/sys/arch/vcpu.h>

/** State of a vCPU. */
typedef struct l4_vcpu_state_t {
    l4_umword_t version;           /**< L4_VCPU_STATE_VERSION, written by the kernel */
    l4_umword_t user_data[7];      /**< free for the program */
    l4_vcpu_regs_t r;              /**< registers saved on entry, loaded on resume */
    l4_vcpu_ipc_regs_t i;          /**< event received on entry */
    l4_uint16_t state;             /**< L4_VCPU_F_* now */
    l4_uint16_t saved_state;       /**< L4_VCPU_F_* at the last entry */
    l4_uint16_t sticky_flags;      /**< L4_VCPU_SF_* */
    l4_uint16_t _reserved;
    l4_cap_idx_t user_task;        /**< task that user mode runs in */
    l4_umword_t entry_sp;          /**< stack pointer of an entry */
    l4_umword_t entry_ip;          /**< program counter of an entry */
    l4_umword_t reserved_sp;
    l4_vcpu_arch_state_t arch_state;
} l4_vcpu_state_t;

L4_STATIC_ASSERT(sizeof(l4_vcpu_state_t) <= L4_VCPU_STATE_SIZE, "vCPU state fits its size");
L4_STATIC_ASSERT(__builtin_offsetof(l4_vcpu_state_t, r) == 0x40, "vCPU state: r");
L4_STATIC_ASSERT(__builtin_offsetof(l4_vcpu_state_t, i) == 0x180, "vCPU state: i");
L4_STATIC_ASSERT(__builtin_offsetof(l4_vcpu_state_t, state) == 0x1a8, "vCPU state: state");
L4_STATIC_ASSERT(__builtin_offsetof(l4_vcpu_state_t, entry_ip) == 0x1c0, "vCPU state: entry_ip");

/** State flags (l4_vcpu_state_t::state, ::saved_state). */
enum L4_vcpu_state_flags {
    L4_VCPU_F_IRQ         = 0x01, /**< events (IRQs, IPC) enter the vCPU */
    L4_VCPU_F_PAGE_FAULTS = 0x02, /**< user-mode page faults enter the vCPU */
    L4_VCPU_F_EXCEPTIONS  = 0x04, /**< user-mode exceptions enter the vCPU */
    L4_VCPU_F_USER_MODE   = 0x20, /**< running in user_task */
    L4_VCPU_F_FPU_ENABLED = 0x80, /**< user mode may use the FPU */
};

/** Sticky flags (l4_vcpu_state_t::sticky_flags). */
enum L4_vcpu_sticky_flags {
    L4_VCPU_SF_IRQ_PENDING = 0x01, /**< an event waits while L4_VCPU_F_IRQ is off */
};

/** Whether the kernel's state layout is the one this header describes (1) or not (0). */
L4_INLINE int l4_vcpu_check_version(l4_vcpu_state_t const *vcpu) L4_NOTHROW;

L4_INLINE int l4_vcpu_check_version(l4_vcpu_state_t const *vcpu) L4_NOTHROW
{
    return vcpu->version == L4_VCPU_STATE_VERSION;
}
