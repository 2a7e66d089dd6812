/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): alien threads (L4_THREAD_CONTROL_ALIEN).
 * Semantics (Fiasco.OC, arm64):
 * - Every system call of an alien thread is first reported to its
 *   exception handler as an exception IPC (ESR EC 0x15, bit 6 clear) with
 *   pc on the svc instruction, and not run; when the handler answers, the
 *   thread executes the svc again and this time the call runs; on its way
 *   back to user mode it is reported again, with ESR bit 6 set and pc
 *   behind the svc, the call's result in x0.
 * - A full answer (40 words) replaces the registers, before the call (so
 *   the handler can change its arguments) as after it.
 * - Switching alien off ends the reports; an alien thread without an
 *   exception handler is stopped at its first system call.
 * - Thread control refuses flags it does not implement: UX_NATIVE with
 *   -L4_ENOSYS, unknown bits with -L4_EINVAL, and changes nothing then.
 * Spec: tests/target/kernel-runtime/alien.test.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/thread.h>
#include "kt.h"
#include "tap.h"

#define PLAN 19

#define TH_A     KT_CAP(0x20) /* the alien thread, we are its exception handler */
#define TH_C     KT_CAP(0x21) /* counts the Irq's messages */
#define TH_B     KT_CAP(0x22) /* alien without an exception handler */
#define IRQ_C    KT_CAP(0x23)
#define EC_SVC   0x15
#define AFTER    0x40
#define SVC_INSN 0xd4000001U /* svc #0 */

static kt_stack_t stacks[3];
static volatile unsigned long counted, a_done, b_done;
static volatile long a_err[3];

static void counter_thread(void)
{
    for (;;) {
        if (!l4_msgtag_has_error(l4_irq_receive(IRQ_C, L4_IPC_NEVER))) {
            ++counted;
        }
    }
}

static void a_thread(void)
{
    for (int i = 0; i < 3; i++) {
        a_err[i] = l4_error(l4_irq_trigger(IRQ_C));
    }
    a_done = 1;
    kt_park();
}

static void b_thread(void)
{
    l4_irq_trigger(IRQ_C);
    b_done = 1;
    kt_park();
}

static l4_exc_regs_t *wait_exception(void)
{
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(1000));
    if (kt_ipc_err(tag) != 0 || l4_msgtag_label(tag) != L4_PROTO_EXCEPTION) {
        tap_diag("expected an exception: tag 0x%lx, ipc error %lu", (unsigned long)tag.raw,
                 kt_ipc_err(tag));
        return 0;
    }
    return l4_utcb_exc();
}

static void answer(unsigned words)
{
    l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, words, 0, 0), L4_IPC_SEND_TIMEOUT_0);
}

static long set_alien(l4_cap_idx_t thread, int on)
{
    l4_thread_control_start();
    l4_thread_control_alien(on);
    return kt_err(l4_thread_control_commit(thread));
}

static void test_reports(void)
{
    l4_exc_regs_t *e;
    l4_umword_t svc_pc;

    tap_ok(kt_thread_create(L4_BASE_FACTORY_CAP, TH_A, L4_BASE_TASK_CAP, kt_utcb_slot(2),
                            L4_INVALID_CAP, L4_BASE_THREAD_CAP) == 0 &&
               set_alien(TH_A, 1) == 0 &&
               kt_thread_go(TH_A, a_thread, kt_stack_top(&stacks[1]), KT_PRIO) == 0,
           "an alien thread with us as its exception handler");

    e = wait_exception();
    tap_ok(e && (e->err >> 26) == EC_SVC && !(e->err & AFTER),
           "before the call: an exception with EC 0x15, bit 6 clear (err 0x%lx)",
           e ? (unsigned long)e->err : 0UL);
    svc_pc = e ? e->pc : 0;
    tap_ok(e && *(volatile unsigned *)e->pc == SVC_INSN && e->r[2] >> L4_CAP_SHIFT == IRQ_C >> L4_CAP_SHIFT,
           "... pc on the svc, the call's arguments in the registers");
    tap_is_int(counted, 0, "... and the call has not run");
    answer(0);

    e = wait_exception();
    tap_ok(e && (e->err >> 26) == EC_SVC && (e->err & AFTER) && e->pc == svc_pc + 4,
           "after the call: EC 0x15 with bit 6 set, pc behind the svc (err 0x%lx)",
           e ? (unsigned long)e->err : 0UL);
    tap_ok(e && counted == 1 && e->r[0] == 0,
           "... the call ran once, its result in x0 (counted %lu)", counted);
    answer(0);

    /* Before the second call the handler points its selector at an empty slot. */
    e = wait_exception();
    tap_ok(e && !(e->err & AFTER), "the second call reported before it runs");
    if (e) {
        e->r[2] = (e->r[2] & ((1UL << L4_CAP_SHIFT) - 1)) | (0xfeUL << L4_CAP_SHIFT);
        answer(L4_UTCB_EXCEPTION_REGS_SIZE);
    }
    e = wait_exception();
    tap_ok(e && (e->err & AFTER) && counted == 1,
           "... it ran with the changed selector: nothing triggered (counted %lu)", counted);
    tap_ok(set_alien(TH_A, 0) == 0, "alien switched off while the report waits for us");
    answer(0);

    l4_ipc_sleep(kt_to_ms(10));
    tap_ok(a_done && counted == 2, "the third call runs unreported (counted %lu)", counted);
    tap_ok(a_err[0] == 0 && a_err[1] == -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT) && a_err[2] == 0,
           "the thread saw the results: %ld, %ld, %ld", a_err[0], a_err[1], a_err[2]);
    l4_umword_t label;
    tap_is_int(kt_ipc_err(l4_ipc_wait(l4_utcb(), &label, kt_to_ms(20))), L4_IPC_RETIMEOUT,
               "no further report");
}

static void test_errors(void)
{
    tap_ok(kt_thread_create(L4_BASE_FACTORY_CAP, TH_B, L4_BASE_TASK_CAP, kt_utcb_slot(3),
                            L4_INVALID_CAP, L4_INVALID_CAP) == 0 &&
               set_alien(TH_B, 1) == 0 &&
               kt_thread_go(TH_B, b_thread, kt_stack_top(&stacks[2]), KT_PRIO) == 0,
           "an alien thread without an exception handler");
    l4_ipc_sleep(kt_to_ms(10));
    tap_ok(!b_done, "it is stopped at its first system call");

    l4_msg_regs_t *m = l4_utcb_mr();
    l4_thread_control_start();
    m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_UX_NATIVE;
    tap_is_int(kt_err(l4_thread_control_commit(TH_A)), -L4_ENOSYS,
               "thread control with UX_NATIVE: -L4_ENOSYS");
    l4_thread_control_start();
    m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= 0x2000000;
    tap_is_int(kt_err(l4_thread_control_commit(TH_A)), -L4_EINVAL,
               "thread control with an unknown flag: -L4_EINVAL");
    l4_thread_control_start();
    l4_thread_control_exc_handler(TH_B);
    m->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= 0x2000000;
    tap_is_int(kt_err(l4_thread_control_commit(TH_A)), -L4_EINVAL,
               "a valid change beside an unknown flag is refused too");
    l4_thread_control_start();
    l4_thread_control_exc_handler(L4_BASE_THREAD_CAP);
    l4_msgtag_t tag = l4_thread_control_commit(TH_A);
    tap_ok(kt_err(tag) == 0 && m->mr[2] == L4_BASE_THREAD_CAP,
           "... and changed nothing: the old exception handler is still ours (0x%lx)",
           (unsigned long)m->mr[2]);
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    tap_ok(kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_C)) == 0 &&
               kt_thread_start(TH_C, 1, counter_thread, &stacks[0], KT_PRIO + 1,
                               L4_INVALID_CAP) == 0 &&
               kt_err(l4_rcv_ep_bind_thread(IRQ_C, TH_C, 0x10)) == 0,
           "a counting thread bound to an Irq");
    test_reports();
    test_errors();
    return tap_done();
}
