// SPDX-License-Identifier: MIT
/*
 * The debugger object: the l4_kd_* operations of L4Re's kdebug.h (group
 * L4_KDEBUG_GROUP_JDB: console output, enter) and, through kdebug_kobj.c, the
 * l4_debugger_* object requests (group L4_KDEBUG_GROUP_KOBJ). The trace,
 * coverage and dump groups are refused with -L4_ENOSYS. Text comes from the
 * caller's message registers, bounded by the message's word count so a bad
 * length cannot make the kernel read beyond the UTCB.
 */
#include <l4/sys/err.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/types.h>
#include "console.h"
#include "invocation.h"
#include "jdb.h"
#include "kdebug.h"

typedef void (*kdebug_op_fn)(const l4_umword_t *mr, unsigned words);

static void kd_outchar(const l4_umword_t *mr, unsigned words)
{
    if (words >= 2) {
        console_putc((char)mr[1]);
    }
}

static void kd_outnstring(const l4_umword_t *mr, unsigned words)
{
    if (words < 2) {
        return;
    }
    size_t max = (words - 2) * sizeof(l4_umword_t);
    size_t len = mr[1] < max ? mr[1] : max;
    console_write((const char *)&mr[2], len);
}

static void kd_outhex(const l4_umword_t *mr, unsigned words, int digits)
{
    if (words >= 2) {
        unsigned long mask = digits >= 16 ? ~0UL : (1UL << (digits * 4)) - 1;
        kprintf("%0*lx", digits, mr[1] & mask);
    }
}

static void kd_outhex32(const l4_umword_t *mr, unsigned words) { kd_outhex(mr, words, 8); }
static void kd_outhex20(const l4_umword_t *mr, unsigned words) { kd_outhex(mr, words, 5); }
static void kd_outhex16(const l4_umword_t *mr, unsigned words) { kd_outhex(mr, words, 4); }
static void kd_outhex12(const l4_umword_t *mr, unsigned words) { kd_outhex(mr, words, 3); }
static void kd_outhex8(const l4_umword_t *mr, unsigned words) { kd_outhex(mr, words, 2); }

static void kd_outdec(const l4_umword_t *mr, unsigned words)
{
    if (words >= 2) {
        kprintf("%ld", (long)mr[1]);
    }
}

static void kd_enter(const l4_umword_t *mr, unsigned words)
{
    kprintf("kernel: l4_kd_enter: ");
    kd_outnstring(mr, words);
    if (opt_jdb) {
        kprintf("\n");
        jdb_enter("enter_kdebug");
        return;
    }
    kprintf(" (no kernel debugger; continuing)\n");
}

static const kdebug_op_fn kdebug_ops[] = {
    [L4_KDEBUG_ENTER] = kd_enter,
    [L4_KDEBUG_OUTCHAR] = kd_outchar,
    [L4_KDEBUG_OUTNSTRING] = kd_outnstring,
    [L4_KDEBUG_OUTHEX32] = kd_outhex32,
    [L4_KDEBUG_OUTHEX20] = kd_outhex20,
    [L4_KDEBUG_OUTHEX16] = kd_outhex16,
    [L4_KDEBUG_OUTHEX12] = kd_outhex12,
    [L4_KDEBUG_OUTHEX8] = kd_outhex8,
    [L4_KDEBUG_OUTDEC] = kd_outdec,
};

/* proto: L4_PROTO_DEBUGGER, rights: none (output is harmless) */
static void kdebug_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    (void)obj;
    (void)rights;
    if (l4_msgtag_label(inv->tag) != L4_PROTO_DEBUGGER) {
        invocation_error(inv, -L4_EBADPROTO);
        return;
    }
    const l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);
    if (words == 0) {
        if (opt_jdb) {
            jdb_enter("enter_kdebug");
        } else {
            kprintf("kernel: l4_kd_enter (no kernel debugger; continuing)\n");
        }
        invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
        return;
    }
    unsigned long op = mr[0];
    if (op >= L4_KDEBUG_GROUP_KOBJ && op < L4_KDEBUG_GROUP_TRACE) {
        kdebug_kobj_invoke(inv, op - L4_KDEBUG_GROUP_KOBJ);
        return;
    }
    if (op >= ARRAY_SIZE(kdebug_ops) || !kdebug_ops[op]) {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    kdebug_ops[op](mr, words);
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

static const struct kobj_type kdebug_type = {
    .name = "Debugger",
    .invoke = kdebug_invoke,
};

struct kobj kdebug_object = KOBJ_STATIC(&kdebug_type);
