/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP, four CPUs): the kernel on a multiprocessor.
 * Semantics relied on (Fiasco.OC):
 * - l4_scheduler_info() reports every online CPU; l4_scheduler_run_thread()
 *   places a thread on the first online CPU of its CPU set (a set without an
 *   online CPU: -L4_EINVAL) and moves it there from wherever it is: blocked
 *   in IPC, or running.
 * - l4_scheduler_idle_time() of a CPU counts only while nothing runs there.
 *   Where a thread runs is seen that way: a spinning thread stops its CPU's
 *   idle time and no other.
 * - IPC between threads on different CPUs: call/reply, timeouts and
 *   cancellation (ex_regs) as on one CPU; preemption works on every CPU.
 * - ex_regs of a thread running on another CPU changes where it runs on.
 * - After l4_task_unmap() returns, no CPU uses the mapping any more: a thread
 *   reading the page in a loop on another CPU faults at once.
 * - A task deleted while its thread runs on another CPU: the thread stops;
 *   the factory quota comes back in full.
 * Spec: tests/target/kernel-runtime/smp.test (cpus: 4).
 */
#include <l4/crt0.h>
#include "kt.h"
#include "tap.h"

#define PLAN 42
#define NCPU 4

#define TH_SPIN(i)  KT_CAP(0x20 + (i)) /* i < 4 */
#define TH_SERVER   KT_CAP(0x24)
#define TH_CLIENT   KT_CAP(0x25)
#define TH_SLEEPER  KT_CAP(0x26)
#define TH_READER   KT_CAP(0x27)
#define TH_PAGER    KT_CAP(0x28)
#define QFACTORY    KT_CAP(0x30)
#define VICTIM      KT_CAP(0x31)
#define VICTIM_TH   KT_CAP(0x32)
#define TH_MAPPER(i) KT_CAP(0x33 + (i)) /* i < 3 */
#define FILL0       0x100

#define PRIO_MAIN   10
#define PRIO_SERVER 12
#define PRIO_SPIN   9
#define ROUNDS      500
#define ALIAS       0x30000000UL
#define QUOTA       (128 * 1024)

static kt_stack_t stacks[12];
static kt_stack_t victim_stack; /* the victim task runs on our image: a stack of its own */
static unsigned next_slot = 1;
static char page_buf[4][L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));

static volatile unsigned long spins[NCPU];
static volatile int stop_spinning;

/* Start \a fn in our task on CPU \a cpu at \a prio (placed before it first runs). */
static long start_on(l4_cap_idx_t cap, void (*fn)(void), unsigned prio, unsigned cpu,
                     l4_cap_idx_t pager)
{
    unsigned slot = next_slot++;
    long r = kt_thread_create(L4_BASE_FACTORY_CAP, cap, L4_BASE_TASK_CAP, kt_utcb_slot(slot),
                              pager, L4_INVALID_CAP);
    if (r < 0) {
        return r;
    }
    l4_sched_param_t sp = l4_sched_param(prio, 0);
    sp.affinity = l4_sched_cpu_set(cpu, 0, 1);
    r = kt_err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, cap, &sp));
    if (r < 0) {
        return r;
    }
    return kt_err(l4_thread_ex_regs(cap, (l4_addr_t)fn, kt_stack_top(&stacks[slot % 12]), 0));
}

static long move_to(l4_cap_idx_t cap, unsigned prio, unsigned cpu)
{
    l4_sched_param_t sp = l4_sched_param(prio, 0);
    sp.affinity = l4_sched_cpu_set(cpu, 0, 1);
    return kt_err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, cap, &sp));
}

static l4_kernel_clock_t idle_of(unsigned cpu)
{
    l4_sched_cpu_set_t s = l4_sched_cpu_set(cpu, 0, 1);
    l4_kernel_clock_t us = 0;
    l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &s, &us);
    return us;
}

/* Idle time each CPU gained over \a ms milliseconds of our sleeping. */
static void idle_deltas(unsigned ms, l4_kernel_clock_t *d)
{
    l4_kernel_clock_t before[NCPU];
    for (unsigned c = 0; c < NCPU; c++) {
        before[c] = idle_of(c);
    }
    l4_ipc_sleep(kt_to_ms(ms));
    for (unsigned c = 0; c < NCPU; c++) {
        d[c] = idle_of(c) - before[c];
    }
}

/* Busy on the CPU it is placed on; counts in spins[i] (i from the thread's slot). */
#define SPINNER(i)                                                                           \
    static void spin##i(void)                                                                \
    {                                                                                        \
        while (!stop_spinning) {                                                             \
            spins[i]++;                                                                      \
        }                                                                                    \
        kt_park();                                                                           \
    }
SPINNER(0)
SPINNER(1)
SPINNER(2)
SPINNER(3)
static void (*const spinners[NCPU])(void) = { spin0, spin1, spin2, spin3 };

/*
 * Until spinner i is seen running (up to 2 s): a virtual CPU woken by an
 * interrupt runs when its host thread gets a host CPU, which takes a while
 * on a busy host.
 */
static int wait_spinning(unsigned i)
{
    unsigned long s = spins[i];
    for (unsigned n = 0; n < 400 && spins[i] == s; n++) {
        l4_ipc_sleep(kt_to_ms(5));
    }
    return spins[i] != s;
}

static void test_info(void)
{
    l4_umword_t cpu_max = 0;
    l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 0);
    tap_is_int(kt_err(l4_scheduler_info(L4_BASE_SCHEDULER_CAP, &cpu_max, &cpus)), 0, "info");
    tap_is_int((long)cpu_max, NCPU, "cpu_max is the number of CPUs");
    tap_is_int((long)(cpus.map & 0xff), 0xf, "CPUs 0-3 are online");
    cpus = l4_sched_cpu_set(2, 0, 0);
    l4_scheduler_info(L4_BASE_SCHEDULER_CAP, &cpu_max, &cpus);
    tap_is_int((long)(cpus.map & 0xff), 0x3, "a window from CPU 2: bits for CPUs 2 and 3");
    tap_ok(l4_scheduler_is_online(L4_BASE_SCHEDULER_CAP, 3) &&
               !l4_scheduler_is_online(L4_BASE_SCHEDULER_CAP, 4),
           "CPU 3 is online, CPU 4 is not");
}

/* Spinners on CPUs 1-3: each stops the idle time of its own CPU only. */
static void test_placement(void)
{
    for (unsigned c = 1; c < NCPU; c++) {
        tap_is_int(start_on(TH_SPIN(c), spinners[c], PRIO_SPIN, c, L4_INVALID_CAP), 0,
                   "start a spinner on CPU %u", c);
    }
    l4_kernel_clock_t d[NCPU];
    for (unsigned c = 1; c < NCPU; c++) {
        wait_spinning(c);
    }
    idle_deltas(40, d);
    /* Idle time is clock time: a virtual CPU the host does not run for a while idles. */
    tap_ok(d[0] > 25000, "CPU 0 (we sleep) idled %llu us of 40 ms", (unsigned long long)d[0]);
    tap_ok(d[1] < 10000 && d[2] < 10000 && d[3] < 10000,
           "CPUs 1-3 (spinning) did not idle (%llu %llu %llu us)", (unsigned long long)d[1],
           (unsigned long long)d[2], (unsigned long long)d[3]);
    unsigned long s1 = spins[1];
    l4_sched_param_t sp = l4_sched_param(PRIO_SPIN, 0);
    sp.affinity = l4_sched_cpu_set(5, 0, 1);
    tap_is_int(kt_err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, TH_SPIN(1), &sp)),
               -L4_EINVAL, "a CPU set without an online CPU: -L4_EINVAL");
    kt_spin_us(20000); /* we keep CPU 0 busy: it runs beside us, not instead of us */
    tap_ok(spins[1] != s1, "the spinner on CPU 1 runs while we run (%lu)", spins[1] - s1);
}

/* Move the running spinner of CPU 3 to CPU 0's neighbour... to CPU 2, then back. */
static void test_migrate_running(void)
{
    tap_is_int(move_to(TH_SPIN(3), PRIO_SPIN - 1, 1), 0,
               "move the running spinner of CPU 3 to CPU 1 (below CPU 1's spinner)");
    l4_kernel_clock_t d[NCPU];
    idle_deltas(40, d);
    tap_ok(d[3] > 25000, "CPU 3 idles now (%llu us)", (unsigned long long)d[3]);
    unsigned long s3 = spins[3];
    l4_ipc_sleep(kt_to_ms(20));
    tap_ok(spins[3] == s3, "below CPU 1's spinner it gets no time there (%lu)", spins[3] - s3);
    tap_is_int(move_to(TH_SPIN(3), PRIO_SPIN, 3), 0, "move it back to CPU 3");
    int again = wait_spinning(3);
    idle_deltas(30, d);
    tap_ok(again && d[3] < 10000, "it spins on CPU 3 again (idle %llu us)",
           (unsigned long long)d[3]);
}

/* ---- IPC between CPUs ---- */

static volatile unsigned long served;

static void server(void)
{
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    for (;;) {
        if (l4_msgtag_has_error(tag)) {
            tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
            continue;
        }
        l4_utcb_mr()->mr[0] += 1;
        served++;
        tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
    }
}

static volatile long client_ok, client_done;

static void client(void)
{
    long ok = 0;
    for (unsigned long i = 0; i < ROUNDS; i++) {
        l4_utcb_mr()->mr[0] = i * 3;
        l4_msgtag_t t = l4_ipc_call(TH_SERVER, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_to_ms(2000));
        if (!l4_msgtag_has_error(t) && l4_utcb_mr()->mr[0] == i * 3 + 1) {
            ok++;
        }
    }
    client_ok = ok;
    client_done = 1;
    kt_park();
}

static void test_cross_cpu_ipc(void)
{
    tap_is_int(start_on(TH_SERVER, server, PRIO_SERVER, 1, L4_INVALID_CAP), 0,
               "a server on CPU 1 (above the spinner)");
    tap_is_int(start_on(TH_CLIENT, client, PRIO_SERVER, 2, L4_INVALID_CAP), 0,
               "a client on CPU 2 (above the spinner)");
    l4_cpu_time_t start = kt_now_us();
    while (!client_done && kt_now_us() - start < 60000000) {
        l4_ipc_sleep(kt_to_ms(5));
    }
    tap_is_int(client_ok, ROUNDS, "%d calls from CPU 2 to CPU 1, every answer right", ROUNDS);
    tap_is_int((long)served, ROUNDS, "the server counted %d", ROUNDS);

    /* From CPU 0 (us) to CPU 1, once more; then the server moves while blocked. */
    l4_utcb_mr()->mr[0] = 41;
    l4_msgtag_t t = l4_ipc_call(TH_SERVER, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_to_ms(1000));
    tap_ok(!l4_msgtag_has_error(t) && l4_utcb_mr()->mr[0] == 42, "a call from CPU 0: 42");
    tap_is_int(move_to(TH_SERVER, PRIO_SERVER, 3), 0, "move the server, blocked in IPC, to CPU 3");
    l4_utcb_mr()->mr[0] = 99;
    t = l4_ipc_call(TH_SERVER, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_to_ms(1000));
    tap_ok(!l4_msgtag_has_error(t) && l4_utcb_mr()->mr[0] == 100,
           "it answers from CPU 3 (100, ipc error %lu)", kt_ipc_err(t));
}

static volatile unsigned long sleeper_err;
static volatile int sleeper_done;

static void sleeper(void)
{
    l4_umword_t label;
    l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    sleeper_err = kt_ipc_err(t);
    sleeper_done = 1;
    kt_park();
}

static void test_timeout_and_cancel(void)
{
    /* The client thread (CPU 2) is parked: a call to it times out. */
    l4_cpu_time_t t0 = kt_now_us();
    l4_msgtag_t t = l4_ipc_call(TH_CLIENT, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_to_ms(30));
    l4_cpu_time_t waited = kt_now_us() - t0;
    tap_ok(kt_ipc_err(t) == L4_IPC_SETIMEOUT && waited >= 25000 && waited < 500000,
           "a call to a thread on CPU 2 that does not wait: send timeout after %llu us",
           (unsigned long long)waited);
    tap_is_int(start_on(TH_SLEEPER, sleeper, PRIO_SERVER, 2, L4_INVALID_CAP), 0,
               "a thread on CPU 2 waits for ever");
    /* Until it is in its wait a cancel does nothing: cancel until the wait ends. */
    long r = 0;
    for (unsigned i = 0; i < 200 && !sleeper_done && r == 0; i++) {
        l4_ipc_sleep(kt_to_ms(10));
        r = kt_err(l4_thread_ex_regs(TH_SLEEPER, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL));
    }
    tap_is_int(r, 0, "cancel its IPC from CPU 0");
    l4_ipc_sleep(kt_to_ms(10));
    tap_ok(sleeper_done && sleeper_err == L4_IPC_RECANCELED, "its wait ended canceled (%lu)",
           sleeper_err);
}

/* ex_regs of the spinner running on CPU 2: it goes where we say, at once. */
static volatile int redirected;

static void redirected_here(void)
{
    redirected = 1;
    kt_park();
}

static void test_ex_regs_remote(void)
{
    l4_umword_t flags = 0;
    l4_addr_t pc = (l4_addr_t)redirected_here, sp = kt_stack_top(&stacks[0]);
    long r = kt_err(l4_thread_ex_regs_ret(TH_SPIN(2), &pc, &sp, &flags));
    tap_is_int(r, 0, "ex_regs of the spinner running on CPU 2");
    tap_ok(pc >= (l4_addr_t)spin2 && pc < (l4_addr_t)spin2 + 64,
           "the old pc is in its loop (0x%lx)", pc);
    l4_ipc_sleep(kt_to_ms(10));
    tap_ok(redirected, "it runs the new code");
}

/* ---- unmap across CPUs ---- */

static volatile unsigned long reads;
static volatile l4_umword_t fault_addr, fault_label;
static volatile unsigned long reads_at_fault;

static void reader(void)
{
    for (;;) {
        (void)*(volatile unsigned long *)ALIAS;
        reads++;
    }
}

static void pager(void)
{
    l4_umword_t label;
    l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(5000));
    reads_at_fault = reads;
    fault_label = (l4_umword_t)l4_msgtag_label(t);
    fault_addr = l4_msgtag_has_error(t) ? 0 : l4_utcb_mr()->mr[0];
    kt_park(); /* the reader stays blocked in its fault */
}

static void test_unmap_remote(void)
{
    page_buf[0][0] = 1;
    tap_is_int(kt_err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                                  l4_fpage((l4_addr_t)page_buf[0], L4_PAGESHIFT, L4_FPAGE_RO),
                                  ALIAS)),
               0, "map a page of ours at a second address");
    tap_is_int(start_on(TH_PAGER, pager, PRIO_SERVER, 3, L4_INVALID_CAP), 0,
               "a pager thread on CPU 3");
    tap_is_int(start_on(TH_READER, reader, PRIO_SERVER, 1, TH_PAGER), 0,
               "a thread reading it in a loop on CPU 1");
    while (reads < 10000) {
        l4_ipc_sleep(kt_to_ms(1));
    }
    tap_is_int(kt_err(l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(ALIAS, L4_PAGESHIFT, L4_FPAGE_RWX),
                                    L4_FP_ALL_SPACES)),
               0, "unmap it while the reader runs");
    unsigned long after = reads;
    l4_ipc_sleep(kt_to_ms(50));
    tap_ok(fault_label == (l4_umword_t)L4_PROTO_PAGE_FAULT && l4_trunc_page(fault_addr) == ALIAS,
           "the reader faulted at the unmapped page (label %ld, 0x%lx)", (long)fault_label,
           fault_addr);
    tap_ok(reads_at_fault <= after + 1,
           "no read completed through the old mapping after unmap returned (%lu more)",
           reads_at_fault - after);
}

/* ---- deletion and the quota ---- */

static volatile unsigned long victim_spins;

static void victim_spin(void)
{
    for (;;) {
        victim_spins++;
    }
}

/* Threads the quota factory still has room for (all deleted again). */
static long room_left(void)
{
    long n = 0;
    while (n < 200 && kt_err(l4_factory_create_thread(QFACTORY, KT_CAP(FILL0 + n))) == 0) {
        n++;
    }
    for (long i = 0; i < n; i++) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, KT_CAP(FILL0 + i));
    }
    return n;
}

static volatile int mappers_stop;
static volatile long mapper_rounds[3];

#define MAPPER(i)                                                                            \
    static void mapper##i(void)                                                              \
    {                                                                                        \
        while (!mappers_stop) {                                                              \
            l4_addr_t a = 0x40000000UL + (i) * 0x100000UL + (mapper_rounds[i] % 16) * L4_PAGESIZE; \
            l4_task_map(VICTIM, L4_BASE_TASK_CAP,                                            \
                        l4_fpage((l4_addr_t)page_buf[(i) + 1], L4_PAGESHIFT, L4_FPAGE_RW), a); \
            l4_task_unmap(VICTIM, l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX), L4_FP_ALL_SPACES); \
            mapper_rounds[i]++;                                                              \
        }                                                                                    \
        kt_park();                                                                           \
    }
MAPPER(0)
MAPPER(1)
MAPPER(2)
static void (*const mappers[3])(void) = { mapper0, mapper1, mapper2 };

/* A victim task from the quota factory with a thread spinning on \a cpu at \a prio. */
static int make_victim(unsigned cpu, unsigned prio)
{
    if (kt_task_create(QFACTORY, VICTIM) < 0 || kt_task_share_image(VICTIM) < 0 ||
        kt_thread_create(QFACTORY, VICTIM_TH, VICTIM, KT_CHILD_UTCB_AREA, L4_INVALID_CAP,
                         L4_INVALID_CAP) < 0 ||
        move_to(VICTIM_TH, prio, cpu) < 0 ||
        kt_err(l4_thread_ex_regs(VICTIM_TH, (l4_addr_t)victim_spin, kt_stack_top(&victim_stack),
                                 0)) < 0) {
        return 0;
    }
    unsigned long v = victim_spins;
    l4_ipc_sleep(kt_to_ms(5));
    return victim_spins != v;
}

static void test_delete_and_quota(void)
{
    stop_spinning = 1; /* the spinners park: CPUs 1-3 are free */
    l4_ipc_sleep(kt_to_ms(10));
    tap_is_int(kt_err(l4_factory_create_factory(L4_BASE_FACTORY_CAP, QFACTORY, QUOTA)), 0,
               "a factory with a %d KiB quota", QUOTA / 1024);
    long room0 = room_left();
    int spun = 1, stopped = 1;
    for (unsigned round = 0; round < 3; round++) {
        spun &= make_victim(1 + round, PRIO_SERVER);
        l4_task_delete_obj(L4_BASE_TASK_CAP, VICTIM);
        l4_task_delete_obj(L4_BASE_TASK_CAP, VICTIM_TH);
        unsigned long v = victim_spins;
        l4_ipc_sleep(kt_to_ms(5));
        stopped &= victim_spins == v;
    }
    tap_ok(spun, "a victim's thread ran on CPUs 1, 2 and 3 in turn");
    tap_ok(stopped, "deleting its task stopped it at once on that CPU");

    /* Three CPUs map into and unmap from one task while we delete it. */
    for (unsigned i = 0; i < 3; i++) {
        start_on(TH_MAPPER(i), mappers[i], PRIO_SPIN, 1 + i, L4_INVALID_CAP);
    }
    for (unsigned round = 0; round < 5; round++) {
        make_victim(1 + round % 3, PRIO_SPIN); /* shares the CPU with a mapper */
        l4_ipc_sleep(kt_to_ms(5));
        l4_task_delete_obj(L4_BASE_TASK_CAP, VICTIM);
        l4_task_delete_obj(L4_BASE_TASK_CAP, VICTIM_TH);
    }
    mappers_stop = 1;
    l4_ipc_sleep(kt_to_ms(10));
    tap_ok(mapper_rounds[0] > 0 && mapper_rounds[1] > 0 && mapper_rounds[2] > 0,
           "three CPUs mapped and unmapped while the task came and went (%ld %ld %ld)",
           mapper_rounds[0], mapper_rounds[1], mapper_rounds[2]);
    /* A deleted thread's page goes back once its CPU has left it (the kill's interrupt). */
    long room1 = room_left();
    unsigned waited = 0;
    for (; room1 != room0 && waited < 2000; waited += 10) {
        l4_ipc_sleep(kt_to_ms(10));
        room1 = room_left();
    }
    tap_ok(room0 > 0 && room1 == room0,
           "the quota came back in full (%ld, then %ld threads, after %u ms more)", room0, room1,
           waited);
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    kt_set_prio(L4_BASE_THREAD_CAP, PRIO_MAIN, 0);
    test_info();
    test_placement();
    test_migrate_running();
    test_cross_cpu_ipc();
    test_timeout_and_cancel();
    test_ex_regs_remote();
    test_unmap_remote();
    test_delete_and_quota();
    return tap_done();
}
