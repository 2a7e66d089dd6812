/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_vcpu (root task, TAP): vCPUs (doc/kernel.md, "vCPUs").
 * A helper thread of this task becomes a vCPU with its state in kernel-user
 * memory; its kernel mode is a command loop on the helper's stack, run with
 * the virtual interrupt flag off, and its entry point records every entry
 * into a log and goes back to the loop by resuming kernel mode. User mode
 * runs small assembly routines (one page, mapped into the user tasks by the
 * resume message's map items at the same address) in tasks the main thread
 * creates. The main thread (higher priority) gives commands and checks the
 * log. Rules checked:
 * - vcpu_control: state outside kernel-user memory, misaligned or unmapped:
 *   -L4_EINVAL; the extended form -L4_ENOSYS; missing S -L4_EPERM; an
 *   unbound thread -L4_EINVAL; success writes the state version.
 * - resume only by the vCPU itself; user mode needs a task capability with
 *   S that is not its own task (-L4_EINVAL / -L4_EPERM otherwise).
 * - Irq and IPC with the interrupt flag on enter the vCPU (flag off at the
 *   entry, saved_state with it on, tag/label in state->i, words in the
 *   UTCB); with it off a storm of triggers only sets the sticky flag, and
 *   l4vcpu_irq_enable fetches the one pending event.
 * - user mode: svc, brk, page faults and FP use (FPU not enabled) enter the
 *   vCPU with ESR and fault address; map items populate the user task; the
 *   FPU registers are shared once L4_VCPU_F_FPU_ENABLED; an Irq enters from
 *   user mode; deleting the user task brings the vCPU back to kernel mode
 *   with an error; deleting a vCPU thread that runs in user mode is safe.
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcpu.h>
#include <l4/vcpu/vcpu.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 60

#define VCPU1 KT_CAP(0x40)
#define VCPU2 KT_CAP(0x41)
#define PLAIN KT_CAP(0x42)   /* a thread that never becomes a vCPU */
#define UNBOUND KT_CAP(0x43)
#define VCPU1_NOS KT_CAP(0x44)
#define IRQ1 KT_CAP(0x45)
#define UTASK1 KT_CAP(0x46)
#define UTASK2 KT_CAP(0x47)
#define UTASK3 KT_CAP(0x48)
#define UTASK1_NOS KT_CAP(0x49)

#define IRQ_LABEL 0x5a0
#define KU_ADDR 0x0000fffffffe0000UL /* one page of kernel-user memory: the states */
#define DATA_ADDR 0x70000000UL       /* mapped only in the user tasks */
#define PF_ADDR 0x70010000UL         /* mapped on the first fault */
#define USER_UTCB_AREA 0x0000ffffffff0000UL

/* ---- user mode: one page of code, mapped at the same address into the user tasks ---- */
extern char vu_page[], vu_svc[], vu_load[], vu_brk[], vu_spin[], vu_spin_end[], vu_fp[];
__asm__(".section .text.vcpu_user, \"ax\"\n"
        ".balign 4096\n"
        ".global vu_page\n"
        "vu_page:\n"
        ".global vu_svc\n"
        "vu_svc:\n"             /* svc with x0, x0 + 1, ... */
        "1:  svc #0\n"
        "    add x0, x0, #1\n"
        "    b 1b\n"
        ".global vu_load\n"
        "vu_load:\n"            /* x1 = *x0, then svc */
        "    ldr x1, [x0]\n"
        "    svc #0\n"
        "    b vu_load\n"
        ".global vu_brk\n"
        "vu_brk:\n"
        "    brk #0x42\n"
        "    b vu_brk\n"
        ".global vu_spin\n"
        "vu_spin:\n"
        "    add x2, x2, #1\n"
        "    b vu_spin\n"
        ".global vu_spin_end\n"
        "vu_spin_end:\n"
        ".global vu_fp\n"
        "vu_fp:\n"              /* d0 = x0, then svc */
        ".arch_extension fp\n"
        "    fmov d0, x0\n"
        "    svc #0\n"
        "    b vu_fp\n"
        ".balign 4096\n"
        ".text\n");

static char user_stack[4096] __attribute__((aligned(4096)));
static l4_umword_t user_data[512] __attribute__((aligned(4096)));
static l4_umword_t pf_data[512] __attribute__((aligned(4096)));

/* ---- the vCPU side ---- */

struct entry {
    l4_umword_t err, pfa, pc, r0, r1, tag, label, mr0, mr1, tcr_error, fp;
    unsigned saved_state, state;
};

enum cmd {
    CMD_IRQ_SPIN = 1,  /* flag on, spin until an entry */
    CMD_STORM,         /* flag off, spin until told; then l4vcpu_irq_enable */
    CMD_USER_SVC,      /* user mode at vu_svc, three svcs */
    CMD_USER_LOAD,     /* user mode at vu_load with x0 = arg */
    CMD_USER_BRK,
    CMD_USER_SPIN,     /* user mode at vu_spin, state flags = arg */
    CMD_USER_FP,
    CMD_RESUME_ERRORS, /* resume_commit with bad user tasks */
};

static struct vcpu_ctl {
    struct kt_thread kt;
    l4_vcpu_state_t *s;
    l4_cap_idx_t user_task;
    volatile int cmd, cmd_seq, started_seq, done_seq; /* command n runs once started_seq is n */
    volatile l4_umword_t arg;
    volatile int stop;
    volatile long res[8];
    struct entry log[64];
    volatile int nlog;
    volatile int in_user;
    char entry_stack[4096] __attribute__((aligned(16)));
} v1, v2;

static struct vcpu_ctl *ctl_of(l4_vcpu_state_t *s)
{
    return (struct vcpu_ctl *)s->user_data[0];
}

static l4_umword_t read_d0(void)
{
    l4_umword_t v;
    __asm__ volatile(".arch_extension fp\n fmov %0, d0" : "=r"(v));
    return v;
}

static void no_setup(l4_utcb_t *u)
{
    (void)u;
}

static volatile int storm_handled;
static volatile l4_umword_t storm_label;

static void storm_event(l4_vcpu_state_t *s)
{
    storm_handled++;
    storm_label = s->i.label;
}

static void vcpu_loop(l4_vcpu_state_t *s) __attribute__((noreturn));

/* Back to the command loop in kernel mode, on the helper's stack, interrupts off. */
static void __attribute__((noreturn)) back_to_loop(l4_vcpu_state_t *s)
{
    struct vcpu_ctl *c = ctl_of(s);
    s->state = 0;
    s->r.pc = (l4_umword_t)vcpu_loop;
    s->r.sp = kt_stack_top(&c->kt) - 64;
    s->r.r[0] = (l4_umword_t)s;
    l4_thread_vcpu_resume_commit(c->kt.cap, l4_thread_vcpu_resume_start());
    for (;;) {
        c->res[7] = -999; /* not reached */
    }
}

/* Resume user mode with \a state flags and the code page (and data pages) as map items. */
static long resume_user(struct vcpu_ctl *c, unsigned state, int with_maps)
{
    l4_vcpu_state_t *s = c->s;
    s->user_task = c->user_task;
    s->state = (l4_uint16_t)(state | L4_VCPU_F_USER_MODE);
    l4_msgtag_t tag = l4_thread_vcpu_resume_start();
    if (with_maps) {
        l4_sndfpage_add(l4_fpage((l4_addr_t)vu_page, L4_PAGESHIFT, L4_FPAGE_RX),
                        (l4_addr_t)vu_page, &tag);
        l4_sndfpage_add(l4_fpage((l4_addr_t)user_stack, L4_PAGESHIFT, L4_FPAGE_RW),
                        (l4_addr_t)user_stack, &tag);
        l4_sndfpage_add(l4_fpage((l4_addr_t)user_data, L4_PAGESHIFT, L4_FPAGE_RW), DATA_ADDR,
                        &tag);
    }
    c->in_user = 1;
    tag = l4_thread_vcpu_resume_commit(c->kt.cap, tag);
    c->in_user = 0;
    return l4_error(tag);
}

static void start_user(struct vcpu_ctl *c, l4_addr_t pc, l4_umword_t x0, unsigned state)
{
    l4_vcpu_state_t *s = c->s;
    for (int i = 0; i < 31; i++) {
        s->r.r[i] = 0;
    }
    s->r.r[0] = x0;
    s->r.pc = pc;
    s->r.sp = (l4_addr_t)user_stack + sizeof(user_stack);
    s->r.pstate = 0;
    c->res[0] = resume_user(c, state, 1); /* only comes back on an error */
}

static void vcpu_entry(l4_vcpu_state_t *s) __attribute__((noreturn));

static void vcpu_entry(l4_vcpu_state_t *s)
{
    struct vcpu_ctl *c = ctl_of(s);
    struct entry *e = &c->log[c->nlog < 64 ? c->nlog : 63];
    e->err = s->r.err;
    e->pfa = s->r.pfa;
    e->pc = s->r.pc;
    e->r0 = s->r.r[0];
    e->r1 = s->r.r[1];
    e->tag = (l4_umword_t)s->i.tag.raw;
    e->label = s->i.label;
    e->mr0 = l4_utcb_mr()->mr[0];
    e->mr1 = l4_utcb_mr()->mr[1];
    e->tcr_error = l4_utcb_tcr()->error;
    e->saved_state = s->saved_state;
    e->state = s->state;
    e->fp = read_d0();
    c->nlog++;
    unsigned ec = (unsigned)(s->r.err >> 26);
    if (c->cmd == CMD_USER_SVC && ec == 0x15 && s->r.r[0] < 43) {
        resume_user(c, s->saved_state & ~L4_VCPU_F_USER_MODE, 0); /* the next svc */
    }
    if (c->cmd == CMD_USER_LOAD && l4vcpu_is_page_fault_entry(s)) {
        /* Serve the fault: pf_data at the fault address, in the map items. */
        l4_msgtag_t tag = l4_thread_vcpu_resume_start();
        l4_sndfpage_add(l4_fpage((l4_addr_t)pf_data, L4_PAGESHIFT, L4_FPAGE_RW),
                        s->r.pfa & ~(l4_umword_t)0xfff, &tag);
        s->user_task = c->user_task;
        s->state = s->saved_state;
        l4_thread_vcpu_resume_commit(c->kt.cap, tag);
    }
    if (c->cmd == CMD_USER_FP && ec == 0x07) {
        resume_user(c, (s->saved_state & ~L4_VCPU_F_USER_MODE) | L4_VCPU_F_FPU_ENABLED, 0);
    }
    back_to_loop(s);
}

static void resume_errors(struct vcpu_ctl *c)
{
    l4_vcpu_state_t *s = c->s;
    static const l4_cap_idx_t bad[4] = { KT_EMPTY_CAP, VCPU1, UTASK1_NOS, L4_BASE_TASK_CAP };
    s->r.pc = (l4_addr_t)vu_spin;
    s->r.sp = (l4_addr_t)user_stack + sizeof(user_stack);
    for (int i = 0; i < 4; i++) {
        c->user_task = bad[i];
        c->res[i] = resume_user(c, 0, 0);
    }
    c->user_task = UTASK1;
}

static void vcpu_loop(l4_vcpu_state_t *s)
{
    struct vcpu_ctl *c = ctl_of(s);
    for (;;) {
        c->done_seq = c->started_seq; /* also after an entry ended the command */
        while (c->started_seq == c->cmd_seq) {
            kt_sleep_ms(1);
        }
        c->started_seq = c->cmd_seq;
        c->stop = 0;
        switch (c->cmd) {
        case CMD_IRQ_SPIN:
            s->state |= L4_VCPU_F_IRQ;
            l4_barrier(); /* the kernel reads the flag: the store must happen now */
            while (!c->stop) {
            }
            l4vcpu_irq_disable(s);
            c->res[0] = -1; /* the spin ended without an entry */
            break;
        case CMD_STORM:
            l4vcpu_irq_disable(s);
            while (!c->stop) {
            }
            c->res[0] = s->sticky_flags;
            c->res[1] = c->nlog;
            l4vcpu_irq_enable(s, l4_utcb(), storm_event, no_setup);
            c->res[2] = s->sticky_flags;
            l4vcpu_irq_disable(s);
            break;
        case CMD_USER_SVC:
            start_user(c, (l4_addr_t)vu_svc, 41, L4_VCPU_F_EXCEPTIONS);
            break;
        case CMD_USER_LOAD:
            start_user(c, (l4_addr_t)vu_load, c->arg, L4_VCPU_F_PAGE_FAULTS | L4_VCPU_F_EXCEPTIONS);
            break;
        case CMD_USER_BRK:
            start_user(c, (l4_addr_t)vu_brk, 0, L4_VCPU_F_EXCEPTIONS);
            break;
        case CMD_USER_SPIN:
            start_user(c, (l4_addr_t)vu_spin, 0, (unsigned)c->arg);
            break;
        case CMD_USER_FP:
            start_user(c, (l4_addr_t)vu_fp, 0x4045000000000000UL, L4_VCPU_F_EXCEPTIONS);
            break;
        case CMD_RESUME_ERRORS:
            resume_errors(c);
            break;
        }
    }
}

static void vcpu_first(struct kt_thread *t)
{
    struct vcpu_ctl *c = (struct vcpu_ctl *)t;
    vcpu_loop(c->s);
}

/* ---- the main thread ---- */

static long err(l4_msgtag_t t)
{
    return l4_error(t);
}

static int valid(l4_cap_idx_t cap)
{
    l4_msgtag_t t = l4_task_cap_valid(L4_BASE_TASK_CAP, cap);
    return !l4_msgtag_has_error(t) && l4_msgtag_label(t) > 0;
}

/* Give \a c command \a cmd and wait up to 500 ms for its loop to come back. */
static int run_cmd(struct vcpu_ctl *c, int cmd, l4_umword_t arg)
{
    c->cmd = cmd;
    c->arg = arg;
    c->cmd_seq++;
    for (int i = 0; i < 500 && c->done_seq != c->cmd_seq; i++) {
        kt_sleep_ms(1);
    }
    return c->done_seq == c->cmd_seq;
}

static struct entry *last(struct vcpu_ctl *c)
{
    return &c->log[c->nlog ? c->nlog - 1 : 0];
}

static long new_user_task(l4_cap_idx_t cap)
{
    l4_fpage_t area = l4_fpage(USER_UTCB_AREA, L4_PAGESHIFT, L4_FPAGE_RW);
    return err(l4_factory_create_task(L4_BASE_FACTORY_CAP, cap, &area));
}

static long make_vcpu(struct vcpu_ctl *c, l4_cap_idx_t cap, unsigned index)
{
    long r = kt_thread_create(&c->kt, cap);
    if (r >= 0) {
        r = kt_thread_bind(&c->kt);
    }
    c->s = (l4_vcpu_state_t *)(KU_ADDR + index * L4_VCPU_STATE_SIZE);
    if (r >= 0) {
        r = err(l4_thread_vcpu_control(cap, (l4_addr_t)c->s));
    }
    if (r < 0) {
        return r;
    }
    c->s->user_data[0] = (l4_umword_t)c;
    c->s->entry_ip = (l4_addr_t)vcpu_entry;
    c->s->entry_sp = (l4_addr_t)c->entry_stack + sizeof(c->entry_stack);
    c->s->state = 0;
    r = kt_thread_set_fn(&c->kt, vcpu_first);
    return r < 0 ? r : kt_thread_run(&c->kt, 1); /* below us: we preempt it */
}

static void test_control(void)
{
    static char not_ku[1024] __attribute__((aligned(1024)));
    l4_fpage_t ku = l4_fpage(KU_ADDR, L4_PAGESHIFT, L4_FPAGE_RW);
    tap_is_int(err(l4_task_add_ku_mem(L4_BASE_TASK_CAP, &ku)), 0, "kernel-user memory added");
    tap_is_int(kt_thread_create(&v1.kt, PLAIN), 0, "a plain thread");
    tap_is_int(kt_thread_bind(&v1.kt), 0, "bound");
    not_ku[0] = 1;
    tap_is_int(err(l4_thread_vcpu_control(PLAIN, (l4_addr_t)not_ku)), -L4_EINVAL,
               "state in ordinary memory (no kernel-user memory): -L4_EINVAL");
    tap_is_int(err(l4_thread_vcpu_control(PLAIN, KU_ADDR + 8)), -L4_EINVAL,
               "misaligned state address: -L4_EINVAL");
    tap_is_int(err(l4_thread_vcpu_control(PLAIN, KU_ADDR + 0x1000)), -L4_EINVAL,
               "state address behind the kernel-user memory: -L4_EINVAL");
    tap_is_int(err(l4_thread_vcpu_control(PLAIN, 0)), -L4_EINVAL, "state address 0: -L4_EINVAL");
    tap_is_int(err(l4_thread_vcpu_control_ext(PLAIN, KU_ADDR)), -L4_ENOSYS,
               "the extended form (hardware virtualization): -L4_ENOSYS");
    tap_is_int(err(l4_factory_create_thread(L4_BASE_FACTORY_CAP, UNBOUND)), 0, "unbound thread");
    tap_is_int(err(l4_thread_vcpu_control(UNBOUND, KU_ADDR)), -L4_EINVAL,
               "vcpu_control on a thread bound to no task: -L4_EINVAL");
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(PLAIN, 0, L4_CAP_FPAGE_RW),
                VCPU1_NOS | L4_ITEM_MAP);
    tap_is_int(err(l4_thread_vcpu_control(VCPU1_NOS, KU_ADDR)), -L4_EPERM,
               "vcpu_control without S on the thread: -L4_EPERM");
    l4_msgtag_t tag = l4_thread_vcpu_resume_start();
    tap_is_int(err(l4_thread_vcpu_resume_commit(L4_BASE_THREAD_CAP, tag)), -L4_EINVAL,
               "resume by a thread that is no vCPU: -L4_EINVAL");
    l4_task_delete_obj(L4_BASE_TASK_CAP, VCPU1_NOS);
    l4_task_delete_obj(L4_BASE_TASK_CAP, PLAIN);
    l4_task_delete_obj(L4_BASE_TASK_CAP, UNBOUND);

    tap_is_int(make_vcpu(&v1, VCPU1, 0), 0, "a vCPU with its state in kernel-user memory");
    tap_ok(l4_vcpu_check_version(v1.s) && v1.s->version == 0x38,
           "the kernel wrote the state version (0x%lx)", (unsigned long)v1.s->version);
    tap_is_int(err(l4_thread_vcpu_resume_commit(VCPU1, l4_thread_vcpu_resume_start())),
               -L4_EINVAL, "resume of another thread: -L4_EINVAL");
    tap_is_int(new_user_task(UTASK1), 0, "a user task");
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(UTASK1, 0, L4_CAP_FPAGE_RW),
                UTASK1_NOS | L4_ITEM_MAP);
    tap_ok(run_cmd(&v1, CMD_RESUME_ERRORS, 0), "vCPU ran the resume error cases");
    tap_is_int(v1.res[0], -L4_EINVAL, "user mode with an empty user_task: -L4_EINVAL");
    tap_is_int(v1.res[1], -L4_EINVAL, "user mode with a thread as user_task: -L4_EINVAL");
    tap_is_int(v1.res[2], -L4_EPERM, "user mode with a task capability without S: -L4_EPERM");
    tap_is_int(v1.res[3], -L4_EINVAL, "user mode in the vCPU's own task: -L4_EINVAL");
}

static void test_events(void)
{
    tap_ok(err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ1)) == 0 &&
               err(l4_rcv_ep_bind_thread(IRQ1, VCPU1, IRQ_LABEL)) == 0,
           "an Irq bound to the vCPU");
    int n = v1.nlog;
    v1.cmd = CMD_IRQ_SPIN;
    v1.cmd_seq++;
    kt_sleep_ms(3); /* it spins with the flag on */
    l4_irq_trigger(IRQ1);
    for (int i = 0; i < 200 && v1.done_seq != v1.cmd_seq; i++) {
        kt_sleep_ms(1);
    }
    v1.stop = 1;
    struct entry *e = last(&v1);
    tap_ok(v1.nlog == n + 1 && (e->err >> 26) == 0x3f, "Irq with the flag on: one event entry");
    tap_ok(e->label == IRQ_LABEL && e->tag == 0, "state->i: the bind label, tag 0");
    tap_ok((e->saved_state & L4_VCPU_F_IRQ) && !(e->state & L4_VCPU_F_IRQ) &&
               !(e->saved_state & L4_VCPU_F_USER_MODE),
           "entered with the flag off; saved_state had it on (kernel mode)");

    /* The storm: 1000 triggers with the flag off. */
    n = v1.nlog;
    storm_handled = 0;
    v1.cmd = CMD_STORM;
    v1.cmd_seq++;
    kt_sleep_ms(3);
    for (int i = 0; i < 1000; i++) {
        l4_irq_trigger(IRQ1);
        if (i % 100 == 99) {
            kt_sleep_ms(1); /* let the vCPU run between bursts */
        }
    }
    v1.stop = 1;
    for (int i = 0; i < 200 && v1.done_seq != v1.cmd_seq; i++) {
        kt_sleep_ms(1);
    }
    tap_ok(v1.done_seq == v1.cmd_seq && v1.res[1] == n,
           "1000 triggers with the flag off: no entry");
    tap_is_int(v1.res[0] & L4_VCPU_SF_IRQ_PENDING, L4_VCPU_SF_IRQ_PENDING,
               "the sticky pending flag was set");
    tap_ok(storm_handled == 1 && storm_label == IRQ_LABEL,
           "l4vcpu_irq_enable fetched the one pending event (%d)", storm_handled);
    tap_is_int(v1.res[2] & L4_VCPU_SF_IRQ_PENDING, 0, "then the sticky flag was clear");
    tap_is_int(v1.nlog, n, "and still no entry");

    /* IPC to the vCPU with the flag on. */
    n = v1.nlog;
    v1.cmd = CMD_IRQ_SPIN;
    v1.cmd_seq++;
    kt_sleep_ms(3);
    l4_utcb_mr()->mr[0] = 0xabc;
    l4_utcb_mr()->mr[1] = 0xdef;
    l4_msgtag_t t = l4_ipc_send(VCPU1, l4_utcb(), l4_msgtag(0x77, 2, 0, 0), kt_timeout_ms(500, 0));
    tap_is_int(kt_ipc_err(t), 0, "IPC send to a vCPU with the flag on");
    for (int i = 0; i < 200 && v1.done_seq != v1.cmd_seq; i++) {
        kt_sleep_ms(1);
    }
    v1.stop = 1;
    e = last(&v1);
    tap_ok(v1.nlog == n + 1 && (e->err >> 26) == 0x3f && l4_msgtag_label((l4_msgtag_t){
                                                                .raw = (l4_mword_t)e->tag }) ==
                                                                0x77 &&
               l4_msgtag_words((l4_msgtag_t){ .raw = (l4_mword_t)e->tag }) == 2,
           "it entered with the message's tag in state->i");
    tap_ok(e->mr0 == 0xabc && e->mr1 == 0xdef, "and the words in its UTCB");
}

static void test_user_mode(void)
{
    user_data[0] = 0x1234;
    pf_data[1] = 0x5151; /* the routine reads PF_ADDR + 8 */
    user_stack[0] = 1;
    v1.user_task = UTASK1;
    int n = v1.nlog;
    tap_ok(run_cmd(&v1, CMD_USER_SVC, 0), "user mode with system calls");
    tap_ok(v1.nlog == n + 3 && v1.log[n].r0 == 41 && v1.log[n + 1].r0 == 42 &&
               v1.log[n + 2].r0 == 43,
           "three svc entries with x0 41, 42, 43 (%d entries)", v1.nlog - n);
    struct entry *e = &v1.log[n];
    tap_ok((e->err >> 26) == 0x15 && (e->saved_state & L4_VCPU_F_USER_MODE) &&
               !(e->state & L4_VCPU_F_USER_MODE) && e->pc == (l4_addr_t)vu_svc + 4,
           "an svc in user mode is an exception entry (ESR EC 0x15, pc behind it)");

    n = v1.nlog;
    tap_ok(run_cmd(&v1, CMD_USER_LOAD, DATA_ADDR), "user mode reads its data page");
    e = last(&v1);
    tap_ok(v1.nlog == n + 1 && (e->err >> 26) == 0x15 && e->r1 == 0x1234,
           "it runs in the user task: the map item's page at 0x%lx (x1 0x%lx)", DATA_ADDR,
           (unsigned long)e->r1);

    n = v1.nlog;
    tap_ok(run_cmd(&v1, CMD_USER_LOAD, PF_ADDR + 8), "user mode faults on an unmapped page");
    tap_ok(v1.nlog == n + 2 && (v1.log[n].err >> 26) == 0x24 && v1.log[n].pfa == PF_ADDR + 8 &&
               (v1.log[n].saved_state & L4_VCPU_F_USER_MODE),
           "a page-fault entry with ESR EC 0x24 and the address (0x%lx)",
           (unsigned long)v1.log[n].pfa);
    e = last(&v1);
    tap_ok((e->err >> 26) == 0x15 && e->r1 == 0x5151,
           "served by a map item in the resume: the load then read 0x%lx", (unsigned long)e->r1);

    n = v1.nlog;
    tap_ok(run_cmd(&v1, CMD_USER_BRK, 0), "user mode brk");
    e = last(&v1);
    tap_ok(v1.nlog == n + 1 && (e->err >> 26) == 0x3c && e->pc == (l4_addr_t)vu_brk,
           "an exception entry (EC 0x3c, pc on the brk)");

    n = v1.nlog;
    tap_ok(run_cmd(&v1, CMD_USER_FP, 0), "user mode uses the FPU");
    tap_ok(v1.nlog == n + 2 && (v1.log[n].err >> 26) == 0x07,
           "without L4_VCPU_F_FPU_ENABLED its first FP instruction enters the vCPU (EC 0x07)");
    e = last(&v1);
    tap_ok((e->err >> 26) == 0x15 && e->fp == 0x4045000000000000UL,
           "with it the instruction ran: kernel mode sees user mode's d0 (0x%lx)",
           (unsigned long)e->fp);

    /* An Irq while user mode spins with the flag on. */
    n = v1.nlog;
    v1.cmd = CMD_USER_SPIN;
    v1.arg = L4_VCPU_F_IRQ;
    v1.cmd_seq++;
    kt_sleep_ms(3);
    tap_ok(v1.in_user && v1.nlog == n, "user mode spins");
    l4_irq_trigger(IRQ1);
    for (int i = 0; i < 200 && v1.done_seq != v1.cmd_seq; i++) {
        kt_sleep_ms(1);
    }
    e = last(&v1);
    tap_ok(v1.nlog == n + 1 && (e->err >> 26) == 0x3f && e->label == IRQ_LABEL &&
               (e->saved_state & (L4_VCPU_F_USER_MODE | L4_VCPU_F_IRQ)) ==
                   (L4_VCPU_F_USER_MODE | L4_VCPU_F_IRQ) &&
               e->pc >= (l4_addr_t)vu_spin && e->pc < (l4_addr_t)vu_spin_end,
           "an Irq enters from user mode (pc in the user loop, saved_state user mode)");
}

static void test_deletion(void)
{
    /* The user task deleted while the vCPU runs in it (flag off: nothing else brings it back). */
    tap_is_int(new_user_task(UTASK2), 0, "a second user task");
    v1.user_task = UTASK2;
    int n = v1.nlog;
    v1.cmd = CMD_USER_SPIN;
    v1.arg = 0;
    v1.cmd_seq++;
    kt_sleep_ms(3);
    tap_ok(v1.in_user && v1.nlog == n, "user mode spins in it");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, UTASK2)), 0, "delete the user task");
    for (int i = 0; i < 200 && v1.done_seq != v1.cmd_seq; i++) {
        kt_sleep_ms(1);
    }
    struct entry *e = last(&v1);
    tap_ok(v1.nlog == n + 1 && (e->saved_state & L4_VCPU_F_USER_MODE) &&
               l4_msgtag_has_error((l4_msgtag_t){ .raw = (l4_mword_t)e->tag }) &&
               e->tcr_error == L4_IPC_ENOT_EXISTENT,
           "the vCPU came back to kernel mode with L4_IPC_ENOT_EXISTENT");
    v1.user_task = UTASK1;
    n = v1.nlog;
    tap_ok(run_cmd(&v1, CMD_USER_SVC, 0) && v1.nlog == n + 3, "and runs user mode again");

    /* A vCPU thread deleted while it runs in user mode. */
    tap_is_int(new_user_task(UTASK3), 0, "a third user task");
    tap_is_int(make_vcpu(&v2, VCPU2, 1), 0, "a second vCPU");
    v2.user_task = UTASK3;
    v2.cmd = CMD_USER_SPIN;
    v2.arg = L4_VCPU_F_IRQ;
    v2.cmd_seq++;
    kt_sleep_ms(5);
    tap_ok(v2.in_user, "it spins in user mode");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, VCPU2)), 0, "delete the vCPU thread");
    kt_sleep_ms(3);
    tap_ok(!valid(VCPU2) && valid(UTASK3), "it is gone, its user task is not");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, UTASK3)), 0,
               "the user task deleted after it");
    n = v1.nlog;
    tap_ok(run_cmd(&v1, CMD_USER_SVC, 0) && v1.nlog == n + 3, "the first vCPU still works");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_control();
    test_events();
    test_user_mode();
    test_deletion();
    l4vcpu_print_state(v1.s, "ktest_vcpu: ");
    return tap_done();
}
