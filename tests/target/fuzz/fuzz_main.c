// SPDX-License-Identifier: MIT
/*
 * The fuzz harness, the root task of a fuzz boot (doc/testing.md). It
 * measures the root factory's free quota, sets up the canary task (a few
 * pages with a known pattern, capabilities to an Irq, a gate and itself,
 * a thread checksumming its pages) and the fuzz task (our image without
 * the canary's pages, its own factory, the generator of fuzz_gen.c), then
 * watches: progress, the canary's checksum and capabilities, a stuck IPC
 * (cancelled with ex_regs). At the end it deletes both tasks and all they
 * held and prints
 *   fuzz: N invocations, K kernel failures, canary intact, quota leak B bytes
 * A kernel panic stops the boot before that line; the runner counts it.
 * Command line: --seed=S --n=N (invocations) [--trace=I] [--no-grant].
 */
#include <l4/crt0.h>
#include <l4/sigma0/sigma0.h>
#include <l4/sys/platform_control.h>
#include <l4/util/bootinfo.h>
#include <l4/util/kd_printf.h>
#include "fuzz.h"

/* Our capability slots. */
#define H_CANARY KT_CAP(0x40)
#define H_FACTORY KT_CAP(0x41)
#define H_FUZZ KT_CAP(0x42)
#define H_FUZZ_THREAD KT_CAP(0x43)
#define H_CANARY_THREAD KT_CAP(0x44)
#define H_CANARY_IRQ KT_CAP(0x45)
#define H_CANARY_GATE KT_CAP(0x46)
#define H_PROBE KT_CAP(0x47)

#define CANARY_PAGES 4
#define CANARY_VA 0x30000000UL
#define CANARY_CAPS 4       /* slots 0x10.. in the canary, copies at 0x20.. */
#define FUZZ_QUOTA (4UL << 20)

/* The canary's memory (pattern pages, then its status page): never mapped to the fuzz task. */
static char canary_block[(CANARY_PAGES + 1) * L4_PAGESIZE] __attribute__((aligned(4096)));
static kt_stack_t canary_stack;

struct canary_status {
    volatile unsigned long rounds;
    volatile unsigned long sum;
};

static unsigned long checksum(const char *p, unsigned long n)
{
    unsigned long s = 0;
    for (unsigned long i = 0; i < n; i += 8) {
        s = (s ^ *(const unsigned long *)(p + i)) * 0x100000001b3UL;
    }
    return s;
}

/* Runs in the canary task: checksum its pages (its own view of them) every few ms. */
static void canary_loop(void)
{
    struct canary_status *st = (struct canary_status *)(CANARY_VA + CANARY_PAGES * L4_PAGESIZE);
    for (;;) {
        st->sum = checksum((const char *)CANARY_VA, CANARY_PAGES * L4_PAGESIZE);
        st->rounds++;
        l4_ipc_sleep_ms(5);
    }
}

/* The root factory's free quota in bytes (less a constant): the largest factory it makes. */
static unsigned long root_free(void)
{
    unsigned long lo = 0, hi = 1UL << 30;
    while (lo < hi) {
        unsigned long mid = lo + (hi - lo + 1) / 2;
        if (l4_error(l4_factory_create_factory(L4_BASE_FACTORY_CAP, H_PROBE, mid)) >= 0) {
            l4_task_delete_obj(L4_BASE_TASK_CAP, H_PROBE);
            l4_task_release_cap(L4_BASE_TASK_CAP, H_PROBE);
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

/* Map our image into \a task, leaving out the canary's pages. */
static long share_image_but_canary(l4_cap_idx_t task)
{
    l4_addr_t c0 = (l4_addr_t)canary_block;
    return kt_task_share_image_except(task, c0, c0 + sizeof(canary_block));
}

static int canary_setup(unsigned long *sum)
{
    for (unsigned long i = 0; i < CANARY_PAGES * L4_PAGESIZE; i++) {
        canary_block[i] = (char)(i * 131 + 7);
    }
    *sum = checksum(canary_block, CANARY_PAGES * L4_PAGESIZE);
    if (kt_task_create(L4_BASE_FACTORY_CAP, H_CANARY) < 0 || share_image_but_canary(H_CANARY) < 0) {
        return -1;
    }
    for (unsigned p = 0; p <= CANARY_PAGES; p++) {
        l4_addr_t a = (l4_addr_t)canary_block + p * L4_PAGESIZE;
        if (l4_error(l4_task_map(H_CANARY, L4_BASE_TASK_CAP, l4_fpage(a, 12, L4_FPAGE_RW),
                                 l4_map_control(CANARY_VA + p * L4_PAGESIZE, 0, 0))) < 0) {
            return -1;
        }
    }
    if (l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, H_CANARY_IRQ)) < 0 ||
        kt_thread_create(L4_BASE_FACTORY_CAP, H_CANARY_THREAD, H_CANARY, KT_CHILD_UTCB_AREA,
                         L4_INVALID_CAP, L4_INVALID_CAP) < 0 ||
        l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, H_CANARY_GATE, H_CANARY_THREAD,
                                        0x40)) < 0) {
        return -1;
    }
    const l4_cap_idx_t caps[CANARY_CAPS] = { H_CANARY, H_CANARY_IRQ, H_CANARY_GATE,
                                            H_CANARY_THREAD };
    for (unsigned i = 0; i < CANARY_CAPS; i++) {
        if (kt_task_give_cap(H_CANARY, caps[i], KT_CAP(0x10 + i), L4_CAP_FPAGE_RWS) < 0 ||
            l4_error(l4_task_map(H_CANARY, H_CANARY, l4_obj_fpage(KT_CAP(0x10 + i), 0,
                                                                  L4_CAP_FPAGE_RW),
                                 l4_map_obj_control(KT_CAP(0x20 + i), 0))) < 0) {
            return -1;
        }
    }
    return kt_thread_go(H_CANARY_THREAD, canary_loop, kt_stack_top(&canary_stack), 40) < 0 ? -1
                                                                                          : 0;
}

/* The canary's capabilities as we gave them: each valid, its copy equal, others distinct. */
static int canary_caps_intact(void)
{
    for (unsigned i = 0; i < CANARY_CAPS; i++) {
        if (l4_msgtag_label(l4_task_cap_valid(H_CANARY, KT_CAP(0x10 + i))) != 1 ||
            l4_msgtag_label(l4_task_cap_equal(H_CANARY, KT_CAP(0x10 + i), KT_CAP(0x20 + i))) != 1 ||
            l4_msgtag_label(l4_task_cap_equal(H_CANARY, KT_CAP(0x10 + i),
                                              KT_CAP(0x10 + (i + 1) % CANARY_CAPS))) != 0 ||
            l4_msgtag_label(l4_task_cap_valid(H_CANARY, KT_CAP(0x30 + i))) != 0) {
            return 0;
        }
    }
    return 1;
}

static int fuzz_setup(void)
{
    l4_fpage_t utcb = l4_fpage(KT_CHILD_UTCB_AREA, 14, L4_FPAGE_RW);
    if (l4_error(l4_factory_create_factory(L4_BASE_FACTORY_CAP, H_FACTORY, FUZZ_QUOTA)) < 0 ||
        l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, H_FUZZ, &utcb)) < 0 ||
        share_image_but_canary(H_FUZZ) < 0 ||
        kt_thread_create(L4_BASE_FACTORY_CAP, H_FUZZ_THREAD, H_FUZZ, KT_CHILD_UTCB_AREA,
                         L4_INVALID_CAP, L4_INVALID_CAP) < 0) {
        return -1;
    }
    /* Its base capabilities: no D on itself, no S on its thread, no S (shutdown) on the ICU. */
    if (kt_task_give_cap(H_FUZZ, H_FUZZ, L4_BASE_TASK_CAP, L4_CAP_FPAGE_RW) < 0 ||
        kt_task_give_cap(H_FUZZ, H_FACTORY, L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_RWS) < 0 ||
        kt_task_give_cap(H_FUZZ, H_FUZZ_THREAD, L4_BASE_THREAD_CAP, L4_CAP_FPAGE_RW) < 0 ||
        kt_task_give_cap(H_FUZZ, L4_BASE_ICU_CAP, L4_BASE_ICU_CAP, L4_CAP_FPAGE_RW) < 0 ||
        kt_task_give_cap(H_FUZZ, L4_BASE_SCHEDULER_CAP, L4_BASE_SCHEDULER_CAP,
                         L4_CAP_FPAGE_RWS) < 0 ||
        kt_task_give_cap(H_FUZZ, L4_BASE_DEBUGGER_CAP, L4_BASE_DEBUGGER_CAP,
                         L4_CAP_FPAGE_RW) < 0) {
        return -1;
    }
    return kt_thread_go(H_FUZZ_THREAD, fz_run, kt_stack_top(&fz_stacks[0]), 10) < 0 ? -1 : 0;
}

static void delete_cap(l4_cap_idx_t c)
{
    l4_task_delete_obj(L4_BASE_TASK_CAP, c);
    l4_task_release_cap(L4_BASE_TASK_CAP, c);
}

int l4_main(l4_kernel_info_t *kip)
{
    char const *cmdline = l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK);
    unsigned long seed = 1, n = 100000, trace = ~0UL, canary_sum = 0;
    l4util_cmdline_ulong(cmdline, "--seed", &seed);
    l4util_cmdline_ulong(cmdline, "--n", &n);
    l4util_cmdline_ulong(cmdline, "--trace", &trace);
    fz.seed = seed;
    fz.iterations = n;
    fz.trace_from = trace;
    fz.no_grant = l4util_cmdline_flag(cmdline, "--no-grant") == 1;
    kd_printf("fuzz: seed %lu, %lu invocations%s (replay: make fuzz SEED=%lu N=%lu)\n", seed, n,
              fz.no_grant ? ", no grants or object maps" : "", seed, n);
    /* sigma0 pays its page tables and mapping nodes from the root quota and may still be
       starting (it reads the device tree before it serves; we preempt it now): a request
       it answers (an unknown id, refused) shows it is done before we count. */
    l4_utcb_mr()->mr[0] = SIGMA0_REQ_MAGIC | 0xb0;
    l4_ipc_call(L4_BASE_PAGER_CAP, l4_utcb(), l4_msgtag(L4_PROTO_SIGMA0, 1, 0, 0), L4_IPC_NEVER);
    kt_set_prio(L4_BASE_THREAD_CAP, 50, 0);

    unsigned long free_before = root_free();
    int intact = 1;
    if (canary_setup(&canary_sum) < 0 || fuzz_setup() < 0) {
        kd_printf("fuzz: set-up failed\n");
        return 1;
    }
    unsigned long last_calls = 0, last_rounds = 0, next_report = 100000;
    l4_cpu_time_t last_progress = kt_now_us(), last_round_time = kt_now_us();
    struct canary_status *st = (struct canary_status *)(canary_block + CANARY_PAGES * L4_PAGESIZE);
    for (unsigned long poll = 0; !fz.done; poll++) {
        l4_ipc_sleep_ms(4);
        l4_cpu_time_t now = kt_now_us();
        unsigned long calls = fz.calls;
        if (calls != last_calls) {
            last_calls = calls;
            last_progress = now;
        } else if (now - last_progress > 3000) {
            /* Blocked in an IPC with a long timeout: cancel it. */
            l4_thread_ex_regs(H_FUZZ_THREAD, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL);
        }
        if (now - last_progress > 5000000) {
            kd_printf("fuzz: STALLED at seed %lu iteration %lu after %lu invocations\n", seed,
                      fz.iter, calls);
            l4_platform_ctl_system_shutdown(L4_BASE_ICU_CAP, 0);
            return 1;
        }
        if (calls >= next_report) {
            kd_printf("fuzz: seed %lu: %lu invocations, iteration %lu\n", seed, calls, fz.iter);
            next_report += 100000;
        }
        if (st->rounds != last_rounds) {
            last_rounds = st->rounds;
            last_round_time = now;
            if (st->sum != canary_sum) {
                intact = 0;
            }
        } else if (now - last_round_time > 2000000) {
            intact = 0; /* the canary's thread stopped */
        }
        if ((poll % 16 == 0 && !canary_caps_intact()) || checksum(canary_block, CANARY_PAGES * L4_PAGESIZE) !=
                                         canary_sum) {
            intact = 0;
        }
        if (!intact) {
            kd_printf("fuzz: CANARY BROKEN at seed %lu iteration %lu\n", seed, fz.iter);
            break;
        }
    }
    unsigned long calls = fz.calls;
    delete_cap(H_FUZZ_THREAD);
    delete_cap(H_FUZZ);
    delete_cap(H_FACTORY);
    delete_cap(H_CANARY_THREAD);
    delete_cap(H_CANARY_GATE);
    delete_cap(H_CANARY_IRQ);
    delete_cap(H_CANARY);
    long leak = (long)(free_before - root_free());
    kd_printf("fuzz: %lu invocations, 0 kernel failures, canary %s, quota leak %ld bytes\n", calls,
              intact ? "intact" : "BROKEN", leak);
    /* Power off, so that the runner need not wait for its timeout. */
    l4_platform_ctl_system_shutdown(L4_BASE_ICU_CAP, 0);
    return 0;
}
