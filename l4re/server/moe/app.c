/* SPDX-License-Identifier: MIT */
/*
 * Programs: moe starts one the L4Re way (doc/runtime.md "Starting a
 * program", doc/l4re.md "How moe starts l4re"): a task with a 64 KiB UTCB
 * area, rom/l4re copied from its ELF into a dataspace and mapped eagerly
 * at its link address, an initial stack block (argv, envp, auxv, the
 * l4re_aux_t, the l4re_env_t and the named-capability table) ending at
 * 0xc0000000, the KIP at 0xbff00000, the standard capabilities, and a
 * thread on UTCB slot 0 started at priority L4RE_MAIN_THREAD_PRIO. The
 * program's app object is its parent (exit) and the pager and exception
 * handler of l4re's thread. Everything a program has lives in its
 * allocator, so its exit frees all of it.
 */
#include <l4/re/c/namespace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/consts.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/util/string.h>
#include "moe.h"

#define APP_UTCB_AREA 0x0000ffffffff0000UL
#define APP_UTCB_ORDER 16
#define APP_KIP_ADDR 0xbff00000UL
#define APP_BLOCK_SIZE (2 * L4_PAGESIZE)
#define APP_BLOCK_ADDR (0xc0000000UL - APP_BLOCK_SIZE)
#define APP_TAG_MAX 8
#define AT_NULL 0
#define AT_PAGESZ 6
#define CAP_SEL(slot) ((l4_cap_idx_t)(slot) << L4_CAP_SHIFT)
#define MAX_NAMED_CAPS 8

/* The standard capability slots of a program (L4Re's Remote_app_std_caps). */
enum {
    SLOT_TASK = 1,
    SLOT_FACTORY = 2,
    SLOT_THREAD = 3,
    SLOT_LOG = 5,
    SLOT_SCHED = 7,
    SLOT_MEM_ALLOC = 0x11,
    SLOT_NAMES = 0x12,
    SLOT_PARENT = 0x13,
    SLOT_KIP = 0x14,
    SLOT_FIRST_NAMED = 0x16,
};

struct app {
    struct obj obj;
    char tag[APP_TAG_MAX + 1];
    l4_cap_idx_t task, thread, factory;
    struct alloc *alloc;
    struct ds *image, *block;
    l4_addr_t image_lo, image_hi; /* l4re's pages in the task */
};

struct ds *moe_kip_ds;
static l4_cap_idx_t init_sigma0 = L4_INVALID_CAP; /* a sigma0 client gate of its own */

/* One named capability for the program's table (init only). */
struct named_cap {
    char const *name;
    l4_cap_idx_t cap;
    unsigned rights;
};

/* What moe passes to a new program. */
struct app_start {
    char const *path;   /* "rom/prog" */
    unsigned path_len;
    char const *const *args;
    unsigned const *arglen;
    unsigned nargs;
    struct named_cap named[MAX_NAMED_CAPS];
    unsigned nnamed;
};

static void app_put(struct app *a)
{
    obj_destroy(&a->obj);
}

void app_destroy(struct obj *o)
{
    struct app *a = (struct app *)o;
    l4_cap_idx_t *caps[] = { &a->task, &a->thread, &a->factory };
    unsigned i;

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

/* Map capability \a src of moe into the program at \a slot. */
static long give_cap(struct app *a, l4_cap_idx_t src, unsigned slot, unsigned rights)
{
    return l4_error(l4_task_map(a->task, L4_BASE_TASK_CAP,
                                l4_obj_fpage(src, 0, (unsigned char)rights),
                                l4_map_obj_control(CAP_SEL(slot), 0)));
}

/* Map [pa, pa + size) of moe into the program at \a va with \a rights, page by page. */
static long give_pages(struct app *a, l4_addr_t pa, l4_addr_t va, unsigned long size,
                       unsigned rights)
{
    unsigned long off;

    for (off = 0; off < size; off += L4_PAGESIZE) {
        long r = l4_error(l4_task_map(a->task, L4_BASE_TASK_CAP,
                                      l4_fpage(pa + off, L4_PAGESHIFT, (unsigned char)rights),
                                      l4_map_control(va + off, 0, 0)));
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

/* Copy rom/l4re's segments into a fresh dataspace and map them into the task. */
static long load_l4re(struct app *a, struct ds *rom, unsigned long *entry)
{
    struct elf_seg segs[ELF_MAX_SEGS];
    unsigned nsegs, i;
    char const *why = elf_parse((void const *)rom->base, rom->size, segs, &nsegs, entry);
    long err = 0;

    if (why) {
        kd_printf("moe: rom/l4re: bad ELF: %s\n", why);
        return -L4_EINVAL;
    }
    a->image_lo = ~0UL;
    a->image_hi = 0;
    for (i = 0; i < nsegs; ++i) {
        l4_addr_t lo = segs[i].vaddr & L4_PAGEMASK;
        l4_addr_t hi = (segs[i].vaddr + segs[i].memsz + L4_PAGESIZE - 1) & L4_PAGEMASK;

        a->image_lo = lo < a->image_lo ? lo : a->image_lo;
        a->image_hi = hi > a->image_hi ? hi : a->image_hi;
    }
    if (a->image_hi > APP_UTCB_AREA || a->image_lo < 0x10000 || (a->image_lo < 0xc0000000UL
                                                                   && a->image_hi > APP_KIP_ADDR)) {
        kd_printf("moe: rom/l4re: bad ELF: segments at 0x%lx-0x%lx collide with the stack"
                  " block, KIP or UTCB area\n", a->image_lo, a->image_hi);
        return -L4_EINVAL;
    }
    a->image = ds_create_anon(a->alloc, a->image_hi - a->image_lo, L4RE_MA_CONTINUOUS, 0, &err);
    if (!a->image) {
        return err;
    }
    for (i = 0; i < nsegs; ++i) {
        memcpy((void *)(a->image->base + segs[i].vaddr - a->image_lo),
               (void const *)(rom->base + segs[i].offset), segs[i].filesz);
    }
    for (i = 0; i < nsegs; ++i) {
        l4_addr_t lo = segs[i].vaddr & L4_PAGEMASK;
        l4_addr_t hi = (segs[i].vaddr + segs[i].memsz + L4_PAGESIZE - 1) & L4_PAGEMASK;
        long r = give_pages(a, a->image->base + lo - a->image_lo, lo, hi - lo,
                            segs[i].flags | L4_FPAGE_RO);

        if (r < 0) {
            return r;
        }
    }
    moe_dbg(MOE_DBG_LOADER, "moe: %s: l4re at 0x%lx-0x%lx, entry 0x%lx\n", a->tag, a->image_lo,
            a->image_hi, *entry);
    return 0;
}

/* A bump allocator from the top of the stack block, with task addresses. */
struct block {
    char *base;  /* in moe */
    unsigned long top;
};

static void *block_put(struct block *b, void const *data, unsigned long size, unsigned align)
{
    if (size + align > b->top) {
        return NULL;
    }
    b->top = (b->top - size) & ~((unsigned long)align - 1);
    if (data) {
        memcpy(b->base + b->top, data, size);
    }
    return b->base + b->top;
}

static l4_addr_t block_va(struct block *b, void const *p)
{
    return APP_BLOCK_ADDR + (l4_addr_t)((char const *)p - b->base);
}

/* A NUL-terminated copy of s[0..len) in the block; its task address. */
static l4_addr_t block_str(struct block *b, char const *s, unsigned len)
{
    char *p = block_put(b, NULL, len + 1UL, 1);

    if (!p) {
        return 0;
    }
    memcpy(p, s, len);
    p[len] = 0;
    return block_va(b, p);
}

/* Build argc/argv/envp/auxv, l4re_aux_t, l4re_env_t, the cap table. \return sp, or 0. */
static l4_addr_t build_block(struct app *a, struct app_start const *st)
{
    struct block b = { (char *)a->block->base, APP_BLOCK_SIZE };
    l4re_env_cap_entry_t caps[MAX_NAMED_CAPS + 1];
    l4_addr_t argv[MOE_MAX_ARGS + 1];
    l4re_env_t env;
    l4re_aux_t aux;
    l4re_env_t *env_p;
    l4re_aux_t *aux_p;
    l4re_env_cap_entry_t *caps_p;
    l4_umword_t *vec;
    unsigned argc = st->nargs + 1, i, w = 0;

    argv[0] = block_str(&b, st->path, st->path_len);
    for (i = 0; i < st->nargs; ++i) {
        argv[i + 1] = block_str(&b, st->args[i], st->arglen[i]);
    }
    memset(caps, 0, sizeof(caps));
    for (i = 0; i < st->nnamed; ++i) {
        caps[i].cap = CAP_SEL(SLOT_FIRST_NAMED + i);
        unsigned k;

        for (k = 0; k < sizeof(caps[i].name) && st->named[i].name[k]; ++k) {
            caps[i].name[k] = st->named[i].name[k];
        }
    }
    caps[st->nnamed].cap = L4_INVALID_CAP;
    caps[st->nnamed].flags = ~0UL;
    caps_p = block_put(&b, caps, (st->nnamed + 1) * sizeof(caps[0]), 16);

    memset(&aux, 0, sizeof(aux));
    aux.binary = (char const *)argv[0];
    aux.kip_ds = CAP_SEL(SLOT_KIP);
    aux.dbg_lvl = moe_opt.l4re_dbg;
    aux.ldr_flags = moe_opt.ldr_flags;
    aux_p = block_put(&b, &aux, sizeof(aux), 16);

    memset(&env, 0, sizeof(env));
    env.parent = CAP_SEL(SLOT_PARENT);
    env.rm = L4_INVALID_CAP;
    env.mem_alloc = CAP_SEL(SLOT_MEM_ALLOC);
    env.log = CAP_SEL(SLOT_LOG);
    env.main_thread = CAP_SEL(SLOT_THREAD);
    env.factory = CAP_SEL(SLOT_FACTORY);
    env.scheduler = CAP_SEL(SLOT_SCHED);
    env.itas = L4_INVALID_CAP;
    env.dbg_events = L4_INVALID_CAP;
    env.first_free_cap = SLOT_FIRST_NAMED + st->nnamed;
    env.first_free_reply_cap = 0;
    env.utcb_area = l4_fpage(APP_UTCB_AREA, APP_UTCB_ORDER, 0);
    env.first_free_utcb = APP_UTCB_AREA + L4_UTCB_OFFSET;
    env.caps = caps_p ? (l4re_env_cap_entry_t *)block_va(&b, caps_p) : NULL;
    env_p = block_put(&b, &env, sizeof(env), 16);

    /* argc, argv..., NULL, (no envp) NULL, 5 auxv pairs */
    vec = block_put(&b, NULL, (1 + argc + 1 + 1 + 10) * sizeof(l4_umword_t), 16);
    if (!vec || !env_p || !aux_p || !caps_p || !argv[0]) {
        return 0;
    }
    vec[w++] = argc;
    for (i = 0; i < argc; ++i) {
        vec[w++] = argv[i];
    }
    vec[w++] = 0;
    vec[w++] = 0;
    vec[w++] = AT_PAGESZ;
    vec[w++] = L4_PAGESIZE;
    vec[w++] = AT_L4_AUX;
    vec[w++] = block_va(&b, aux_p);
    vec[w++] = AT_L4_ENV;
    vec[w++] = block_va(&b, env_p);
    vec[w++] = AT_L4_KIP;
    vec[w++] = APP_KIP_ADDR;
    vec[w++] = AT_NULL;
    vec[w++] = 0;
    return block_va(&b, vec);
}

/* The standard capabilities, then the named ones from SLOT_FIRST_NAMED. */
static long give_caps(struct app *a, struct log *log, struct sched *sched,
                      struct app_start const *st)
{
    struct {
        l4_cap_idx_t cap;
        unsigned slot;
        unsigned rights;
    } const std[] = {
        { a->task, SLOT_TASK, L4_CAP_FPAGE_RWSD },
        { a->factory, SLOT_FACTORY, L4_CAP_FPAGE_RWSD },
        { a->thread, SLOT_THREAD, L4_CAP_FPAGE_RWSD },
        { log_obj(log)->gate, SLOT_LOG, L4_CAP_FPAGE_RWS },
        { sched_obj(sched)->gate, SLOT_SCHED, L4_CAP_FPAGE_RWS },
        { a->alloc->obj.gate, SLOT_MEM_ALLOC, L4_CAP_FPAGE_RWS },
        { ns_obj(moe_root_ns)->gate, SLOT_NAMES, L4_CAP_FPAGE_RWS },
        { a->obj.gate, SLOT_PARENT, L4_CAP_FPAGE_RWS },
        { moe_kip_ds->obj.gate, SLOT_KIP, L4_CAP_FPAGE_RO },
    };
    unsigned i;

    for (i = 0; i < sizeof(std) / sizeof(std[0]); ++i) {
        long r = give_cap(a, std[i].cap, std[i].slot, std[i].rights);

        if (r < 0) {
            return r;
        }
    }
    for (i = 0; i < st->nnamed; ++i) {
        long r = give_cap(a, st->named[i].cap, SLOT_FIRST_NAMED + i, st->named[i].rights);

        if (r < 0) {
            return r;
        }
    }
    return 0;
}

/* The thread on UTCB slot 0, paged by (and reporting exceptions to) the app object. */
static long create_thread(struct app *a)
{
    long r = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, a->thread));

    if (r < 0) {
        return r;
    }
    l4_thread_control_start();
    l4_thread_control_pager(CAP_SEL(SLOT_PARENT));
    l4_thread_control_exc_handler(CAP_SEL(SLOT_PARENT));
    l4_thread_control_bind((l4_utcb_t *)APP_UTCB_AREA, a->task);
    return l4_error(l4_thread_control_commit(a->thread));
}

/* Start l4re's thread at \a entry with \a sp at priority L4RE_MAIN_THREAD_PRIO. */
static long start_thread(struct app *a, unsigned long entry, l4_addr_t sp)
{
    l4_sched_param_t p = l4_sched_param(L4RE_MAIN_THREAD_PRIO, 0);
    long r = l4_error(l4_thread_ex_regs(a->thread, entry, sp, 0));

    if (r < 0) {
        return r;
    }
    return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, a->thread, &p));
}

/* The tag of a program: its path's last component, at most 8 characters. */
static void make_tag(char *tag, char const *path, unsigned len)
{
    unsigned i, start = 0;

    for (i = 0; i < len; ++i) {
        if (path[i] == '/') {
            start = i + 1;
        }
    }
    for (i = 0; i < APP_TAG_MAX && start + i < len; ++i) {
        tag[i] = path[start + i];
    }
    tag[i] = 0;
}

/* Create and start a program. \return 0, or a negative error (message printed). */
static long app_start(struct app_start const *st, struct alloc *parent, unsigned long quota)
{
    struct ds *l4re = boot_fs_find("l4re", 4);
    struct app *a;
    struct log *log;
    struct sched *sched;
    struct obj *prog;
    l4_cap_idx_t prog_cap;
    unsigned flags;
    unsigned long entry = 0;
    l4_fpage_t utcb_area = l4_fpage(APP_UTCB_AREA, APP_UTCB_ORDER, L4_FPAGE_RW);
    l4_addr_t sp;
    long r = -L4_ENOMEM;

    if (ns_resolve(moe_root_ns, st->path, st->path_len, &prog, &prog_cap, &flags) < 0) {
        kd_printf("moe: cannot start '%.*s': not found\n", (int)st->path_len, st->path);
        return -L4_ENOENT;
    }
    if (!l4re) {
        kd_printf("moe: cannot start '%.*s': no rom/l4re\n", (int)st->path_len, st->path);
        return -L4_ENOENT;
    }
    a = moe_alloc(sizeof(*a));
    if (!a || obj_init(&a->obj, OBJ_APP, NULL) < 0) {
        moe_free(a, sizeof(*a));
        kd_printf("moe: out of memory starting '%.*s'\n", (int)st->path_len, st->path);
        return -L4_ENOMEM;
    }
    make_tag(a->tag, st->path, st->path_len);
    a->task = moe_cap_alloc();
    a->thread = moe_cap_alloc();
    a->factory = moe_cap_alloc();
    a->alloc = alloc_create(parent, quota);
    if (!a->alloc || l4_is_invalid_cap(a->task) || l4_is_invalid_cap(a->thread)
        || l4_is_invalid_cap(a->factory)) {
        goto fail;
    }
    log = log_create(a->alloc, a->tag, APP_TAG_MAX, 7);
    sched = sched_create(a->alloc, L4_SCHED_MAX_PRIO, 0);
    a->block = ds_create_anon(a->alloc, APP_BLOCK_SIZE, L4RE_MA_CONTINUOUS, 0, &r);
    if (!log || !sched || !a->block) {
        r = -L4_ENOMEM;
        goto fail;
    }
    r = l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, a->task, &utcb_area));
    if (r >= 0) {
        r = l4_error(l4_factory_create_factory(L4_BASE_FACTORY_CAP, a->factory,
                                               moe_opt.factory_quota));
    }
    if (r >= 0) {
        r = load_l4re(a, l4re, &entry);
    }
    if (r < 0) {
        goto fail;
    }
    sp = build_block(a, st);
    r = sp ? 0 : -L4_ENOMEM;
    if (r >= 0) {
        r = give_pages(a, a->block->base, APP_BLOCK_ADDR, APP_BLOCK_SIZE, L4_FPAGE_RW);
    }
    if (r >= 0) {
        r = give_pages(a, (l4_addr_t)moe_kip, APP_KIP_ADDR, L4_PAGESIZE, L4_FPAGE_RO);
    }
    if (r >= 0) {
        r = create_thread(a);
    }
    if (r >= 0) {
        r = give_caps(a, log, sched, st);
    }
    if (r >= 0) {
        r = start_thread(a, entry, sp);
    }
    if (r < 0) {
        goto fail;
    }
    if (moe_opt.debug & MOE_DBG_INFO) {
        unsigned long total, free;

        pages_stats(&total, &free);
        kd_printf("moe: started '%.*s' (tag %s), %lu of %lu KiB free\n", (int)st->path_len,
                  st->path, a->tag, free >> 10, total >> 10);
    }
    return 0;

fail:
    kd_printf("moe: cannot start '%.*s': error %ld\n", (int)st->path_len, st->path, r);
    app_put(a);
    return r;
}

long app_start_init(void)
{
    struct app_start st;
    char const *init = moe_opt.init;
    unsigned i;

    memset(&st, 0, sizeof(st));
    st.path = init;
    while (init[st.path_len] && init[st.path_len] != ' ') {
        ++st.path_len;
    }
    st.args = moe_opt.args;
    st.arglen = moe_opt.arglen;
    st.nargs = moe_opt.nargs;
    if (l4_is_invalid_cap(init_sigma0)) {
        l4_cap_idx_t c = moe_cap_alloc();

        if (l4_is_valid_cap(c)
            && l4_error(l4_factory_create(L4_BASE_PAGER_CAP, L4_PROTO_SIGMA0, c)) >= 0) {
            init_sigma0 = c;
        }
    }
    {
        struct named_cap const named[] = {
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
    l4_addr_t pa = 0;

    if (a->image && page >= a->image_lo && page < a->image_hi) {
        pa = a->image->base + (page - a->image_lo);
    } else if (page >= APP_BLOCK_ADDR && page < APP_BLOCK_ADDR + APP_BLOCK_SIZE) {
        pa = a->block->base + (page - APP_BLOCK_ADDR);
    }
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
