/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): platform control on the kernel ICU
 * (l4/sys/platform_control.h). Semantics relied on (L4Re's interface; the
 * refusals are ours, doc/kernel.md):
 * - every opcode QEMU virt cannot serve (suspend, CPU allow-shutdown, enable,
 *   disable, fixed task ASID) and unknown opcodes answer -L4_ENOSYS;
 * - a shutdown whose argument is neither 0 (power off) nor 1 (reboot), or
 *   that lacks the argument word, answers -L4_EINVAL; an empty message
 *   -L4_EMSGTOOSHORT; a capability without S -L4_EPERM for every opcode;
 * - none of the refused calls stops the system.
 * With --shutdown=<n> on its command line the program names its task
 * --name=<s> (l4_debugger_set_object_name) and then shuts the system down
 * with argument n after the TAP block: the kernel log line must name that
 * name (specs tests/target/kernel-runtime/poweroff.test and reboot.test).
 */
#include <l4/crt0.h>
#include <l4/sys/debugger.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/platform_control.h>
#include <l4/util/bootinfo.h>
#include "kt.h"
#include "tap.h"

#define PLAN 18

#define ICU_NOS KT_CAP(0x24) /* the ICU capability without S */

/* A platform-control call with \a words message words (mr0 = op, mr1 = arg). */
static long pfc_raw(l4_cap_idx_t pfc, l4_umword_t op, l4_umword_t arg, unsigned words)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = op;
    m->mr[1] = arg;
    return kt_err(l4_ipc_call(pfc, l4_utcb(), l4_msgtag(L4_PROTO_PLATFORM_CTL, words, 0, 0),
                              L4_IPC_NEVER));
}

static void test_unsupported(void)
{
    l4_cap_idx_t pfc = L4_BASE_ICU_CAP;

    tap_is_int(kt_err(l4_platform_ctl_system_suspend(pfc, 0)), -L4_ENOSYS,
               "system suspend -> -ENOSYS (no suspend to RAM here)");
    tap_is_int(kt_err(l4_platform_ctl_cpu_allow_shutdown(pfc, 0, 1)), -L4_ENOSYS,
               "cpu allow shutdown -> -ENOSYS");
    tap_is_int(kt_err(l4_platform_ctl_cpu_enable(pfc, 0)), -L4_ENOSYS, "cpu enable -> -ENOSYS");
    tap_is_int(kt_err(l4_platform_ctl_cpu_disable(pfc, 0)), -L4_ENOSYS,
               "cpu disable -> -ENOSYS");
    tap_is_int(kt_err(l4_platform_ctl_set_task_asid(pfc, L4_BASE_TASK_CAP, 7)), -L4_ENOSYS,
               "set task ASID -> -ENOSYS (the kernel assigns ASIDs)");
    tap_is_int(pfc_raw(pfc, 0x5, 0, 2), -L4_ENOSYS, "unknown opcode 5 -> -ENOSYS");
    tap_is_int(pfc_raw(pfc, 0x11, 0, 2), -L4_ENOSYS, "unknown opcode 0x11 -> -ENOSYS");
    tap_is_int(pfc_raw(pfc, ~0UL, 0, 2), -L4_ENOSYS, "opcode ~0 -> -ENOSYS");
}

static void test_bad_shutdown(void)
{
    l4_cap_idx_t pfc = L4_BASE_ICU_CAP;

    tap_is_int(kt_err(l4_platform_ctl_system_shutdown(pfc, 2)), -L4_EINVAL,
               "shutdown with argument 2 -> -EINVAL (only 0 and 1 exist)");
    tap_is_int(kt_err(l4_platform_ctl_system_shutdown(pfc, ~0UL)), -L4_EINVAL,
               "shutdown with argument ~0 -> -EINVAL");
    tap_is_int(pfc_raw(pfc, L4_PLATFORM_CTL_SYS_SHUTDOWN_OP, 0, 1), -L4_EINVAL,
               "shutdown without the argument word -> -EINVAL");
    tap_is_int(pfc_raw(pfc, 0, 0, 0), -L4_EMSGTOOSHORT, "empty message -> -EMSGTOOSHORT");
}

static void test_rights(void)
{
    tap_is_int(kt_cap_alias(L4_BASE_ICU_CAP, ICU_NOS, L4_CAP_FPAGE_RW), 0,
               "map the ICU to a second slot without S");
    tap_is_int(kt_err(l4_platform_ctl_system_shutdown(ICU_NOS, 1)), -L4_EPERM,
               "reboot through it -> -EPERM");
    tap_is_int(kt_err(l4_platform_ctl_system_suspend(ICU_NOS, 0)), -L4_EPERM,
               "suspend through it -> -EPERM (rights before opcode)");
}

int l4_main(l4_kernel_info_t *kip)
{
    char const *cmdline = l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK);
    unsigned long how = 0;
    int shutdown = l4util_cmdline_ulong(cmdline, "--shutdown", &how) == 1;
    char const *name = how ? "pfc-reboot" : "pfc-poweroff";
    char got[32];

    tap_start(PLAN);
    tap_is_int(kt_err(l4_debugger_set_object_name(L4_BASE_TASK_CAP, name)), 0,
               "name our task '%s'", name);
    tap_ok(l4_debugger_get_object_name(L4_BASE_TASK_CAP, got, sizeof(got)) == 0 &&
           got[0] == name[0] && got[4] == name[4], "read the name back ('%s')", got);
    test_unsupported();
    test_bad_shutdown();
    test_rights();
    tap_ok(1, "the system still runs after every refusal");
    tap_done();
    if (shutdown) {
        l4_platform_ctl_system_shutdown(L4_BASE_ICU_CAP, how);
        l4_kd_outstring("pfc: shutdown returned\n");
    }
    return 0;
}
