/* SPDX-License-Identifier: MIT */
/*
 * Kernel micro-benchmarks (root task), run by `make bench` under QEMU
 * -icount shift=0, where one instruction takes one ns of virtual time and
 * PMCCNTR_EL0 counts one per instruction. Each prints
 *     BENCH <name> <instructions per operation> instructions
 * averaged over many operations after a warm-up. --ipc: call + reply round
 * trips to a thread of our task and to a thread of another task (its code
 * is our image mapped 1:1); --irq: software IRQ trigger until the handler
 * thread has received it (and the same in one thread); --pf: page faults
 * resolved by a user pager (our main thread), measured from one fault
 * message to the next; --map: call + reply round trips to a thread of
 * another task whose reply carries a map item of one page (the same page
 * at the same place each time: the kernel finds that mapping already
 * there); --smp (four CPUs): call + reply round trips to another task's
 * thread on our CPU (with the kernel lock that four CPUs need) and on CPU 1,
 * and four such pairs, each on its own CPU, at once. Under -icount QEMU runs the CPUs in turn and the counter counts
 * the instructions of all of them: a cross-CPU figure is both CPUs' work per
 * round trip, the four-pair figure all four pairs' work divided by their
 * round trips (per pair). The counter is PMCCNTR_EL0 if the kernel allows EL0 access
 * (PMUSERENR_EL0.EN/CR, readable at EL0); otherwise the KIP clock
 * (µs x 1000 = instructions under shift=0) over more operations.
 */
#include <l4/crt0.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/util/bootinfo.h>
#include <l4/util/kd_printf.h>
#include "kt.h"

#define SERVER_LOCAL KT_CAP(0x20)
#define CHILD        KT_CAP(0x21)
#define SERVER_CHILD KT_CAP(0x22)
#define IRQ_X        KT_CAP(0x23)
#define IRQ_SELF     KT_CAP(0x24)
#define IRQ_HANDLER  KT_CAP(0x25)
#define PF_CHILD     KT_CAP(0x26)
#define PF_THREAD    KT_CAP(0x27)
#define MAP_CHILD    KT_CAP(0x28)
#define MAP_SERVER   KT_CAP(0x29)
#define CHILD_PAGER  KT_CAP(0x10) /* in the pf child's space */

#define WARMUP    1000
#define PF_REGION 0x20000000UL
#define PF_WARMUP 16
#define REPORT    0x100
#define MAP_WINDOW 0x30000000UL /* where the map round trips put the page, in our space */

static kt_stack_t stacks[4];
static unsigned long ops;    /* operations per measurement */
static unsigned long pf_ops; /* page faults per measurement (each maps a new page) */
static int use_pmu;
static unsigned long pf_src[L4_PAGESIZE / sizeof(unsigned long)]
    __attribute__((aligned(L4_PAGESIZE)));
static volatile unsigned long irq_count, pf_total;

static inline unsigned long pmu_cycles(void)
{
    unsigned long v;

    __asm__ volatile("isb\n mrs %0, pmccntr_el0\n isb" : "=r"(v) : : "memory");
    return v;
}

/* Instructions elapsed so far on one of the two clocks. */
static unsigned long now_insns(void)
{
    return use_pmu ? pmu_cycles() : (unsigned long)kt_now_us() * 1000UL;
}

/* Use PMCCNTR if EL0 may read it and it counts. */
static void pick_counter(void)
{
    unsigned long en, a, b;

    __asm__ volatile("mrs %0, pmuserenr_el0" : "=r"(en));
    use_pmu = 0;
    if (en & 5) { /* EN (all PMU registers) or CR (cycle counter read) */
        a = pmu_cycles();
        kt_spin_us(0);
        b = pmu_cycles();
        use_pmu = b != a;
    }
    ops = use_pmu ? 10000 : 100000;
    pf_ops = use_pmu ? 10000 : 20000;
    kd_printf("kbench: counter %s, %lu operations per figure\n",
              use_pmu ? "PMCCNTR_EL0" : "KIP clock (us x 1000)", ops);
}

static void report(char const *name, unsigned long insns, unsigned long n)
{
    kd_printf("BENCH %s %lu instructions\n", name, (insns + n / 2) / n);
}

/* The server of the IPC round trips: answers with as many words as it got, forever. */
static void server_thread(void)
{
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);

    for (;;) {
        tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, l4_msgtag_words(tag), 0, 0), &label,
                                    L4_IPC_SEND_TIMEOUT_0);
    }
}

/* Call and reply with \a words untyped words both ways. */
static void rtt(char const *name, l4_cap_idx_t server, unsigned words)
{
    l4_msgtag_t msg = l4_msgtag(0, words, 0, 0);
    l4_msgtag_t tag = l4_ipc_call(server, l4_utcb(), msg, kt_to_ms(1000));
    unsigned long i, t0;

    if (kt_ipc_err(tag)) {
        kd_printf("kbench: %s: first call failed (ipc error %lu)\n", name, kt_ipc_err(tag));
        return;
    }
    for (i = 0; i < WARMUP; ++i) {
        l4_ipc_call(server, l4_utcb(), msg, L4_IPC_NEVER);
    }
    t0 = now_insns();
    for (i = 0; i < ops; ++i) {
        l4_ipc_call(server, l4_utcb(), msg, L4_IPC_NEVER);
    }
    report(name, now_insns() - t0, ops);
}

static void bench_ipc(void)
{
    long r = kt_thread_start(SERVER_LOCAL, 1, server_thread, &stacks[0], KT_PRIO,
                             L4_INVALID_CAP);

    if (r < 0) {
        kd_printf("kbench: ipc_rtt_intratask: no server thread (%ld)\n", r);
    } else {
        rtt("ipc_rtt_intratask", SERVER_LOCAL, 0);
    }

    r = kt_task_create(L4_BASE_FACTORY_CAP, CHILD);
    if (r == 0) {
        r = kt_task_share_image(CHILD);
    }
    if (r == 0) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, SERVER_CHILD, CHILD, KT_CHILD_UTCB_AREA,
                             L4_INVALID_CAP, L4_INVALID_CAP);
    }
    if (r == 0) {
        r = kt_thread_go(SERVER_CHILD, server_thread, kt_stack_top(&stacks[1]), KT_PRIO);
    }
    if (r < 0) {
        kd_printf("kbench: ipc_rtt_intertask: no server task (%ld)\n", r);
        return;
    }
    rtt("ipc_rtt_intertask", SERVER_CHILD, 0);
    rtt("ipc_rtt_intertask_8w", SERVER_CHILD, 8);
    rtt("ipc_rtt_intertask_63w", SERVER_CHILD, L4_UTCB_GENERIC_DATA_SIZE);
}

/* IRQ handler thread: one higher priority than main, so a trigger switches here. */
static void irq_handler_thread(void)
{
    for (;;) {
        l4_irq_receive(IRQ_X, L4_IPC_NEVER);
        ++irq_count;
    }
}

static void bench_irq(void)
{
    unsigned long i, t0, t1;
    long r;

    r = kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_X));
    if (r == 0) {
        r = kt_thread_start(IRQ_HANDLER, 1, irq_handler_thread, &stacks[0], KT_PRIO + 1,
                            L4_INVALID_CAP);
    }
    if (r == 0) {
        r = kt_err(l4_rcv_ep_bind_thread(IRQ_X, IRQ_HANDLER, 0x10));
    }
    l4_irq_trigger(IRQ_X);
    l4_ipc_sleep_ms(10);
    if (r < 0 || irq_count != 1) {
        kd_printf("kbench: irq_trigger_to_receive: handler not reached (%ld, %lu)\n", r,
                  irq_count);
    } else {
        for (i = 0; i < WARMUP; ++i) {
            l4_irq_trigger(IRQ_X);
        }
        t0 = now_insns();
        for (i = 0; i < ops; ++i) {
            l4_irq_trigger(IRQ_X);
        }
        t1 = now_insns();
        if (irq_count == 1 + WARMUP + ops) {
            report("irq_trigger_to_receive", t1 - t0, ops);
        } else {
            kd_printf("kbench: irq_trigger_to_receive: %lu of %lu delivered\n", irq_count,
                      1 + WARMUP + ops);
        }
    }

    r = kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_SELF));
    if (r == 0) {
        r = kt_err(l4_rcv_ep_bind_thread(IRQ_SELF, L4_BASE_THREAD_CAP, 0x20));
    }
    l4_irq_trigger(IRQ_SELF);
    if (r < 0 || kt_ipc_err(l4_ipc_receive(IRQ_SELF, l4_utcb(), kt_to_ms(100)))) {
        kd_printf("kbench: irq_trigger_receive_self: no delivery (%ld)\n", r);
        return;
    }
    for (i = 0; i < WARMUP; ++i) {
        l4_irq_trigger(IRQ_SELF);
        l4_ipc_receive(IRQ_SELF, l4_utcb(), L4_IPC_NEVER);
    }
    t0 = now_insns();
    for (i = 0; i < ops; ++i) {
        l4_irq_trigger(IRQ_SELF);
        l4_ipc_receive(IRQ_SELF, l4_utcb(), L4_IPC_NEVER);
    }
    report("irq_trigger_receive_self", now_insns() - t0, ops);
}

/* In the pf child: read one word of each page of the region, then report. */
static void pf_thread(void)
{
    unsigned long i, sum = 0;

    for (i = 0; i < pf_total; ++i) {
        sum += *(volatile unsigned long *)(PF_REGION + i * L4_PAGESIZE);
    }
    l4_utcb_mr()->mr[0] = sum;
    l4_ipc_call(CHILD_PAGER, l4_utcb(), l4_msgtag(REPORT, 1, 0, 0), kt_to_ms(1000));
    kt_park();
}

static void bench_pf(void)
{
    unsigned long n = 0, t0 = 0, t1 = 0, first = PF_WARMUP, last = PF_WARMUP + pf_ops;
    l4_umword_t label;
    l4_msgtag_t tag;
    long r;

    pf_total = last + 1;
    r = kt_task_create(L4_BASE_FACTORY_CAP, PF_CHILD);
    if (r == 0) {
        r = kt_task_share_image(PF_CHILD);
    }
    if (r == 0) {
        r = kt_task_give_cap(PF_CHILD, L4_BASE_THREAD_CAP, CHILD_PAGER, L4_CAP_FPAGE_RWS);
    }
    if (r == 0) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, PF_THREAD, PF_CHILD, KT_CHILD_UTCB_AREA,
                             CHILD_PAGER, L4_INVALID_CAP);
    }
    if (r == 0) {
        r = kt_thread_go(PF_THREAD, pf_thread, kt_stack_top(&stacks[2]), KT_PRIO);
    }
    if (r < 0) {
        kd_printf("kbench: pf_resolve: no child (%ld)\n", r);
        return;
    }
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(1000));
    for (;;) {
        if (kt_ipc_err(tag) || l4_msgtag_label(tag) != L4_PROTO_PAGE_FAULT) {
            break;
        }
        if (n == first) {
            t0 = now_insns();
        } else if (n == last) {
            t1 = now_insns();
        }
        ++n;
        l4_utcb_mr()->mr[0] = l4_map_control(l4_utcb_mr()->mr[0], 0, 0);
        l4_utcb_mr()->mr[1] = l4_fpage((l4_addr_t)pf_src, L4_PAGESHIFT, L4_FPAGE_RO).raw;
        tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 1, 0), &label,
                                    n == 1 ? kt_reply_rcv_ms(1000) : L4_IPC_SEND_TIMEOUT_0);
    }
    if (n != pf_total || l4_msgtag_label(tag) != REPORT) {
        kd_printf("kbench: pf_resolve: %lu of %lu faults, then tag 0x%lx ipc error %lu\n", n,
                  pf_total, (unsigned long)tag.raw, kt_ipc_err(tag));
        return;
    }
    l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
    report("pf_resolve", t1 - t0, last - first);
}

/* The map server (in the child): each reply maps its copy of pf_src read-only. */
static void map_server_thread(void)
{
    l4_umword_t label;

    l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    for (;;) {
        l4_utcb_mr()->mr[0] = l4_map_control(MAP_WINDOW, 0, 0);
        l4_utcb_mr()->mr[1] = l4_fpage((l4_addr_t)pf_src, L4_PAGESHIFT, L4_FPAGE_RO).raw;
        l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 1, 0), &label, L4_IPC_SEND_TIMEOUT_0);
    }
}

/* One call whose reply maps a page into MAP_WINDOW; the window is offered each time. */
static l4_msgtag_t map_call(l4_timeout_t to)
{
    l4_buf_regs_t *b = l4_utcb_br();

    b->bdr = 0;
    b->br[0] = L4_ITEM_MAP;
    b->br[1] = l4_fpage(MAP_WINDOW, L4_PAGESHIFT, L4_FPAGE_RWX).raw;
    return l4_ipc_call(MAP_SERVER, l4_utcb(), l4_msgtag(0, 0, 0, 0), to);
}

static void bench_map(void)
{
    unsigned long i, t0;
    l4_msgtag_t tag;
    long r;

    pf_src[0] = 0x5eed;
    r = kt_task_create(L4_BASE_FACTORY_CAP, MAP_CHILD);
    if (r == 0) {
        r = kt_task_share_image(MAP_CHILD);
    }
    if (r == 0) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, MAP_SERVER, MAP_CHILD, KT_CHILD_UTCB_AREA,
                             L4_INVALID_CAP, L4_INVALID_CAP);
    }
    if (r == 0) {
        r = kt_thread_go(MAP_SERVER, map_server_thread, kt_stack_top(&stacks[3]), KT_PRIO);
    }
    if (r < 0) {
        kd_printf("kbench: ipc_rtt_map_page: no server task (%ld)\n", r);
        return;
    }
    tag = map_call(kt_to_ms(1000));
    if (kt_ipc_err(tag) || l4_msgtag_items(tag) != 1
        || *(volatile unsigned long *)MAP_WINDOW != 0x5eed) {
        kd_printf("kbench: ipc_rtt_map_page: first call: ipc error %lu, %u items\n",
                  kt_ipc_err(tag), l4_msgtag_items(tag));
        return;
    }
    for (i = 0; i < WARMUP; ++i) {
        map_call(L4_IPC_NEVER);
    }
    t0 = now_insns();
    for (i = 0; i < ops; ++i) {
        map_call(L4_IPC_NEVER);
    }
    report("ipc_rtt_map_page", now_insns() - t0, ops);
}

/* ---- --smp: round trips across CPUs, and four pairs at once ---- */

#define SMP_CHILD     KT_CAP(0x2a)
#define SMP_SERVER(i) KT_CAP(0x30 + (i)) /* i < 4, in SMP_CHILD, on CPU i */
#define SMP_CLIENT(i) KT_CAP(0x34 + (i)) /* 1 <= i < 4, ours, on CPU i */
#define SMP_PAIRS     4

static kt_stack_t smp_stacks[2 * SMP_PAIRS];

static long place(l4_cap_idx_t cap, unsigned cpu)
{
    l4_sched_param_t sp = l4_sched_param(KT_PRIO, 0);
    sp.affinity = l4_sched_cpu_set(cpu, 0, 1);
    return kt_err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, cap, &sp));
}

/* Client of pair i (CPUs 1-3): warm up, say ready, wait for the start, call, say done. */
static void pair_client(unsigned i)
{
    l4_umword_t label;
    l4_msgtag_t msg = l4_msgtag(0, 0, 0, 0);
    unsigned long n;

    for (n = 0; n < WARMUP; ++n) {
        l4_ipc_call(SMP_SERVER(i), l4_utcb(), msg, L4_IPC_NEVER);
    }
    l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), msg, L4_IPC_NEVER);
    l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    for (n = 0; n < ops; ++n) {
        l4_ipc_call(SMP_SERVER(i), l4_utcb(), msg, L4_IPC_NEVER);
    }
    l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), msg, L4_IPC_NEVER);
    kt_park();
}
static void pair_client1(void) { pair_client(1); }
static void pair_client2(void) { pair_client(2); }
static void pair_client3(void) { pair_client(3); }
static void (*const pair_clients[SMP_PAIRS])(void) = { 0, pair_client1, pair_client2,
                                                      pair_client3 };

static long smp_setup(void)
{
    long r = kt_task_create(L4_BASE_FACTORY_CAP, SMP_CHILD);
    if (r == 0) {
        r = kt_task_share_image(SMP_CHILD);
    }
    for (unsigned i = 0; r == 0 && i < SMP_PAIRS; i++) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, SMP_SERVER(i), SMP_CHILD,
                             KT_CHILD_UTCB_AREA + i * L4_UTCB_OFFSET, L4_INVALID_CAP,
                             L4_INVALID_CAP);
        if (r == 0) {
            r = place(SMP_SERVER(i), i);
        }
        if (r == 0) {
            r = kt_err(l4_thread_ex_regs(SMP_SERVER(i), (l4_addr_t)server_thread,
                                         kt_stack_top(&smp_stacks[i]), 0));
        }
    }
    return r;
}

static void bench_smp(void)
{
    l4_msgtag_t msg = l4_msgtag(0, 0, 0, 0);
    l4_umword_t label;
    unsigned long i, t0;
    long r = smp_setup();

    if (r < 0) {
        kd_printf("kbench: smp: no servers on CPUs 0-3 (%ld)\n", r);
        return;
    }
    rtt("ipc_rtt_intertask_smp", SMP_SERVER(0), 0);
    rtt("ipc_rtt_cross_cpu", SMP_SERVER(1), 0);

    for (i = 1; r == 0 && i < SMP_PAIRS; i++) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, SMP_CLIENT(i), L4_BASE_TASK_CAP,
                             kt_utcb_slot(4 + i), L4_INVALID_CAP, L4_INVALID_CAP);
        if (r == 0) {
            r = place(SMP_CLIENT(i), i);
        }
        if (r == 0) {
            r = kt_err(l4_thread_ex_regs(SMP_CLIENT(i), (l4_addr_t)pair_clients[i],
                                         kt_stack_top(&smp_stacks[SMP_PAIRS + i]), 0));
        }
    }
    if (r < 0) {
        kd_printf("kbench: smp: no clients on CPUs 1-3 (%ld)\n", r);
        return;
    }
    for (i = 0; i < WARMUP; ++i) {
        l4_ipc_call(SMP_SERVER(0), l4_utcb(), msg, L4_IPC_NEVER);
    }
    for (i = 1; i < SMP_PAIRS; i++) {
        l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER); /* every client warmed up: ready */
    }
    t0 = now_insns();
    for (i = 1; i < SMP_PAIRS; i++) {
        l4_ipc_send(SMP_CLIENT(i), l4_utcb(), msg, L4_IPC_NEVER); /* waits until it waits */
    }
    for (i = 0; i < ops; ++i) {
        l4_ipc_call(SMP_SERVER(0), l4_utcb(), msg, L4_IPC_NEVER);
    }
    for (i = 1; i < SMP_PAIRS; i++) {
        l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    }
    report("ipc_rtt_intertask_4pairs", now_insns() - t0, SMP_PAIRS * ops);
}

int l4_main(l4_kernel_info_t *kip)
{
    char const *cmdline = l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK);

    pick_counter();
    if (l4util_cmdline_flag(cmdline, "--ipc")) {
        bench_ipc();
    }
    if (l4util_cmdline_flag(cmdline, "--irq")) {
        bench_irq();
    }
    if (l4util_cmdline_flag(cmdline, "--pf")) {
        bench_pf();
    }
    if (l4util_cmdline_flag(cmdline, "--map")) {
        bench_map();
    }
    if (l4util_cmdline_flag(cmdline, "--smp")) {
        bench_smp();
    }
    kd_printf("kbench: done\n");
    return 0;
}
