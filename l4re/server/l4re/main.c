/* SPDX-License-Identifier: MIT */
/*
 * l4re start-up: read the block moe built (argc, argv, envp, auxv), reserve
 * what is already in the address space (our image and that block, the UTCB
 * area, the KIP), load the program, create its main thread with us as pager
 * and exception handler, start it, and serve.
 */
#include "l4re.h"
#include <l4/re/c/log.h>
#include <l4/re/c/parent.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/rm.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/thread.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <l4/util/fmt.h>
#include <stdarg.h>

struct l4re_state l4re;

extern char __image_end[];

void l4re_main(unsigned long *sp0);

void l4re_msg(char const *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n = l4util_snprintf(buf, sizeof(buf), "l4re: %s: ", l4re.prog ? l4re.prog : "?");

    va_start(ap, fmt);
    if (n > 0 && n < (int)sizeof(buf)) {
        l4util_vsnprintf(buf + n, sizeof(buf) - (unsigned)n, fmt, ap);
    }
    va_end(ap);
    l4re_log_print_srv(l4re.env ? l4re.env->log : L4_BASE_LOG_CAP, buf);
}

void l4re_exit(int code)
{
    if (l4re.env) {
        l4re_parent_signal(l4re.env->parent, 0, (unsigned long)(long)code);
    }
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

l4_cap_idx_t l4re_cap_alloc(void)
{
    l4_cap_idx_t c = l4re.next_cap;

    l4re.next_cap += L4_CAP_OFFSET;
    return c;
}

/*
 * The order of what the l4re_ds_map() just made mapped with a receive window of
 * order `window` at its hot spot: the block moe sent (its order is in the map item
 * that the kernel leaves in mr0 of the reply; moe's MAP reply has no words), clipped
 * to the window. One page if the reply carries no item.
 */
static unsigned mapped_order(unsigned window)
{
    l4_umword_t item = l4_utcb_mr()->mr[0];
    unsigned sent = (unsigned)((item & L4_FPAGE_SIZE_MASK) >> L4_FPAGE_SIZE_SHIFT);

    if (!(item & L4_ITEM_MAP) || sent < L4_PAGESHIFT) {
        return L4_PAGESHIFT;
    }
    return sent < window ? sent : window;
}

int l4re_map_range(l4_cap_idx_t ds, l4_uint64_t offs, l4_addr_t start, l4_addr_t size,
                   unsigned long rights)
{
    l4_addr_t a = start, end = start + size;

    /* Each call offers the largest aligned window from a that stays in the range; a is
     * aligned to it, so what the kernel maps starts at a. */
    while (a < end && a >= start) {
        unsigned window = l4_fpage_max_order(L4_PAGESHIFT, a, a, end, a);
        int r = l4re_ds_map(ds, offs + (a - start), rights, a, a, end);

        if (r < 0) {
            return r;
        }
        a += 1UL << mapped_order(window);
    }
    return 0;
}

void l4re_unmap_range(l4_addr_t start, l4_addr_t end)
{
    while (start < end) {
        unsigned order = L4_PAGESHIFT;

        while (order < 40 && !(start & ((1UL << (order + 1)) - 1))
               && start + (1UL << (order + 1)) <= end) {
            ++order;
        }
        l4_task_unmap(L4RE_THIS_TASK_CAP, l4_fpage(start, order, L4_FPAGE_RWX),
                      L4_FP_ALL_SPACES);
        start += 1UL << order;
    }
}

/* Reserve [start, end) for l4re itself unless something is there already. */
static void reserve_own(l4_addr_t start, l4_addr_t end)
{
    l4_addr_t a = l4_trunc_page(start);

    end = l4_round_page(end);
    if (end > a && !rgn_overlap(&l4re.map, a, end - a)) {
        rgn_attach(&l4re.map, &a, end - a, RGN_F_L4RE | L4RE_RM_F_R, L4_INVALID_CAP, 0, 0);
    }
}

static l4_addr_t max_addr(l4_addr_t a, l4_addr_t b)
{
    return a > b ? a : b;
}

static l4_addr_t str_end(char const *s)
{
    while (*s) {
        ++s;
    }
    return (l4_addr_t)s + 1;
}

/* The highest byte the initial block refers to (strings, aux, env, caps). */
static l4_addr_t block_end(unsigned long *auxv)
{
    l4_addr_t end;
    int i;

    while (auxv[0]) {
        auxv += 2;
    }
    end = (l4_addr_t)(auxv + 2);
    for (i = 0; i < l4re.argc; ++i) {
        end = max_addr(end, str_end(l4re.argv[i]));
    }
    for (i = 0; l4re.envp[i]; ++i) {
        end = max_addr(end, str_end(l4re.envp[i]));
    }
    if (l4re.aux) {
        end = max_addr(end, (l4_addr_t)(l4re.aux + 1));
        if (l4re.aux->binary) {
            end = max_addr(end, str_end(l4re.aux->binary));
        }
    }
    end = max_addr(end, (l4_addr_t)(l4re.env + 1));
    if (l4re.env->caps) {
        l4re_env_cap_entry_t const *c = l4re.env->caps;

        while (c->flags != ~0UL) {
            ++c;
        }
        end = max_addr(end, (l4_addr_t)(c + 1));
    }
    return end;
}

static void parse_block(unsigned long *sp0, unsigned long **auxv_out)
{
    unsigned long *p;

    l4re.argc = (int)sp0[0];
    l4re.argv = (char **)&sp0[1];
    l4re.envp = (char **)&sp0[1 + l4re.argc + 1];
    for (p = (unsigned long *)l4re.envp; *p; ++p) {
    }
    *auxv_out = p + 1;
    for (p = p + 1; p[0]; p += 2) {
        if (p[0] == AT_L4_ENV) {
            l4re.env = (l4re_env_t *)p[1];
        } else if (p[0] == AT_L4_AUX) {
            l4re.aux = (l4re_aux_t *)p[1];
        } else if (p[0] == AT_L4_KIP) {
            l4re.kip = (l4_kernel_info_t *)p[1];
        }
    }
}

/* The KIP: moe mapped it (AT_L4_KIP), or we attach the KIP dataspace. */
static void setup_kip(void)
{
    l4_addr_t a = L4RE_SEARCH_LO;
    l4_cap_idx_t ds;
    int r;

    if (l4re.kip) {
        reserve_own((l4_addr_t)l4re.kip, (l4_addr_t)l4re.kip + L4_PAGESIZE);
        return;
    }
    ds = l4re.aux && l4_is_valid_cap(l4re.aux->kip_ds) && l4re.aux->kip_ds
         ? l4re.aux->kip_ds : (0x14UL << L4_CAP_SHIFT);
    r = rgn_attach(&l4re.map, &a, L4_PAGESIZE,
                   L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R | RGN_F_L4RE, ds, 0, 0);
    if (r == 0) {
        r = l4re_map_range(ds, 0, a, L4_PAGESIZE, L4RE_DS_F_R);
    }
    if (r < 0) {
        l4re_msg("cannot map the KIP: %d\n", r);
        return;
    }
    l4re.kip = (l4_kernel_info_t *)a;
}

l4_addr_t l4re_main_utcb(void)
{
    l4re_env_t const *e = l4re.env;

    return e->first_free_utcb ? e->first_free_utcb
                              : l4_fpage_memaddr(e->utcb_area) + L4_UTCB_OFFSET;
}

/* Create the program's main thread: pager and exception handler = our gate. */
static int start_thread(l4_addr_t entry, l4_addr_t sp, char const **step)
{
    l4re_env_t *e = l4re.env;
    l4_sched_param_t sp_ = l4_sched_param(L4RE_MAIN_THREAD_PRIO, 0);
    int r;

    *step = "create the gate";
    r = l4_error(l4_factory_create_gate(e->factory, l4re.gate, L4_BASE_THREAD_CAP,
                                        L4RE_GATE_LABEL));
    if (r < 0) {
        return r;
    }
    *step = "create the thread";
    r = l4_error(l4_factory_create_thread(e->factory, l4re.thread));
    if (r < 0) {
        return r;
    }
    *step = "set pager, exception handler and UTCB";
    l4_thread_control_start();
    l4_thread_control_pager(l4re.gate);
    l4_thread_control_exc_handler(l4re.gate);
    l4_thread_control_bind((l4_utcb_t *)l4re_main_utcb(), L4RE_THIS_TASK_CAP);
    r = l4_error(l4_thread_control_commit(l4re.thread));
    if (r < 0) {
        return r;
    }
    *step = "set pc and sp";
    r = l4_error(l4_thread_ex_regs(l4re.thread, entry, sp, 0));
    if (r < 0) {
        return r;
    }
    *step = "run it through the scheduler";
    return l4_error(l4_scheduler_run_thread(e->scheduler, l4re.thread, &sp_));
}

void l4re_main(unsigned long *sp0)
{
    unsigned long *auxv;
    l4_addr_t entry, sp, utcb;
    char const *step;
    int r;

    parse_block(sp0, &auxv);
    if (!l4re.env) {
        l4re_log_print_srv(L4_BASE_LOG_CAP, "l4re: no AT_L4_ENV in the aux vector\n");
        for (;;) {
            l4_ipc_sleep(L4_IPC_NEVER);
        }
    }
    l4re_global_env = l4re.env;
    l4re.prog = l4re.aux && l4re.aux->binary ? l4re.aux->binary
                : (l4re.argc > 0 ? l4re.argv[0] : "?");
    l4re.next_cap = l4re.env->first_free_cap << L4_CAP_SHIFT;

    utcb = l4_fpage_memaddr(l4re.env->utcb_area);
    rgn_init(&l4re.map, L4RE_SEARCH_LO, utcb);
    reserve_own(L4RE_OWN_START, (l4_addr_t)__image_end);
    reserve_own((l4_addr_t)sp0, block_end(auxv));
    reserve_own(utcb, utcb + (1UL << l4_fpage_size(l4re.env->utcb_area)));
    setup_kip();
    l4re_global_kip = l4re.kip;

    l4re.gate = l4re_cap_alloc();
    l4re.thread = l4re_cap_alloc();
    l4re_load_program(&entry, &sp);

    r = start_thread(entry, sp, &step);
    if (r < 0) {
        l4re_msg("cannot start the main thread: %s: %d (%s)\n", step, r, l4sys_errtostr(r));
        l4re_exit(1);
    }
    l4re_serve();
}
