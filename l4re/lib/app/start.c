/* SPDX-License-Identifier: MIT */
/*
 * The start sequence of libapp (l4/app/app.h): check rom/l4re, create the
 * task, load the image, build and map the stack block and the KIP page,
 * create l4re's thread (pager and exception handler: the parent slot 0x13
 * of the task, UTCB slot 0), map the standard and named capabilities, set
 * pc/sp and run the thread at L4RE_MAIN_THREAD_PRIO. Every step validates
 * before it creates anything it cannot undo; a failure releases it all.
 */
#include <l4/app/app.h>
#include <l4/re/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/debugger.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include "app_int.h"

#define CAP_SEL(slot) ((l4_cap_idx_t)(slot) << L4_CAP_SHIFT)

/*
 * Give the new task its program's name (the last part of \a binary, "rom/hello" ->
 * "hello") for kernel log lines and the kernel debugger. Best effort: a starter
 * without the debugger capability leaves the factory's default name.
 */
static void app_name_task(l4_cap_idx_t task, char const *binary)
{
    char const *name = binary;

    for (char const *s = binary; *s; ++s) {
        if (*s == '/') {
            name = s + 1;
        }
    }
    if (*name) {
        l4_debugger_set_object_name(task, name);
    }
}

/* Map capability \a c of the starter into the task at \a slot. */
static long give_cap(struct l4app *a, struct l4app_cap const *c, unsigned slot)
{
    if (l4_is_invalid_cap(c->cap)) {
        return 0;
    }
    return l4_error(l4_task_map(a->task, L4_BASE_TASK_CAP,
                                l4_obj_fpage(c->cap, 0, (unsigned char)(c->rights & 0x0f)),
                                l4_map_obj_control(CAP_SEL(slot), 0)
                                    | (c->rights & L4_FPAGE_C_OBJ_RIGHTS)));
}

/* The standard capabilities, then the named ones from slot 0x16. */
static long give_caps(struct l4app_params const *p, struct l4app *a)
{
    struct l4app_cap const own[] = {
        { 0, a->task, L4_CAP_FPAGE_RWSD },
        { 0, a->thread, L4_CAP_FPAGE_RWSD },
    };
    struct {
        struct l4app_cap const *c;
        unsigned slot;
    } const std[] = {
        { &own[0], L4APP_SLOT_TASK },      { &p->factory, L4APP_SLOT_FACTORY },
        { &own[1], L4APP_SLOT_THREAD },    { &p->log, L4APP_SLOT_LOG },
        { &p->scheduler, L4APP_SLOT_SCHED }, { &p->mem_alloc, L4APP_SLOT_MEM_ALLOC },
        { &p->names, L4APP_SLOT_NAMES },   { &p->parent, L4APP_SLOT_PARENT },
        { &p->kip_ds, L4APP_SLOT_KIP },
    };
    unsigned i;

    for (i = 0; i < sizeof(std) / sizeof(std[0]); ++i) {
        long r = give_cap(a, std[i].c, std[i].slot);

        if (r < 0) {
            return r;
        }
    }
    for (i = 0; i < p->nnamed; ++i) {
        long r = give_cap(a, &p->named[i], L4APP_SLOT_FIRST_NAMED + i);

        if (r < 0) {
            return r;
        }
    }
    return 0;
}

/* l4re's thread on UTCB slot 0, paged by (and reporting exceptions to) the parent. */
static long create_thread(struct l4app_params const *p, struct l4app *a)
{
    long r = l4_error(l4_factory_create_thread(p->kfactory, p->thread_slot));

    if (r < 0) {
        return r;
    }
    a->thread = p->thread_slot;
    l4_thread_control_start();
    l4_thread_control_pager(CAP_SEL(L4APP_SLOT_PARENT));
    l4_thread_control_exc_handler(CAP_SEL(L4APP_SLOT_PARENT));
    l4_thread_control_bind((l4_utcb_t *)L4APP_UTCB_AREA, a->task);
    return l4_error(l4_thread_control_commit(a->thread));
}

static long run_thread(struct l4app_params const *p, struct l4app *a)
{
    l4_sched_param_t sp = l4_sched_param(L4RE_MAIN_THREAD_PRIO, 0);
    long r = l4_error(l4_thread_ex_regs(a->thread, a->entry, a->sp, 0));

    if (r < 0) {
        return r;
    }
    return l4_error(l4_scheduler_run_thread(p->run_sched, a->thread, &sp));
}

static long check_params(struct l4app_params const *p, char const **why)
{
    unsigned i;

    if (!p->mem.alloc || !p->mem.free || !p->binary || p->argc < 1 || !p->argv) {
        *why = "incomplete parameters";
        return -L4_EINVAL;
    }
    for (i = 0; i < p->nnamed; ++i) {
        unsigned len = 0;

        while (p->named[i].name[len]) {
            ++len;
        }
        if (len == 0 || len > 16) {
            *why = "a capability name must have 1 to 16 characters";
            return -L4_EINVAL;
        }
    }
    return 0;
}

long l4app_start(struct l4app_params const *p, struct l4app *a, char const **why)
{
    struct ldr_elf e;
    l4_fpage_t utcb_area = l4_fpage(L4APP_UTCB_AREA, L4APP_UTCB_ORDER, L4_FPAGE_RW);
    unsigned long block_size;
    long r;

    a->task = a->thread = L4_INVALID_CAP;
    a->image_h = a->block_h = 0;
    a->image = a->block = 0;
    *why = "";
    r = check_params(p, why);
    if (r >= 0) {
        r = app_check_image(p, &e, why);
    }
    if (r < 0) {
        return r;
    }
    block_size = app_block_size(p);
    if (block_size > L4APP_BLOCK_MAX) {
        *why = "arguments and environment do not fit the initial stack block";
        return -L4_ENOMEM;
    }
    a->block = p->mem.alloc(p->mem.ctx, block_size, &a->block_h);
    if (!a->block) {
        *why = "no memory for the stack block";
        return -L4_ENOMEM;
    }
    r = l4_error(l4_factory_create_task(p->kfactory, p->task_slot, &utcb_area));
    if (r < 0) {
        *why = "cannot create the task";
        l4app_release(a, &p->mem);
        return r;
    }
    a->task = p->task_slot;
    app_name_task(a->task, p->binary);
    r = app_load_image(p, &e, a, why);
    if (r >= 0) {
        r = app_build_block(p, a, block_size, why);
    }
    if (r >= 0) {
        r = app_map_pages(a, (l4_addr_t)a->block, a->block_lo, block_size, L4_FPAGE_RW);
        *why = "cannot map the stack block";
    }
    if (r >= 0) {
        r = app_map_pages(a, (l4_addr_t)p->kip, L4APP_KIP_ADDR, L4_PAGESIZE, L4_FPAGE_RO);
        *why = "cannot map the KIP";
    }
    if (r >= 0) {
        r = create_thread(p, a);
        *why = "cannot create the thread";
    }
    if (r >= 0) {
        r = give_caps(p, a);
        *why = "cannot map the capabilities";
    }
    if (r >= 0) {
        r = run_thread(p, a);
        *why = "cannot run the thread";
    }
    if (r < 0) {
        l4app_release(a, &p->mem);
        return r;
    }
    *why = "";
    return 0;
}

void l4app_release(struct l4app *a, struct l4app_mem const *mem)
{
    if (l4_is_valid_cap(a->thread)) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, a->thread);
        a->thread = L4_INVALID_CAP;
    }
    if (l4_is_valid_cap(a->task)) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, a->task);
        a->task = L4_INVALID_CAP;
    }
    if (a->image) {
        mem->free(mem->ctx, a->image_h);
        a->image = 0;
    }
    if (a->block) {
        mem->free(mem->ctx, a->block_h);
        a->block = 0;
    }
}

l4_addr_t l4app_backing(struct l4app const *a, l4_addr_t page)
{
    if (a->image && page >= a->image_lo && page < a->image_hi) {
        return (l4_addr_t)a->image + (page - a->image_lo);
    }
    if (a->block && page >= a->block_lo && page < L4APP_BLOCK_TOP) {
        return (l4_addr_t)a->block + (page - a->block_lo);
    }
    return 0;
}
