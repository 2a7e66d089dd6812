/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_factory (root task, TAP): the Factory object. Creating
 * every object type (task, thread, factory, IPC gate, IRQ), the generic
 * create and the stream builder, unknown object types, wrong protocol,
 * missing S right, short messages; a nested factory with a quota: objects
 * until -L4_ENOMEM, the rest of the system still working, a child factory
 * bigger than its parent's rest, and deletion refunding the quota.
 * Semantics relied on where the reference is silent or loose:
 * - An unknown object protocol gives -L4_ENODEV; a wrong label on the
 *   factory -L4_EBADPROTO; a factory create without the quota word
 *   -L4_EINVAL or -L4_EMSGTOOSHORT.
 * - A thread (one 4 KiB page plus its object) costs more than 1 KiB of
 *   quota, so a 64 KiB factory runs out after at most 64 threads.
 * - Deleting an object refunds its quota before delete_obj returns, or at
 *   the latest after a few milliseconds (the test sleeps 10 ms).
 * - A failed creation changes no quota: the largest child factory that
 *   fits still fits after a hundred refused ones a byte larger.
 * - A gate bound at creation needs S on the thread capability (-L4_EPERM).
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 33

#define C_TASK    KT_CAP(0x40)
#define C_THREAD  KT_CAP(0x41)
#define C_FACTORY KT_CAP(0x42)
#define C_GATE    KT_CAP(0x43)
#define C_IRQ     KT_CAP(0x44)
#define C_GENERIC KT_CAP(0x45)
#define C_STREAM  KT_CAP(0x46)
#define C_NOS     KT_CAP(0x47)
#define C_TMP     KT_CAP(0x48)
#define C_SUB     KT_CAP(0x49)
#define C_THR_NOS KT_CAP(0x4a) /* C_THREAD without S */
#define C_GATE2   KT_CAP(0x4b)
#define C_F2      KT_CAP(0x4c) /* the factory of the no-drift check */
#define C_SUB2    KT_CAP(0x4d)
#define C_NOBUF   KT_CAP(0x4e) /* named by a BR0 that is not a capability buffer */
#define C_QUOTA0  0x80  /* slots 0x80..0xbf: threads of the small factory */
#define QUOTA     (64UL * 1024)

static long err(l4_msgtag_t t)
{
    return l4_error(t);
}

static int valid(l4_cap_idx_t c)
{
    l4_msgtag_t t = l4_task_cap_valid(L4_BASE_TASK_CAP, c);
    return !l4_msgtag_has_error(t) && l4_msgtag_label(t) > 0;
}

static void test_create(void)
{
    l4_fpage_t area = l4_fpage(KT_UTCB_AREA, 16, L4_FPAGE_RW);
    l4_utcb_t *u = l4_utcb();
    l4_msgtag_t t;

    tap_ok(err(l4_factory_create_task(L4_BASE_FACTORY_CAP, C_TASK, &area)) == 0
           && valid(C_TASK), "create a task");
    tap_ok(err(l4_factory_create_thread(L4_BASE_FACTORY_CAP, C_THREAD)) == 0
           && valid(C_THREAD), "create a thread");
    tap_ok(err(l4_factory_create_factory(L4_BASE_FACTORY_CAP, C_FACTORY, QUOTA)) == 0
           && valid(C_FACTORY), "create a factory");
    tap_ok(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, C_GATE, L4_INVALID_CAP, 0x10)) == 0
           && valid(C_GATE), "create an (unbound) IPC gate");
    tap_ok(err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, C_IRQ)) == 0 && valid(C_IRQ),
           "create an IRQ");
    tap_ok(err(l4_factory_create(L4_BASE_FACTORY_CAP, L4_PROTO_THREAD, C_GENERIC)) == 0
           && valid(C_GENERIC), "generic create (thread protocol)");
    t = l4_factory_create_start_u(L4_PROTO_FACTORY, C_STREAM, u);
    l4_factory_create_add_uint_u(QUOTA, &t, u);
    tap_ok(err(l4_factory_create_commit_u(L4_BASE_FACTORY_CAP, t, u)) == 0 && valid(C_STREAM),
           "stream builder creates a factory");
    tap_is_int(l4_msgtag_label(l4_task_cap_equal(L4_BASE_TASK_CAP, C_FACTORY, C_STREAM)), 0,
               "two creations give two different objects");

    tap_is_int(err(l4_factory_create(L4_BASE_FACTORY_CAP, -99, C_TMP)), -L4_ENODEV,
               "unknown object type: -L4_ENODEV");
    l4_utcb_mr_u(u)->mr[0] = (l4_umword_t)L4_PROTO_THREAD;
    t = l4_ipc_call(L4_BASE_FACTORY_CAP, u, l4_msgtag(L4_PROTO_TASK, 1, 0, 0),
                    kt_timeout_ms(500, 500));
    tap_is_int(err(t), -L4_EBADPROTO, "factory invoked with the task protocol: -L4_EBADPROTO");
    t = l4_factory_create_start_u(L4_PROTO_FACTORY, C_TMP, u);
    t = l4_factory_create_commit_u(L4_BASE_FACTORY_CAP, t, u);
    tap_ok(err(t) == -L4_EINVAL || err(t) == -L4_EMSGTOOSHORT,
           "factory create without the quota word is refused (%ld)", err(t));
    tap_ok(!valid(C_TMP), "failed creations leave the target slot empty");

    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                l4_obj_fpage(L4_BASE_FACTORY_CAP, 0, L4_CAP_FPAGE_RW),
                l4_map_obj_control(C_NOS, 0));
    tap_is_int(err(l4_factory_create_thread(C_NOS, C_TMP)), -L4_EPERM,
               "create through a factory capability without S: -L4_EPERM");
    tap_is_int(kt_ipc_err(l4_factory_create_thread(KT_EMPTY_CAP, C_TMP)), L4_IPC_ENOT_EXISTENT,
               "create through an empty slot: ENOT_EXISTENT");
}

static void test_quota(void)
{
    unsigned n = 0;
    long r = 0;

    while (n < 64) {
        r = err(l4_factory_create_thread(C_FACTORY, KT_CAP(C_QUOTA0 + n)));
        if (r < 0) {
            break;
        }
        ++n;
    }
    tap_ok(n >= 1 && n < 64, "a %lu KiB factory creates %u threads, then stops", QUOTA / 1024,
           n);
    tap_is_int(r, -L4_ENOMEM, "quota exhaustion: -L4_ENOMEM");
    tap_ok(!valid(KT_CAP(C_QUOTA0 + n)), "the failed creation left its slot empty");
    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, C_TMP, L4_INVALID_CAP, 0x20)), 0,
               "the root factory still works");
    tap_is_int(err(l4_factory_create_factory(C_FACTORY, C_SUB, QUOTA)), -L4_ENOMEM,
               "a child factory larger than the parent's rest: -L4_ENOMEM");

    if (n > 0) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, KT_CAP(C_QUOTA0 + n - 1));
    }
    kt_sleep_ms(10);
    tap_is_int(err(l4_factory_create_thread(C_FACTORY, KT_CAP(C_QUOTA0 + 0x3f))), 0,
               "deleting one thread refunds its quota: the creation succeeds again");
    tap_is_int(err(l4_factory_create_thread(C_FACTORY, KT_CAP(C_QUOTA0 + 0x3e))), -L4_ENOMEM,
               "... and the quota is exhausted again after it");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, C_FACTORY)), 0,
               "delete the exhausted factory");
}

/* The new capability goes only where BR0 is a single-capability receive buffer. */
static void test_bad_buffer(void)
{
    l4_utcb_t *u = l4_utcb();

    l4_utcb_mr_u(u)->mr[0] = L4_PROTO_IRQ_SENDER;
    l4_utcb_br_u(u)->bdr = 0;
    l4_utcb_br_u(u)->br[0] = C_NOBUF; /* the slot, but without L4_RCV_ITEM_SINGLE_CAP */
    l4_msgtag_t t = l4_ipc_call(L4_BASE_FACTORY_CAP, u, l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0),
                                L4_IPC_NEVER);
    tap_is_int(err(t), -L4_EINVAL, "create with BR0 not a capability buffer: -EINVAL");
    tap_ok(!valid(C_NOBUF), "... and nothing lands in the slot it names");

    /* A factory needs exactly proto, type and limit: a limit left over in mr2 from
     * an earlier message must not count. */
    l4_utcb_mr_u(u)->mr[0] = L4_PROTO_FACTORY;
    l4_utcb_mr_u(u)->mr[1] = L4_VARG_TYPE_UMWORD;
    l4_utcb_mr_u(u)->mr[2] = 4096;
    l4_utcb_br_u(u)->br[0] = C_NOBUF | L4_RCV_ITEM_SINGLE_CAP;
    t = l4_ipc_call(L4_BASE_FACTORY_CAP, u, l4_msgtag(L4_PROTO_FACTORY, 2, 0, 0), L4_IPC_NEVER);
    tap_ok(err(t) == -L4_EINVAL && !valid(C_NOBUF),
           "create a factory with 2 words (no limit): -EINVAL, slot empty (%ld)", err(t));
}

static void test_gate_bind_rights(void)
{
    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                               l4_obj_fpage(C_THREAD, 0, L4_CAP_FPAGE_RW),
                               l4_map_obj_control(C_THR_NOS, 0))),
               0, "copy a thread capability without S");
    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, C_GATE2, C_THR_NOS, 0x30)),
               -L4_EPERM, "create a gate bound through the thread capability without S: -EPERM");
    tap_ok(!valid(C_GATE2), "... and no gate is made");
    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, C_GATE2, C_THREAD, 0x30)), 0,
               "through the capability with S the bound gate is made");
}

/* Whether a child factory of \a limit bytes fits into C_F2 (deleted again at once). */
static int child_fits(unsigned long limit)
{
    if (err(l4_factory_create_factory(C_F2, C_SUB2, limit)) != 0) {
        return 0;
    }
    l4_task_delete_obj(L4_BASE_TASK_CAP, C_SUB2);
    return 1;
}

/* Refused child factories must leave the parent's quota exactly as it was. */
static void test_quota_no_drift(void)
{
    unsigned long lo = 0, hi = QUOTA; /* lo fits, hi does not */
    unsigned refused = 0;

    tap_is_int(err(l4_factory_create_factory(L4_BASE_FACTORY_CAP, C_F2, QUOTA)), 0,
               "another %lu KiB factory", QUOTA / 1024);
    while (hi - lo > 1) {
        unsigned long mid = lo + (hi - lo) / 2;
        if (child_fits(mid)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    tap_ok(lo > QUOTA / 2 && lo < QUOTA, "the largest child factory that fits: %lu bytes", lo);
    /* One byte more: the limit itself fits, the child's own records do not. */
    for (int i = 0; i < 100; ++i) {
        refused += err(l4_factory_create_factory(C_F2, C_SUB2, lo + 1)) == -L4_ENOMEM;
        refused += err(l4_factory_create_factory(C_F2, C_SUB2, 4 * QUOTA)) == -L4_ENOMEM;
    }
    tap_is_int(refused, 200, "200 child factories too big for the rest are refused: -ENOMEM");
    tap_ok(child_fits(lo) && !child_fits(lo + 1),
           "afterwards exactly the same largest child fits: no quota drift");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_create();
    test_quota();
    test_bad_buffer();
    test_gate_bind_rights();
    test_quota_no_drift();
    return tap_done();
}
