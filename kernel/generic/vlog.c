// SPDX-License-Identifier: MIT
/*
 * The kernel's Vcon-protocol log: write goes to the console; read has no input
 * source yet and returns no characters with the DONE flag. Attributes: the output
 * flags act on writes (ONLCR: NL as CR NL, the default; OCRNL: CR as NL; ONLRET
 * only tells that NL returns the carriage, which changes no byte); the input and
 * local flags are kept for get_attr and have nothing to act on while there is no
 * input. Bits no flag has are refused with -L4_EINVAL.
 */
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/vcon.h>
#include "console.h"
#include "invocation.h"
#include "vlog.h"

#define VCON_OP_WRITE 0
#define VCON_OP_READ 1
#define VCON_OP_SET_ATTR 2
#define VCON_OP_GET_ATTR 3
#define VCON_READ_STAT_DONE (1UL << 31)

enum { VLOG_I, VLOG_O, VLOG_L };
static l4_umword_t vlog_attr[3] = { [VLOG_O] = L4_VCON_ONLCR };
static const l4_umword_t vlog_attr_known[3] = {
    [VLOG_I] = L4_VCON_INLCR | L4_VCON_IGNCR | L4_VCON_ICRNL,
    [VLOG_O] = L4_VCON_ONLCR | L4_VCON_OCRNL | L4_VCON_ONLRET,
    [VLOG_L] = L4_VCON_ICANON | L4_VCON_ECHO,
};

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

typedef void (*vlog_op_fn)(struct invocation *inv, l4_umword_t *mr, unsigned words);

/* op: VCON write, rights: none */
static void vlog_op_write(struct invocation *inv, l4_umword_t *mr, unsigned words)
{
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

/* op: VCON read, rights: none */
static void vlog_op_read(struct invocation *inv, l4_umword_t *mr, unsigned words)
{
    (void)words;
    mr[0] = VCON_READ_STAT_DONE;
    invocation_reply(inv, l4_msgtag(0, 1, 0, 0));
}

/* op: VCON set_attr, rights: none */
static void vlog_op_set_attr(struct invocation *inv, l4_umword_t *mr, unsigned words)
{
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
static void vlog_op_get_attr(struct invocation *inv, l4_umword_t *mr, unsigned words)
{
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

static void vlog_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    (void)obj;
    (void)rights;
    if (l4_msgtag_label(inv->tag) != L4_PROTO_LOG) {
        invocation_error(inv, -L4_EBADPROTO);
        return;
    }
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);
    if (words == 0) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    unsigned long op = mr[0] & 0xffff;
    if (op >= ARRAY_SIZE(vlog_ops) || !vlog_ops[op]) {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    vlog_ops[op](inv, mr, words);
}

static const struct kobj_type vlog_type = {
    .name = "Vlog",
    .invoke = vlog_invoke,
};

struct kobj vlog_object = KOBJ_STATIC(&vlog_type);
