/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): the memory type of a mapping, chosen by the
 * cacheability bits of a map item (L4Re's l4_map_control(base, cache, grant):
 * L4_FPAGE_CACHEABLE, _BUFFERABLE, _UNCACHEABLE; 0 keeps the sender's type).
 * Our execute stub's page (kt_exec_stub, alone on its page) is mapped at
 * aliases in our own task, read-execute, with each value, and a probe thread
 * calls the stub at each alias. Semantics relied on: a Device mapping is never
 * executable (the kernel sets UXN on it; ARM DDI 0487 B2.7.2 recommends it, as
 * speculative fetches from Device memory are allowed otherwise), so the call
 * is an instruction abort, reported to the probe's pager (us) as a page fault
 * with the execute bit (mr0 bit 2) and without the translation bit (bit 0);
 * Normal memory, write-back or non-cacheable, runs the stub. A Device mapping
 * has no execute right, so nothing mapped on from it has one. (QEMU 7.2 does not
 * fault unaligned accesses to Device memory, so that difference cannot be seen.)
 * A cacheability value that is none of L4Re's is refused (-L4_EINVAL).
 * Spec: tests/target/kernel-runtime/memtype.test.
 */
#include <l4/crt0.h>
#include <l4/sys/task.h>
#include "kt.h"
#include "tap.h"

#define PLAN 16

#define PROBE KT_CAP(0x20)

#define ALIAS_WB   0x20010000UL /* L4_FPAGE_CACHEABLE */
#define ALIAS_NC   0x20020000UL /* L4_FPAGE_BUFFERABLE */
#define ALIAS_DEV  0x20030000UL /* L4_FPAGE_UNCACHEABLE */
#define ALIAS_KEEP 0x20040000UL /* from ALIAS_DEV, cacheability 0: keeps Device */
#define ALIAS_BAD  0x20050000UL /* a value that is none of L4Re's */
#define REPORT     0x61         /* tag label of the probe's "ran without a fault" */

static kt_stack_t probe_stack;
static volatile l4_addr_t probe_addr;

/* Call the stub at probe_addr, report its result, park. */
static void probe(void)
{
    unsigned long (*stub)(void) = (unsigned long (*)(void))probe_addr;

    l4_utcb_mr()->mr[0] = stub();
    l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(REPORT, 1, 0, 0), kt_to_ms(1000));
    kt_park();
}

/*
 * Let a fresh probe thread call the stub at \a addr. Returns 1 if it ran, 0 if
 * the call faulted at \a addr as an execute fault on a mapped page, -1 for
 * anything else.
 */
static int runs(l4_addr_t addr)
{
    l4_umword_t label = 0;
    l4_msgtag_t tag;
    int result = -1;

    probe_addr = addr;
    if (kt_thread_create(L4_BASE_FACTORY_CAP, PROBE, L4_BASE_TASK_CAP, kt_utcb_slot(1),
                         L4_BASE_THREAD_CAP, L4_INVALID_CAP) < 0
        || kt_thread_go(PROBE, probe, kt_stack_top(&probe_stack), KT_PRIO) < 0) {
        tap_diag("cannot start the probe thread");
        return -1;
    }
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(2000));
    if (kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == REPORT) {
        result = l4_utcb_mr()->mr[0] == KT_EXEC_STUB_RESULT ? 1 : -1;
    } else if (kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT) {
        l4_umword_t pfa = l4_utcb_mr()->mr[0];

        result = (pfa & ~7UL) == addr && (pfa & 7) == 4 ? 0 : -1;
        if (result < 0) {
            tap_diag("page fault mr0 0x%lx", pfa);
        }
    }
    l4_task_delete_obj(L4_BASE_TASK_CAP, PROBE);
    return result;
}

static long alias(l4_addr_t src, l4_addr_t dst, unsigned char cache)
{
    return l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                                l4_fpage(src, L4_PAGESHIFT, L4_FPAGE_RX),
                                l4_map_control(dst, cache, 0)));
}

int l4_main(l4_kernel_info_t *kip)
{
    l4_addr_t stub = (l4_addr_t)kt_exec_stub;
    (void)kip;

    tap_start(PLAN);
    tap_is_int(runs(stub), 1, "the stub runs where it is");
    tap_is_int(alias(stub, ALIAS_WB, L4_FPAGE_CACHEABLE), 0, "alias with L4_FPAGE_CACHEABLE");
    tap_is_int(runs(ALIAS_WB), 1, "... Normal memory: it runs");
    tap_is_int(alias(stub, ALIAS_NC, L4_FPAGE_BUFFERABLE), 0, "alias with L4_FPAGE_BUFFERABLE");
    tap_is_int(runs(ALIAS_NC), 1, "... Normal non-cacheable memory: it runs");
    tap_is_int(alias(stub, ALIAS_DEV, L4_FPAGE_UNCACHEABLE), 0, "alias with L4_FPAGE_UNCACHEABLE");
    tap_is_int(runs(ALIAS_DEV), 0, "... Device memory: never executable (execute fault)");
    tap_ok(*(volatile l4_uint32_t *)ALIAS_DEV == *(volatile l4_uint32_t *)stub,
           "... but readable: the same page");
    tap_is_int(alias(ALIAS_DEV, ALIAS_KEEP, 0), 0, "map the Device alias on without cache bits");
    tap_is_int(runs(ALIAS_KEEP), 0, "... it stays Device memory");
    tap_is_int(alias(ALIAS_WB, ALIAS_KEEP + L4_PAGESIZE, 0), 0,
               "map the write-back alias on without cache bits");
    tap_is_int(runs(ALIAS_KEEP + L4_PAGESIZE), 1, "... it stays Normal memory: it runs");
    tap_is_int(alias(ALIAS_DEV, ALIAS_WB + L4_PAGESIZE, L4_FPAGE_CACHEABLE), 0,
               "map the Device alias on as cacheable");
    tap_is_int(runs(ALIAS_WB + L4_PAGESIZE), 0,
               "... the Device mapping had no execute right to pass on");
    tap_is_int(alias(stub, ALIAS_BAD, 0x7), -L4_EINVAL,
               "cacheability 0x7 (none of L4Re's values): -L4_EINVAL");
    tap_is_int(alias(stub, ALIAS_BAD, 0x2), 0,
               "cacheability without L4_FPAGE_CACHE_OPT: the sender's type");
    return tap_done();
}
