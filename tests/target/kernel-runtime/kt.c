/* SPDX-License-Identifier: MIT */
/*
 * The helpers of kt.h. Thread set-up follows the L4Re recipe: factory
 * create, thread control (pager, exception handler, bind to a task with a
 * UTCB), ex_regs (pc, sp), scheduler run_thread. Child tasks get our image
 * mapped 1:1, so their threads run functions of this program and see its
 * globals (both tasks map the same physical pages).
 */
#include <l4/crt0.h>
#include "kt.h"

/* The execute-fault stub: alone on its page, so that mapping the page
 * elsewhere maps nothing else. Position independent by construction. */
__asm__(".pushsection .text.kt_exec_stub, \"ax\", %progbits\n"
        ".balign 4096\n"
        ".global kt_exec_stub\n"
        ".type kt_exec_stub, %function\n"
        "kt_exec_stub:\n"
        "    mov x0, #42\n"
        "    ret\n"
        ".size kt_exec_stub, . - kt_exec_stub\n"
        ".balign 4096\n"
        ".popsection\n");

l4_timeout_t kt_to_ms(unsigned ms)
{
    l4_timeout_s t = l4_timeout_from_us((l4_uint64_t)ms * 1000U);

    return l4_timeout(t, t);
}

l4_timeout_t kt_reply_rcv_ms(unsigned ms)
{
    return l4_timeout(L4_IPC_TIMEOUT_0, l4_timeout_from_us((l4_uint64_t)ms * 1000U));
}

l4_cpu_time_t kt_now_us(void)
{
    return l4_kip_clock(l4_global_kip);
}

void kt_spin_us(unsigned us)
{
    l4_cpu_time_t start = kt_now_us();

    while (kt_now_us() - start < us) {
        __asm__ volatile("" ::: "memory");
    }
}

long kt_err(l4_msgtag_t tag)
{
    return l4_error(tag);
}

unsigned long kt_ipc_err(l4_msgtag_t tag)
{
    return l4_ipc_error(tag, l4_utcb());
}

void kt_park(void)
{
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

l4_addr_t kt_utcb_slot(unsigned slot)
{
    return KT_UTCB_AREA + (l4_addr_t)slot * L4_UTCB_OFFSET;
}

long kt_thread_create(l4_cap_idx_t factory, l4_cap_idx_t cap, l4_cap_idx_t task,
                      l4_addr_t utcb, l4_cap_idx_t pager, l4_cap_idx_t exc_handler)
{
    long r = l4_error(l4_factory_create_thread(factory, cap));

    if (r < 0) {
        return r;
    }
    l4_thread_control_start();
    if (l4_is_valid_cap(pager)) {
        l4_thread_control_pager(pager);
    }
    if (l4_is_valid_cap(exc_handler)) {
        l4_thread_control_exc_handler(exc_handler);
    }
    l4_thread_control_bind((l4_utcb_t *)utcb, task);
    return l4_error(l4_thread_control_commit(cap));
}

long kt_set_prio(l4_cap_idx_t cap, unsigned prio, unsigned quantum_us)
{
    l4_sched_param_t sp = l4_sched_param(prio, quantum_us);

    return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, cap, &sp));
}

long kt_thread_go(l4_cap_idx_t cap, void (*fn)(void), l4_addr_t sp, unsigned prio)
{
    long r = l4_error(l4_thread_ex_regs(cap, (l4_addr_t)fn, sp, 0));

    if (r < 0) {
        return r;
    }
    return kt_set_prio(cap, prio, 0);
}

long kt_thread_start(l4_cap_idx_t cap, unsigned slot, void (*fn)(void), kt_stack_t *stack,
                     unsigned prio, l4_cap_idx_t exc_handler)
{
    long r = kt_thread_create(L4_BASE_FACTORY_CAP, cap, L4_BASE_TASK_CAP, kt_utcb_slot(slot),
                              L4_INVALID_CAP, exc_handler);

    if (r < 0) {
        return r;
    }
    return kt_thread_go(cap, fn, kt_stack_top(stack), prio);
}

long kt_task_create(l4_cap_idx_t factory, l4_cap_idx_t task)
{
    l4_fpage_t utcb_area = l4_fpage(KT_CHILD_UTCB_AREA, KT_CHILD_UTCB_ORDER, L4_FPAGE_RW);

    return l4_error(l4_factory_create_task(factory, task, &utcb_area));
}

long kt_task_share_image(l4_cap_idx_t task)
{
    return kt_task_share_image_except(task, 0, 0);
}

long kt_task_share_image_except(l4_cap_idx_t task, l4_addr_t skip_lo, l4_addr_t skip_hi)
{
    l4_addr_t a = l4_trunc_page((l4_addr_t)__image_start);
    l4_addr_t end = l4_round_page((l4_addr_t)__image_end);

    for (; a < end; a += L4_PAGESIZE) {
        if (a >= skip_lo && a < skip_hi) {
            continue;
        }
        long r = l4_error(l4_task_map(task, L4_BASE_TASK_CAP,
                                      l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX),
                                      l4_map_control(a, 0, 0)));
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

long kt_task_give_cap(l4_cap_idx_t task, l4_cap_idx_t ours, l4_cap_idx_t theirs,
                      unsigned rights)
{
    return l4_error(l4_task_map(task, L4_BASE_TASK_CAP,
                                l4_obj_fpage(ours, 0, (unsigned char)rights),
                                l4_map_obj_control(theirs, 0)));
}

long kt_cap_alias(l4_cap_idx_t ours, l4_cap_idx_t alias, unsigned rights)
{
    return kt_task_give_cap(L4_BASE_TASK_CAP, ours, alias, rights);
}
