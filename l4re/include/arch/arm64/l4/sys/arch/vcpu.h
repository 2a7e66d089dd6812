/* SPDX-License-Identifier: MIT */
/*
 * arm64 part of the vCPU state (l4/sys/vcpu.h): the saved registers are the
 * exception block of an exception IPC (l4_exc_regs_t: x0..x30, ESR in err,
 * FAR in pfa, sp, pc, pstate, TPIDRRO/TPIDR), the IPC part carries the tag
 * and label of an event received on entry, and the arch part keeps the
 * TPIDRRO_EL0 value of vCPU kernel mode while user mode runs. Layout and
 * version are L4Re's (ABI). Included by l4/sys/vcpu.h only.
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/** Version of the arm64 state layout (l4_vcpu_state_t::version). */
#define L4_VCPU_STATE_VERSION 0x38
/** Bytes the state takes in kernel-user memory (it must not cross a page). */
#define L4_VCPU_STATE_SIZE 0x200
/** Bytes of the extended state (hardware virtualization; not supported here). */
#define L4_VCPU_STATE_EXT_SIZE 0x800

/** Registers saved on a vCPU entry: the exception register block. */
typedef l4_exc_regs_t l4_vcpu_regs_t;

/** The IPC part: what an event entry received. */
typedef struct l4_vcpu_ipc_regs_t {
    l4_msgtag_t tag;      /**< tag of the received message (error flag on failure) */
    l4_umword_t label;    /**< label (IRQ bind label, gate label) */
    l4_umword_t _d1[3];   /**< reserved */
} l4_vcpu_ipc_regs_t;

/** Architecture state. */
typedef struct l4_vcpu_arch_state_t {
    l4_umword_t host_tpidruro; /**< TPIDRRO_EL0 of vCPU kernel mode */
} l4_vcpu_arch_state_t;
