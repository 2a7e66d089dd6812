/* SPDX-License-Identifier: MIT */
/*
 * The virtio block driver from a client (entry io-blk, spec blk.test). The
 * runner gives the machine a fresh zero-filled disk, which outlives a
 * reboot. First boot (sector 0 has no mark): write a pattern made from a
 * seed (the clock) to sectors 1..N, read it back, then write the mark with
 * the seed to sector 0 and reboot. Second boot (the mark is there): read
 * sectors 1..N and compare with the pattern of the stored seed. Every
 * outcome is one line for the spec. With --no-cap the program is a client
 * without the driver's capability, with a vbus that lacks the disk: it
 * cannot reach the disk's registers or the driver.
 */
#include <l4/io/io.h>
#include <l4/re/c/log.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/platform_control.h>
#include <l4/util/fmt.h>
#include <l4/util/string.h>
#include <stdarg.h>
#include "blk.h"

#define N 64                      /* pattern sectors */
#define BUF (BLK_MAX_SECTORS * BLK_SECTOR)
#define MARK "KESTREL BLK TEST"   /* 16 bytes, then the seed */
#define VIRTIO_MMIO 0x0a000000UL  /* QEMU virt's 32 transports: 4 pages */

static l4_cap_idx_t blk, ds;
static l4_uint8_t *buf;

static void say(char const *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(char const *fmt, ...)
{
    char line[160];
    va_list ap;

    va_start(ap, fmt);
    l4util_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    l4re_log_print(line);
}

static long blk_call(unsigned op, l4_uint64_t sector, unsigned count)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = op;
    m->mr[1] = sector;
    m->mr[2] = count;
    m->mr[3] = 0;
    m->mr[4] = l4_map_obj_control(0, 0);
    m->mr[5] = l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RW).raw;
    return l4_error(l4_ipc_call(blk, l4_utcb(), l4_msgtag(BLK_PROTO, 4, 1, 0), L4_IPC_NEVER));
}

/* The capacity, once the driver serves (it may start after us). */
static long blk_capacity(void)
{
    for (int i = 0; i < 100; i++) {
        l4_utcb_mr()->mr[0] = BLK_OP_INFO;
        l4_msgtag_t t = l4_ipc_call(blk, l4_utcb(), l4_msgtag(BLK_PROTO, 1, 0, 0), L4_IPC_NEVER);

        if (!l4_msgtag_has_error(t) && l4_error(t) == 0) {
            return (long)l4_utcb_mr()->mr[0];
        }
        l4_ipc_sleep_ms(50);
    }
    return -L4_ENOENT;
}

/* Word i of pattern sector s for a seed (a mix that differs in every word). */
static l4_uint64_t pattern(l4_uint64_t seed, unsigned s, unsigned i)
{
    l4_uint64_t x = seed ^ ((l4_uint64_t)s << 32) ^ i;

    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static void fill(l4_uint64_t seed)
{
    l4_uint64_t *w = (l4_uint64_t *)buf;

    for (unsigned s = 0; s < N; s++) {
        for (unsigned i = 0; i < BLK_SECTOR / 8; i++) {
            w[s * BLK_SECTOR / 8 + i] = pattern(seed, s + 1, i);
        }
    }
}

/* The first pattern sector that differs, or -1. */
static int differs(l4_uint64_t seed)
{
    l4_uint64_t const *w = (l4_uint64_t const *)buf;

    for (unsigned s = 0; s < N; s++) {
        for (unsigned i = 0; i < BLK_SECTOR / 8; i++) {
            if (w[s * BLK_SECTOR / 8 + i] != pattern(seed, s + 1, i)) {
                return (int)s + 1;
            }
        }
    }
    return -1;
}

/* Read the pattern sectors into a cleared buffer and compare; says when (\a when) it fails. */
static int read_back(l4_uint64_t seed, char const *when)
{
    long r;
    int bad = 0;

    memset(buf, 0, BUF);
    r = blk_call(BLK_OP_READ, 1, N);
    if (r == 0) {
        bad = differs(seed);
    }
    if (r < 0 || bad >= 0) {
        say("blk_test: error: %s: read %ld, sector %d differs\n", when, r, bad);
        return -1;
    }
    return 0;
}

static int first_boot(long capacity)
{
    l4_uint64_t seed = l4_kip_clock(l4re_kip()) * 0x9e3779b97f4a7c15ULL | 1;
    long r;

    fill(seed);
    r = blk_call(BLK_OP_WRITE, 1, N);
    if (r < 0) {
        say("blk_test: error: write: %ld\n", r);
        return 1;
    }
    if (read_back(seed, "read back") < 0) {
        return 1;
    }
    say("blk_test: wrote %d sectors and read them back equal\n", N);
    say("blk_test: past the end: %ld, no sectors: %ld\n", blk_call(BLK_OP_READ, capacity, 1),
        blk_call(BLK_OP_READ, 1, 0));
    memset(buf, 0, BLK_SECTOR);
    memcpy(buf, MARK, 16);
    memcpy(buf + 16, &seed, sizeof(seed));
    r = blk_call(BLK_OP_WRITE, 0, 1);
    if (r < 0) {
        say("blk_test: error: writing the mark: %ld\n", r);
        return 1;
    }
    say("blk_test: rebooting\n");
    l4_platform_ctl_system_shutdown(l4re_env_get_cap("pfc"), 1);
    say("blk_test: error: still running after the reboot request\n");
    return 1;
}

static int second_boot(void)
{
    l4_uint64_t seed;

    memcpy(&seed, buf + 16, sizeof(seed));
    if (read_back(seed, "after the reboot") < 0) {
        return 1;
    }
    say("blk_test: after the reboot: %d sectors equal\n", N);
    return 0;
}

/* A client without the driver's capability and with a vbus that lacks the disk. */
static int no_cap(void)
{
    l4_addr_t regs;
    long r = 0;

    say("blk_test: without the capability: blk %s\n",
        l4_is_valid_cap(l4re_env_get_cap("blk")) ? "present" : "absent");
    for (unsigned p = 0; p < 4 && 1; p++) {
        r = l4io_request_iomem(VIRTIO_MMIO + p * L4_PAGESIZE, L4_PAGESIZE, L4IO_MEM_NONCACHED,
                               &regs);
        if (r != -L4_EPERM) {
            say("blk_test: error: virtio-mmio page %u: %ld\n", p, r);
            return 1;
        }
    }
    say("blk_test: without the capability: the disk's registers are refused (%ld)\n", r);
    return 0;
}

int main(int argc, char **argv)
{
    void *at = 0;
    long capacity;

    if (argc > 1 && strcmp(argv[1], "--no-cap") == 0) {
        return no_cap();
    }
    blk = l4re_env_get_cap("blk");
    ds = l4re_util_cap_alloc();
    if (l4_is_invalid_cap(blk) || l4re_ma_alloc(BUF, ds, 0) < 0
        || l4re_rm_attach(&at, BUF, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0,
                          L4_PAGESHIFT) < 0) {
        say("blk_test: error: no driver capability or no buffer\n");
        return 1;
    }
    buf = at;
    capacity = blk_capacity();
    if (capacity < N + 1) {
        say("blk_test: error: capacity %ld\n", capacity);
        return 1;
    }
    if (blk_call(BLK_OP_READ, 0, 1) < 0) {
        say("blk_test: error: cannot read sector 0\n");
        return 1;
    }
    return memcmp(buf, MARK, 16) == 0 ? second_boot() : first_boot(capacity);
}
