/* SPDX-License-Identifier: MIT */
/*
 * One vbus's requests (protocol in <l4/re/protocols.h>): the device list
 * and resources (L4RE_PROTO_VBUS), device memory as a dataspace whose
 * offsets are physical addresses (L4RE_PROTO_DATASPACE MAP and INFO), and
 * an ICU of the vbus's interrupt lines (L4_PROTO_IRQ) that forwards to the
 * kernel's ICU. Whatever a vbus does not grant is refused with a reason on
 * the console: a handle it lacks -L4_ENODEV, memory or a line of a device
 * it lacks -L4_EPERM.
 */
#include <stdio.h>
#include <string.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/icu.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>
#include "io.h"

#define NAME_WORDS (L4VBUS_DEV_NAME_LEN / sizeof(l4_umword_t))
/* The size a vbus has as a dataspace: the physical address space. */
#define VBUS_DS_SIZE (1UL << 40)

/* Say on the console why a request is refused (before any reply word is written). */
#define REFUSE(...) (printf(__VA_ARGS__), fflush(stdout))

static l4_msgtag_t error(long err)
{
    return l4_msgtag(err, 0, 0, 0);
}

static struct io_device *device_of(struct vbus *v, l4_umword_t handle)
{
    return handle >= 1 && handle <= v->ndev ? v->dev[handle - 1] : NULL;
}

/* Reply words of a device: mr0 handle, mr1 type, mr2 resources, mr3 flags, mr4.. name. */
static l4_msgtag_t device_info(l4_umword_t handle, struct io_device const *d)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = handle;
    m->mr[1] = 0;
    m->mr[2] = d->nres;
    m->mr[3] = 0;
    memcpy(&m->mr[4], d->name, L4VBUS_DEV_NAME_LEN);
    return l4_msgtag(0, 4 + NAME_WORDS, 0, 0);
}

/* op: L4RE_VBUS_OP_NEXT, proto: L4RE_PROTO_VBUS */
static l4_msgtag_t op_next(struct vbus *v, l4_umword_t const *in, unsigned words)
{
    l4_umword_t next;

    if (words < 3) {
        return error(-L4_EMSGTOOSHORT);
    }
    if (in[1] != 0) {
        return error(-L4_ENODEV); /* only the bus has children */
    }
    next = (long)in[2] == -1L ? 1 : in[2] + 1;
    if (next < 1 || next > v->ndev) {
        return error(-L4_ENODEV);
    }
    return device_info(next, v->dev[next - 1]);
}

/* op: L4RE_VBUS_OP_DEVICE, proto: L4RE_PROTO_VBUS */
static l4_msgtag_t op_device(struct vbus *v, l4_umword_t const *in, unsigned words)
{
    struct io_device *d = words >= 2 ? device_of(v, in[1]) : NULL;

    return d ? device_info(in[1], d) : error(-L4_ENODEV);
}

/* op: L4RE_VBUS_OP_RESOURCE, proto: L4RE_PROTO_VBUS */
static l4_msgtag_t op_resource(struct vbus *v, l4_umword_t const *in, unsigned words)
{
    struct io_device *d = words >= 3 ? device_of(v, in[1]) : NULL;
    l4_msg_regs_t *m = l4_utcb_mr();
    l4vbus_resource_t const *r;

    if (!d) {
        return error(-L4_ENODEV);
    }
    if (in[2] >= d->nres) {
        return error(-L4_ENOENT);
    }
    r = &d->res[in[2]];
    m->mr[0] = r->type | ((l4_umword_t)r->flags << 16);
    m->mr[1] = r->start;
    m->mr[2] = r->end;
    m->mr[3] = in[1];
    m->mr[4] = r->id;
    return l4_msgtag(0, 5, 0, 0);
}

/* op: L4RE_VBUS_OP_COMPATIBLE, proto: L4RE_PROTO_VBUS */
static l4_msgtag_t op_compatible(struct vbus *v, l4_umword_t const *in, unsigned words)
{
    struct io_device *d = words >= 3 ? device_of(v, in[1]) : NULL;
    char const *s = (char const *)&in[3];

    if (!d) {
        return error(-L4_ENODEV);
    }
    if (in[2] == 0 || words < 3 + (in[2] + 7) / 8 || s[in[2] - 1] != '\0') {
        return error(-L4_EINVAL);
    }
    return l4_msgtag(devices_is_compatible(d, s), 0, 0, 0);
}

/* op: L4RE_VBUS_OP_HID, proto: L4RE_PROTO_VBUS */
static l4_msgtag_t op_hid(struct vbus *v, l4_umword_t const *in, unsigned words)
{
    struct io_device *d = words >= 2 ? device_of(v, in[1]) : NULL;
    l4_msg_regs_t *m = l4_utcb_mr();
    unsigned long len;

    if (!d) {
        return error(-L4_ENODEV);
    }
    len = d->compat && d->compat_len > 0 ? strlen(d->compat) + 1 : 1;
    if (len > L4VBUS_DEV_NAME_LEN) {
        len = L4VBUS_DEV_NAME_LEN;
    }
    m->mr[0] = len;
    memset(&m->mr[1], 0, (len + 7) / 8 * 8);
    memcpy(&m->mr[1], d->compat ? d->compat : "", len - 1);
    return l4_msgtag(0, 1 + (unsigned)((len + 7) / 8), 0, 0);
}

typedef l4_msgtag_t (*vbus_op_fn)(struct vbus *, l4_umword_t const *, unsigned);

static const vbus_op_fn vbus_ops[] = {
    [L4RE_VBUS_OP_NEXT] = op_next,
    [L4RE_VBUS_OP_DEVICE] = op_device,
    [L4RE_VBUS_OP_RESOURCE] = op_resource,
    [L4RE_VBUS_OP_COMPATIBLE] = op_compatible,
    [L4RE_VBUS_OP_HID] = op_hid,
};

/* The device and resource index whose device memory holds the page of \a pa. */
static struct io_device *mem_at(struct vbus *v, l4_addr_t pa, unsigned *res)
{
    for (unsigned i = 0; i < v->ndev; i++) {
        struct io_device *d = v->dev[i];

        for (unsigned j = 0; j < d->nres; j++) {
            if (d->res[j].type == L4VBUS_RESOURCE_MEM && d->local[j]
                && pa >= l4_trunc_page(d->res[j].start) && pa <= d->res[j].end) {
                *res = j;
                return d;
            }
        }
    }
    return NULL;
}

/* op: L4RE_DS_OP_MAP / L4RE_DS_OP_INFO, proto: L4RE_PROTO_DATASPACE (offset = physical) */
static l4_msgtag_t ds_request(struct vbus *v, l4_umword_t const *in, unsigned words)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    struct io_device *d;
    unsigned res = 0;
    l4_addr_t page;

    if (words >= 1 && in[0] == L4RE_DS_OP_INFO) {
        m->mr[0] = VBUS_DS_SIZE;
        m->mr[1] = L4RE_DS_F_RW;
        return l4_msgtag(0, 2, 0, 0);
    }
    if (words < 3 || in[0] != L4RE_DS_OP_MAP) {
        return error(words < 1 ? -L4_EMSGTOOSHORT : -L4_ENOSYS);
    }
    page = l4_trunc_page(in[1]);
    d = mem_at(v, page, &res);
    if (!d) {
        REFUSE("io: vbus '%s': 0x%lx is not device memory of this bus\n", v->name, in[1]);
        return error(-L4_EPERM);
    }
    m->mr[0] = l4_map_control(in[2], L4_FPAGE_UNCACHEABLE, 0);
    m->mr[1] = l4_fpage(d->local[res] + (page - l4_trunc_page(d->res[res].start)), L4_PAGESHIFT,
                        L4_FPAGE_RW).raw;
    return l4_msgtag(0, 0, 1, 0);
}

/* Is ICU line \a n an interrupt of a device on the vbus? */
static int has_line(struct vbus *v, l4_umword_t n)
{
    for (unsigned i = 0; i < v->ndev; i++) {
        for (unsigned j = 0; j < v->dev[i]->nres; j++) {
            l4vbus_resource_t const *r = &v->dev[i]->res[j];

            if (r->type == L4VBUS_RESOURCE_IRQ && n >= r->start && n <= r->end) {
                return 1;
            }
        }
    }
    return 0;
}

/* ops: L4_ICU_OP_BIND/UNBIND/INFO/UNMASK, proto: L4_PROTO_IRQ (the vbus's lines only) */
static l4_msgtag_t icu_request(struct vbus *v, l4_msgtag_t tag, l4_umword_t const *in,
                               l4_cap_idx_t rcv_cap)
{
    l4_cap_idx_t icu = l4re_env_get_cap("icu");
    unsigned words = l4_msgtag_words(tag);
    long r;

    if (words < 1) {
        return error(-L4_EMSGTOOSHORT);
    }
    if (in[0] == L4_ICU_OP_INFO) {
        l4_msg_regs_t *m = l4_utcb_mr();
        l4_icu_info_t info = { 0, 0, 0 };

        r = l4_error(l4_icu_info(icu, &info));
        m->mr[0] = 0;
        m->mr[1] = r < 0 ? 0 : info.nr_irqs;
        m->mr[2] = 0;
        return l4_msgtag(r < 0 ? r : 0, 3, 0, 0);
    }
    if (words < 2) {
        return error(-L4_EMSGTOOSHORT);
    }
    if (!has_line(v, in[1])) {
        REFUSE("io: vbus '%s': interrupt %lu is not on this bus\n", v->name, in[1]);
        return error(-L4_EPERM);
    }
    switch (in[0]) {
    case L4_ICU_OP_BIND:
    case L4_ICU_OP_UNBIND:
        if (l4_msgtag_items(tag) < 1) {
            return error(-L4_EINVAL);
        }
        r = l4_error(in[0] == L4_ICU_OP_BIND ? l4_icu_bind(icu, (unsigned)in[1], rcv_cap)
                                            : l4_icu_unbind(icu, (unsigned)in[1], rcv_cap));
        /* The line keeps the Irq; our capability of it goes. */
        l4_task_release_cap(L4RE_THIS_TASK_CAP, rcv_cap);
        return error(r);
    case L4_ICU_OP_UNMASK:
        l4_icu_unmask(icu, (unsigned)in[1], NULL, L4_IPC_NEVER);
        return error(0);
    default:
        return error(-L4_ENOSYS);
    }
}

l4_msgtag_t vbus_serve(struct vbus *v, l4_msgtag_t tag, l4_umword_t const *in,
                       l4_cap_idx_t rcv_cap)
{
    unsigned words = l4_msgtag_words(tag);

    switch (l4_msgtag_label(tag)) {
    case L4RE_PROTO_VBUS:
        if (words < 1) {
            return error(-L4_EMSGTOOSHORT);
        }
        if (in[0] >= sizeof(vbus_ops) / sizeof(vbus_ops[0]) || !vbus_ops[in[0]]) {
            return error(-L4_ENOSYS);
        }
        return vbus_ops[in[0]](v, in, words);
    case L4RE_PROTO_DATASPACE:
        return ds_request(v, in, words);
    case L4_PROTO_IRQ:
        return icu_request(v, tag, in, rcv_cap);
    default:
        return error(-L4_EBADPROTO);
    }
}
