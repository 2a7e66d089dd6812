/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_task (root task, TAP): the Task object. Creating tasks
 * with a UTCB area; cap_valid, cap_equal, release_cap, delete_obj; mapping
 * memory into a new task and back (content and write-through checked by
 * probe threads, so a fault stops only the probe); read-only mappings;
 * unmap revoking a grandchild mapping (A -> B -> C, memory and objects);
 * object mappings with reduced rights; protocol and length errors.
 * Semantics relied on where the reference is silent or loose:
 * - l4_task_map(dst, src, ...) needs W on dst; the rights of the new
 *   mapping are the intersection of the fpage rights and the source's.
 * - Unmap in B with L4_FP_OTHER_SPACES revokes everything derived from B's
 *   mapping (children, grandchildren) and keeps B's own; L4_FP_ALL_SPACES
 *   also removes B's own.
 * - cap_valid answers for the invoked task's object space (label 1/0).
 * - Wrong protocol: -L4_EBADPROTO; unknown opcode: -L4_ENOSYS; a map
 *   message that is too short: -L4_EMSGTOOSHORT or -L4_EINVAL.
 * - A thread without a pager that faults is stopped (or killed).
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 62

#define TASK_B  KT_CAP(0x30)
#define TASK_C  KT_CAP(0x31)
#define SLOT_R  KT_CAP(0x32)  /* own task cap, R only */
#define SLOT_F  KT_CAP(0x33)  /* factory cap, R only */
#define SLOT_B1 KT_CAP(0x34)  /* object slot used inside B and C */
#define PROBE(n) KT_CAP(0x40 + (n))
#define TASK_D  KT_CAP(0x35)  /* the UTCB-area checks */
#define TASK_D_NOW KT_CAP(0x3a) /* TASK_D without W */
#define IRQ_X   KT_CAP(0x36)  /* deletion through a copy without D */
#define IRQ_NOD KT_CAP(0x37)
#define IRQ_G1  KT_CAP(0x38)  /* granted with fewer rights ... */
#define IRQ_G2  KT_CAP(0x39)  /* ... to here */
#define VA_U    0x100200000UL /* where a copy of our UTCB page must not appear */
#define UTCB_FREE_PAGE (KT_UTCB_AREA + 0x8000UL) /* UTCB slots 32..35, never used here */

/* Virtual addresses outside everything the boot mapped (above 4 GiB). */
#define VA_B   0x100000000UL  /* in B */
#define VA_BR  0x100010000UL  /* read-only copy in B */
#define VA_C   0x100020000UL  /* in C */
#define VA_Q   0x100100000UL  /* back in A (root), via B */
#define VA_R   0x100110000UL  /* back in A, read-only via B */
#define VA_Z   0x100120000UL  /* back in A, via C (grandchild) */
#define VA_Z2  0x100130000UL  /* back in A, via B after revocation in C */

#define MAGIC  0x4b45535452454c31UL
#define MAGIC2 0x5a5a5a5a12345678UL

static l4_umword_t page_p[512] __attribute__((aligned(4096)));
static l4_umword_t page_p2[512] __attribute__((aligned(4096)));
static unsigned probe_no;

static long err(l4_msgtag_t t)
{
    return l4_error(t);
}

/* cap_valid label, or the (negative) error. */
static long cap_valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
    l4_msgtag_t t = l4_task_cap_valid(task, cap);
    return l4_msgtag_has_error(t) ? err(t) : l4_msgtag_label(t);
}

static int probe_read(l4_addr_t a, l4_umword_t *v)
{
    return kt_probe(PROBE(probe_no++), a, 0, 0, v);
}

static int probe_write(l4_addr_t a, l4_umword_t v)
{
    return kt_probe(PROBE(probe_no++), a, 1, v, 0);
}

static l4_fpage_t page(l4_addr_t a, unsigned rights)
{
    return l4_fpage(a, L4_PAGESHIFT, (unsigned char)rights);
}

static void test_create_and_caps(void)
{
    l4_fpage_t area = l4_fpage(KT_UTCB_AREA, 16, L4_FPAGE_RW);
    l4_fpage_t want = area;

    tap_is_int(err(l4_factory_create_task(L4_BASE_FACTORY_CAP, TASK_B, &area)), 0,
               "create task B with a 64 KiB UTCB area");
    tap_ok(l4_fpage_memaddr(area) == KT_UTCB_AREA && l4_fpage_size(area) == 16,
           "create returns the UTCB area (0x%lx, order %d)", l4_fpage_memaddr(area),
           l4_fpage_size(area));
    area = want;
    tap_is_int(err(l4_factory_create_task(L4_BASE_FACTORY_CAP, TASK_C, &area)), 0,
               "create task C");
    tap_ok(cap_valid(L4_BASE_TASK_CAP, TASK_B) > 0, "cap_valid: slot of B is valid");
    tap_is_int(cap_valid(L4_BASE_TASK_CAP, KT_EMPTY_CAP), 0, "cap_valid: empty slot is 0");
    tap_is_int(l4_msgtag_label(l4_task_cap_equal(L4_BASE_TASK_CAP, TASK_B, TASK_B)), 1,
               "cap_equal: B equals B");
    tap_is_int(l4_msgtag_label(l4_task_cap_equal(L4_BASE_TASK_CAP, TASK_B, TASK_C)), 0,
               "cap_equal: B differs from C");
    tap_is_int(kt_ipc_err(l4_task_cap_valid(KT_EMPTY_CAP, TASK_B)), L4_IPC_ENOT_EXISTENT,
               "task op on an empty slot: ENOT_EXISTENT");
}

static void test_memory(void)
{
    l4_umword_t v = 0;

    page_p[0] = MAGIC;
    tap_is_int(err(l4_task_map(TASK_B, L4_BASE_TASK_CAP, page((l4_addr_t)page_p, L4_FPAGE_RW),
                               l4_map_control(VA_B, 0, 0))), 0,
               "map a page from A into B");
    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, TASK_B, page(VA_B, L4_FPAGE_RW),
                               l4_map_control(VA_Q, 0, 0))), 0,
               "map it from B back into A at another address");
    tap_ok(probe_read(VA_Q, &v) && v == MAGIC, "the page reads the same through both addresses");
    tap_ok(probe_write(VA_Q, MAGIC2) && page_p[0] == MAGIC2,
           "a write through the mapping is seen in the original");

    tap_is_int(err(l4_task_map(TASK_B, L4_BASE_TASK_CAP, page((l4_addr_t)page_p, L4_FPAGE_RO),
                               l4_map_control(VA_BR, 0, 0))), 0,
               "map the page read-only into B");
    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, TASK_B, page(VA_BR, L4_FPAGE_RW),
                               l4_map_control(VA_R, 0, 0))), 0,
               "map the read-only page back asking for RW");
    tap_ok(probe_read(VA_R, &v) && v == MAGIC2, "the read-only copy is readable");
    tap_ok(!probe_write(VA_R, 1) && page_p[0] == MAGIC2,
           "writing the read-only copy faults (rights were reduced)");

    tap_is_int(err(l4_task_unmap(TASK_B, page(VA_B, L4_FPAGE_RWX), L4_FP_ALL_SPACES)), 0,
               "unmap the page in B (all spaces)");
    tap_ok(!probe_read(VA_Q, &v), "the copy A got from B is revoked too");
    tap_is_int((long long)page_p[0], (long long)MAGIC2, "A's own original is untouched");
}

static void test_grandchild(void)
{
    l4_umword_t v = 0;

    page_p2[0] = MAGIC;
    l4_task_map(TASK_B, L4_BASE_TASK_CAP, page((l4_addr_t)page_p2, L4_FPAGE_RW),
                l4_map_control(VA_B, 0, 0));
    tap_is_int(err(l4_task_map(TASK_C, TASK_B, page(VA_B, L4_FPAGE_RW),
                               l4_map_control(VA_C, 0, 0))), 0,
               "B maps the page on to C (l4_task_map with src = B)");
    l4_task_map(L4_BASE_TASK_CAP, TASK_C, page(VA_C, L4_FPAGE_RW), l4_map_control(VA_Z, 0, 0));
    tap_ok(probe_read(VA_Z, &v) && v == MAGIC, "C's copy (seen from A) has the content");
    tap_is_int(err(l4_task_unmap(TASK_B, page(VA_B, L4_FPAGE_RWX), L4_FP_OTHER_SPACES)), 0,
               "unmap in B, other spaces only");
    tap_ok(!probe_read(VA_Z, &v), "the grandchild mapping (C, and A's view of it) is revoked");
    l4_task_map(L4_BASE_TASK_CAP, TASK_B, page(VA_B, L4_FPAGE_RW), l4_map_control(VA_Z2, 0, 0));
    tap_ok(probe_read(VA_Z2, &v) && v == MAGIC, "B keeps its own mapping");

    /* The same for capabilities: A -> B (slot B1) -> C (slot B1). */
    l4_task_map(TASK_B, L4_BASE_TASK_CAP, l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWS),
                l4_map_obj_control(SLOT_B1, 0));
    l4_task_map(TASK_C, TASK_B, l4_obj_fpage(SLOT_B1, 0, L4_CAP_FPAGE_RWS),
                l4_map_obj_control(SLOT_B1, 0));
    tap_ok(cap_valid(TASK_C, SLOT_B1) > 0, "an object capability mapped A -> B -> C");
    l4_task_unmap(TASK_B, l4_obj_fpage(SLOT_B1, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES);
    tap_ok(cap_valid(TASK_C, SLOT_B1) == 0 && cap_valid(TASK_B, SLOT_B1) > 0,
           "unmap in B revokes C's capability, B keeps its own");
}

static void test_rights_and_errors(void)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t;

    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                               l4_obj_fpage(L4_BASE_TASK_CAP, 0, L4_CAP_FPAGE_RO),
                               l4_map_obj_control(SLOT_R, 0))), 0,
               "map the own task capability read-only into another slot");
    tap_is_int(l4_msgtag_label(l4_task_cap_equal(L4_BASE_TASK_CAP, SLOT_R, L4_BASE_TASK_CAP)),
               1, "the reduced copy names the same task (cap_equal)");
    tap_is_int(err(l4_task_map(SLOT_R, L4_BASE_TASK_CAP, page((l4_addr_t)page_p, L4_FPAGE_RW),
                               l4_map_control(VA_Z2, 0, 0))), -L4_EPERM,
               "map through a task capability without W: -L4_EPERM");
    tap_is_int(err(l4_task_release_cap(L4_BASE_TASK_CAP, SLOT_R)), 0, "release_cap");
    tap_is_int(cap_valid(L4_BASE_TASK_CAP, SLOT_R), 0, "the released slot is empty");

    m->mr[0] = L4_TASK_CAP_INFO_OP;
    m->mr[1] = TASK_B;
    t = l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_THREAD, 2, 0, 0),
                    kt_timeout_ms(500, 500));
    tap_is_int(err(t), -L4_EBADPROTO, "task invoked with the thread protocol: -L4_EBADPROTO");
    m->mr[0] = 0x7f;
    t = l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0),
                    kt_timeout_ms(500, 500));
    tap_is_int(err(t), -L4_ENOSYS, "unknown task opcode: -L4_ENOSYS");
    m->mr[0] = L4_TASK_MAP_OP;
    t = l4_ipc_call(TASK_B, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0),
                    kt_timeout_ms(500, 500));
    tap_ok(err(t) == -L4_EMSGTOOSHORT || err(t) == -L4_EINVAL,
           "map message without arguments is refused (%ld)", err(t));

    unsigned bad = 0;
    for (unsigned op = 0x4; op <= 0xffff; ++op) {
        l4_utcb_mr()->mr[0] = op;
        bad += err(l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0),
                               L4_IPC_NEVER)) != -L4_ENOSYS;
    }
    tap_is_int(bad, 0, "task opcodes 4..0xffff: all -L4_ENOSYS");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, TASK_C)), 0, "delete task C");
    tap_is_int(cap_valid(L4_BASE_TASK_CAP, TASK_C), 0, "the deleted task's slot is empty");
}

static l4_fpage_t area(l4_addr_t base, unsigned order)
{
    return l4_fpage(base, order, L4_FPAGE_RW);
}

/* A UTCB area must be a whole number of pages, aligned to its size, in the user range. */
static void test_ku_mem(void)
{
    l4_fpage_t a = area(0x10001000UL, 16);

    tap_is_int(err(l4_factory_create_task(L4_BASE_FACTORY_CAP, TASK_D, &a)), -L4_EINVAL,
               "create task with a 64 KiB UTCB area at a 4 KiB boundary: -EINVAL");
    tap_is_int(cap_valid(L4_BASE_TASK_CAP, TASK_D), 0, "... and no task is made");
    a = area(0x10000000UL, 12);
    tap_is_int(err(l4_factory_create_task(L4_BASE_FACTORY_CAP, TASK_D, &a)), 0,
               "create task with an aligned one-page UTCB area");
    a = area(0x20002000UL, 14);
    tap_is_int(err(l4_task_add_ku_mem(TASK_D, &a)), -L4_EINVAL,
               "add_ku_mem of 16 KiB at an 8 KiB boundary: -EINVAL");
    a = area(0x20000800UL, 11);
    tap_is_int(err(l4_task_add_ku_mem(TASK_D, &a)), -L4_EINVAL,
               "add_ku_mem smaller than a page: -EINVAL");
    a = area(0x0000fffffffff000UL + 0x1000UL, 12);
    tap_is_int(err(l4_task_add_ku_mem(TASK_D, &a)), -L4_EINVAL,
               "add_ku_mem past the end of the user address space: -EINVAL");
    a = area(0x10000000UL, 13);
    tap_is_int(err(l4_task_add_ku_mem(TASK_D, &a)), -L4_EINVAL,
               "add_ku_mem overlapping the UTCB area: -EINVAL");
    a = area(0x40000000UL, 20);
    tap_is_int(err(l4_task_add_ku_mem(TASK_D, &a)), -L4_ENOMEM,
               "add_ku_mem beyond the per-task limit (1 MiB): -ENOMEM");
    a = area(0x20000000UL, 14);
    tap_ok(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                           l4_obj_fpage(TASK_D, 0, L4_CAP_FPAGE_RS),
                           l4_map_obj_control(TASK_D_NOW, 0))) == 0 &&
               err(l4_task_add_ku_mem(TASK_D_NOW, &a)) == -L4_EPERM,
           "add_ku_mem through a task capability without W: -EPERM");
    tap_is_int(err(l4_task_add_ku_mem(TASK_D, &a)), 0, "add_ku_mem of an aligned 16 KiB area");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, TASK_D)), 0, "delete that task");
}

/* Deleting needs D on the capability used; the object lives on otherwise. */
static void test_delete_needs_d(void)
{
    tap_is_int(err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_X)), 0, "create an irq");
    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                               l4_obj_fpage(IRQ_X, 0, L4_CAP_FPAGE_RWS),
                               l4_map_obj_control(IRQ_NOD, 0))),
               0, "copy it without D");
    l4_task_delete_obj(L4_BASE_TASK_CAP, IRQ_NOD);
    tap_ok(cap_valid(L4_BASE_TASK_CAP, IRQ_X) > 0 && kt_ipc_err(l4_irq_trigger(IRQ_X)) == 0,
           "delete_obj through the copy without D leaves the irq alive (original valid)");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, IRQ_X)), 0, "delete through the original");
    tap_is_int(cap_valid(L4_BASE_TASK_CAP, IRQ_X), 0, "... which has D: the irq is gone");
}

/* The UTCB area belongs to the kernel: users can neither pass it on, cover it nor unmap it. */
static void test_kernel_pages(void)
{
    l4_umword_t v = 0;

    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, page(KT_UTCB_AREA, L4_FPAGE_RW),
                               l4_map_control(VA_U, 0, 0))),
               0, "map our UTCB page elsewhere: no error, but ...");
    tap_ok(!probe_read(VA_U, &v), "... nothing is mapped there");
    page_p2[0] = MAGIC;
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, page((l4_addr_t)page_p2, L4_FPAGE_RW),
                l4_map_control(UTCB_FREE_PAGE, 0, 0));
    tap_ok(probe_read(UTCB_FREE_PAGE, &v) && v != MAGIC,
           "a page mapped onto the UTCB area does not replace it (0x%lx)", v);
    l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(KT_UTCB_AREA, 16, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
    /* Had that unmap taken our UTCB, this thread would fault at its next IPC. */
    tap_ok(cap_valid(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP) > 0,
           "unmapping the UTCB area leaves it in place: IPC still works");
}

/* A grant can pass on fewer rights than the granter had. */
static void test_grant_rights(void)
{
    tap_is_int(err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_G1)), 0, "an irq to grant");
    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                               l4_obj_fpage(IRQ_G1, 0, L4_CAP_FPAGE_RW),
                               l4_map_obj_control(IRQ_G2, L4_MAP_ITEM_GRANT))),
               0, "grant it to another slot with RW only");
    tap_ok(cap_valid(L4_BASE_TASK_CAP, IRQ_G1) == 0 && cap_valid(L4_BASE_TASK_CAP, IRQ_G2) > 0,
           "the granted capability moved");
    tap_is_int(err(l4_irq_detach(IRQ_G2)), -L4_EPERM, "it lost S (detach: -EPERM)");
    tap_is_int(err(l4_task_release_cap(L4_BASE_TASK_CAP, IRQ_G2)), 0, "release it");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_create_and_caps();
    test_memory();
    test_grandchild();
    test_rights_and_errors();
    test_ku_mem();
    test_delete_needs_d();
    test_kernel_pages();
    test_grant_rights();
    return tap_done();
}
