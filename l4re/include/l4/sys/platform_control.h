/* SPDX-License-Identifier: MIT */
/*
 * Platform control (protocol L4_PROTO_PLATFORM_CTL = 0), spoken by the
 * kernel ICU object (L4_BASE_ICU_CAP, conventionally called `pfc`):
 * suspend or shut down (or reboot) the system, and allow, enable or disable
 * CPUs. Shutdown on QEMU virt ends the emulation (PSCI SYSTEM_OFF).
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

/** Protocol of platform control (a label of 0, like an untyped message). */
enum L4_platform_ctl_proto {
    L4_PROTO_PLATFORM_CTL = 0,
};

/** Opcodes of platform control (mr0). */
enum L4_platform_ctl_ops {
    L4_PLATFORM_CTL_SYS_SUSPEND_OP        = 0x0,  /**< mr1 = extras */
    L4_PLATFORM_CTL_SYS_SHUTDOWN_OP       = 0x1,  /**< mr1 = 1: reboot, 0: power off */
    L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP = 0x2,  /**< mr1 = CPU, mr2 = enable */
    L4_PLATFORM_CTL_CPU_ENABLE_OP         = 0x3,  /**< mr1 = CPU */
    L4_PLATFORM_CTL_CPU_DISABLE_OP        = 0x4,  /**< mr1 = CPU */
    L4_PLATFORM_CTL_SET_TASK_ASID_OP      = 0x10, /**< arm: fixed ASID for a task */
};

L4_BEGIN_DECLS

/** Suspend the system (to RAM). */
L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend(l4_cap_idx_t pfc, l4_umword_t extras);
/** l4_platform_ctl_system_suspend() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend_u(l4_cap_idx_t pfc, l4_umword_t extras,
                                                       l4_utcb_t *utcb);
/** Power off (\a reboot = 0) or reboot (\a reboot = 1) the system. */
L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown(l4_cap_idx_t pfc, l4_umword_t reboot);
/** l4_platform_ctl_system_shutdown() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown_u(l4_cap_idx_t pfc, l4_umword_t reboot,
                                                        l4_utcb_t *utcb);
/** Allow (\a enable 1) or forbid the kernel to shut CPU \a phys_id down when idle. */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown(l4_cap_idx_t pfc,
                                                         l4_umword_t phys_id,
                                                         l4_umword_t enable);
/** l4_platform_ctl_cpu_allow_shutdown() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown_u(l4_cap_idx_t pfc,
                                                           l4_umword_t phys_id,
                                                           l4_umword_t enable,
                                                           l4_utcb_t *utcb);
/** Bring CPU \a phys_id online. */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable(l4_cap_idx_t pfc, l4_umword_t phys_id);
/** l4_platform_ctl_cpu_enable() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
                                                   l4_utcb_t *utcb);
/** Take CPU \a phys_id offline. */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable(l4_cap_idx_t pfc, l4_umword_t phys_id);
/** l4_platform_ctl_cpu_disable() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
                                                    l4_utcb_t *utcb);

/**
 * Give \a task the fixed address-space id \a asid (arm). The kernel refuses it
 * with -L4_ENOSYS: it assigns ASIDs itself.
 */
L4_INLINE l4_msgtag_t l4_platform_ctl_set_task_asid(l4_cap_idx_t pfc, l4_cap_idx_t task,
                                                    l4_umword_t asid);
/** l4_platform_ctl_set_task_asid() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_platform_ctl_set_task_asid_u(l4_cap_idx_t pfc, l4_cap_idx_t task,
                                                      l4_umword_t asid, l4_utcb_t *utcb);

/* ---- implementation ---- */

/* One op with up to two arguments. */
L4_INLINE l4_msgtag_t l4__platform_ctl(l4_cap_idx_t pfc, l4_umword_t op, unsigned nargs,
                                       l4_umword_t a1, l4_umword_t a2, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = op;
    m->mr[1] = a1;
    m->mr[2] = a2;
    return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, 1 + nargs, 0, 0),
                       L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend_u(l4_cap_idx_t pfc, l4_umword_t extras,
                                                       l4_utcb_t *utcb)
{
    return l4__platform_ctl(pfc, L4_PLATFORM_CTL_SYS_SUSPEND_OP, 1, extras, 0, utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend(l4_cap_idx_t pfc, l4_umword_t extras)
{
    return l4_platform_ctl_system_suspend_u(pfc, extras, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown_u(l4_cap_idx_t pfc, l4_umword_t reboot,
                                                        l4_utcb_t *utcb)
{
    return l4__platform_ctl(pfc, L4_PLATFORM_CTL_SYS_SHUTDOWN_OP, 1, reboot, 0, utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown(l4_cap_idx_t pfc, l4_umword_t reboot)
{
    return l4_platform_ctl_system_shutdown_u(pfc, reboot, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown_u(l4_cap_idx_t pfc,
                                                           l4_umword_t phys_id,
                                                           l4_umword_t enable,
                                                           l4_utcb_t *utcb)
{
    return l4__platform_ctl(pfc, L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP, 2, phys_id, enable,
                            utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown(l4_cap_idx_t pfc,
                                                         l4_umword_t phys_id,
                                                         l4_umword_t enable)
{
    return l4_platform_ctl_cpu_allow_shutdown_u(pfc, phys_id, enable, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
                                                   l4_utcb_t *utcb)
{
    return l4__platform_ctl(pfc, L4_PLATFORM_CTL_CPU_ENABLE_OP, 1, phys_id, 0, utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable(l4_cap_idx_t pfc, l4_umword_t phys_id)
{
    return l4_platform_ctl_cpu_enable_u(pfc, phys_id, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
                                                    l4_utcb_t *utcb)
{
    return l4__platform_ctl(pfc, L4_PLATFORM_CTL_CPU_DISABLE_OP, 1, phys_id, 0, utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable(l4_cap_idx_t pfc, l4_umword_t phys_id)
{
    return l4_platform_ctl_cpu_disable_u(pfc, phys_id, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_set_task_asid_u(l4_cap_idx_t pfc, l4_cap_idx_t task,
                                                      l4_umword_t asid, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_PLATFORM_CTL_SET_TASK_ASID_OP;
    m->mr[1] = asid;
    m->mr[2] = l4_map_obj_control(0, 0);
    m->mr[3] = l4_obj_fpage(task, 0, L4_CAP_FPAGE_RO).raw;
    return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_set_task_asid(l4_cap_idx_t pfc, l4_cap_idx_t task,
                                                    l4_umword_t asid)
{
    return l4_platform_ctl_set_task_asid_u(pfc, task, asid, l4_utcb());
}

L4_END_DECLS
