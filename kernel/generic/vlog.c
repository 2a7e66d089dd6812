// SPDX-License-Identifier: MIT
/*
 * The kernel's Vcon-protocol log (L4_BASE_LOG_CAP): write goes to the console;
 * read takes the bytes the console has received (console_poll_input() puts them
 * into vlog's input buffer), and an Irq bound to the log through the ICU
 * protocol (l4_icu_bind(log, 0, irq), as L4Re's vcon signals input) is
 * triggered whenever new bytes arrive. A read returns what is there, at most
 * the size asked for, with L4_VCON_READ_STAT_DONE when nothing is left; it never
 * waits and needs the W right. Attributes: the output flags act on writes
 * (ONLCR: NL as CR NL, the default; OCRNL: CR as NL; ONLRET changes no byte),
 * the input flags on reads (INLCR, IGNCR, ICRNL); the local flags (ICANON,
 * ECHO) are kept for get_attr: the kernel edits no lines and echoes nothing,
 * moe's console does (doc/runtime.md). Bits no flag has are refused with
 * -L4_EINVAL. While the buffer is full, received bytes wait in the UART.
 */
#include <l4/sys/err.h>
#include <l4/sys/icu.h>
#include <l4/sys/types.h>
#include <l4/sys/vcon.h>
#include "console.h"
#include "icu.h"
#include "invocation.h"
#include "irq.h"
#include "vlog.h"

#define VCON_OP_WRITE 0
#define VCON_OP_READ 1
#define VCON_OP_SET_ATTR 2
#define VCON_OP_GET_ATTR 3
#define VCON_READ_STAT_DONE (1UL << 31)
#define VLOG_INPUT_SIZE 1024 /* a power of two: the indices below wrap by masking */

enum { VLOG_I, VLOG_O, VLOG_L };
static l4_umword_t vlog_attr[3] = { [VLOG_O] = L4_VCON_ONLCR };
static const l4_umword_t vlog_attr_known[3] = {
    [VLOG_I] = L4_VCON_INLCR | L4_VCON_IGNCR | L4_VCON_ICRNL,
    [VLOG_O] = L4_VCON_ONLCR | L4_VCON_OCRNL | L4_VCON_ONLRET,
    [VLOG_L] = L4_VCON_ICANON | L4_VCON_ECHO,
};

/* Received bytes not yet read: [in_tail, in_head), counted modulo the size. */
static char vlog_in[VLOG_INPUT_SIZE];
static unsigned long vlog_in_head, vlog_in_tail;
static bool vlog_in_new;          /* bytes arrived since the last vlog_input_notify() */
static struct irq *vlog_irq;      /* bound input Irq (a counted reference) or NULL */

bool vlog_input_put(char c)
{
    if (vlog_in_head - vlog_in_tail == VLOG_INPUT_SIZE) {
        return false;
    }
    vlog_in[vlog_in_head++ % VLOG_INPUT_SIZE] = c;
    vlog_in_new = true;
    return true;
}

bool vlog_input_full(void)
{
    return vlog_in_head - vlog_in_tail == VLOG_INPUT_SIZE;
}

void vlog_input_notify(void)
{
    if (vlog_in_new && vlog_irq) {
        irq_trigger(vlog_irq); /* does nothing for a dead Irq: its kill unbound the thread */
    }
    vlog_in_new = false;
}

struct irq *vlog_input_irq(void)
{
    return vlog_irq;
}

/* One byte of a write, through the output flags. */
static void vlog_putc(char c)
{
    if (c == '\r' && (vlog_attr[VLOG_O] & L4_VCON_OCRNL)) {
        c = '\n';
    }
    if (c == '\n' && (vlog_attr[VLOG_O] & L4_VCON_ONLCR)) {
        console_putc('\n');  /* CR NL */
    } else {
        console_putc_raw(c);
    }
}

typedef void (*vlog_op_fn)(struct invocation *inv, unsigned rights, l4_umword_t *mr,
                           unsigned words);

/* op: VCON write, rights: none */
static void vlog_op_write(struct invocation *inv, unsigned rights, l4_umword_t *mr,
                          unsigned words)
{
    (void)rights;
    if (words < 2) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    size_t max = (words - 2) * sizeof(l4_umword_t);
    const char *s = (const char *)&mr[2];
    for (size_t i = 0, n = mr[1] < max ? mr[1] : max; i < n; i++) {
        vlog_putc(s[i]);
    }
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* op: VCON read, rights: W */
static void vlog_op_read(struct invocation *inv, unsigned rights, l4_umword_t *mr,
                         unsigned words)
{
    (void)words;
    if (!(rights & L4_CAP_FPAGE_W)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    unsigned long size = mr[0] >> 16;
    if (size > L4_VCON_READ_SIZE) {
        size = L4_VCON_READ_SIZE;
    }
    char *out = (char *)&mr[1];
    unsigned long n = 0;
    while (n < size && vlog_in_tail != vlog_in_head) {
        char c = vlog_in[vlog_in_tail++ % VLOG_INPUT_SIZE];
        if (c == '\r' && (vlog_attr[VLOG_I] & L4_VCON_IGNCR)) {
            continue;
        }
        if (c == '\r' && (vlog_attr[VLOG_I] & L4_VCON_ICRNL)) {
            c = '\n';
        } else if (c == '\n' && (vlog_attr[VLOG_I] & L4_VCON_INLCR)) {
            c = '\r';
        }
        out[n++] = c;
    }
    mr[0] = n | (vlog_in_tail == vlog_in_head ? VCON_READ_STAT_DONE : 0);
    invocation_reply(inv, l4_msgtag(0, 1 + (unsigned)l4_bytes_to_mwords(n), 0, 0));
}

/* op: VCON set_attr, rights: none */
static void vlog_op_set_attr(struct invocation *inv, unsigned rights, l4_umword_t *mr,
                             unsigned words)
{
    (void)rights;
    if (words < 4) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    for (int i = 0; i < 3; i++) {
        if (mr[1 + i] & ~vlog_attr_known[i]) {
            invocation_error(inv, -L4_EINVAL);  /* validate all before changing any */
            return;
        }
    }
    for (int i = 0; i < 3; i++) {
        vlog_attr[i] = mr[1 + i];
    }
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* op: VCON get_attr, rights: none */
static void vlog_op_get_attr(struct invocation *inv, unsigned rights, l4_umword_t *mr,
                             unsigned words)
{
    (void)rights;
    (void)words;
    for (int i = 0; i < 3; i++) {
        mr[1 + i] = vlog_attr[i];
    }
    invocation_reply(inv, l4_msgtag(0, 4, 0, 0));
}

static const vlog_op_fn vlog_ops[] = {
    [VCON_OP_WRITE] = vlog_op_write,
    [VCON_OP_READ] = vlog_op_read,
    [VCON_OP_SET_ATTR] = vlog_op_set_attr,
    [VCON_OP_GET_ATTR] = vlog_op_get_attr,
};

/* Drop the bound Irq (its memory goes with the last reference). */
static void vlog_unbind(void)
{
    if (vlog_irq) {
        kobj_put(&vlog_irq->kobj);
        vlog_irq = NULL;
    }
}

/* op: L4_ICU_OP_BIND / L4_ICU_OP_UNBIND, rights: W on the Irq, proto: L4_PROTO_IRQ; line 0 */
static void vlog_op_bind(struct invocation *inv, l4_umword_t *mr, bool bind)
{
    unsigned irq_rights = 0;
    struct irq *irq = icu_item_irq(inv, &irq_rights);
    if (l4_msgtag_words(inv->tag) < 2 || !irq || mr[1] != 0) {
        invocation_error(inv, -L4_EINVAL);  /* the log has one input line, number 0 */
        return;
    }
    if (!(irq_rights & L4_CAP_FPAGE_W)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    if (!bind) {
        if (irq != vlog_irq) {
            invocation_error(inv, -L4_EINVAL);
            return;
        }
        vlog_unbind();
        invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
        return;
    }
    vlog_unbind();
    kobj_get(&irq->kobj);
    vlog_irq = irq;
    if (vlog_in_tail != vlog_in_head) {
        irq_trigger(irq);  /* what came before the bind is news to the binder too */
    }
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* The ICU protocol on the log: bind/unbind its input Irq, info (one line). */
static void vlog_icu_invoke(struct invocation *inv, l4_umword_t *mr)
{
    switch (mr[0]) {
    case L4_ICU_OP_BIND: vlog_op_bind(inv, mr, true); break;
    case L4_ICU_OP_UNBIND: vlog_op_bind(inv, mr, false); break;
    case L4_ICU_OP_INFO:
        /* op: L4_ICU_OP_INFO, rights: none, proto: L4_PROTO_IRQ */
        mr[0] = 0;
        mr[1] = 1;
        mr[2] = 0;
        invocation_reply(inv, l4_msgtag(0, 3, 0, 0));
        break;
    default: invocation_error(inv, -L4_ENOSYS); break;
    }
}

static void vlog_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    (void)obj;
    long proto = l4_msgtag_label(inv->tag);
    if (proto != L4_PROTO_LOG && proto != L4_PROTO_IRQ) {
        invocation_error(inv, -L4_EBADPROTO);
        return;
    }
    if (vlog_irq && vlog_irq->kobj.dead) {
        vlog_unbind();  /* its owner deleted it: let its memory go */
    }
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);
    if (words == 0) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    if (proto == L4_PROTO_IRQ) {
        vlog_icu_invoke(inv, mr);
        return;
    }
    unsigned long op = mr[0] & 0xffff;
    if (op >= ARRAY_SIZE(vlog_ops) || !vlog_ops[op]) {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    vlog_ops[op](inv, rights, mr, words);
}

static const struct kobj_type vlog_type = {
    .name = "Vlog",
    .invoke = vlog_invoke,
};

struct kobj vlog_object = KOBJ_STATIC(&vlog_type);
