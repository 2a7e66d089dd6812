/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): the kernel debugger object through L4Re's
 * kdebug.h and debugger.h. Semantics relied on (doc/kernel.md):
 * - l4_kd_* print on the kernel console; enter_kdebug() prints its text and
 *   returns (spec tests/target/kernel-runtime/kdebug.test checks the lines;
 *   with the kernel option -jdb it stops at the debugger prompt: jdb.test);
 * - an object's debugger name is set and read back (truncated to 23
 *   characters, the reader's buffer bounds the copy), for tasks, threads and
 *   other objects alike; an empty slot answers -L4_EINVAL; an object created
 *   after a named one was deleted starts without a name; renaming an object
 *   reuses its entry in the kernel's name table;
 * - the global id is the same through every capability to an object and
 *   differs between objects; ~0UL for an empty slot;
 * - the kernel-log, image-info and id-to-name queries, the trace group and
 *   unknown output ops answer -L4_ENOSYS (nothing is accepted and ignored).
 * With --spin (entry ktest-jdb), after the TAP block five helper threads spin with
 * known registers (kd_spin: xN = N * 0x0101010101010101, x30 =
 * 0x1e1e1e1e1e1e1e1e) and x29 on a frame-record chain of known return addresses, for the
 * debugger's t <thread> and bt <thread> (jdb.test): a chain that ends with fp 0, one
 * that loops, one with a misaligned and one with an unmapped fp, one deeper than the
 * debugger walks. The main thread waits: a thread whose last kernel entry was a system
 * call shows that call's registers (doc/abi.md), and its time slice may end on the way
 * out of the call that announces the spinning.
 */
#include <l4/crt0.h>
#include <l4/sys/debugger.h>
#include <l4/sys/kdebug.h>
#include <l4/util/bootinfo.h>
#include "kt.h"
#include "tap.h"

#define PLAN 25

#define TASK_ALIAS KT_CAP(0x30) /* our task through a second slot */
#define EMPTY      KT_CAP(0x31) /* never filled */
#define IRQ_OBJ    KT_CAP(0x32) /* an Irq to name, delete and create again */
#define BT_THREAD  KT_CAP(0x40) /* first of the spinning helper threads */

/* An AArch64 frame record, as x29 points at it. */
struct frame_record {
    const struct frame_record *fp;
    unsigned long ret;
};

/* Chains whose return addresses jdb.test expects in this order. */
static const struct frame_record chain_end[3] = {
    { &chain_end[1], 0x400aa0 }, { &chain_end[2], 0x400bb0 }, { 0, 0x400cc0 },
};
static const struct frame_record chain_loop[2] = {
    { &chain_loop[1], 0x401110 }, { &chain_loop[0], 0x401220 },
};
static const struct frame_record chain_odd[1] = {
    { (const struct frame_record *)((const char *)&chain_odd[0] + 4), 0x402220 },
};
static const struct frame_record chain_unmapped[1] = {
    { (const struct frame_record *)0x0000dead00000000UL, 0x403330 },
};
static struct frame_record chain_deep[40]; /* linked at run time; 40 > the debugger's 32 */

/* Load the known values into x0..x28 and x30, x29 = chain, and spin for good. */
void kd_spin(const struct frame_record *chain) __attribute__((noreturn));
__asm__(".text\n"
        ".global kd_spin\n"
        ".type kd_spin, %function\n"
        "kd_spin:\n"
        "    mov x29, x0\n"
        "    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28\n"
        "    ldr x\\n, =(\\n * 0x0101010101010101)\n"
        "    .endr\n"
        "    ldr x30, =0x1e1e1e1e1e1e1e1e\n"
        "1:  b 1b\n"
        "    .ltorg\n"
        ".size kd_spin, . - kd_spin\n");

static void spin_loop(void) { kd_spin(chain_loop); }
static void spin_odd(void) { kd_spin(chain_odd); }
static void spin_unmapped(void) { kd_spin(chain_unmapped); }
static void spin_deep(void) { kd_spin(chain_deep); }
static void spin_end(void) { kd_spin(chain_end); }

/* The helpers spin (same priority, round robin); the main thread waits. */
static void spin_for_the_debugger(void)
{
    static kt_stack_t stacks[5];
    static const struct {
        void (*fn)(void);
        char const *name;
    } helpers[5] = {
        { spin_loop, "bt-loop" }, { spin_odd, "bt-odd" },
        { spin_unmapped, "bt-unmapped" }, { spin_deep, "bt-deep" }, { spin_end, "bt-end" },
    };

    for (unsigned i = 0; i + 1 < 40; i++) {
        chain_deep[i] = (struct frame_record){ &chain_deep[i + 1], 0x404000 + i };
    }
    for (unsigned i = 0; i < 5; i++) {
        l4_cap_idx_t cap = BT_THREAD + KT_CAP(i);
        if (kt_thread_start(cap, 1 + i, helpers[i].fn, &stacks[i], KT_PRIO, L4_INVALID_CAP) ||
            kt_err(l4_debugger_set_object_name(cap, helpers[i].name))) {
            l4_kd_outstring("kd: cannot start the spinning threads\n");
        }
    }
    l4_ipc_sleep(kt_to_ms(100)); /* each helper runs into kd_spin meanwhile (10 ms slices) */
    l4_kd_outstring("kd: spinning with known registers\n");
    /* Not spinning here ourselves: a slice ending on the way out of the system call above
     * would leave that call's registers in our frame when ESC comes. */
    l4_ipc_sleep(L4_IPC_NEVER);
}
static int streq(char const *a, char const *b)
{
    while (*a && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

static void test_output(void)
{
    l4_kd_outstring("kd: ");
    l4_kd_outhex32(0x1234abcd);
    l4_kd_outchar(' ');
    l4_kd_outdec(-42);
    l4_kd_outchar(' ');
    l4_kd_outhex8(0x5a);
    l4_kd_outchar('\n');
    enter_kdebug("kd-enter-test");
    tap_ok(1, "enter_kdebug() returns");
}

/* Name \a cap n times ("kd-<i>"), last "kd-main"; the first error, or 0. */
static long rename_many(l4_cap_idx_t cap, unsigned n)
{
    char name[16] = "kd-";
    long err = 0;

    for (unsigned i = 0; i < n && !err; i++) {
        name[3] = (char)('a' + i % 26);
        name[4] = (char)('a' + i / 26 % 26);
        err = kt_err(l4_debugger_set_object_name(cap, name));
    }
    return err ? err : kt_err(l4_debugger_set_object_name(cap, "kd-main"));
}

static void test_names(void)
{
    char got[32];

    tap_is_int(kt_err(l4_debugger_set_object_name(L4_BASE_TASK_CAP, "kd-test")), 0,
               "name our task");
    tap_ok(l4_debugger_get_object_name(L4_BASE_TASK_CAP, got, sizeof(got)) == 0 &&
           streq(got, "kd-test"), "read it back: '%s'", got);
    tap_is_int(kt_err(l4_debugger_set_object_name(L4_BASE_TASK_CAP,
                                                  "abcdefghijklmnopqrstuvwxyz0123")), 0,
               "a 30-character name is accepted");
    tap_ok(l4_debugger_get_object_name(L4_BASE_TASK_CAP, got, sizeof(got)) == 0 &&
           streq(got, "abcdefghijklmnopqrstuvw"), "and kept as its first 23: '%s'", got);
    tap_ok(l4_debugger_get_object_name(L4_BASE_TASK_CAP, got, 4) == 0 && streq(got, "abc"),
           "a 4-byte buffer gets 3 characters and the NUL: '%s'", got);
    tap_is_int(l4_debugger_get_object_name(L4_BASE_TASK_CAP, got, 0), -L4_EINVAL,
               "a 0-byte buffer -> -EINVAL");
    tap_is_int(kt_err(l4_debugger_set_object_name(L4_BASE_THREAD_CAP, "kd-main")), 0,
               "name our thread");
    tap_ok(l4_debugger_get_object_name(L4_BASE_THREAD_CAP, got, sizeof(got)) == 0 &&
           streq(got, "kd-main"), "read the thread's name back: '%s'", got);
    tap_is_int(rename_many(L4_BASE_THREAD_CAP, 300), 0,
               "renamed 300 times: one name entry, not one per name (the table holds 256)");
    tap_ok(l4_debugger_get_object_name(L4_BASE_THREAD_CAP, got, sizeof(got)) == 0 &&
           streq(got, "kd-main"), "the last name stands: '%s'", got);
    tap_ok(kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_OBJ)) == 0 &&
           kt_err(l4_debugger_set_object_name(IRQ_OBJ, "kd-irq")) == 0 &&
           l4_debugger_get_object_name(IRQ_OBJ, got, sizeof(got)) == 0 && streq(got, "kd-irq"),
           "name an Irq and read it back: '%s'", got);
    l4_task_delete_obj(L4_BASE_TASK_CAP, IRQ_OBJ);
    tap_ok(kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_OBJ)) == 0 &&
           l4_debugger_get_object_name(IRQ_OBJ, got, sizeof(got)) == 0 && got[0] == '\0',
           "a new Irq in its place has no name ('%s')", got);
    tap_ok(l4_debugger_get_object_name(L4_BASE_DEBUGGER_CAP, got, sizeof(got)) == 0 &&
           got[0] == '\0', "an unnamed kernel object reads as ''");
    tap_is_int(kt_err(l4_debugger_set_object_name(EMPTY, "x")), -L4_EINVAL,
               "naming an empty slot -> -EINVAL");
    l4_debugger_set_object_name(L4_BASE_TASK_CAP, "kd-test");
}

static void test_ids(void)
{
    unsigned long task = l4_debugger_global_id(L4_BASE_TASK_CAP);

    tap_is_int(kt_cap_alias(L4_BASE_TASK_CAP, TASK_ALIAS, L4_CAP_FPAGE_RW), 0,
               "map our task to a second slot");
    tap_ok(task != ~0UL && l4_debugger_global_id(TASK_ALIAS) == task,
           "the global id is the same through both slots");
    tap_ok(l4_debugger_global_id(L4_BASE_THREAD_CAP) != task &&
           l4_debugger_global_id(L4_BASE_THREAD_CAP) != ~0UL,
           "our thread has another id");
    tap_ok(l4_debugger_global_id(EMPTY) == ~0UL, "an empty slot has none (~0UL)");
}

static void test_refused(void)
{
    char a[16], b[16];
    l4_msg_regs_t *m = l4_utcb_mr();

    tap_is_int(kt_err(l4_debugger_switch_log(L4_BASE_TASK_CAP, "ipc", 1)), -L4_ENOSYS,
               "switch a kernel log -> -ENOSYS");
    tap_ok(l4_debugger_query_log_typeid(L4_BASE_TASK_CAP, "ipc", 0) == -L4_ENOSYS &&
           l4_debugger_query_log_name(L4_BASE_TASK_CAP, 0, a, sizeof(a), b, sizeof(b)) ==
           -L4_ENOSYS, "kernel-log queries -> -ENOSYS");
    tap_ok(l4_debugger_query_object_name(L4_BASE_TASK_CAP, 1, a, sizeof(a)) == -L4_ENOSYS &&
           l4_debugger_kobj_to_id(L4_BASE_TASK_CAP, 0) == ~0UL,
           "id-to-name and pointer-to-id -> -ENOSYS / ~0UL");
    tap_is_int(kt_err(l4_debugger_add_image_info(L4_BASE_TASK_CAP, 0x400000, "img")),
               -L4_ENOSYS, "add image info -> -ENOSYS");
    m->mr[0] = L4_KDEBUG_GROUP_TRACE;
    tap_is_int(kt_err(l4_ipc_call(L4_BASE_DEBUGGER_CAP, l4_utcb(),
                                  l4_msgtag(L4_PROTO_DEBUGGER, 1, 0, 0), L4_IPC_NEVER)),
               -L4_ENOSYS, "the trace group -> -ENOSYS");
    m->mr[0] = L4_KDEBUG_OUTDEC + 1;
    tap_is_int(kt_err(l4_ipc_call(L4_BASE_DEBUGGER_CAP, l4_utcb(),
                                  l4_msgtag(L4_PROTO_DEBUGGER, 2, 0, 0), L4_IPC_NEVER)),
               -L4_ENOSYS, "an unknown output op -> -ENOSYS");
}

int l4_main(l4_kernel_info_t *kip)
{
    tap_start(PLAN);
    test_names(); /* first: with -jdb the debugger lists us by our name (jdb.test) */
    test_output();
    test_ids();
    test_refused();
    int r = tap_done();
    if (l4util_cmdline_flag(l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK),
                            "--spin")) {
        /* Keep the CPU busy (jdb.test): ESC must stop the system all the same. */
        spin_for_the_debugger();
    }
    return r;
}
