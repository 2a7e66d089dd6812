/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): the IPC flags of L4Re's headers have their
 * effect (issue #14: nothing accepted and ignored). Semantics relied on
 * (doc/kernel.md, "Message-tag flags"; Fiasco's where it has them):
 * - L4_MSGTAG_TRANSFER_FPU: the receiver's FP registers (d8, FPCR here) become
 *   the sender's if its BDR has L4_UTCB_INHERIT_FPU and the sender's
 *   capability has S; without either they stay. The flag reaches the
 *   receiver in the tag; the sender keeps its own registers. Exception IPC
 *   carries the flag: a handler that inherits gets the faulting thread's FP
 *   registers, and its answer with the flag gives it its own.
 * - L4_MSGTAG_SCHEDULE: no time-slice donation. A call without it runs the
 *   receiver at once (before a ready thread of the same priority); with it
 *   the receiver queues behind that thread.
 * - L4_MSGTAG_PROPAGATE: a server passes the reply capability of its caller
 *   on with a send; the next server's reply reaches the caller, and the first
 *   server holds none any more. Without a reply capability, or in a call,
 *   the send fails with L4_IPC_ENOT_EXISTENT.
 * - L4_RCV_ITEM_FORWARD_MAPPINGS: a capability received in a buffer with the
 *   flag lands in the task its last word names (W needed), not in ours, for
 *   the one-word and the two-word buffer; a word that names no task, or one
 *   without W, fails the IPC with a map error.
 * - l4_task_unmap()/l4_task_unmap_batch(): a mask other than OTHER_SPACES,
 *   ALL_SPACES and DELETE_OBJ is refused with -L4_EINVAL, nothing unmapped.
 * All threads run on the boot CPU (the default affinity) at KT_PRIO.
 * Spec: tests/target/kernel-runtime/ipcflags.test.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include "kt.h"
#include "tap.h"

#define PLAN 30

#define TH_R      KT_CAP(0x20) /* FPU receiver */
#define R_NO_S    KT_CAP(0x21) /* TH_R without S */
#define TH_X      KT_CAP(0x22) /* faults with us as exception handler */
#define TH_B      KT_CAP(0x23) /* SCHEDULE: the server */
#define TH_C      KT_CAP(0x24) /* SCHEDULE: the ready bystander */
#define TH_F      KT_CAP(0x25) /* PROPAGATE: the forwarding server */
#define TH_S      KT_CAP(0x26) /* PROPAGATE: the answering server */
#define TH_W      KT_CAP(0x27) /* FORWARD: the receiver */
#define CHILD     KT_CAP(0x28) /* FORWARD: the task that gets the mappings */
#define CHILD_RO  KT_CAP(0x29) /* CHILD without W */
#define SENT      KT_CAP(0x2a) /* FORWARD: what is sent (an Irq) */
#define SLOT_1    KT_CAP(0x30) /* FORWARD: receive slots */
#define SLOT_2    KT_CAP(0x31)
#define SLOT_3    KT_CAP(0x32)
#define VICTIM    KT_CAP(0x33) /* unmap: an alias of SENT */
#define VICTIM_2  KT_CAP(0x34)

/* FPCR rounding modes, a state no compiler-generated code touches (-mgeneral-regs-only). */
#define FPCR_RP 0x00400000UL /* toward plus infinity */
#define FPCR_RM 0x00800000UL /* toward minus infinity */
#define FPCR_RZ 0x00c00000UL /* toward zero */

#define FP_SET(d8, fpcr)                                                                      \
    __asm__ volatile(".arch_extension fp\n fmov d8, %0\n msr fpcr, %1" ::"r"(d8), "r"(fpcr) \
                     : "memory")
#define FP_GET(d8, fpcr)                                                                      \
    __asm__ volatile(".arch_extension fp\n fmov %0, d8\n mrs %1, fpcr"                      \
                     : "=r"(d8), "=r"(fpcr)::"memory")

static kt_stack_t stacks[7];

#define R_SLOT 1 /* UTCB slots of the threads whose buffer registers we set */
#define W_SLOT 7

static unsigned long reply(l4_msgtag_t tag)
{
    return kt_ipc_err(l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), tag, L4_IPC_SEND_TIMEOUT_0));
}

/* The buffer registers of our thread in UTCB slot \a slot (it waits: we set them). */
static l4_buf_regs_t *bufs_of(unsigned slot)
{
    return l4_utcb_br_u((l4_utcb_t *)kt_utcb_slot(slot));
}

/* ---- L4_MSGTAG_TRANSFER_FPU ---- */

#define R_OWN_D8 0x1111UL
static volatile unsigned long r_d8, r_fpcr, r_flags;

/* Sets its own FP registers, receives, records them, answers. */
static void fpu_receiver(void)
{
    for (;;) {
        l4_umword_t label;
        unsigned long d8, fpcr;
        FP_SET(R_OWN_D8, FPCR_RM);
        l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
        FP_GET(d8, fpcr);
        r_d8 = d8;
        r_fpcr = fpcr;
        r_flags = l4_msgtag_flags(tag);
        reply(l4_msgtag(0, 0, 0, 0));
    }
}

/* Call TH_R (through \a cap) with our d8 = \a d8 and FPCR_RZ; 0 or the IPC error. */
static unsigned long fpu_call(l4_cap_idx_t cap, int inherit, unsigned flags, unsigned long d8)
{
    l4_utcb_inherit_fpu_u((l4_utcb_t *)kt_utcb_slot(R_SLOT), inherit);
    r_d8 = r_fpcr = r_flags = 0;
    FP_SET(d8, FPCR_RZ);
    /* No receive timeout: the call may take the fast path (which must leave these flags). */
    return kt_ipc_err(l4_ipc_call(cap, l4_utcb(), l4_msgtag(0, 0, 0, flags), L4_IPC_NEVER));
}

static volatile unsigned long x_d8, x_fpcr;

/* Faults (udf) with its own FP registers; records what it has after the answer. */
static void fpu_faulter(void)
{
    unsigned long d8, fpcr;
    FP_SET(0x4444UL, FPCR_RP);
    __asm__ volatile("udf #0" ::: "memory");
    FP_GET(d8, fpcr);
    x_d8 = d8;
    x_fpcr = fpcr;
    kt_park();
}

static void test_transfer_fpu(void)
{
    unsigned long d8, fpcr;
    long r = kt_thread_start(TH_R, R_SLOT, fpu_receiver, &stacks[0], KT_PRIO, L4_INVALID_CAP);
    r = r ? r : kt_cap_alias(TH_R, R_NO_S, L4_CAP_FPAGE_RW);
    tap_is_int(r, 0, "start the FPU receiver");

    /* R has not run yet: our message waits in its queue until it receives. */
    tap_ok(fpu_call(TH_R, 1, L4_MSGTAG_TRANSFER_FPU, 0x2222) == 0 && r_d8 == 0x2222 &&
               r_fpcr == FPCR_RZ,
           "TRANSFER_FPU to an inheriting receiver (queued): it has our d8 and FPCR (0x%lx, 0x%lx)",
           r_d8, r_fpcr);
    tap_ok(r_flags & L4_MSGTAG_TRANSFER_FPU, "the flag reaches the receiver (flags 0x%lx)",
           r_flags);
    FP_GET(d8, fpcr);
    tap_ok(d8 == 0x2222 && fpcr == FPCR_RZ, "we keep our own FP registers");
    tap_ok(fpu_call(TH_R, 0, L4_MSGTAG_TRANSFER_FPU, 0x3333) == 0 && r_d8 == R_OWN_D8 &&
               r_fpcr == FPCR_RM,
           "a receiver without L4_UTCB_INHERIT_FPU keeps its own (0x%lx)", r_d8);
    tap_ok(fpu_call(TH_R, 1, 0, 0x3333) == 0 && r_d8 == R_OWN_D8,
           "without the flag nothing is transferred (0x%lx)", r_d8);
    tap_ok(fpu_call(R_NO_S, 1, L4_MSGTAG_TRANSFER_FPU, 0x3333) == 0 && r_d8 == R_OWN_D8,
           "through a capability without S nothing is transferred (0x%lx)", r_d8);
    tap_ok(fpu_call(TH_R, 1, L4_MSGTAG_TRANSFER_FPU, 0x7777) == 0 && r_d8 == 0x7777,
           "TRANSFER_FPU to a receiver already waiting: it has our d8 (0x%lx)", r_d8);

    /* Exception IPC: the faulting thread's registers to us, ours back with the answer. */
    l4_umword_t label;
    r = kt_thread_start(TH_X, 2, fpu_faulter, &stacks[1], KT_PRIO, L4_BASE_THREAD_CAP);
    FP_SET(0x5555UL, FPCR_RZ);
    l4_utcb_inherit_fpu(1);
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(1000));
    l4_utcb_inherit_fpu(0);
    FP_GET(d8, fpcr);
    int have = r == 0 && kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == L4_PROTO_EXCEPTION;
    tap_ok(have && d8 == 0x4444 && fpcr == FPCR_RP,
           "exception IPC: the inheriting handler has the thread's FP registers (0x%lx)", d8);
    if (have) {
        l4_utcb_exc()->pc += 4;
        FP_SET(0x6666UL, FPCR_RZ);
        reply(l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, L4_MSGTAG_TRANSFER_FPU));
    }
    l4_ipc_sleep(kt_to_ms(10));
    tap_ok(x_d8 == 0x6666 && x_fpcr == FPCR_RZ,
           "the answer with the flag gives the thread the handler's (0x%lx)", x_d8);
}

/* ---- L4_MSGTAG_SCHEDULE ---- */

static volatile char order[8];
static volatile unsigned n_order;

static int same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

static void mark(char who)
{
    if (n_order < sizeof(order) - 1) {
        order[n_order++] = who;
    }
}

/* Marks each request it receives and answers it. */
static void sched_server(void)
{
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    for (;;) {
        mark('B');
        tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 0, 0), &label, L4_IPC_NEVER);
        (void)tag;
    }
}

/* Marks each time it runs, then sleeps until woken by ex_regs(CANCEL). */
static void sched_bystander(void)
{
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
        mark('C');
    }
}

/*
 * Make C ready (queued at our priority), mark 'M', call B with \a flags; the
 * order in which we, B and C ran, tried until it is \a want, at most five
 * times: our time slice may end between the two steps, and C then runs first
 * (never B first).
 */
static const char *sched_round(unsigned flags, const char *want)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        n_order = 0;
        l4_thread_ex_regs(TH_C, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL);
        mark('M');
        l4_msgtag_t tag = l4_ipc_call(TH_B, l4_utcb(), l4_msgtag(0, 0, 0, flags), L4_IPC_NEVER);
        if (kt_ipc_err(tag)) {
            return "call failed";
        }
        l4_ipc_sleep(kt_to_ms(5)); /* C runs if it has not */
        order[n_order] = 0;
        if (same((const char *)order, want)) {
            break;
        }
    }
    return (const char *)order;
}

static void test_schedule(void)
{
    long r = kt_thread_start(TH_B, 3, sched_server, &stacks[2], KT_PRIO, L4_INVALID_CAP);
    r = r ? r : kt_thread_start(TH_C, 4, sched_bystander, &stacks[3], KT_PRIO, L4_INVALID_CAP);
    l4_ipc_sleep(kt_to_ms(5)); /* both wait now */
    tap_is_int(r, 0, "start server B and bystander C");
    const char *o = sched_round(0, "MBC");
    tap_ok(same(o, "MBC"), "a call donates: B runs before the ready C (%s)", o);
    o = sched_round(L4_MSGTAG_SCHEDULE, "MCB");
    tap_ok(same(o, "MCB"), "with L4_MSGTAG_SCHEDULE, B queues behind the ready C (%s)", o);
}

/* ---- L4_MSGTAG_PROPAGATE ---- */

static volatile unsigned long f_send_err, f_reply_err, f_call_err, s_flags;

/*
 * Takes a request (mr0) and passes it on to S with mr0 + 1 and the caller's
 * reply capability; then tries to answer itself. The second request it
 * tries to pass on in a call.
 */
static void forwarder(void)
{
    l4_umword_t label;
    l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    l4_utcb_mr()->mr[0] += 1;
    f_send_err = kt_ipc_err(
        l4_ipc_send(TH_S, l4_utcb(), l4_msgtag(0, 1, 0, L4_MSGTAG_PROPAGATE), kt_to_ms(1000)));
    f_reply_err = reply(l4_msgtag(0, 0, 0, 0));
    l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    f_call_err = kt_ipc_err(
        l4_ipc_call(TH_S, l4_utcb(), l4_msgtag(0, 1, 0, L4_MSGTAG_PROPAGATE), kt_to_ms(100)));
    l4_utcb_mr()->mr[0] = 0;
    reply(l4_msgtag(0, 1, 0, 0));
    kt_park();
}

/* Answers a request with mr0 * 10. */
static void answerer(void)
{
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    s_flags = l4_msgtag_flags(tag);
    l4_utcb_mr()->mr[0] *= 10;
    reply(l4_msgtag(0, 1, 0, 0));
    kt_park();
}

static void test_propagate(void)
{
    long r = kt_thread_start(TH_F, 5, forwarder, &stacks[4], KT_PRIO, L4_INVALID_CAP);
    r = r ? r : kt_thread_start(TH_S, 6, answerer, &stacks[5], KT_PRIO, L4_INVALID_CAP);
    l4_ipc_sleep(kt_to_ms(5));
    tap_is_int(r, 0, "start forwarder F and answerer S");

    l4_utcb_mr()->mr[0] = 7;
    l4_msgtag_t tag = l4_ipc_call(TH_F, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_to_ms(1000));
    tap_ok(kt_ipc_err(tag) == 0 && l4_utcb_mr()->mr[0] == 80,
           "our call to F is answered by S ((7 + 1) * 10 = %lu, ipc error %lu)",
           l4_utcb_mr()->mr[0], kt_ipc_err(tag));
    tap_ok(f_send_err == 0 && (s_flags & L4_MSGTAG_PROPAGATE),
           "F's send with the flag went through, and S saw the flag");
    tap_is_int(f_reply_err, L4_IPC_ENOT_EXISTENT, "F holds no reply capability any more");
    tap_is_int(kt_ipc_err(l4_ipc_call(TH_F, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_to_ms(1000))),
               0, "a second call to F is answered by F");
    tap_is_int(f_call_err, L4_IPC_ENOT_EXISTENT, "F's call with the flag: L4_IPC_ENOT_EXISTENT");
    tap_is_int(kt_ipc_err(l4_ipc_send(TH_S, l4_utcb(), l4_msgtag(0, 0, 0, L4_MSGTAG_PROPAGATE),
                                      L4_IPC_SEND_TIMEOUT_0)),
               L4_IPC_ENOT_EXISTENT, "the flag without a reply capability: L4_IPC_ENOT_EXISTENT");
}

/* ---- L4_RCV_ITEM_FORWARD_MAPPINGS ---- */

static volatile unsigned long w_err;

/* Receives with the buffer registers we set, answers. */
static void forward_receiver(void)
{
    for (;;) {
        l4_umword_t label;
        l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
        w_err = kt_ipc_err(tag);
        reply(l4_msgtag(0, 0, 0, 0));
    }
}

/* Send SENT to W, which receives with buffer words \a b0.. \a b2; our IPC error. */
static unsigned long forward_call(l4_umword_t b0, l4_umword_t b1, l4_umword_t b2)
{
    l4_buf_regs_t *br = bufs_of(W_SLOT);
    br->bdr = 0;
    br->br[0] = b0;
    br->br[1] = b1;
    br->br[2] = b2;
    br->br[3] = 0;
    w_err = ~0UL;
    l4_utcb_mr()->mr[0] = L4_ITEM_MAP;
    l4_utcb_mr()->mr[1] = l4_obj_fpage(SENT, 0, L4_CAP_FPAGE_RWS).raw;
    unsigned long e = kt_ipc_err(l4_ipc_call(TH_W, l4_utcb(), l4_msgtag(0, 0, 1, 0), kt_to_ms(1000)));
    for (int i = 0; i < 10 && w_err == ~0UL; i++) {
        l4_ipc_sleep(kt_to_ms(1)); /* a failed send does not wait for W to see its error */
    }
    return e;
}

static int valid_in(l4_cap_idx_t task, l4_cap_idx_t cap)
{
    return l4_msgtag_label(l4_task_cap_valid(task, cap)) == 1;
}

static void test_forward_mappings(void)
{
    long r = kt_task_create(L4_BASE_FACTORY_CAP, CHILD);
    r = r ? r : kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, SENT));
    r = r ? r : kt_cap_alias(CHILD, CHILD_RO, L4_CAP_FPAGE_R);
    r = r ? r : kt_thread_start(TH_W, W_SLOT, forward_receiver, &stacks[6], KT_PRIO, L4_INVALID_CAP);
    tap_is_int(r, 0, "a child task, an Irq to send, the receiver W");

    unsigned long e = forward_call(L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_FORWARD_MAPPINGS | SLOT_1,
                                   CHILD, 0);
    tap_ok(e == 0 && w_err == 0 && valid_in(CHILD, SLOT_1) && !valid_in(L4_BASE_TASK_CAP, SLOT_1),
           "one-word buffer with the flag: the capability lands in the child, not here "
           "(errors %lu/%lu)", e, w_err);
    e = forward_call(L4_ITEM_MAP | L4_RCV_ITEM_FORWARD_MAPPINGS,
                     l4_obj_fpage(SLOT_2, 0, L4_CAP_FPAGE_RWSD).raw, CHILD);
    tap_ok(e == 0 && w_err == 0 && valid_in(CHILD, SLOT_2) && !valid_in(L4_BASE_TASK_CAP, SLOT_2),
           "two-word buffer with the flag: the same through its third word (errors %lu/%lu)", e,
           w_err);
    e = forward_call(L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_FORWARD_MAPPINGS | SLOT_3, CHILD_RO, 0);
    tap_ok(e == L4_IPC_SEMAPFAILED && w_err == L4_IPC_REMAPFAILED && !valid_in(CHILD, SLOT_3),
           "a task capability without W: map error on both sides (%lu/%lu)", e, w_err);
    e = forward_call(L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_FORWARD_MAPPINGS | SLOT_3, SENT, 0);
    tap_ok(e == L4_IPC_SEMAPFAILED && w_err == L4_IPC_REMAPFAILED && !valid_in(CHILD, SLOT_3) &&
               !valid_in(L4_BASE_TASK_CAP, SLOT_3),
           "a word that names no task: map error, nothing mapped (%lu/%lu)", e, w_err);
    e = forward_call(L4_RCV_ITEM_SINGLE_CAP | SLOT_3, 0, 0);
    tap_ok(e == 0 && valid_in(L4_BASE_TASK_CAP, SLOT_3) && !valid_in(CHILD, SLOT_3),
           "without the flag the receiver's task gets it (%lu)", e);
}

/* ---- unmap masks ---- */

static void test_unmap_masks(void)
{
    static const l4_umword_t bad[] = { 0x1, 0x2, 0x40000000UL, 0x80000001UL, 1UL << 32 };
    l4_fpage_t fp = l4_obj_fpage(VICTIM, 0, L4_CAP_FPAGE_RWSD);
    long r = kt_cap_alias(SENT, VICTIM, L4_CAP_FPAGE_RWS);
    r = r ? r : kt_cap_alias(SENT, VICTIM_2, L4_CAP_FPAGE_RWS);
    tap_is_int(r, 0, "two aliases of the Irq to unmap");
    int refused = 1;
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        long e = kt_err(l4_task_unmap(L4_BASE_TASK_CAP, fp, bad[i]));
        if (e != -L4_EINVAL) {
            tap_diag("mask 0x%lx: %ld", bad[i], e);
            refused = 0;
        }
    }
    tap_ok(refused && valid_in(L4_BASE_TASK_CAP, VICTIM),
           "l4_task_unmap with a mask no flag has: -L4_EINVAL, the capability stays");
    l4_fpage_t both[2] = { fp, l4_obj_fpage(VICTIM_2, 0, L4_CAP_FPAGE_RWSD) };
    tap_ok(kt_err(l4_task_unmap_batch(L4_BASE_TASK_CAP, both, 2, 0x2)) == -L4_EINVAL &&
               valid_in(L4_BASE_TASK_CAP, VICTIM) && valid_in(L4_BASE_TASK_CAP, VICTIM_2),
           "l4_task_unmap_batch likewise: -L4_EINVAL, both stay");
    tap_ok(kt_err(l4_task_unmap_batch(L4_BASE_TASK_CAP, both, 2, L4_FP_ALL_SPACES)) == 0 &&
               !valid_in(L4_BASE_TASK_CAP, VICTIM) && !valid_in(L4_BASE_TASK_CAP, VICTIM_2) &&
               valid_in(L4_BASE_TASK_CAP, SENT),
           "with L4_FP_ALL_SPACES both go (the original stays)");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_transfer_fpu();
    test_schedule();
    test_propagate();
    test_forward_mappings();
    test_unmap_masks();
    return tap_done();
}
