/* SPDX-License-Identifier: MIT */
/*
 * io's vbus from a client (entry io-vbus, spec vbus.test): the board
 * overlay grants this vbus ("rtc") only QEMU virt's PL031 real-time clock.
 * We list it, read its resources, map its registers and read the PrimeCell
 * identification (ARM DDI 0224: PeriphID0 0x31 at 0xfe0, CellID 0x0d 0xf0
 * 0x05 0xb1 at 0xff0..0xffc), bind its interrupt through the vbus and make
 * it fire with the match register (RTCMR 0x04 = RTCDR 0x00 + 1 s, mask
 * RTCIMSC 0x10, clear RTCICR 0x1c). Another device's memory (virtio-mmio,
 * the kernel's UART) and another device's line are refused (-L4_EPERM),
 * a handle the bus lacks is -L4_ENODEV.
 */
#include <l4/util/string.h>
#include <l4/io/io.h>
#include <l4/re/c/log.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/vbus/vbus.h>
#include "tap.h"

#define PLAN 28
#define PL031 0x09010000UL
#define PL031_IRQ 34 /* SPI 2 */
#define VIRTIO_IRQ 48
#define RTCDR 0x00
#define RTCMR 0x04
#define RTCIMSC 0x10
#define RTCRIS 0x14
#define RTCICR 0x1c

static l4_uint32_t reg(l4_addr_t base, unsigned off)
{
    return *(volatile l4_uint32_t *)(base + off);
}

static void set(l4_addr_t base, unsigned off, l4_uint32_t v)
{
    *(volatile l4_uint32_t *)(base + off) = v;
}

static void test_interrupt(l4_cap_idx_t vbus, l4_addr_t rtc)
{
    l4_cap_idx_t irq = l4re_util_cap_alloc(), other = l4re_util_cap_alloc();
    l4_msgtag_t t;

    tap_is_int(l4_error(l4_factory_create_irq(l4re_env()->factory, irq)), 0, "an Irq");
    l4_factory_create_irq(l4re_env()->factory, other);
    tap_is_int(l4_error(l4_rcv_ep_bind_thread(irq, l4re_env()->main_thread, 0x40)), 0,
               "... attached to our thread");
    tap_is_int(l4_error(l4_icu_bind(vbus, PL031_IRQ, irq)), 0,
               "bind the clock's line %d through the vbus", PL031_IRQ);
    tap_is_int(l4_error(l4_icu_bind(vbus, VIRTIO_IRQ, other)), -L4_EPERM,
               "a line of a device not on the vbus: -L4_EPERM");
    set(rtc, RTCMR, reg(rtc, RTCDR) + 1);
    set(rtc, RTCIMSC, 1);
    t = l4_irq_receive(irq, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(3000000)));
    tap_ok(!l4_msgtag_has_error(t), "the match interrupt arrives (ipc error %lu)",
           l4_ipc_error(t, l4_utcb()));
    tap_is_int(reg(rtc, RTCRIS) & 1, 1, "... and the clock says it raised it");
    set(rtc, RTCICR, 1);
    set(rtc, RTCIMSC, 0);
    tap_is_int(reg(rtc, RTCRIS) & 1, 0, "... cleared");
    tap_is_int(l4_error(l4_icu_unbind(vbus, PL031_IRQ, irq)), 0, "unbind the line");
}

int main(void)
{
    l4_cap_idx_t vbus = l4re_env_get_cap("vbus");
    l4vbus_device_handle_t dev = L4VBUS_NULL, next;
    l4vbus_device_t info;
    l4vbus_resource_t res;
    char hid[L4VBUS_DEV_NAME_LEN];
    l4_addr_t rtc = 0, other = 0;
    long r;

    tap_set_output(l4re_log_print);
    tap_start(PLAN);
    tap_ok(l4_is_valid_cap(vbus), "we have a vbus");
    tap_is_int(l4vbus_get_next_device(vbus, L4VBUS_ROOT_BUS, &dev, L4VBUS_MAX_DEPTH, &info), 0,
               "the first device");
    tap_ok(strcmp(info.name, "pl031@9010000") == 0, "... is the clock (%s)", info.name);
    tap_is_int(info.num_resources, 2, "... with two resources");
    next = dev;
    tap_is_int(l4vbus_get_next_device(vbus, L4VBUS_ROOT_BUS, &next, L4VBUS_MAX_DEPTH, NULL),
               -L4_ENODEV, "no second device: the vbus grants nothing else");
    tap_is_int(l4vbus_get_hid(vbus, dev, hid, sizeof(hid)), 9, "its hardware id");
    tap_ok(strcmp(hid, "arm,pl031") == 0, "... is arm,pl031 (%s)", hid);
    tap_is_int(l4vbus_is_compatible(vbus, dev, "arm,primecell"), 1, "compatible: arm,primecell");
    tap_is_int(l4vbus_is_compatible(vbus, dev, "virtio,mmio"), 0, "not compatible: virtio,mmio");
    r = l4vbus_get_resource(vbus, dev, 0, &res);
    tap_ok(r == 0 && res.type == L4VBUS_RESOURCE_MEM && res.start == PL031
               && res.end == PL031 + 0xfff,
           "resource 0: its registers (0x%lx-0x%lx)", (unsigned long)res.start,
           (unsigned long)res.end);
    r = l4vbus_get_resource(vbus, dev, 1, &res);
    tap_ok(r == 0 && res.type == L4VBUS_RESOURCE_IRQ && res.start == PL031_IRQ,
           "resource 1: its interrupt line (%lu)", (unsigned long)res.start);
    tap_is_int(l4vbus_get_resource(vbus, dev, 2, &res), -L4_ENOENT, "no resource 2");
    tap_is_int(l4vbus_get_device(vbus, 7, &info), -L4_ENODEV, "a handle the vbus lacks: -L4_ENODEV");
    next = L4VBUS_NULL;
    tap_ok(l4vbus_get_device_by_hid(vbus, L4VBUS_ROOT_BUS, &next, "arm,pl031", 1, NULL) == 0
               && next == dev,
           "found by its hardware id");

    tap_is_int(l4io_request_iomem(PL031, 0x1000, L4IO_MEM_NONCACHED, &rtc), 0,
               "map its registers");
    tap_ok(rtc && reg(rtc, 0xfe0) == 0x31 && reg(rtc, 0xff0) == 0x0d && reg(rtc, 0xff4) == 0xf0
               && reg(rtc, 0xff8) == 0x05 && reg(rtc, 0xffc) == 0xb1,
           "... they identify a PL031 PrimeCell");
    tap_ok(rtc && reg(rtc, RTCDR) > 1000000000U, "... and it tells the time (%u s)",
           rtc ? reg(rtc, RTCDR) : 0);
    tap_is_int(l4io_request_iomem(0x0a000000UL, 0x200, L4IO_MEM_NONCACHED, &other), -L4_EPERM,
               "a virtio-mmio transport is not on our vbus: -L4_EPERM");
    tap_is_int(l4io_request_iomem(0x09000000UL, 0x1000, L4IO_MEM_NONCACHED, &other), -L4_EPERM,
               "the kernel's UART: -L4_EPERM");
    tap_is_int(l4io_request_iomem(PL031, 0x1000, L4IO_MEM_CACHED, &other), -L4_EINVAL,
               "cached device memory is not offered: -L4_EINVAL");
    if (rtc) {
        test_interrupt(vbus, rtc);
    } else {
        tap_skip("no registers, no interrupt test");
    }
    return tap_done();
}
