/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): every flag and option value of the ICU's
 * headers is served or refused, never accepted and ignored (issue #14).
 * Semantics relied on (doc/kernel.md):
 * - l4_icu_set_mode(): level/active-high and rising-edge modes are set on a
 *   shared line (0); active-low levels, falling and both edges are refused
 *   with -L4_EINVAL (the GIC has neither); wake-up flags -L4_ENOSYS (no system
 *   suspend); trigger bits without L4_IRQ_F_SET_MODE and bits no mode has
 *   -L4_EINVAL; L4_IRQ_F_NONE changes nothing (0); the EL0 virtual timer line
 *   only takes level;
 * - MSIs: info reports none, msi_info answers -L4_ENOSYS, an MSI number
 *   (L4_ICU_FLAG_MSI) cannot be bound (-L4_EINVAL).
 * - the kernel log's Vcon attributes: output flags act on writes (ONLCR by
 *   default; OCRNL turns CR into NL: the spec sees two lines), a bit no flag
 *   has is refused with -L4_EINVAL and changes nothing.
 * - l4_thread_ex_regs(): flag bits it does not know are refused with
 *   -L4_EINVAL; the arm64 exception-level field takes KEEP and EL0, EL1
 *   (virtual machines) is refused with -L4_ENOSYS; nothing changes then
 *   (thread-control flags: ktest_alien.c).
 * The platform-control and debugger ops are walked by ktest_pfc.c and
 * ktest_kdebug.c. Spec: tests/target/kernel-runtime/flags.test.
 */
#include <l4/crt0.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include "kt.h"
#include "tap.h"

#define PLAN 29

#define LINE 40          /* a shared line no device of QEMU virt uses */
#define VTIMER_PPI 27
#define IRQ_OBJ KT_CAP(0x20)

static long mode(unsigned line, l4_umword_t m)
{
    return kt_err(l4_icu_set_mode(L4_BASE_ICU_CAP, line, m));
}

static void test_modes(void)
{
    static const struct {
        l4_umword_t mode;
        long want;
        char const *what;
    } cases[] = {
        { L4_IRQ_F_LEVEL_HIGH, 0, "level, active high" },
        { L4_IRQ_F_POS_EDGE, 0, "rising edge" },
        { L4_IRQ_F_LEVEL_LOW, -L4_EINVAL, "level, active low (the GIC has none)" },
        { L4_IRQ_F_NEG_EDGE, -L4_EINVAL, "falling edge (the GIC has none)" },
        { L4_IRQ_F_BOTH_EDGE, -L4_EINVAL, "both edges (the GIC has none)" },
        { L4_IRQ_F_SET_WAKEUP, -L4_ENOSYS, "set wakeup (no system suspend)" },
        { L4_IRQ_F_CLEAR_WAKEUP, -L4_ENOSYS, "clear wakeup" },
        { L4_IRQ_F_LEVEL_HIGH | L4_IRQ_F_SET_WAKEUP, -L4_ENOSYS, "level with wakeup" },
        { L4_IRQ_F_NONE, 0, "none (no change)" },
        { L4_IRQ_F_LEVEL, -L4_EINVAL, "level bit without SET_MODE" },
        { L4_IRQ_F_NEG, -L4_EINVAL, "negative bit without SET_MODE" },
        { 0x40, -L4_EINVAL, "a bit no mode has (0x40)" },
        { L4_IRQ_F_LEVEL_HIGH | 0x100, -L4_EINVAL, "level with bit 8" },
    };
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
        tap_is_int(mode(LINE, cases[i].mode), cases[i].want, "line %d, mode 0x%lx: %s", LINE,
                   cases[i].mode, cases[i].what);
    }
    tap_is_int(mode(LINE, L4_IRQ_F_LEVEL_HIGH), 0, "line %d back to level", LINE);
    tap_is_int(mode(VTIMER_PPI, L4_IRQ_F_LEVEL_HIGH), 0, "EL0 virtual timer: level");
    tap_is_int(mode(VTIMER_PPI, L4_IRQ_F_POS_EDGE), -L4_EINVAL,
               "EL0 virtual timer: edge -> -EINVAL (a level source)");
}

static void test_msi(void)
{
    l4_icu_info_t info = { 1, 0, 1 };
    l4_umword_t msi = L4_ICU_FLAG_MSI;
    l4_icu_msi_info_t mi;

    tap_ok(kt_err(l4_icu_info(L4_BASE_ICU_CAP, &info)) == 0 && info.nr_msis == 0 &&
           !(info.features & L4_ICU_FLAG_MSI), "the ICU reports no MSIs");
    tap_is_int(kt_err(l4_icu_msi_info(L4_BASE_ICU_CAP, msi, 0, &mi)), -L4_ENOSYS,
               "msi_info -> -ENOSYS");
    if (kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_OBJ)) == 0) {
        tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, (unsigned)msi, IRQ_OBJ)), -L4_EINVAL,
                   "binding MSI 0 -> -EINVAL");
    } else {
        tap_ok(0, "create an Irq to bind");
    }
}

static void test_vcon_attr(void)
{
    l4_vcon_attr_t a = { 0, 0, 0 }, b = { 0, 0, 0 };
    static char const text[] = "vcon-ocrnl-1\rvcon-ocrnl-2\n";

    tap_ok(kt_err(l4_vcon_get_attr(L4_BASE_LOG_CAP, &a)) == 0 && a.o_flags == L4_VCON_ONLCR &&
           a.i_flags == 0 && a.l_flags == 0, "kernel log attributes: ONLCR only (o 0x%lx)",
           a.o_flags);
    b = a;
    b.o_flags |= 0x1000;
    tap_is_int(kt_err(l4_vcon_set_attr(L4_BASE_LOG_CAP, &b)), -L4_EINVAL,
               "an output bit no flag has -> -EINVAL");
    b = a;
    b.l_flags = 0x1;
    tap_is_int(kt_err(l4_vcon_set_attr(L4_BASE_LOG_CAP, &b)), -L4_EINVAL,
               "a local bit no flag has -> -EINVAL");
    tap_ok(kt_err(l4_vcon_get_attr(L4_BASE_LOG_CAP, &b)) == 0 && b.o_flags == a.o_flags &&
           b.l_flags == a.l_flags, "and nothing changed");
    b = a;
    b.o_flags = L4_VCON_ONLCR | L4_VCON_OCRNL;
    b.l_flags = L4_VCON_ICANON | L4_VCON_ECHO;
    b.i_flags = L4_VCON_ICRNL;
    tap_is_int(kt_err(l4_vcon_set_attr(L4_BASE_LOG_CAP, &b)), 0, "set OCRNL (and input flags)");
    l4_vcon_write(L4_BASE_LOG_CAP, text, sizeof(text) - 1);
    tap_is_int(kt_err(l4_vcon_set_attr(L4_BASE_LOG_CAP, &a)), 0, "restore the attributes");
}

static kt_stack_t parked_stack;

static void test_ex_regs(void)
{
    l4_cap_idx_t th = KT_CAP(0x21);
    long r = kt_thread_start(th, 1, kt_park, &parked_stack, KT_PRIO, L4_INVALID_CAP);
    tap_ok(r == 0 && kt_err(l4_thread_ex_regs(th, ~0UL, ~0UL, 0x40000)) == -L4_EINVAL,
           "ex_regs with an unknown flag bit: -L4_EINVAL");
    tap_is_int(kt_err(l4_thread_ex_regs(th, ~0UL, ~0UL, L4_THREAD_EX_REGS_ARM64_SET_EL_EL1)),
               -L4_ENOSYS, "ex_regs to EL1 (virtual machines): -L4_ENOSYS");
    l4_addr_t ip = ~0UL, sp = ~0UL, flags = 0;
    tap_ok(kt_err(l4_thread_ex_regs_ret(th, &ip, &sp, &flags)) == 0 && ip != 0 &&
               sp > (l4_addr_t)parked_stack && sp <= kt_stack_top(&parked_stack),
           "the refused calls changed nothing: pc 0x%lx, sp on its stack", ip);
    tap_is_int(kt_err(l4_thread_ex_regs(th, ~0UL, ~0UL, L4_THREAD_EX_REGS_ARM64_SET_EL_EL0)), 0,
               "ex_regs keeping EL0: 0");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_modes();
    test_msi();
    test_vcon_attr();
    test_ex_regs();
    return tap_done();
}
