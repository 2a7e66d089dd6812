/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): the kernel ICU (L4_BASE_ICU_CAP) and
 * hardware interrupts. Semantics relied on (Fiasco.OC):
 * - l4_icu_info() returns features, nr_irqs (> 0) and nr_msis.
 * - l4_icu_bind(icu, n, irq) attaches an Irq object to interrupt line n
 *   (needs W on the Irq: -L4_EPERM without). Lines n >= nr_irqs, and a line
 *   that already has another Irq, are refused with a negative error (Fiasco
 *   answers -L4_EINVAL for both; we assert only "negative" and print it).
 *   Binding an Irq detaches it from the line it had before.
 * - l4_icu_unbind() frees the line (0); afterwards another Irq may bind it.
 * - l4_icu_unmask()/l4_icu_mask() and l4_irq_unmask() are sends without a
 *   reply: the returned tag has no IPC error.
 * A hardware source a root task can raise by itself: the EL0 virtual timer
 * (PPI 27, level triggered), usable only if the kernel sets
 * CNTKCTL_EL1.EL0VTEN (bit 8) and its ICU offers that CPU-private line. A
 * probe thread tries to read CNTV_CTL_EL0; if that traps, or the bind is
 * refused, the hardware points are skipped. Otherwise the timer IRQ must be
 * delivered, stay masked until unmasked, and stop after the source is
 * cleared. Spec: tests/target/kernel-runtime/icu.test.
 */
#include <stddef.h>
#include <l4/crt0.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/rcv_endpoint.h>
#include "kt.h"
#include "tap.h"

#define PLAN 38

#define IRQ_A   KT_CAP(0x20)
#define IRQ_B   KT_CAP(0x21)
#define IRQ_NOW KT_CAP(0x22) /* alias of IRQ_B without W */
#define PROBE   KT_CAP(0x23) /* thread probing EL0 timer access */
#define ICU_NOS KT_CAP(0x24) /* the ICU capability without S */

#define VTIMER_PPI 27
#define KERNEL_TIMER_PPI 30
#define PROBE_OK   0x51 /* tag label of the probe's success report */
#define LABEL_HW   0x2000UL

static kt_stack_t probe_stack;

/* Read CNTV_CTL_EL0; traps at EL0 unless the kernel allows it. */
static void probe_thread(void)
{
    unsigned long v;

    __asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(v));
    (void)v;
    l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(PROBE_OK, 0, 0, 0), kt_to_ms(1000));
    kt_park();
}

static void vtimer_set(unsigned long ctl, unsigned long tval)
{
    __asm__ volatile("msr cntv_tval_el0, %0\n"
                     "msr cntv_ctl_el0, %1\n"
                     "isb" ::"r"(tval), "r"(ctl) : "memory");
}

/* Is the EL0 virtual timer usable? Any exception (IPC or kill) means no. */
static int vtimer_usable(void)
{
    l4_msgtag_t tag;

    if (kt_thread_start(PROBE, 1, probe_thread, &probe_stack, KT_PRIO, L4_BASE_THREAD_CAP) < 0) {
        return 0;
    }
    tag = l4_ipc_receive(PROBE, l4_utcb(), kt_to_ms(200));
    if (kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == PROBE_OK) {
        return 1;
    }
    /* An exception IPC or nothing: leave the probe blocked, then remove it. */
    l4_task_delete_obj(L4_BASE_TASK_CAP, PROBE);
    return 0;
}

static void test_hw_vtimer(unsigned nr_irqs)
{
    l4_msgtag_t tag;
    l4_umword_t label = 0;
    long r;
    int i;

    if (nr_irqs <= VTIMER_PPI || !vtimer_usable()) {
        for (i = 0; i < 5; ++i) {
            tap_skip("no EL0 access to the virtual timer (CNTKCTL_EL1.EL0VTEN clear)");
        }
        return;
    }
    tap_ok(1, "EL0 may program the virtual timer (PPI %d)", VTIMER_PPI);
    r = kt_err(l4_icu_bind(L4_BASE_ICU_CAP, VTIMER_PPI, IRQ_A));
    if (r < 0) {
        /* The ICU may keep CPU-private lines (PPIs) to the kernel. */
        for (i = 0; i < 4; ++i) {
            tap_skip("the ICU does not offer PPI %d (%ld)", VTIMER_PPI, r);
        }
        return;
    }
    tap_ok(1, "bind irq to the virtual timer PPI");
    l4_rcv_ep_bind_thread(IRQ_A, L4_BASE_THREAD_CAP, LABEL_HW);
    vtimer_set(1, 62500 / 100); /* enabled, unmasked, ~10 ms at 62.5 MHz */
    l4_icu_unmask(L4_BASE_ICU_CAP, VTIMER_PPI, NULL, kt_to_ms(100));
    tag = l4_irq_wait(IRQ_A, &label, kt_to_ms(1000));
    tap_ok(kt_ipc_err(tag) == 0 && label == LABEL_HW,
           "virtual timer interrupt delivered (label 0x%lx)", label);
    /* Still asserted, but masked by the kernel until we unmask. */
    tag = l4_ipc_receive(IRQ_A, l4_utcb(), kt_to_ms(30));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT,
               "level IRQ stays masked until unmasked");
    vtimer_set(0, 0); /* source cleared */
    tag = l4_irq_wait(IRQ_A, &label, kt_to_ms(30));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT,
               "after clearing the source and unmasking nothing more arrives");
    l4_icu_unbind(L4_BASE_ICU_CAP, VTIMER_PPI, IRQ_A);
}

/* The kernel's own lines are not the ICU's to give away or mask. */
static void test_kernel_lines(void)
{
    static const unsigned lines[] = { 0, KERNEL_TIMER_PPI, 31 };
    l4_msgtag_t tag;
    long mask_r, unmask_r;

    for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); ++i) {
        long r = kt_err(l4_icu_bind(L4_BASE_ICU_CAP, lines[i], IRQ_B));
        if (r == 0) {
            l4_icu_unbind(L4_BASE_ICU_CAP, lines[i], IRQ_B);
        }
        tap_is_int(r, -L4_EINVAL, "bind to the kernel's line %u: -EINVAL", lines[i]);
    }
    mask_r = kt_err(l4_icu_mask(L4_BASE_ICU_CAP, KERNEL_TIMER_PPI, NULL, kt_to_ms(100)));
    /* Should the mask have been taken, this unmask gives the tick back at once. */
    unmask_r = kt_err(l4_icu_unmask(L4_BASE_ICU_CAP, KERNEL_TIMER_PPI, NULL, kt_to_ms(100)));
    tap_is_int(mask_r, -L4_EINVAL, "mask the kernel timer line (PPI %d): -EINVAL",
               KERNEL_TIMER_PPI);
    tap_is_int(unmask_r, -L4_EINVAL, "unmask the kernel timer line: -EINVAL");
    tap_is_int(kt_err(l4_icu_mask(L4_BASE_ICU_CAP, 0, NULL, kt_to_ms(100))), -L4_EINVAL,
               "mask line 0 (an SGI): -EINVAL");
    tap_is_int(kt_err(l4_icu_set_mode(L4_BASE_ICU_CAP, KERNEL_TIMER_PPI, L4_IRQ_F_LEVEL_HIGH)),
               -L4_EINVAL, "set the mode of the kernel timer line: -EINVAL");
    tag = l4_ipc_receive(IRQ_A, l4_utcb(), kt_to_ms(20));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT, "the tick still runs: timeouts fire");
}

/* Only the Irq bound to a line can unbind it. */
static void test_unbind_other(unsigned line)
{
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_A)), 0, "bind irq A to line %u",
               line);
    tap_is_int(kt_err(l4_icu_unbind(L4_BASE_ICU_CAP, line, IRQ_B)), -L4_EINVAL,
               "unbind the line through irq B, which is not bound to it: -EINVAL");
    tap_ok(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_B)) < 0,
           "the line still belongs to irq A (irq B cannot bind it)");
    tap_is_int(kt_err(l4_icu_unbind(L4_BASE_ICU_CAP, line, IRQ_A)), 0,
               "irq A unbinds it itself");
}

/* An Irq serves one line at a time: a second bind elsewhere is refused. */
static void test_one_line_per_irq(unsigned line)
{
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_A)), 0, "bind irq A to line %u",
               line);
    tap_ok(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line - 1, IRQ_A)) < 0,
           "bind the same irq A to line %u too: refused", line - 1);
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line - 1, IRQ_B)), 0,
               "line %u stayed free (irq B binds it)", line - 1);
    l4_icu_unbind(L4_BASE_ICU_CAP, line - 1, IRQ_B);
    l4_icu_unbind(L4_BASE_ICU_CAP, line, IRQ_A);
}

/* Shutting the machine down needs S on the ICU (platform control) capability. */
static void test_shutdown_rights(void)
{
    tap_is_int(kt_cap_alias(L4_BASE_ICU_CAP, ICU_NOS, L4_CAP_FPAGE_RW), 0,
               "copy the ICU capability without S");
    /* Were the call taken, QEMU would stop here and the TAP block stay unfinished. */
    tap_is_int(kt_err(l4_platform_ctl_system_shutdown(ICU_NOS, 0)), -L4_EPERM,
               "system shutdown through it: -EPERM");
}

int l4_main(l4_kernel_info_t *kip)
{
    l4_icu_info_t info = { 0, 0, 0 };
    unsigned line;
    long r;

    (void)kip;
    tap_start(PLAN);

    tap_is_int(kt_err(l4_icu_info(L4_BASE_ICU_CAP, &info)), 0, "icu info");
    tap_ok(info.nr_irqs > 0, "icu has %u irq lines (features 0x%x, %u MSIs)", info.nr_irqs,
           info.features, info.nr_msis);
    /* A line with no device on QEMU virt: SPI 16 (INTID 48), a virtio-mmio slot
     * without a device, or the last line if there are fewer. */
    line = info.nr_irqs > 48 ? 48 : (info.nr_irqs ? info.nr_irqs - 1 : 0);

    r = kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_A));
    if (r == 0) {
        r = kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_B));
    }
    tap_is_int(r, 0, "create two irq objects");
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_A)), 0, "bind irq A to line %u",
               line);
    tap_is_int((long long)kt_ipc_err(l4_icu_unmask(L4_BASE_ICU_CAP, line, NULL, kt_to_ms(100))),
               0, "icu unmask line %u (send, no reply)", line);
    tap_is_int((long long)kt_ipc_err(l4_icu_mask(L4_BASE_ICU_CAP, line, NULL, kt_to_ms(100))),
               0, "icu mask line %u", line);
    tap_is_int((long long)kt_ipc_err(l4_irq_unmask(IRQ_A)), 0, "l4_irq_unmask on the bound irq");

    r = kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_B));
    tap_ok(r < 0, "bind a second irq to the same line -> error (%ld)", r);
    r = kt_err(l4_icu_bind(L4_BASE_ICU_CAP, info.nr_irqs, IRQ_B));
    tap_ok(r < 0, "bind to line nr_irqs (%u, out of range) -> error (%ld)", info.nr_irqs, r);
    r = kt_err(l4_icu_bind(L4_BASE_ICU_CAP, 0x7fffffffU, IRQ_B));
    tap_ok(r < 0, "bind to line 0x7fffffff -> error (%ld)", r);

    tap_is_int(kt_err(l4_icu_unbind(L4_BASE_ICU_CAP, line, IRQ_A)), 0, "unbind irq A");
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_B)), 0,
               "after unbind the line takes irq B");
    tap_is_int(kt_err(l4_icu_unbind(L4_BASE_ICU_CAP, line, IRQ_B)), 0, "unbind irq B");

    tap_is_int(kt_cap_alias(IRQ_B, IRQ_NOW, L4_CAP_FPAGE_RS), 0,
               "map irq B to a second slot without W");
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_NOW)), -L4_EPERM,
               "icu bind through an irq capability without W -> -EPERM");
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_ICU_CAP, line, IRQ_B)), 0,
               "the line is still free after the refused bind");
    l4_icu_unbind(L4_BASE_ICU_CAP, line, IRQ_B);

    test_kernel_lines();
    test_unbind_other(line);
    test_one_line_per_irq(line);
    test_shutdown_rights();
    test_hw_vtimer(info.nr_irqs);
    return tap_done();
}
