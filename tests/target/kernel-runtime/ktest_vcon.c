/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): console input through the kernel log
 * (L4_BASE_LOG_CAP, l4/sys/vcon.h), with the bytes the spec types on the
 * serial console. Semantics relied on (L4Re's vcon, Fiasco's Vlog):
 * - a read needs W on the log (-L4_EPERM without) and never waits: it returns
 *   what is there, at most the size asked for; L4_VCON_READ_STAT_DONE says that
 *   nothing is left, and l4_vcon_read() returns size + 1 while more is pending;
 * - the input flags act on reads (ICRNL: CR as NL, IGNCR: CR dropped);
 * - the log is an ICU with one line (0): an Irq bound to it (W on the Irq)
 *   is triggered when input arrives, also for input that came before the bind;
 *   other lines are -L4_EINVAL, and so is unbinding an Irq that is not bound.
 * Spec: tests/target/kernel-runtime/vcon.test.
 */
#include <l4/util/string.h>
#include <l4/crt0.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/vcon.h>
#include "kt.h"
#include "tap.h"

#define PLAN 23

#define LOG_RO KT_CAP(0x20) /* the kernel log without W */
#define IRQ_IN KT_CAP(0x21)
#define IRQ_RO KT_CAP(0x22) /* IRQ_IN without W */
#define LABEL_IN 0x3000UL

static long read_flags(l4_cap_idx_t log, char *buf, unsigned size)
{
    return l4_vcon_read_with_flags_u(log, buf, size, l4_utcb());
}

static void set_input_flags(l4_umword_t flags)
{
    l4_vcon_attr_t a = { 0, L4_VCON_ONLCR, 0 };

    l4_vcon_get_attr(L4_BASE_LOG_CAP, &a);
    a.i_flags = flags;
    l4_vcon_set_attr(L4_BASE_LOG_CAP, &a);
}

int l4_main(l4_kernel_info_t *kip)
{
    l4_umword_t label = 0;
    l4_msgtag_t tag;
    char buf[64];
    long r;

    (void)kip;
    tap_start(PLAN);
    tap_is_int(kt_cap_alias(L4_BASE_LOG_CAP, LOG_RO, L4_CAP_FPAGE_RO), 0,
               "an alias of the kernel log without W");
    tap_is_int(read_flags(LOG_RO, buf, 8), -L4_EPERM, "read without W: -L4_EPERM");
    r = read_flags(L4_BASE_LOG_CAP, buf, 8);
    tap_ok((unsigned long)r == L4_VCON_READ_STAT_DONE, "nothing typed yet: 0 bytes, DONE (0x%lx)",
           (unsigned long)r);
    {
        l4_icu_info_t info = { 0, 0, 0 };

        tap_ok(kt_err(l4_icu_info(L4_BASE_LOG_CAP, &info)) == 0 && info.nr_irqs == 1,
               "ICU info on the log: one input line");
    }
    tap_is_int(kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_IN)), 0, "create an Irq");
    tap_is_int(kt_err(l4_rcv_ep_bind_thread(IRQ_IN, L4_BASE_THREAD_CAP, LABEL_IN)), 0,
               "attach it to us");
    kt_cap_alias(IRQ_IN, IRQ_RO, L4_CAP_FPAGE_RO);
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_LOG_CAP, 1, IRQ_IN)), -L4_EINVAL,
               "bind to line 1: -L4_EINVAL");
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_LOG_CAP, 0, IRQ_RO)), -L4_EPERM,
               "bind an Irq without W: -L4_EPERM");
    tap_is_int(kt_err(l4_icu_unbind(L4_BASE_LOG_CAP, 0, IRQ_IN)), -L4_EINVAL,
               "unbind an Irq that is not bound: -L4_EINVAL");
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_LOG_CAP, 0, IRQ_IN)), 0, "bind the input Irq");

    tap_diag("type now");
    tag = l4_irq_wait(IRQ_IN, &label, kt_to_ms(10000));
    tap_ok(kt_ipc_err(tag) == 0 && label == LABEL_IN, "typing fires the input Irq (label 0x%lx)",
           label);
    kt_spin_us(20000); /* the rest of the line arrives (one byte a tick at least) */
    r = read_flags(L4_BASE_LOG_CAP, buf, 2);
    tap_ok(r == 2 && memcmp(buf, "ab", 2) == 0, "read 2: 'ab', not DONE (0x%lx)",
           (unsigned long)r);
    tap_is_int(l4_vcon_read(L4_BASE_LOG_CAP, buf, 1), 2,
               "l4_vcon_read of 1 while more is pending: size + 1");
    tap_ok(buf[0] == 'c', "... and it read 'c'");
    set_input_flags(L4_VCON_ICRNL);
    r = read_flags(L4_BASE_LOG_CAP, buf, sizeof(buf));
    tap_ok((unsigned long)r == (4 | L4_VCON_READ_STAT_DONE) && memcmp(buf, "def\n", 4) == 0,
           "read the rest: 'def' and CR as NL (ICRNL), DONE (0x%lx)", (unsigned long)r);
    r = read_flags(L4_BASE_LOG_CAP, buf, sizeof(buf));
    tap_ok((unsigned long)r == L4_VCON_READ_STAT_DONE, "then nothing: DONE (0x%lx)",
           (unsigned long)r);

    /* Bytes that came after the first trigger triggered it again: take that one too. */
    l4_irq_wait(IRQ_IN, &label, kt_to_ms(0));
    tap_is_int(kt_err(l4_icu_unbind(L4_BASE_LOG_CAP, 0, IRQ_IN)), 0, "unbind the input Irq");
    set_input_flags(L4_VCON_IGNCR);
    tap_diag("type again");
    tag = l4_irq_wait(IRQ_IN, &label, kt_to_ms(500));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT, "unbound: typing fires nothing");
    tap_is_int(kt_err(l4_icu_bind(L4_BASE_LOG_CAP, 0, IRQ_IN)), 0, "bind it again");
    tag = l4_irq_wait(IRQ_IN, &label, kt_to_ms(0));
    tap_ok(kt_ipc_err(tag) == 0, "input that came before the bind fires it at once");
    r = read_flags(L4_BASE_LOG_CAP, buf, sizeof(buf));
    tap_ok((unsigned long)r == (2 | L4_VCON_READ_STAT_DONE) && memcmp(buf, "xy", 2) == 0,
           "IGNCR drops the CR: 'xy' (0x%lx)", (unsigned long)r);
    set_input_flags(0);
    tap_is_int(kt_err(l4_task_delete_obj(L4_BASE_TASK_CAP, IRQ_IN)), 0,
               "delete the bound Irq");
    r = read_flags(L4_BASE_LOG_CAP, buf, sizeof(buf));
    tap_ok((unsigned long)r == L4_VCON_READ_STAT_DONE, "the log lets it go and reads on");
    return tap_done();
}
