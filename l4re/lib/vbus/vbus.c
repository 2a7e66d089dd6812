/* SPDX-License-Identifier: MIT */
/*
 * The vbus client calls (<l4/vbus/vbus.h>): one call each to io with label
 * L4RE_PROTO_VBUS; a device's information and strings come back in message
 * words (layout in <l4/re/protocols.h>). l4vbus_get_device_by_hid walks the
 * bus with get_next and get_hid.
 */
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>
#include <l4/util/string.h>
#include <l4/vbus/vbus.h>

#define NAME_WORDS (L4VBUS_DEV_NAME_LEN / sizeof(l4_umword_t))

static l4_msgtag_t vbus_call(l4_cap_idx_t vbus, unsigned words)
{
    return l4_ipc_call(vbus, l4_utcb(), l4_msgtag(L4RE_PROTO_VBUS, words, 0, 0), L4_IPC_NEVER);
}

/* A DEVICE-style reply (mr0 handle, mr1..3, mr4.. name) into *child and *devinfo. */
static int device_reply(l4_msgtag_t t, l4vbus_device_handle_t *child, l4vbus_device_t *devinfo)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    int r = (int)l4_error(t);

    if (r < 0) {
        return r;
    }
    if (l4_msgtag_words(t) < 4 + NAME_WORDS) {
        return -L4_EMSGTOOSHORT;
    }
    if (child) {
        *child = (l4vbus_device_handle_t)m->mr[0];
    }
    if (devinfo) {
        devinfo->type = (l4_uint32_t)m->mr[1];
        devinfo->num_resources = (unsigned)m->mr[2];
        devinfo->flags = (unsigned)m->mr[3];
        memcpy(devinfo->name, &m->mr[4], L4VBUS_DEV_NAME_LEN);
        devinfo->name[L4VBUS_DEV_NAME_LEN - 1] = '\0';
    }
    return 0;
}

int l4vbus_get_next_device(l4_cap_idx_t vbus, l4vbus_device_handle_t parent,
                           l4vbus_device_handle_t *child, int depth, l4vbus_device_t *devinfo)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    (void)depth; /* devices have no children here: every depth finds the same */
    m->mr[0] = L4RE_VBUS_OP_NEXT;
    m->mr[1] = (l4_umword_t)parent;
    m->mr[2] = (l4_umword_t)*child;
    return device_reply(vbus_call(vbus, 3), child, devinfo);
}

int l4vbus_get_device(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, l4vbus_device_t *devinfo)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4RE_VBUS_OP_DEVICE;
    m->mr[1] = (l4_umword_t)dev;
    return device_reply(vbus_call(vbus, 2), NULL, devinfo);
}

int l4vbus_get_resource(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, int res_idx,
                        l4vbus_resource_t *res)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t;
    int r;

    m->mr[0] = L4RE_VBUS_OP_RESOURCE;
    m->mr[1] = (l4_umword_t)dev;
    m->mr[2] = (l4_umword_t)(long)res_idx;
    t = vbus_call(vbus, 3);
    r = (int)l4_error(t);
    if (r < 0) {
        return r;
    }
    if (l4_msgtag_words(t) < 5) {
        return -L4_EMSGTOOSHORT;
    }
    res->type = (l4_uint16_t)m->mr[0];
    res->flags = (l4_uint16_t)(m->mr[0] >> 16);
    res->start = m->mr[1];
    res->end = m->mr[2];
    res->provider = (l4vbus_device_handle_t)m->mr[3];
    res->id = (l4_uint32_t)m->mr[4];
    return 0;
}

int l4vbus_is_compatible(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, char const *cid)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    unsigned long len = strlen(cid) + 1;
    unsigned long max = (L4_UTCB_GENERIC_DATA_SIZE - 3) * sizeof(l4_umword_t);

    if (len > max) {
        return -L4_EINVAL;
    }
    m->mr[0] = L4RE_VBUS_OP_COMPATIBLE;
    m->mr[1] = (l4_umword_t)dev;
    m->mr[2] = len;
    memcpy(&m->mr[3], cid, len);
    return (int)l4_error(vbus_call(vbus, 3 + (unsigned)((len + 7) / 8)));
}

int l4vbus_get_hid(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, char *hid,
                   unsigned long max_len)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t;
    unsigned long len;
    int r;

    m->mr[0] = L4RE_VBUS_OP_HID;
    m->mr[1] = (l4_umword_t)dev;
    t = vbus_call(vbus, 2);
    r = (int)l4_error(t);
    if (r < 0) {
        return r;
    }
    len = m->mr[0];
    if (l4_msgtag_words(t) < 1 + (len + 7) / 8 || len == 0) {
        return -L4_EMSGTOOSHORT;
    }
    if (max_len) {
        unsigned long n = len < max_len ? len : max_len;

        memcpy(hid, &m->mr[1], n);
        hid[n - 1] = '\0';
    }
    return (int)(len - 1);
}

int l4vbus_get_device_by_hid(l4_cap_idx_t vbus, l4vbus_device_handle_t parent,
                             l4vbus_device_handle_t *child, char const *hid, int depth,
                             l4vbus_device_t *devinfo)
{
    char have[L4VBUS_DEV_NAME_LEN];
    int r;

    while ((r = l4vbus_get_next_device(vbus, parent, child, depth, devinfo)) == 0) {
        if (l4vbus_get_hid(vbus, *child, have, sizeof(have)) >= 0 && strcmp(have, hid) == 0) {
            return 0;
        }
    }
    return r;
}

int l4vbus_vicu_get_cap(l4_cap_idx_t vbus, l4vbus_device_handle_t icu, l4_cap_idx_t cap)
{
    (void)icu;
    return (int)l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                                     l4_obj_fpage(vbus, 0, L4_CAP_FPAGE_RWS),
                                     l4_map_obj_control(cap, 0)));
}
