/* SPDX-License-Identifier: MIT */
/*
 * Programs: moe starts one the L4Re way through libapp (l4/app/app.h,
 * doc/runtime.md "Starting a program"): moe makes the program's allocator,
 * log, scheduler proxy, kernel factory and its app object, and libapp the
 * task, rom/l4re's image, the initial stack block and l4re's thread. The
 * app object is the program's parent (exit) and the pager and exception
 * handler of l4re's thread. Everything a program has lives in its
 * allocator, so its exit frees all of it.
 */
#include <l4/app/app.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/util/string.h>
#include "moe.h"

#define APP_TAG_MAX 8
#define CAP_SEL(slot) ((l4_cap_idx_t)(slot) << L4_CAP_SHIFT)
#define MAX_NAMED_CAPS 8
#define ARG_BUF 1024

struct app {
    struct obj obj;
    char tag[APP_TAG_MAX + 1];
    l4_cap_idx_t task, thread, factory;
    struct alloc *alloc;
    struct l4app run;  /* libapp's view: task, thread, l4re's image and stack block */
};

struct ds *moe_kip_ds;
static l4_cap_idx_t init_sigma0 = L4_INVALID_CAP; /* a sigma0 client gate of its own */

/* What moe passes to a new program. */
struct app_start {
    char const *path;   /* "rom/prog", NUL-terminated */
    char const *const *argv;
    unsigned argc;      /* argv[0] = path */
    struct l4app_cap named[MAX_NAMED_CAPS];
    unsigned nnamed;
};

static void app_put(struct app *a)
{
    obj_destroy(&a->obj);
}

/* libapp's memory: contiguous dataspaces of the program's allocator, 1:1 in moe.
 * They are destroyed with the allocator, so free has nothing to do. */
static void *app_mem_alloc(void *ctx, unsigned long size, void **handle)
{
    struct app *a = ctx;
    long err = 0;
    struct ds *d = ds_create_anon(a->alloc, size, L4RE_MA_CONTINUOUS, 0, &err);

    *handle = d;
    return d ? (void *)d->base : NULL;
}

static void app_mem_free(void *ctx, void *handle)
{
    (void)ctx;
    (void)handle;
}

void app_destroy(struct obj *o)
{
    struct app *a = (struct app *)o;
    struct l4app_mem const mem = { app_mem_alloc, app_mem_free, a };
    l4_cap_idx_t *caps[] = { &a->task, &a->thread, &a->factory };
    unsigned i;

    l4app_release(&a->run, &mem);
    for (i = 0; i < sizeof(caps) / sizeof(caps[0]); ++i) {
        if (l4_is_valid_cap(*caps[i])) {
            l4_task_delete_obj(L4_BASE_TASK_CAP, *caps[i]);
            moe_cap_free(*caps[i]);
        }
    }
    if (a->alloc) {
        obj_destroy(&a->alloc->obj);
    }
    moe_free(a, sizeof(*a));
}

/* The tag of a program: its path's last component, at most 8 characters. */
static void make_tag(char *tag, char const *path)
{
    unsigned i, start = 0;

    for (i = 0; path[i]; ++i) {
        if (path[i] == '/') {
            start = i + 1;
        }
    }
    for (i = 0; i < APP_TAG_MAX && path[start + i]; ++i) {
        tag[i] = path[start + i];
    }
    tag[i] = 0;
}

/* Create and start a program. \return 0, or a negative error (message printed). */
static long app_start(struct app_start const *st, struct alloc *parent, unsigned long quota)
{
    struct ds *l4re = boot_fs_find("l4re", 4);
    struct l4app_params p;
    struct app *a;
    struct log *log;
    struct sched *sched;
    struct obj *prog;
    l4_cap_idx_t prog_cap;
    unsigned flags;
    char const *why = "";
    long r = -L4_ENOMEM;

    if (ns_resolve(moe_root_ns, st->path, strlen(st->path), &prog, &prog_cap, &flags) < 0) {
        kd_printf("moe: cannot start '%s': not found\n", st->path);
        return -L4_ENOENT;
    }
    if (!l4re) {
        kd_printf("moe: cannot start '%s': no rom/l4re\n", st->path);
        return -L4_ENOENT;
    }
    a = moe_alloc(sizeof(*a));
    if (!a || obj_init(&a->obj, OBJ_APP, NULL) < 0) {
        moe_free(a, sizeof(*a));
        kd_printf("moe: out of memory starting '%s'\n", st->path);
        return -L4_ENOMEM;
    }
    a->run.task = a->run.thread = L4_INVALID_CAP;
    make_tag(a->tag, st->path);
    obj_name(&a->obj, "parent:", a->tag);
    a->task = moe_cap_alloc();
    a->thread = moe_cap_alloc();
    a->factory = moe_cap_alloc();
    a->alloc = alloc_create(parent, quota);
    if (!a->alloc || l4_is_invalid_cap(a->task) || l4_is_invalid_cap(a->thread)
        || l4_is_invalid_cap(a->factory)) {
        goto fail;
    }
    log = log_create(a->alloc, a->tag, APP_TAG_MAX, 7);
    sched = sched_create(a->alloc, L4_SCHED_MAX_PRIO, 0, ~0UL);
    if (!log || !sched) {
        r = -L4_ENOMEM;
        goto fail;
    }
    r = l4_error(l4_factory_create_factory(L4_BASE_FACTORY_CAP, a->factory,
                                           moe_opt.factory_quota));
    if (r < 0) {
        goto fail;
    }
    memset(&p, 0, sizeof(p));
    p.l4re_path = "rom/l4re";
    p.l4re_elf = (void const *)l4re->base;
    p.l4re_size = l4re->size;
    p.binary = st->path;
    p.argc = st->argc;
    p.argv = st->argv;
    p.nnamed = st->nnamed;
    p.named = st->named;
    p.kfactory = L4_BASE_FACTORY_CAP;
    p.run_sched = L4_BASE_SCHEDULER_CAP;
    p.task_slot = a->task;
    p.thread_slot = a->thread;
    p.factory = (struct l4app_cap){ 0, a->factory, L4_CAP_FPAGE_RWSD };
    p.log = (struct l4app_cap){ 0, log_obj(log)->gate, L4_CAP_FPAGE_RWS };
    p.scheduler = (struct l4app_cap){ 0, sched_obj(sched)->gate, L4_CAP_FPAGE_RWS };
    p.mem_alloc = (struct l4app_cap){ 0, a->alloc->obj.gate, L4_CAP_FPAGE_RWS };
    /* As in L4Re: init reads moe's root namespace; changing it is opt-in (--init-names=rw). */
    p.names = (struct l4app_cap){ 0, ns_obj(moe_root_ns)->gate,
                                  moe_opt.init_names_rw ? L4_CAP_FPAGE_RWS : L4_CAP_FPAGE_RO };
    p.parent = (struct l4app_cap){ 0, a->obj.gate, L4_CAP_FPAGE_RWS };
    p.kip_ds = (struct l4app_cap){ 0, moe_kip_ds->obj.gate, L4_CAP_FPAGE_RO };
    p.dbg_lvl = moe_opt.l4re_dbg;
    p.ldr_flags = moe_opt.ldr_flags;
    p.kip = moe_kip;
    p.mem = (struct l4app_mem){ app_mem_alloc, app_mem_free, a };
    r = l4app_start(&p, &a->run, &why);
    if (r < 0) {
        if (r == -L4_EINVAL) {
            kd_printf("moe: rom/l4re: bad ELF: %s\n", why);
        }
        goto fail;
    }
    moe_dbg(MOE_DBG_LOADER, "moe: %s: l4re at 0x%lx-0x%lx, entry 0x%lx\n", a->tag,
            a->run.image_lo, a->run.image_hi, a->run.entry);
    if (moe_opt.debug & MOE_DBG_INFO) {
        unsigned long total, free;

        pages_stats(&total, &free);
        kd_printf("moe: started '%s' (tag %s), %lu of %lu KiB free\n", st->path, a->tag,
                  free >> 10, total >> 10);
    }
    return 0;

fail:
    kd_printf("moe: cannot start '%s': error %ld%s%s\n", st->path, r, *why ? ": " : "", why);
    app_put(a);
    return r;
}

/* Copy \a len bytes of \a s NUL-terminated into buf at *used. \return the copy or NULL. */
static char const *arg_copy(char *buf, unsigned *used, char const *s, unsigned len)
{
    char *d = buf + *used;

    if (*used + len + 1 > ARG_BUF) {
        return NULL;
    }
    memcpy(d, s, len);
    d[len] = 0;
    *used += len + 1;
    return d;
}

long app_start_init(void)
{
    struct app_start st;
    char buf[ARG_BUF];
    char const *argv[MOE_MAX_ARGS + 1];
    char const *init = moe_opt.init;
    unsigned i, used = 0, len = 0;

    memset(&st, 0, sizeof(st));
    while (init[len] && init[len] != ' ') {
        ++len;
    }
    argv[0] = arg_copy(buf, &used, init, len);
    for (i = 0; i < moe_opt.nargs && argv[i]; ++i) {
        argv[i + 1] = arg_copy(buf, &used, moe_opt.args[i], moe_opt.arglen[i]);
    }
    if (!argv[i]) {
        kd_printf("moe: the arguments of init are too long\n");
        return -L4_ENOMEM;
    }
    st.path = argv[0];
    st.argv = argv;
    st.argc = moe_opt.nargs + 1;
    if (l4_is_invalid_cap(init_sigma0)) {
        l4_cap_idx_t c = moe_cap_alloc();

        if (l4_is_valid_cap(c)
            && l4_error(l4_factory_create(L4_BASE_PAGER_CAP, L4_PROTO_SIGMA0, c)) >= 0) {
            init_sigma0 = c;
        }
    }
    {
        struct l4app_cap const named[] = {
            { "rom", ns_obj(moe_rom_ns)->gate, L4_CAP_FPAGE_RO },
            { "log", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RWS },
            { "icu", L4_BASE_ICU_CAP, L4_CAP_FPAGE_RWS },
            { "jdb", L4_BASE_DEBUGGER_CAP, L4_CAP_FPAGE_RWS },
            { "kip", moe_kip_ds->obj.gate, L4_CAP_FPAGE_RO },
            { "sigma0", init_sigma0, L4_CAP_FPAGE_RWS },
        };

        for (i = 0; i < sizeof(named) / sizeof(named[0]); ++i) {
            if (l4_is_valid_cap(named[i].cap)) {
                st.named[st.nnamed++] = named[i];
            }
        }
    }
    return app_start(&st, moe_root_alloc, moe_opt.mem_quota ? moe_opt.mem_quota : ~0UL);
}

/* A fault of l4re's thread: only its own image and stack block can be mapped. */
static long app_page_fault(struct app *a, struct msg *m)
{
    l4_addr_t pfa = m->mr->mr[0] & ~7UL;
    l4_addr_t page = pfa & L4_PAGEMASK;
    l4_addr_t pa;

    pa = l4app_backing(&a->run, page);
    if (!pa) {
        kd_printf("moe: %s: l4re page fault at 0x%lx pc 0x%lx: not l4re's memory\n", a->tag, pfa,
                  m->mr->mr[1]);
        return -L4_EFAULT;
    }
    m->mr->mr[0] = l4_map_control(page, 0, 0);
    m->mr->mr[1] = l4_fpage(pa, L4_PAGESHIFT, L4_FPAGE_RWX).raw;
    m->reply_items = 1;
    return 0;
}

/* op: L4RE_PARENT_OP_SIGNAL, rights: none, proto: L4RE_PROTO_PARENT */
static long app_signal(struct app *a, struct msg *m)
{
    if (m->words < 3 || m->mr->mr[0] != L4RE_PARENT_OP_SIGNAL) {
        return -L4_ENOSYS;
    }
    if (m->mr->mr[1] != L4RE_PARENT_SIG_EXIT) {
        return 0; /* other signals are accepted and ignored */
    }
    kd_printf("moe: %s: exited with code %ld\n", a->tag, (long)m->mr->mr[2]);
    m->no_reply = 1;
    app_put(a);
    if (moe_opt.debug & MOE_DBG_INFO) {
        unsigned long total, free;

        pages_stats(&total, &free);
        kd_printf("moe: program ended, %lu of %lu KiB free\n", free >> 10, total >> 10);
    }
    return 0;
}

long app_invoke(struct obj *o, struct msg *m)
{
    struct app *a = (struct app *)o;

    switch (l4_msgtag_label(m->tag)) {
    case L4RE_PROTO_PARENT:
        return app_signal(a, m);
    case L4_PROTO_PAGE_FAULT:
        return app_page_fault(a, m);
    case L4_PROTO_EXCEPTION:
        kd_printf("moe: %s: l4re exception at pc 0x%lx (esr 0x%lx): program ended\n", a->tag,
                  ((l4_exc_regs_t *)m->mr)->pc, ((l4_exc_regs_t *)m->mr)->err);
        m->no_reply = 1;
        app_put(a);
        return 0;
    default:
        return -L4_EBADPROTO;
    }
}
