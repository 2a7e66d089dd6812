/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): page faults resolved by a user-level pager.
 * We create a task, map our image into it 1:1 (so a function of this
 * program runs there), give it our main thread's capability as its pager
 * and start a thread in it that touches an unmapped region. The main thread
 * is the pager. Semantics relied on (Fiasco.OC, arm64):
 * - A fault becomes a call to the pager: tag label L4_PROTO_PAGE_FAULT,
 *   2 words, mr0 = fault address with bit 1 = write and bit 2 = execute in
 *   the low bits (bit 0 = translation fault on arm64, not checked), mr1 = pc.
 *   The pager selector is looked up in the faulting thread's task.
 * - The pager replies with one map item (control word with snd_base = the
 *   fault address, memory fpage from its own space); the kernel maps it in
 *   the faulting task (rights reduced to what the pager holds) and resumes
 *   the thread, which retries the access. A read-only mapping written to
 *   faults again with the write bit (an upgrade).
 * - The mapped page is the pager's: writes in the child are visible in the
 *   pager's buffer. l4_task_unmap() of the page in the child makes the next
 *   access fault again.
 * - A reply with a negative label rejects the fault: it becomes an exception;
 *   the thread has no exception handler, so the kernel stops it (printing a
 *   user-fault line) and the pager hears nothing more from it.
 * Spec: tests/target/kernel-runtime/pf.test.
 */
#include <l4/crt0.h>
#include "kt.h"
#include "tap.h"

#define PLAN 26

#define CHILD        KT_CAP(0x20)
#define CHILD_THREAD KT_CAP(0x21)
#define CHILD_PAGER  KT_CAP(0x10) /* slot in the child's space */

#define PF_REGION 0x20000000UL
#define PF_P0     (PF_REGION)
#define PF_P1     (PF_REGION + 0x1000UL)
#define PF_EXEC   (PF_REGION + 0x10000UL)
#define PF_REJECT (PF_REGION + 0x20000UL)
#define MARK0     0x5a5a0000UL
#define MARK1     0x5a5a0001UL
#define PATTERN0  0xabcd0000UL
#define PATTERN1  0xabcd0001UL
#define REPORT    0x100 /* tag label of the child's report call */

static unsigned long pf_src[2][L4_PAGESIZE / sizeof(unsigned long)]
    __attribute__((aligned(L4_PAGESIZE)));
static kt_stack_t child_stack;
static volatile unsigned long child_refault_value, child_survived;

/* Runs in the child task. Every access to PF_REGION faults to the pager. */
static void pf_child(void)
{
    volatile unsigned long *p0 = (volatile unsigned long *)PF_P0;
    volatile unsigned long *p1 = (volatile unsigned long *)PF_P1;
    unsigned long (*exec)(void) = (unsigned long (*)(void))PF_EXEC;
    l4_msg_regs_t *m = l4_utcb_mr();
    unsigned long r0, r2;

    r0 = p0[0];    /* read fault */
    p0[1] = MARK0; /* write to a read-only mapping: fault with the write bit */
    p1[1] = MARK1; /* write fault */
    r2 = exec();   /* execute fault */
    m->mr[0] = r0;
    m->mr[1] = r2;
    l4_ipc_call(CHILD_PAGER, l4_utcb(), l4_msgtag(REPORT, 2, 0, 0), kt_to_ms(2000));
    child_refault_value = p0[0]; /* the pager unmapped p0: faults again */
    *(volatile unsigned long *)PF_REJECT = 1; /* the pager rejects this one */
    child_survived = 1;
    kt_park();
}

/* Wait for the next page fault; check where it is and how it was accessed. */
static int expect_fault(char const *what, l4_addr_t page, int write, int exec, l4_umword_t *pc)
{
    l4_umword_t label = 0, pfa;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(2000));
    int is_pf = kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT &&
                l4_msgtag_words(tag) == 2;

    pfa = l4_utcb_mr()->mr[0];
    *pc = l4_utcb_mr()->mr[1];
    if (!tap_ok(is_pf && l4_trunc_page(pfa) == page, "%s: page fault at 0x%lx", what, page)) {
        tap_diag("tag 0x%lx, ipc error %lu, mr0 0x%lx", (unsigned long)tag.raw,
                 kt_ipc_err(tag), pfa);
        tap_skip("no fault message");
        return 0;
    }
    tap_ok(((pfa >> 1) & 1) == (unsigned long)write && ((pfa >> 2) & 1) == (unsigned long)exec,
           "%s: access bits write=%d exec=%d (mr0 0x%lx)", what, write, exec, pfa);
    return 1;
}

/* Resolve the fault: map our page \a src at \a dst in the faulting task. */
static void reply_map(l4_addr_t dst, l4_addr_t src, unsigned rights)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = l4_map_control(dst, 0, 0);
    m->mr[1] = l4_fpage(src, L4_PAGESHIFT, (unsigned char)rights).raw;
    l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 0, 1, 0), L4_IPC_SEND_TIMEOUT_0);
}

static int setup_child(void)
{
    long r;

    tap_is_int(kt_task_create(L4_BASE_FACTORY_CAP, CHILD), 0, "create a task");
    tap_is_int(kt_task_share_image(CHILD), 0, "map our image 1:1 into it");
    tap_is_int(kt_task_give_cap(CHILD, L4_BASE_THREAD_CAP, CHILD_PAGER, L4_CAP_FPAGE_RWS), 0,
               "give it our thread capability as pager");
    r = kt_thread_create(L4_BASE_FACTORY_CAP, CHILD_THREAD, CHILD, KT_CHILD_UTCB_AREA,
                         CHILD_PAGER, L4_INVALID_CAP);
    tap_is_int(r, 0, "create a thread in it with that pager");
    r = kt_thread_go(CHILD_THREAD, pf_child, kt_stack_top(&child_stack), KT_PRIO);
    return tap_is_int(r, 0, "start the thread");
}

static void run_pager(void)
{
    l4_umword_t pc = 0, label = 0;
    l4_msgtag_t tag;
    int ok;

    if (expect_fault("read p0", PF_P0, 0, 0, &pc)) {
        tap_ok(pc >= (l4_addr_t)__image_start && pc < (l4_addr_t)__image_end,
               "read p0: mr1 is a pc in the child's code (0x%lx)", pc);
        reply_map(PF_P0, (l4_addr_t)pf_src[0], L4_FPAGE_RO);
    } else {
        tap_skip("no fault");
    }
    if (expect_fault("write p0 (read-only)", PF_P0, 1, 0, &pc)) {
        reply_map(PF_P0, (l4_addr_t)pf_src[0], L4_FPAGE_RW);
    }
    if (expect_fault("write p1", PF_P1, 1, 0, &pc)) {
        reply_map(PF_P1, (l4_addr_t)pf_src[1], L4_FPAGE_RW);
    }
    if (expect_fault("execute", PF_EXEC, 0, 1, &pc)) {
        tap_is_int((long long)pc, (long long)PF_EXEC, "execute: mr1 is the fault address");
        reply_map(PF_EXEC, (l4_addr_t)kt_exec_stub, L4_FPAGE_RX);
    } else {
        tap_skip("no fault");
    }

    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(2000));
    ok = kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == REPORT;
    tap_ok(ok && l4_utcb_mr()->mr[0] == PATTERN0,
           "the child read our data through the mapping (0x%lx)", l4_utcb_mr()->mr[0]);
    tap_ok(ok && l4_utcb_mr()->mr[1] == KT_EXEC_STUB_RESULT,
           "the child ran our code page mapped at 0x%lx", PF_EXEC);
    tap_ok(pf_src[0][1] == MARK0 && pf_src[1][1] == MARK1,
           "the child's writes landed in the pager's pages");
    tap_is_int(kt_err(l4_task_unmap(CHILD, l4_fpage(PF_P0, L4_PAGESHIFT, L4_FPAGE_RWX),
                                    L4_FP_ALL_SPACES)),
               0, "unmap p0 in the child");
    pf_src[0][0] = PATTERN0 + 0x10;
    l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);

    if (expect_fault("read p0 after unmap", PF_P0, 0, 0, &pc)) {
        reply_map(PF_P0, (l4_addr_t)pf_src[0], L4_FPAGE_RO);
    }
    if (expect_fault("write to be rejected", PF_REJECT, 1, 0, &pc)) {
        l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(-1, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
    }
    tap_is_int((long long)child_refault_value, (long long)(PATTERN0 + 0x10),
               "the re-faulted page shows the current data");
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(200));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT,
               "after the rejection no more faults arrive");
    tap_ok(!child_survived, "the rejected thread did not continue");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    pf_src[0][0] = PATTERN0;
    pf_src[1][0] = PATTERN1;
    tap_start(PLAN);
    if (setup_child()) {
        run_pager();
    } else {
        tap_diag("no child thread: the pager part cannot run");
    }
    return tap_done();
}
