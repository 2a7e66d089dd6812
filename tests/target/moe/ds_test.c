/* SPDX-License-Identifier: MIT */
/*
 * moe's dataspaces and allocators, seen from a program that moe started
 * through l4re (L4Re C API only): allocate/size/info/map/clear/allocate/
 * map_info, contiguous memory, the read-only rom dataspace (no W mapping,
 * no clear, no copy-in), copy-on-write copies of a rom module that stay
 * independent, the allocator's INFO (bytes in use grow and shrink again
 * when a dataspace is freed, also when its last capability is merely
 * dropped), and a child allocator's quota (-L4_ENOMEM).
 */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/crt1_l4re.h>
#include "mtap.h"

#define PLAN 38
#define ROM_NAME "rom/moe_ds_test"
#define MOE_MA_OP_FREE 1

/* A new dataspace of \a size from \a ma; L4_INVALID_CAP on failure (*err). */
static l4re_ds_t alloc_ds(l4_cap_idx_t ma, long size, unsigned long flags, long *err)
{
    l4re_ds_t ds = l4re_util_cap_alloc();

    *err = l4re_ma_alloc_srv(ma, size, ds, flags);
    return *err < 0 ? L4_INVALID_CAP : ds;
}

/* Attach \a ds with \a flags at a searched address; NULL on failure. */
static char *attach(l4re_ds_t ds, unsigned long size, unsigned flags)
{
    void *a = 0;

    if (l4re_rm_attach(&a, size, flags | L4RE_RM_F_SEARCH_ADDR, ds, 0, L4_PAGESHIFT) < 0) {
        return 0;
    }
    return a;
}

/* moe's FREE operation on an allocator (not in L4Re's C API). */
static long ma_free(l4_cap_idx_t ma, l4re_ds_t ds)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = MOE_MA_OP_FREE;
    m->mr[1] = l4_map_obj_control(0, 0);
    m->mr[2] = l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_error(l4_ipc_call(ma, l4_utcb(), l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 1, 0),
                                L4_IPC_NEVER));
}

static int all_zero(char const *p, unsigned long n)
{
    unsigned long i;

    for (i = 0; i < n; ++i) {
        if (p[i]) {
            return 0;
        }
    }
    return 1;
}

static void test_anon(l4_cap_idx_t ma)
{
    long err;
    l4re_ds_t ds = alloc_ds(ma, 5 * L4_PAGESIZE + 100, 0, &err);
    l4re_ds_stats_t st = { 0, 0 };
    l4_addr_t s = 0, e = 0;
    char *p;

    mt_is(err, 0, "allocate a 5-page + 100-byte dataspace");
    mt_is((long)l4re_ds_size(ds), 5 * L4_PAGESIZE + 100, "its size is what was asked for");
    mt_ok(l4re_ds_info(ds, &st) == 0 && (st.flags & L4RE_DS_F_W), "info: writable (0x%lx)",
          st.flags);
    p = attach(ds, 6 * L4_PAGESIZE, L4RE_RM_F_RW);
    mt_ok(p && all_zero(p, 6 * L4_PAGESIZE), "attached and zero-filled on first touch");
    if (!p) {
        return;
    }
    p[0] = 'a';
    p[3 * L4_PAGESIZE + 5] = 'b';
    p[5 * L4_PAGESIZE + 99] = 'c';
    mt_is(l4re_ds_clear(ds, 3 * L4_PAGESIZE, L4_PAGESIZE), 0, "clear one page");
    mt_ok(p[3 * L4_PAGESIZE + 5] == 0 && p[0] == 'a' && p[5 * L4_PAGESIZE + 99] == 'c',
          "... that page reads zero, the others keep their data");
    mt_is(l4re_ds_clear(ds, 10, 20), 0, "clear part of a page");
    mt_ok(p[0] == 'a' && all_zero(p + 10, 20), "... only that part is zero");
    mt_is(l4re_ds_allocate(ds, 0, 5 * L4_PAGESIZE), 0, "allocate (back) all pages");
    mt_is(l4re_ds_map_info(ds, &s, &e), -L4_EINVAL, "map_info of non-contiguous memory: -EINVAL");
    mt_is(l4re_ds_clear(ds, 6 * L4_PAGESIZE, 1), -L4_ERANGE, "clear beyond the end: -ERANGE");

    ds = alloc_ds(ma, 64 * 1024, L4RE_MA_CONTINUOUS, &err);
    mt_ok(err == 0 && l4re_ds_map_info(ds, &s, &e) == 0 && e - s + 1 == 64 * 1024 && s,
          "contiguous 64 KiB: map_info gives its physical range 0x%lx-0x%lx", s, e);
}

static void test_rom_and_cow(l4_cap_idx_t ma)
{
    l4_cap_idx_t romns = l4re_env_get_cap("rom");
    l4re_ds_t rom = l4re_util_cap_alloc();
    l4re_ds_t cow1, cow2;
    long err;
    char *rp = 0, *c1 = 0, *c2 = 0;

    mt_is(l4re_ns_query_srv(romns, "moe_ds_test", rom), 0, "query our own module in rom");
    rp = attach(rom, 2 * L4_PAGESIZE, L4RE_RM_F_R);
    mt_ok(rp && rp[0] == 0x7f && rp[1] == 'E' && rp[2] == 'L' && rp[3] == 'F',
          "the rom dataspace holds the module's bytes (ELF magic)");
    mt_is(l4re_ds_map(rom, 0, L4RE_DS_F_RW, 0x7ff00000UL, 0x7ff00000UL, 0x7ff01000UL),
          -L4_EPERM, "a writable mapping of a rom dataspace is refused (-EPERM)");
    mt_is(l4re_ds_clear(rom, 0, 16), -L4_EPERM, "clearing a rom dataspace: -EPERM");
    mt_is(l4re_ds_copy_in(rom, 0, rom, 0, 16), -L4_EPERM, "copy into a rom dataspace: -EPERM");

    cow1 = alloc_ds(ma, 2 * L4_PAGESIZE, 0, &err);
    cow2 = alloc_ds(ma, 2 * L4_PAGESIZE, 0, &err);
    mt_ok(l4re_ds_copy_in(cow1, 0, rom, 0, 2 * L4_PAGESIZE) == 0
              && l4re_ds_copy_in(cow2, 0, rom, 0, 2 * L4_PAGESIZE) == 0,
          "two copy-on-write copies of the module (copy_in)");
    c1 = attach(cow1, 2 * L4_PAGESIZE, L4RE_RM_F_RW);
    c2 = attach(cow2, 2 * L4_PAGESIZE, L4RE_RM_F_RW);
    mt_ok(c1 && c2 && rp && c1[1] == 'E' && c2[L4_PAGESIZE + 7] == rp[L4_PAGESIZE + 7],
          "both copies read the module's bytes");
    if (c1 && c2 && rp) {
        c1[1] = 'X';
        c2[L4_PAGESIZE + 7] = (char)(rp[L4_PAGESIZE + 7] + 1);
    }
    mt_ok(c1 && c2 && rp && c1[1] == 'X' && c2[1] == 'E' && rp[1] == 'E',
          "a write to one copy changes neither the other copy nor the module");
    mt_ok(c1 && c2 && rp && c2[L4_PAGESIZE + 7] != rp[L4_PAGESIZE + 7]
              && c1[L4_PAGESIZE + 7] == rp[L4_PAGESIZE + 7],
          "... also on the second page");
    /* Unaligned copy-in is a real copy. */
    mt_ok(l4re_ds_copy_in(cow1, 100, rom, 1, 3) == 0 && c1 && c1[100] == 'E' && c1[102] == 'F',
          "an unaligned copy_in copies bytes (%c%c%c)", c1 ? c1[100] : '?',
          c1 ? c1[101] : '?', c1 ? c1[102] : '?');
    mt_is(l4re_ds_copy_in(cow1, L4_PAGESIZE, rom, 0, 2 * L4_PAGESIZE), -L4_ERANGE,
          "copy_in past the end of the destination: -ERANGE");
}

static void test_accounting(l4_cap_idx_t ma)
{
    l4_umword_t quota = 0, used0 = 0, used1 = 0, used2 = 0;
    l4_cap_idx_t child = l4re_util_cap_alloc();
    l4_utcb_t *u = l4_utcb();
    l4_msgtag_t t;
    l4re_ds_t ds;
    long err;

    mt_is(l4re_ma_info_srv(ma, &quota, &used0), 0, "allocator info (quota 0x%lx, in use %lu)",
          quota, used0);
    ds = alloc_ds(ma, 1 << 20, 0, &err);
    l4re_ma_info_srv(ma, &quota, &used1);
    mt_is((long)(used1 - used0), 1 << 20, "a 1 MiB dataspace adds 1 MiB in use");
    mt_is(ma_free(ma, ds), 0, "free it through the allocator");
    l4re_ma_info_srv(ma, &quota, &used2);
    mt_is((long)used2, (long)used0, "... and the bytes in use are back where they were");
    mt_ok((long)l4re_ds_size(ds) < 0, "the freed dataspace is gone (%ld)", (long)l4re_ds_size(ds));

    t = l4_factory_create_start_u(L4_PROTO_FACTORY, child, u);
    l4_factory_create_add_int_u(64 * 1024, &t, u);
    mt_is(l4_error(l4_factory_create_commit_u(ma, t, u)), 0, "a child allocator with 64 KiB");
    ds = alloc_ds(child, 48 * 1024, 0, &err);
    mt_is(err, 0, "48 KiB from it");
    alloc_ds(child, 32 * 1024, 0, &err);
    mt_is(err, -L4_ENOMEM, "32 KiB more exceed its quota: -L4_ENOMEM");
    mt_ok(l4re_ma_info_srv(child, &quota, &used1) == 0 && quota == 64 * 1024
              && used1 == 48 * 1024, "its info: quota %lu, in use %lu", quota, used1);
    l4re_ma_info_srv(ma, &quota, &used2);
    mt_is((long)(used2 - used0), 48 * 1024, "the parent counts the child's use too");
    mt_is(ma_free(child, ds), 0, "free the child's dataspace");
    alloc_ds(child, 32 * 1024, 0, &err);
    mt_is(err, 0, "now 32 KiB fit again");

    /* Dropping the last capability frees it too (L4Re's C examples do this). */
    l4re_ma_info_srv(ma, &quota, &used0);
    ds = alloc_ds(ma, 256 * 1024, 0, &err);
    l4re_ma_info_srv(ma, &quota, &used1);
    mt_is((long)(used1 - used0), 256 * 1024, "a 256 KiB dataspace is in use");
    l4re_util_cap_free_um(ds);
    used2 = used1;
    for (int i = 0; i < 100 && used2 != used0; i++) {
        l4_ipc_sleep_ms(1);
        l4re_ma_info_srv(ma, &quota, &used2);
    }
    mt_is((long)used2, (long)used0, "dropping its only capability returns the memory to moe");
    mt_ok((long)l4re_ds_size(ds) < 0, "and the dataspace is gone");
}

int main(int argc, char **argv)
{
    l4_cap_idx_t ma = l4re_env()->mem_alloc;

    (void)argc;
    (void)argv;
    mt_start(PLAN);
    test_anon(ma);
    test_rom_and_cow(ma);
    test_accounting(ma);
    return mt_done();
}
