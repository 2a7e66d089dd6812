/* SPDX-License-Identifier: MIT */
/*
 * The hostile client of sigma0: a root task (no moe) that sends seeded random
 * messages (fuzz.h) to sigma0 through a second client gate, while its first
 * gate owns a 2 MiB chunk. Every reply is judged: a map item sigma0 sends
 * must never cover the other client's chunk or memory the KIP marks as the
 * kernel's (reserved). Every few messages the KIP request (a known-good
 * one) must still work, on both gates. One TAP point with the count.
 * Command line: hostile_s0 [--seed=N] [--messages=N].
 */
#include <l4/crt0.h>
#include <l4/sigma0/sigma0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/utcb.h>
#include <l4/util/bootinfo.h>
#include "fuzz.h"
#include "tap.h"

#define SIGMA0 L4_BASE_PAGER_CAP
#define GATE2 ((l4_cap_idx_t)0x40 << L4_CAP_SHIFT)
#define RCV_SLOT ((l4_cap_idx_t)0x41 << L4_CAP_SHIFT)
#define KIP_WINDOW 0x20000000UL
#define RCV_WINDOW 0x30000000UL
#define OWN_WINDOW 0x32000000UL
#define CHECK_EVERY 16

static l4_addr_t owned;

struct range {
    l4_addr_t start, end;
};

static struct range forbidden[16];
static unsigned nforbidden;

/* The other client's chunk and every reserved (kernel) range of the KIP. */
static void collect_forbidden(void)
{
    l4_kernel_info_t *k = l4_global_kip;
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(k);
    unsigned i, n = l4_kernel_info_get_num_mem_descs(k);

    forbidden[nforbidden++] = (struct range){ owned, owned + L4_SUPERPAGESIZE };
    for (i = 0; i < n && nforbidden < 16; ++i) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) == L4_MEM_TYPE_RESERVED
            && !l4_kernel_info_get_mem_desc_is_virtual(&md[i])) {
            forbidden[nforbidden++] = (struct range){
                l4_kernel_info_get_mem_desc_start(&md[i]),
                l4_kernel_info_get_mem_desc_end(&md[i]) + 1 };
        }
    }
}

static void shape_s0(struct fz_target const *t, struct fz_msg *m)
{
    (void)t;
    /* The debug dump prints every owner: noise, not an attack. */
    if ((m->mr[0] & SIGMA0_REQ_ID_MASK) == SIGMA0_REQ_ID_DEBUG_DUMP) {
        m->mr[0] ^= 0x10;
    }
    /* Make the protocol's magic likely, with a request id and a flexpage that varies. */
    if (m->label == L4_PROTO_SIGMA0 && (m->mr[2] & 3)) {
        m->mr[0] = SIGMA0_REQ_MAGIC | ((m->mr[0] & 0xf) << 4) | ((m->mr[2] & 4) ? 1 : 0);
        if (m->mr[2] & 8) {
            /* RAM by address: somewhere in what the forbidden ranges cover, or anywhere. */
            struct range const *f = &forbidden[(m->mr[2] >> 4) % nforbidden];
            l4_addr_t a = f->start + ((m->mr[3] % (f->end - f->start)) & L4_PAGEMASK);

            m->mr[1] = l4_fpage(a, L4_PAGESHIFT + (unsigned)((m->mr[3] >> 60) & 7), 0).raw;
        }
    }
    /* Faults of ours sigma0 would rightly serve: keep them inside the forbidden ranges. */
    if (m->label == L4_PROTO_PAGE_FAULT && nforbidden) {
        struct range const *f = &forbidden[(m->mr[2] >> 4) % nforbidden];

        m->mr[0] = f->start + ((m->mr[0] % (f->end - f->start)) & ~7UL);
    }
}

static int check_s0(struct fz_target const *t, struct fz_msg const *m, char const **why)
{
    l4_fpage_t fp = { .raw = m->rmr[1] };
    l4_addr_t a = l4_fpage_memaddr(fp);
    l4_addr_t e = a + (1UL << l4_fpage_size(fp));
    unsigned i;

    (void)t;
    if (!m->reply_ok || !l4_msgtag_items(m->reply) || l4_fpage_type(fp) != L4_FPAGE_MEMORY) {
        return 1;
    }
    for (i = 0; i < nforbidden; ++i) {
        if (a < forbidden[i].end && forbidden[i].start < e
            && !(a == (l4_addr_t)l4_global_kip && e - a == L4_PAGESIZE)) {
            *why = "sigma0 mapped memory that is not the client's to have";
            return 0;
        }
    }
    return 1;
}

static int good(void)
{
    return l4sigma0_map_kip(GATE2, (void *)KIP_WINDOW, L4_PAGESHIFT) == (void *)KIP_WINDOW
           && l4sigma0_map_kip(SIGMA0, (void *)KIP_WINDOW, L4_PAGESHIFT) == (void *)KIP_WINDOW;
}

int l4_main(l4_kernel_info_t *kip)
{
    char const *cmdline = l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK);
    unsigned long seed = 0, n = 20000;
    struct fz_target t = { "sigma0", GATE2, L4_PROTO_SIGMA0, 0xd, shape_s0, check_s0, 0,
                           0, 0, 0, 0 };
    struct fz_env env = { { GATE2, SIGMA0, L4_INVALID_CAP, L4_BASE_TASK_CAP }, 4, RCV_SLOT,
                          RCV_WINDOW, OWN_WINDOW };
    struct fz_rng r;
    unsigned long i, bad_good = 0, bad_reply = 0;
    char const *why = 0;
    l4_cpu_time_t t0;

    l4util_cmdline_ulong(cmdline, "--seed", &seed);
    l4util_cmdline_ulong(cmdline, "--messages", &n);
    tap_start(2);
    if (!seed) {
        seed = l4_kip_clock(l4_global_kip) | 1;
    }
    tap_diag("seed %lu, %lu messages (replay: roottask hostile_s0 --seed=%lu --messages=%lu)",
             seed, n, seed, n);
    tap_ok(l4_error(l4_factory_create(SIGMA0, L4_PROTO_SIGMA0, GATE2)) == 0
               && l4sigma0_map_anypage(SIGMA0, OWN_WINDOW, L4_SUPERPAGESHIFT, &owned,
                                       L4_SUPERPAGESHIFT) == 0 && good(),
           "setup: a second client gate, a chunk owned by the first (0x%lx)", owned);
    collect_forbidden();
    fz_seed(&r, seed);
    t0 = l4_kip_clock(l4_global_kip);
    for (i = 0; i < n; ++i) {
        if (!fz_call(&r, &env, &t, 20000, &why) && !bad_reply++) {
            tap_diag("message %lu: %s", i, why);
        }
        if (i % CHECK_EVERY == CHECK_EVERY - 1 && !good() && !bad_good++) {
            tap_diag("the KIP request failed after message %lu", i);
        }
    }
    if (bad_good || bad_reply) {
        tap_diag("replay with --seed=%lu --messages=%lu", seed, n);
    }
    tap_ok(!bad_good && !bad_reply && good(),
           "sigma0: %lu messages (%lu refused, %lu IPC errors, %lu unanswered) in %llu ms, "
           "still correct", t.sent, t.errors, t.ipc_errors, t.timeouts,
           (unsigned long long)(l4_kip_clock(l4_global_kip) - t0) / 1000);
    return tap_done();
}
