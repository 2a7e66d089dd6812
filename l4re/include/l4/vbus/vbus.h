/* SPDX-License-Identifier: MIT */
/*
 * The virtual bus (vbus) C API, with L4Re's names: a client of io lists the
 * devices its vbus grants, reads their resources (device memory, interrupt
 * lines) and binds interrupts through the vbus, which is also an ICU
 * (l4_icu_bind() on the vbus capability). Device memory is mapped with
 * l4io_request_iomem() (<l4/io/io.h>). Wire protocol: <l4/re/protocols.h>
 * (L4RE_PROTO_VBUS); the server: pkg/io, doc/runtime.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/vbus/vbus_types.h>

/** Device handles. */
enum {
    L4VBUS_NULL = -1L,   /**< no device: start a search from the beginning */
    L4VBUS_ROOT_BUS = 0, /**< the bus itself */
};

L4_BEGIN_DECLS

/**
 * The next device after \a *child below \a parent.
 * \param vbus     the vbus capability
 * \param parent   L4VBUS_ROOT_BUS (devices have no children here)
 * \param child    in: the previous device or L4VBUS_NULL; out: the next one
 * \param depth    how deep to search (any value >= 0 finds the bus's devices)
 * \param devinfo  filled with the device's information if not NULL
 * \retval 0 found; -L4_ENODEV no more devices; -L4_EINVAL bad \a parent
 */
int l4vbus_get_next_device(l4_cap_idx_t vbus, l4vbus_device_handle_t parent,
                           l4vbus_device_handle_t *child, int depth, l4vbus_device_t *devinfo);

/**
 * The information of device \a dev.
 * \retval 0 done; -L4_ENODEV no such device on this vbus
 */
int l4vbus_get_device(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, l4vbus_device_t *devinfo);

/**
 * Resource \a res_idx of device \a dev.
 * \retval 0 done; -L4_ENODEV no such device on this vbus; -L4_ENOENT no such resource
 */
int l4vbus_get_resource(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, int res_idx,
                        l4vbus_resource_t *res);

/**
 * Is device \a dev compatible with \a cid (one of its device-tree compatible strings)?
 * \retval 1 yes; 0 no; -L4_ENODEV no such device on this vbus
 */
int l4vbus_is_compatible(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, char const *cid);

/**
 * The hardware id of device \a dev (its first compatible string) into \a hid.
 * \return its length; -L4_ENODEV no such device on this vbus
 */
int l4vbus_get_hid(l4_cap_idx_t vbus, l4vbus_device_handle_t dev, char *hid,
                   unsigned long max_len);

/**
 * The first device after \a *child below \a parent whose hardware id is \a hid.
 * \retval 0 found (\a *child is it); -L4_ENODEV none
 */
int l4vbus_get_device_by_hid(l4_cap_idx_t vbus, l4vbus_device_handle_t parent,
                             l4vbus_device_handle_t *child, char const *hid, int depth,
                             l4vbus_device_t *devinfo);

/**
 * A capability of the vbus's ICU into slot \a cap: the vbus itself serves the
 * ICU protocol, so this is a copy of \a vbus.
 * \retval 0 done; a negative error of the map
 */
int l4vbus_vicu_get_cap(l4_cap_idx_t vbus, l4vbus_device_handle_t icu, l4_cap_idx_t cap);

L4_END_DECLS
