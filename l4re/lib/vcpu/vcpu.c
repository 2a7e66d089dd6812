// SPDX-License-Identifier: MIT
/*
 * libvcpu's printing part: the state flags, entry point and registers of a
 * vCPU state, one line per group, each starting with the caller's prefix.
 */
#include <l4/util/kd_printf.h>
#include <l4/vcpu/vcpu.h>

void l4vcpu_print_state(const l4_vcpu_state_t *vcpu, const char *prefix) L4_NOTHROW
{
    kd_printf("%svcpu=%p state=%x saved_state=%x sticky=%x version=%lx\n", prefix,
              (const void *)vcpu, vcpu->state, vcpu->saved_state, vcpu->sticky_flags,
              (unsigned long)vcpu->version);
    kd_printf("%sentry_sp=%lx entry_ip=%lx user_task=%lx\n", prefix,
              (unsigned long)vcpu->entry_sp, (unsigned long)vcpu->entry_ip,
              (unsigned long)vcpu->user_task);
    l4vcpu_print_state_arch(vcpu, prefix);
}

void l4vcpu_print_state_arch(const l4_vcpu_state_t *vcpu, const char *prefix) L4_NOTHROW
{
    const l4_vcpu_regs_t *r = &vcpu->r;
    kd_printf("%spc=%lx sp=%lx err=%lx pfa=%lx pstate=%lx label=%lx\n", prefix,
              (unsigned long)r->pc, (unsigned long)r->sp, (unsigned long)r->err,
              (unsigned long)r->pfa, (unsigned long)r->pstate, (unsigned long)vcpu->i.label);
    for (int i = 0; i < 31; i += 4) {
        kd_printf("%sx%-2d=%016lx %016lx %016lx %016lx\n", prefix, i, (unsigned long)r->r[i],
                  (unsigned long)r->r[i + 1], (unsigned long)r->r[i + 2],
                  i + 3 < 31 ? (unsigned long)r->r[i + 3] : 0UL);
    }
}
