// SPDX-License-Identifier: MIT
/*
 * Platform control, spoken by the kernel ICU object (L4_BASE_ICU_CAP, protocol
 * L4_PROTO_PLATFORM_CTL, mr0 = opcode): power off or reboot the machine. Every
 * opcode of l4/sys/platform_control.h is in the table; those QEMU virt cannot do
 * (suspend to RAM, CPU hot-plug on a one-CPU kernel, fixed ASIDs) are refused with
 * -L4_ENOSYS, never accepted and ignored. All need the S right (the capability
 * sigma0 and the root task get). The log line names the requesting task by its
 * debugger name (l4_debugger_set_object_name). See doc/kernel.md.
 */
#include <bsp/power.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/types.h>
#include "console.h"
#include "invocation.h"
#include "platform_ctl.h"
#include "task.h"
#include "thread.h"

typedef void (*platform_ctl_op_fn)(struct invocation *inv, const l4_umword_t *mr);

/* op: L4_PLATFORM_CTL_SYS_SHUTDOWN_OP, rights: S, proto: L4_PROTO_PLATFORM_CTL */
static void platform_ctl_op_shutdown(struct invocation *inv, const l4_umword_t *mr)
{
    /* mr1 = 1: reboot, 0: power off; anything else is a caller's mistake */
    if (l4_msgtag_words(inv->tag) < 2 || mr[1] > 1) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    if (mr[1] == 1) {
        kprintf("kernel: reboot requested by task '%s'\n", thread_name(inv->caller));
        bsp_reset();
    }
    kprintf("kernel: power off requested by task '%s'\n", thread_name(inv->caller));
    bsp_power_off();
}

/*
 * op: L4_PLATFORM_CTL_SYS_SUSPEND_OP, L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP,
 * L4_PLATFORM_CTL_CPU_ENABLE_OP, L4_PLATFORM_CTL_CPU_DISABLE_OP,
 * L4_PLATFORM_CTL_SET_TASK_ASID_OP; rights: S, proto: L4_PROTO_PLATFORM_CTL
 */
static void platform_ctl_op_unsupported(struct invocation *inv, const l4_umword_t *mr)
{
    (void)mr;
    invocation_error(inv, -L4_ENOSYS);
}

static const platform_ctl_op_fn platform_ctl_ops[] = {
    [L4_PLATFORM_CTL_SYS_SUSPEND_OP] = platform_ctl_op_unsupported,
    [L4_PLATFORM_CTL_SYS_SHUTDOWN_OP] = platform_ctl_op_shutdown,
    [L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP] = platform_ctl_op_unsupported,
    [L4_PLATFORM_CTL_CPU_ENABLE_OP] = platform_ctl_op_unsupported,
    [L4_PLATFORM_CTL_CPU_DISABLE_OP] = platform_ctl_op_unsupported,
    [L4_PLATFORM_CTL_SET_TASK_ASID_OP] = platform_ctl_op_unsupported,
};

void platform_ctl_invoke(unsigned rights, struct invocation *inv)
{
    const l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;

    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    if (mr[0] >= ARRAY_SIZE(platform_ctl_ops) || !platform_ctl_ops[mr[0]]) {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    platform_ctl_ops[mr[0]](inv, mr);
}
