/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): exception IPC. Helper threads of the root
 * task execute UDF / BRK with our main thread (or an IPC gate bound to it)
 * as exception handler. Semantics relied on (Fiasco.OC, arm64):
 * - An exception becomes a call to the handler selector (looked up in the
 *   thread's task): tag label L4_PROTO_EXCEPTION, 40 words = l4_exc_regs_t
 *   (x0..x30, err = ESR, pfa = FAR, sp, pc, pstate, TLS registers).
 *   UDF: EC 0x00, pc = the instruction. BRK #imm: EC 0x3c, ISS = imm,
 *   pc = the instruction (not advanced).
 * - The reply is copied back into the thread's registers only if it has all
 *   40 words; a shorter reply resumes the thread unchanged (so UDF traps
 *   again). A full reply with pc + 4 and a new x0 resumes after the insn.
 * - Via an IPC gate the handler sees the gate label (with the W/S rights
 *   bits of the capability in bits 0..1, so we mask them).
 * - Without a handler no IPC is sent and the thread does not continue.
 * - l4_thread_ex_regs(CANCEL | TRIGGER_EXCEPTION) on a thread sleeping in
 *   IPC aborts the IPC (L4_IPC_RECANCELED) and raises an exception with
 *   EC 0x3e; a full unchanged reply resumes the thread after its IPC.
 * Spec: tests/target/kernel-runtime/exc.test.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include "kt.h"
#include "tap.h"

#define PLAN 25

#define TH_E  KT_CAP(0x20) /* handler: our thread */
#define TH_G  KT_CAP(0x21) /* handler: GATE */
#define TH_N  KT_CAP(0x22) /* no handler */
#define TH_X  KT_CAP(0x23) /* ex_regs trigger */
#define GATE  KT_CAP(0x24)

#define GATE_LABEL 0x5550UL
#define REPORT     0x77
#define EC_UNKNOWN 0x00
#define EC_BRK     0x3c
#define EC_EX_REGS 0x3e
#define BRK_IMM    0x42

/* x0 in, x0 out: the handler changes x0 and moves pc past the instruction. */
unsigned long kt_udf(unsigned long x0);
unsigned long kt_brk(unsigned long x0);
__asm__(".text\n"
        ".global kt_udf\n.type kt_udf, %function\n"
        "kt_udf:\n    udf #0\n    ret\n.size kt_udf, . - kt_udf\n"
        ".global kt_brk\n.type kt_brk, %function\n"
        "kt_brk:\n    brk #0x42\n    ret\n.size kt_brk, . - kt_brk\n");

static kt_stack_t stacks[4];
static volatile unsigned long n_survived, x_done, x_err, x_tag;

static void report2(unsigned long a, unsigned long b)
{
    l4_utcb_mr()->mr[0] = a;
    l4_utcb_mr()->mr[1] = b;
    l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(REPORT, 2, 0, 0), kt_to_ms(2000));
}

static void e_thread(void)
{
    unsigned long r1 = kt_udf(0x1111);
    unsigned long r2 = kt_brk(0x3333);

    report2(r1, r2);
    kt_park();
}

static void g_thread(void)
{
    report2(kt_udf(7), 0);
    kt_park();
}

static void n_thread(void)
{
    kt_udf(0);
    n_survived = 1;
    kt_park();
}

static void x_thread(void)
{
    l4_msgtag_t tag = l4_ipc_sleep(kt_to_ms(5000));

    x_tag = (unsigned long)tag.raw;
    x_err = l4_ipc_error(tag, l4_utcb());
    x_done = 1;
    kt_park();
}

/* Wait for an exception message; returns its register block or NULL. */
static l4_exc_regs_t *wait_exception(l4_umword_t *label, unsigned ms)
{
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), label, kt_to_ms(ms));

    if (kt_ipc_err(tag) != 0 || l4_msgtag_label(tag) != L4_PROTO_EXCEPTION) {
        tap_diag("expected an exception: tag 0x%lx, ipc error %lu", (unsigned long)tag.raw,
                 kt_ipc_err(tag));
        return 0;
    }
    return l4_utcb_exc();
}

static void skip_n(unsigned n, char const *why)
{
    while (n--) {
        tap_skip("%s", why);
    }
}

static void reply_exc(unsigned words)
{
    l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, words, 0, 0), L4_IPC_SEND_TIMEOUT_0);
}

static void test_thread_handler(void)
{
    l4_exc_regs_t *e;
    l4_umword_t label;
    l4_msgtag_t tag;
    int have;
    long r;

    r = kt_thread_start(TH_E, 1, e_thread, &stacks[0], KT_PRIO, L4_BASE_THREAD_CAP);
    tap_is_int(r, 0, "start a thread with us as exception handler");
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(1000));
    e = l4_utcb_exc();
    have = kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == L4_PROTO_EXCEPTION;
    tap_ok(have, "udf: exception message (tag 0x%lx)", (unsigned long)tag.raw);
    tap_is_int(l4_msgtag_words(tag), L4_UTCB_EXCEPTION_REGS_SIZE, "udf: 40 words");
    tap_is_int(have ? (long long)l4_utcb_exc_typeval(e) : -1, EC_UNKNOWN, "udf: EC 0x00");
    tap_is_int(have ? (long long)e->pc : -1, (long long)(l4_addr_t)kt_udf,
               "udf: pc is the instruction");
    tap_is_int(have ? (long long)e->r[0] : -1, 0x1111, "udf: x0 of the thread is delivered");
    tap_ok(have && e->sp > (l4_addr_t)stacks[0] && e->sp <= kt_stack_top(&stacks[0]),
           "udf: sp is on the thread's stack (0x%lx)", have ? e->sp : 0UL);
    if (!have) {
        skip_n(7, "no exception IPC");
        return;
    }

    reply_exc(0); /* too short: registers stay, the thread traps again */
    e = wait_exception(&label, 1000);
    tap_ok(e && e->pc == (l4_addr_t)kt_udf && e->r[0] == 0x1111,
           "a short reply changes nothing: the same exception again");
    if (!e) {
        skip_n(6, "no second exception IPC");
        return;
    }
    e->pc += 4;
    e->r[0] = 0x2222;
    reply_exc(L4_UTCB_EXCEPTION_REGS_SIZE);

    e = wait_exception(&label, 1000);
    tap_is_int(e ? (long long)l4_utcb_exc_typeval(e) : -1, EC_BRK, "brk: EC 0x3c");
    tap_is_int(e ? (long long)(e->err & 0xffff) : -1, BRK_IMM, "brk: ISS holds the immediate");
    tap_is_int(e ? (long long)e->pc : -1, (long long)(l4_addr_t)kt_brk,
               "brk: pc is the instruction");
    tap_is_int(e ? (long long)e->r[0] : -1, 0x3333, "brk: x0 delivered");
    if (!e) {
        skip_n(2, "no brk exception IPC");
        return;
    }
    e->pc += 4;
    e->r[0] = 0x4444;
    reply_exc(L4_UTCB_EXCEPTION_REGS_SIZE);

    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(1000));
    have = kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == REPORT;
    tap_is_int(have ? (long long)l4_utcb_mr()->mr[0] : -1, 0x2222,
               "the thread resumed after udf with the handler's x0");
    tap_is_int(have ? (long long)l4_utcb_mr()->mr[1] : -1, 0x4444,
               "the thread resumed after brk with the handler's x0");
}

static void test_gate_handler(void)
{
    l4_exc_regs_t *e;
    l4_umword_t label = 0;
    l4_msgtag_t tag;
    long r;

    r = kt_err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, GATE, L4_BASE_THREAD_CAP,
                                      GATE_LABEL));
    tap_is_int(r, 0, "create a gate bound to us (label 0x%lx)", GATE_LABEL);
    r = kt_thread_start(TH_G, 2, g_thread, &stacks[1], KT_PRIO, GATE);
    tap_is_int(r, 0, "start a thread with the gate as exception handler");
    e = wait_exception(&label, 1000);
    tap_ok(e && (label & ~3UL) == GATE_LABEL, "exception through the gate carries its label "
           "(0x%lx)", label);
    if (e) {
        e->pc += 4;
        e->r[0] = 8;
        reply_exc(L4_UTCB_EXCEPTION_REGS_SIZE);
    }
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(1000));
    tap_ok(kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == REPORT && l4_utcb_mr()->mr[0] == 8,
           "the thread resumed with the gate handler's x0");
}

static void test_no_handler(void)
{
    l4_umword_t label;
    l4_msgtag_t tag;
    long r;

    r = kt_thread_start(TH_N, 3, n_thread, &stacks[2], KT_PRIO, L4_INVALID_CAP);
    tap_is_int(r, 0, "start a thread without exception handler");
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(50));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT, "its udf sends us nothing");
    tap_ok(!n_survived, "and it does not continue");
}

static void test_ex_regs_trigger(void)
{
    l4_exc_regs_t *e;
    l4_umword_t label;
    long r;

    r = kt_thread_start(TH_X, 4, x_thread, &stacks[3], KT_PRIO, L4_BASE_THREAD_CAP);
    tap_is_int(r, 0, "start a thread that sleeps in IPC");
    l4_ipc_sleep_ms(10);
    r = kt_err(l4_thread_ex_regs(TH_X, ~0UL, ~0UL,
                                 L4_THREAD_EX_REGS_CANCEL | L4_THREAD_EX_REGS_TRIGGER_EXCEPTION));
    tap_is_int(r, 0, "ex_regs with CANCEL | TRIGGER_EXCEPTION");
    e = wait_exception(&label, 1000);
    tap_is_int(e ? (long long)l4_utcb_exc_typeval(e) : -1, EC_EX_REGS,
               "the thread raises an exception with EC 0x3e");
    if (e) {
        reply_exc(L4_UTCB_EXCEPTION_REGS_SIZE);
    }
    l4_ipc_sleep_ms(10);
    tap_ok(x_done && x_err == L4_IPC_RECANCELED,
           "it resumes with its IPC canceled (done %lu, tag 0x%lx, error %lu)", x_done, x_tag,
           x_err);
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_thread_handler();
    test_gate_handler();
    test_no_handler();
    test_ex_regs_trigger();
    return tap_done();
}
