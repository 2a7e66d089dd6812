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

/*
 * The extended state (hardware virtualization at EL2): an info block at
 * L4_VCPU_OFFSET_EXT_INFOS and the virtual machine's system registers from
 * L4_VCPU_OFFSET_EXT_STATE, addressed by field id (low 12 bits: byte offset).
 * Only the layout is here: this kernel runs no virtual machines
 * (l4_thread_vcpu_control_ext gives -L4_ENOSYS).
 */
enum L4_vcpu_state_offset {
    L4_VCPU_OFFSET_EXT_STATE = 0x280, /**< extended state */
    L4_VCPU_OFFSET_EXT_INFOS = 0x200, /**< extended info block */
};

/** The info block of the extended state. */
typedef struct l4_arm_vcpu_e_info_t {
    l4_uint8_t version;       /**< 0 */
    l4_uint8_t gic_version;
    l4_uint8_t _rsvd0[2];
    l4_uint32_t features;
    l4_uint32_t _rsvd1[14];
    l4_umword_t user[8];      /**< free for the program */
} l4_arm_vcpu_e_info_t;

enum L4_vcpu_e_consts {
    L4_VCPU_E_NUM_LR = 4, /**< list registers of the virtual GIC */
};

/** Field ids of the extended state. */
enum L4_vcpu_e_field_ids {
    L4_VCPU_E_HCR = 0x8008,
    L4_VCPU_E_SCTLR = 0x0010,
    L4_VCPU_E_CPACR = 0x0014,
    L4_VCPU_E_CNTVCTL = 0x0018,
    L4_VCPU_E_CNTVOFF = 0x8020,
    L4_VCPU_E_VMPIDR = 0x8028,
    L4_VCPU_E_VPIDR = 0x0030,
    L4_VCPU_E_VTMR_CFG = 0x0034,
    L4_VCPU_E_VTCR = 0x8038,
    L4_VCPU_E_GIC_HCR = 0x0040,
    L4_VCPU_E_GIC_VTR = 0x0044,
    L4_VCPU_E_GIC_VMCR = 0x0048,
    L4_VCPU_E_GIC_MISR = 0x004c,
    L4_VCPU_E_GIC_EISR = 0x0050,
    L4_VCPU_E_GIC_ELSR = 0x0054,
    L4_VCPU_E_GIC_V2_LR0 = 0x0058,
    L4_VCPU_E_GIC_V3_LR0 = 0x8058,
};

/** The info block of the extended state at \a vcpu. */
L4_INLINE l4_arm_vcpu_e_info_t const *l4_vcpu_e_info(void const *vcpu) L4_NOTHROW;
/** Its words for the program. */
L4_INLINE l4_umword_t *l4_vcpu_e_info_user(void *vcpu) L4_NOTHROW;
/** Address of field \a id. */
L4_INLINE void *l4_vcpu_e_ptr(void const *vcpu, unsigned id) L4_NOTHROW;
/** Read or write field \a id (32 bits, 64 bits, a word). */
L4_INLINE l4_uint32_t l4_vcpu_e_read_32(void const *vcpu, unsigned id) L4_NOTHROW;
L4_INLINE void l4_vcpu_e_write_32(void *vcpu, unsigned id, l4_uint32_t val) L4_NOTHROW;
L4_INLINE l4_uint64_t l4_vcpu_e_read_64(void const *vcpu, unsigned id) L4_NOTHROW;
L4_INLINE void l4_vcpu_e_write_64(void *vcpu, unsigned id, l4_uint64_t val) L4_NOTHROW;
L4_INLINE l4_umword_t l4_vcpu_e_read(void const *vcpu, unsigned id) L4_NOTHROW;
L4_INLINE void l4_vcpu_e_write(void *vcpu, unsigned id, l4_umword_t val) L4_NOTHROW;

L4_INLINE l4_arm_vcpu_e_info_t const *l4_vcpu_e_info(void const *vcpu) L4_NOTHROW
{
    return (l4_arm_vcpu_e_info_t const *)((char const *)vcpu + L4_VCPU_OFFSET_EXT_INFOS);
}

L4_INLINE l4_umword_t *l4_vcpu_e_info_user(void *vcpu) L4_NOTHROW
{
    return ((l4_arm_vcpu_e_info_t *)((char *)vcpu + L4_VCPU_OFFSET_EXT_INFOS))->user;
}

L4_INLINE void *l4_vcpu_e_ptr(void const *vcpu, unsigned id) L4_NOTHROW
{
    return (char *)(l4_addr_t)vcpu + L4_VCPU_OFFSET_EXT_STATE + (id & 0xfffU);
}

L4_INLINE l4_uint32_t l4_vcpu_e_read_32(void const *vcpu, unsigned id) L4_NOTHROW
{
    return *(l4_uint32_t const *)l4_vcpu_e_ptr(vcpu, id);
}

L4_INLINE void l4_vcpu_e_write_32(void *vcpu, unsigned id, l4_uint32_t val) L4_NOTHROW
{
    *(l4_uint32_t *)l4_vcpu_e_ptr(vcpu, id) = val;
}

L4_INLINE l4_uint64_t l4_vcpu_e_read_64(void const *vcpu, unsigned id) L4_NOTHROW
{
    return *(l4_uint64_t const *)l4_vcpu_e_ptr(vcpu, id);
}

L4_INLINE void l4_vcpu_e_write_64(void *vcpu, unsigned id, l4_uint64_t val) L4_NOTHROW
{
    *(l4_uint64_t *)l4_vcpu_e_ptr(vcpu, id) = val;
}

L4_INLINE l4_umword_t l4_vcpu_e_read(void const *vcpu, unsigned id) L4_NOTHROW
{
    return *(l4_umword_t const *)l4_vcpu_e_ptr(vcpu, id);
}

L4_INLINE void l4_vcpu_e_write(void *vcpu, unsigned id, l4_umword_t val) L4_NOTHROW
{
    *(l4_umword_t *)l4_vcpu_e_ptr(vcpu, id) = val;
}
