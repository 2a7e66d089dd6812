/* SPDX-License-Identifier: MIT */
/*
 * The data types of the virtual bus (vbus) that io gives its clients, with
 * L4Re's names and layouts: device handles, device information, resources.
 * doc/runtime.md ("Devices") tells the story.
 */
#pragma once

#include <l4/sys/types.h>

/** A device on a vbus (0 = the bus itself). */
typedef l4_mword_t l4vbus_device_handle_t;
/** A physical address on a vbus. */
typedef l4_addr_t l4vbus_paddr_t;

/** One resource of a device. */
typedef struct {
    l4_uint16_t type;                /**< l4vbus_resource_type_t */
    l4_uint16_t flags;               /**< unused here (0) */
    l4vbus_paddr_t start;            /**< first address / interrupt number */
    l4vbus_paddr_t end;              /**< last one (inclusive) */
    l4vbus_device_handle_t provider; /**< the device that provides it */
    l4_uint32_t id;                  /**< four ASCII letters, or 0 */
} l4vbus_resource_t;

/** Resource types. */
enum l4vbus_resource_type_t {
    L4VBUS_RESOURCE_INVALID = 0, /**< invalid */
    L4VBUS_RESOURCE_IRQ,         /**< interrupt line (ICU number) */
    L4VBUS_RESOURCE_MEM,         /**< device memory */
    L4VBUS_RESOURCE_PORT,        /**< I/O ports (x86 only; none here) */
    L4VBUS_RESOURCE_BUS,         /**< bus numbers */
    L4VBUS_RESOURCE_GPIO,        /**< GPIO pins */
    L4VBUS_RESOURCE_DMA_DOMAIN,  /**< DMA domain */
    L4VBUS_RESOURCE_MAX,         /**< number of types */
};

/** Limits. */
enum l4vbus_consts_t {
    L4VBUS_DEV_NAME_LEN = 64, /**< bytes of a device name, with its NUL */
    L4VBUS_MAX_DEPTH = 100,   /**< deepest search */
};

/** What a vbus says of a device. */
typedef struct {
    l4_uint32_t type;               /**< sub-interfaces (none here: 0) */
    char name[L4VBUS_DEV_NAME_LEN]; /**< its name (the device-tree node's) */
    unsigned num_resources;         /**< resources, indexed 0.. */
    unsigned flags;                 /**< l4vbus_device_flags_t */
} l4vbus_device_t;

/** Device flags. */
enum l4vbus_device_flags_t {
    L4VBUS_DEVICE_F_CHILDREN = 0x10, /**< the device has children */
};
