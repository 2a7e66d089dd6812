/* SPDX-License-Identifier: MIT */
/*
 * arm64 part of libvcpu (l4/vcpu/vcpu.h): the cause of an entry is the ESR
 * exception class in vcpu->r.err. An event entry carries class 0x3f (no
 * hardware class); user-mode aborts are 0x20 (instruction) and 0x24 (data).
 * Included by l4/vcpu/vcpu.h only.
 */
#pragma once

#include <l4/sys/vcpu.h>

L4_INLINE int l4vcpu_is_irq_entry(l4_vcpu_state_t const *vcpu) L4_NOTHROW
{
    return (vcpu->r.err >> 26) == 0x3f;
}

L4_INLINE int l4vcpu_is_page_fault_entry(l4_vcpu_state_t const *vcpu) L4_NOTHROW
{
    return ((vcpu->r.err >> 26) & 0x30) == 0x20;
}
