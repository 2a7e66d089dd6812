/* SPDX-License-Identifier: MIT */
/*
 * Boot test (root task, TAP): what bootstrap and the kernel hand to the
 * first user programs. KIP contents (magic, version, memory descriptors
 * whose RAM must equal --ram-mib from our command line, so RAM can only
 * have come from the device tree), the boot-module list, the timer via
 * timeouts and the KIP clock, and the error paths of the one system call
 * (empty capability slot). Spec files: tests/target/boot/ktest*.test.
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/vcon.h>
#include <l4/util/bootinfo.h>
#include "tap.h"

#define PLAN 22
#define SIGMA0_LINK_ADDR 0x40300000UL /* doc/boot.md */
#define EMPTY_SLOT (0x40UL << L4_CAP_SHIFT)

extern char _start[];

static void test_kip(l4_kernel_info_t *kip)
{
    tap_is_int(kip->magic, L4_KERNEL_INFO_MAGIC, "KIP magic");
    tap_is_int(kip->version & L4_KIP_VERSION_FIASCO_MASK, L4_KIP_VERSION_FIASCO,
               "KIP version is Fiasco-style (0x%x)", kip->version);
    tap_ok(kip->scheduler_granularity != 0, "scheduler granularity %u us",
           kip->scheduler_granularity);
    tap_is_int(kip->root_ip, (long long)(l4_addr_t)_start, "KIP root_ip is our entry");
    tap_is_int(kip->sigma0_ip, SIGMA0_LINK_ADDR, "KIP sigma0_ip is sigma0's entry");
}

static void test_memory(l4_kernel_info_t *kip, char const *cmdline)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    unsigned num = l4_kernel_info_get_num_mem_descs(kip);
    unsigned long long ram = 0;
    l4_addr_t ram_base = ~0UL;
    unsigned long want;
    unsigned i;

    for (i = 0; i < num; ++i) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) != L4_MEM_TYPE_CONVENTIONAL) {
            continue;
        }
        l4_addr_t start = l4_kernel_info_get_mem_desc_start(&md[i]);

        ram += l4_kernel_info_get_mem_desc_end(&md[i]) + 1 - start;
        if (start < ram_base) {
            ram_base = start;
        }
    }
    tap_ok(num > 0, "KIP has %u memory descriptors", num);
    if (l4util_cmdline_ulong(cmdline, "--ram-mib", &want) == 1) {
        tap_is_int((long long)(ram >> 20), (long long)want,
                   "conventional memory is %lu MiB (device tree)", want);
    } else {
        tap_ok(0, "command line has --ram-mib=<n> (got '%s')", cmdline);
    }
    tap_is_int((long long)kip->dt_addr, (long long)ram_base, "dt_addr is the RAM base");
}

static void test_modules(l4_kernel_info_t *kip, char const *cmdline)
{
    static const unsigned want[3] = {
        L4UTIL_L4MOD_MOD_FLAG_KERNEL, L4UTIL_L4MOD_MOD_FLAG_SIGMA0,
        L4UTIL_L4MOD_MOD_FLAG_ROOTTASK,
    };
    l4util_l4mod_info const *info = l4util_l4mod_list(kip);
    l4util_l4mod_mod const *mods;
    int in_order = 1;
    unsigned i;

    if (!tap_ok(info && info->mods_count >= 3, "boot module list with >= 3 modules")) {
        tap_skip("no module list");
        tap_skip("no module list");
        return;
    }
    mods = (l4util_l4mod_mod const *)(l4_addr_t)info->mods_addr;
    for (i = 0; i < 3; ++i) {
        if ((mods[i].flags & L4UTIL_L4MOD_MOD_FLAG_MASK) != want[i]) {
            tap_diag("module %u has flags 0x%llx", i, (unsigned long long)mods[i].flags);
            in_order = 0;
        }
    }
    tap_ok(in_order, "modules are kernel, sigma0, roottask in order");
    tap_ok(l4util_cmdline_is_named(cmdline, "ktest_boot"), "our module is named ktest_boot");
}

static void test_clock(l4_kernel_info_t *kip)
{
    l4_utcb_t *u = l4_utcb();
    l4_cpu_time_t t0, t1, prev;
    l4_msgtag_t tag;
    int mono = 1;
    unsigned i;

    t0 = l4_kip_clock(kip);
    tag = l4_ipc_sleep_ms(50);
    t1 = l4_kip_clock(kip);
    tap_is_int((long long)l4_ipc_error(tag, u), L4_IPC_RETIMEOUT, "sleep ends with RETIMEOUT");
    tap_ok(t1 - t0 >= 50000, "clock advanced >= 50 ms across a 50 ms sleep (%llu us)",
           (unsigned long long)(t1 - t0));
    tap_ok(t1 - t0 <= 1000000, "clock advanced <= 1 s across a 50 ms sleep");

    prev = l4_kip_clock(kip);
    for (i = 0; i < 100; ++i) {
        l4_cpu_time_t now = l4_kip_clock(kip);

        if (now < prev) {
            mono = 0;
        }
        prev = now;
    }
    tap_ok(mono, "clock is monotonic across 100 reads");

    t0 = l4_kip_clock(kip);
    tag = l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, L4_IPC_TIMEOUT_0));
    t1 = l4_kip_clock(kip);
    tap_is_int((long long)l4_ipc_error(tag, u), L4_IPC_RETIMEOUT,
               "zero-timeout receive ends with RETIMEOUT");
    tap_ok(t1 - t0 < 50000, "zero-timeout receive returns at once (%llu us)",
           (unsigned long long)(t1 - t0));
}

static void test_syscall_errors(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_msgtag_t tag;

    tag = l4_ipc_call(EMPTY_SLOT, u, l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
    tap_ok(l4_msgtag_has_error(tag), "invoking an empty slot returns an error tag");
    tap_is_int((long long)l4_ipc_error(tag, u), L4_IPC_ENOT_EXISTENT,
               "... with TCR error ENOT_EXISTENT");
    tap_is_int(l4_error(tag), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT),
               "... and l4_error() folds it to %d", -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
}

static void test_output(void)
{
    static const char msg[] = "ktest_boot: vcon write\n";

    l4_kd_outstring("ktest_boot: kd hex ");
    l4_kd_outhex32(0x1234abcd);
    l4_kd_outstring(" dec ");
    l4_kd_outdec(-42);
    l4_kd_outchar('\n');
    tap_ok(1, "l4_kd_outhex32/outdec/outchar return");
    tap_is_int(l4_vcon_write(L4_BASE_LOG_CAP, msg, sizeof(msg) - 1), sizeof(msg) - 1,
               "l4_vcon_write to the kernel log");
}

int l4_main(l4_kernel_info_t *kip)
{
    char const *cmdline = l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK);

    tap_start(PLAN);
    test_kip(kip);
    test_memory(kip, cmdline);
    test_modules(kip, cmdline);
    test_clock(kip);
    test_syscall_errors();
    test_output();
    return tap_done();
}
