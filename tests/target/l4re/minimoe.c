/* SPDX-License-Identifier: MIT */
/*
 * A minimal stand-in for moe, so that l4re can be tested on its own: a root
 * task that starts rom/l4re in a new task exactly as doc/l4re.md says moe
 * does, and serves just enough of the runtime protocols for it: anonymous
 * and boot-module dataspaces (map, info, clear), the `rom` namespace, the
 * allocator (dataspace create) and the parent (exit). Memory comes from a
 * pool in .bss (root task memory is 1:1). Command line: minimoe rom/<prog>
 * [args] [+ rom/<prog2> [args]]: each program gets its own task and l4re.
 * Output goes to the kernel console ("minimoe: ...").
 */
#include <l4/crt0.h>
#include <l4/loader/elf.h>
#include <l4/loader/stack.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/re/c/dataspace.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/util/bootinfo.h>
#include <l4/util/kd_printf.h>
#include <l4/util/string.h>

#define PAGE L4_PAGESIZE
#define POOL_SIZE (24UL << 20)
#define MAX_DS 128
#define UTCB_AREA 0x0000ffffffff0000UL
#define BLOCK_ADDR 0xbffff000UL

#define MAX_PROGS 2
/* Our own capability slots: program i's task and l4re thread, the gates. */
#define TASK_CAP(i) ((0x40UL + 2 * (i)) << L4_CAP_SHIFT)
#define THREAD_CAP(i) ((0x41UL + 2 * (i)) << L4_CAP_SHIFT)
#define GATE_BASE 0x100UL /* slot of object i's gate: GATE_BASE + i */

enum kind { K_NONE, K_DS, K_NS, K_MA, K_PARENT, K_EXC };

struct obj {
    enum kind kind;
    l4_addr_t base, size; /* dataspaces; base = program index for parent and exc */
    int rw;
};

struct prog {
    char name[64];
    int running;
};

static unsigned char pool[POOL_SIZE] __attribute__((aligned(4096)));
static l4_addr_t pool_used;
static struct obj objs[MAX_DS];
static unsigned nobjs;
static struct prog progs[MAX_PROGS];
static unsigned nprogs, nrunning;
static unsigned cur; /* the program being set up */

static void *pool_alloc(l4_addr_t size)
{
    void *p;

    size = l4_round_page(size);
    if (size > POOL_SIZE - pool_used) {
        return 0;
    }
    p = pool + pool_used;
    pool_used += size;
    memset(p, 0, size);
    return p;
}

static l4_cap_idx_t gate_of(unsigned i)
{
    return (GATE_BASE + i) << L4_CAP_SHIFT;
}

/* A new served object with its own gate (label = index << 4). */
static int new_obj(enum kind k, l4_addr_t base, l4_addr_t size, int rw)
{
    unsigned i = nobjs;

    if (i == MAX_DS || l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate_of(i),
                                                       L4_BASE_THREAD_CAP, i << 4)) < 0) {
        return -1;
    }
    objs[i] = (struct obj){ k, base, size, rw };
    nobjs++;
    return (int)i;
}

static int map_page(l4_addr_t from, l4_addr_t to, unsigned rights)
{
    return l4_error(l4_task_map(TASK_CAP(cur), L4_BASE_TASK_CAP,
                                l4_fpage(from, L4_PAGESHIFT, (unsigned char)rights),
                                l4_map_control(to, 0, 0)));
}

static int map_cap(l4_cap_idx_t from, unsigned slot)
{
    return l4_error(l4_task_map(TASK_CAP(cur), L4_BASE_TASK_CAP,
                                l4_obj_fpage(from, 0, L4_CAP_FPAGE_RWSD),
                                l4_map_obj_control(slot << L4_CAP_SHIFT, 0)));
}

static l4util_l4mod_mod const *find_module(char const *name, unsigned len)
{
    l4util_l4mod_info const *info = l4util_l4mod_list(l4_global_kip);
    l4util_l4mod_mod const *m;
    unsigned i;

    if (!info) {
        return 0;
    }
    m = (l4util_l4mod_mod const *)info->mods_addr;
    for (i = 0; i < info->mods_count; ++i) {
        char const *c = (char const *)m[i].cmdline;

        if (!strncmp(c, name, len) && (c[len] == 0 || c[len] == ' ')) {
            return &m[i];
        }
    }
    return 0;
}

/* Load l4re's segments into pool memory mapped eagerly into the task. */
static int load_l4re(l4_addr_t *entry)
{
    l4util_l4mod_mod const *m = find_module("l4re", 4);
    struct ldr_elf e;
    char const *why;
    unsigned i;

    if (!m || ldr_elf_check((void *)m->mod_start, m->mod_end - m->mod_start, &e, &why) < 0) {
        kd_printf("minimoe: no usable rom/l4re\n");
        return -1;
    }
    for (i = 0; i < e.nsegs; ++i) {
        struct ldr_seg const *s = &e.seg[i];
        l4_addr_t start = l4_trunc_page(s->vaddr);
        l4_addr_t size = l4_round_page(s->vaddr + s->memsz) - start, a;
        unsigned char *mem = pool_alloc(size);

        if (!mem) {
            return -1;
        }
        memcpy(mem + (s->vaddr - start), (void *)(m->mod_start + s->offset), s->filesz);
        for (a = 0; a < size; a += PAGE) {
            if (map_page((l4_addr_t)mem + a, start + a, L4_FPAGE_RWX) < 0) {
                return -1;
            }
        }
    }
    *entry = e.entry;
    return 0;
}

/* The initial block at BLOCK_ADDR: argv = program path + args, env, aux. */
static l4_addr_t build_block(char const *args)
{
    unsigned char *page = pool_alloc(PAGE);
    static char words[8][64];
    struct ldr_stack st;
    l4re_env_t env;
    l4re_aux_t aux;
    l4_addr_t argv[8], a_env, a_aux;
    l4_umword_t auxv[8];
    unsigned argc = 0;

    ldr_stack_init(&st, page, BLOCK_ADDR, PAGE);
    while (*args && argc < 8) {
        unsigned n = 0;

        while (*args == ' ') {
            ++args;
        }
        while (*args && *args != ' ' && n < 63) {
            words[argc][n++] = *args++;
        }
        if (n) {
            words[argc][n] = 0;
            argv[argc] = ldr_stack_push_str(&st, words[argc]);
            ++argc;
        }
    }
    memset(&env, 0, sizeof(env));
    env.parent = 0x13UL << L4_CAP_SHIFT;
    env.rm = L4_INVALID_CAP;
    env.mem_alloc = 0x11UL << L4_CAP_SHIFT;
    env.log = L4_BASE_LOG_CAP;
    env.main_thread = L4_BASE_THREAD_CAP;
    env.factory = L4_BASE_FACTORY_CAP;
    env.scheduler = L4_BASE_SCHEDULER_CAP;
    env.itas = L4_INVALID_CAP;
    env.dbg_events = L4_INVALID_CAP;
    env.first_free_cap = 0x16;
    env.utcb_area = l4_fpage(UTCB_AREA, 16, 0);
    env.first_free_utcb = UTCB_AREA + L4_UTCB_OFFSET;
    env.caps = 0;
    a_env = ldr_stack_push(&st, &env, sizeof(env), 16);
    aux.binary = (char const *)argv[0];
    aux.kip_ds = L4_INVALID_CAP;
    aux.dbg_lvl = 0;
    aux.ldr_flags = 0;
    aux.ldr_base = 0;
    a_aux = ldr_stack_push(&st, &aux, sizeof(aux), 16);
    auxv[0] = LDR_AT_PAGESZ;
    auxv[1] = PAGE;
    auxv[2] = AT_L4_AUX;
    auxv[3] = a_aux;
    auxv[4] = AT_L4_ENV;
    auxv[5] = a_env;
    auxv[6] = AT_L4_KIP;
    auxv[7] = (l4_addr_t)l4_global_kip;
    map_page((l4_addr_t)page, BLOCK_ADDR, L4_FPAGE_RW);
    return ldr_stack_finish(&st, argc, argv, 0, 0, auxv, 4);
}

static int start(char const *args)
{
    l4_addr_t entry, sp;
    l4_fpage_t utcb = l4_fpage(UTCB_AREA, 16, 0);
    l4_sched_param_t sp_ = l4_sched_param(3, 0);
    int exc = new_obj(K_EXC, cur, 0, 0);
    int r;

    r = l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, TASK_CAP(cur), &utcb));
    if (r < 0 || load_l4re(&entry) < 0) {
        return -1;
    }
    sp = build_block(args);
    map_page(l4_trunc_page((l4_addr_t)l4_global_kip), l4_trunc_page((l4_addr_t)l4_global_kip),
             L4_FPAGE_RO);
    if (map_cap(TASK_CAP(cur), 1) < 0 || map_cap(L4_BASE_FACTORY_CAP, 2) < 0
        || map_cap(L4_BASE_LOG_CAP, 5) < 0 || map_cap(L4_BASE_SCHEDULER_CAP, 7) < 0) {
        return -1;
    }
    map_cap(gate_of((unsigned)new_obj(K_MA, 0, 0, 0)), 0x11);
    map_cap(gate_of((unsigned)new_obj(K_NS, 0, 0, 0)), 0x12);
    map_cap(gate_of((unsigned)new_obj(K_PARENT, cur, 0, 0)), 0x13);
    r = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, THREAD_CAP(cur)));
    if (r < 0) {
        return r;
    }
    l4_thread_control_start();
    l4_thread_control_exc_handler(gate_of((unsigned)exc));
    l4_thread_control_bind((l4_utcb_t *)UTCB_AREA, TASK_CAP(cur));
    r = l4_error(l4_thread_control_commit(THREAD_CAP(cur)));
    if (r >= 0) {
        r = map_cap(THREAD_CAP(cur), 3);
    }
    if (r >= 0) {
        r = l4_error(l4_thread_ex_regs(THREAD_CAP(cur), entry, sp, 0));
    }
    if (r >= 0) {
        r = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, THREAD_CAP(cur), &sp_));
    }
    return r;
}

/* ---- the served objects ---- */

static long ds_op(struct obj *o, l4_msg_regs_t *m)
{
    l4_addr_t offs = m->mr[1];

    switch (m->mr[0]) {
    case L4RE_DS_OP_MAP: {
        unsigned rights = L4_FPAGE_RX | (o->rw && (m->mr[3] & L4RE_DS_F_W) ? L4_FPAGE_W : 0);

        if (offs >= o->size) {
            return -L4_ERANGE;
        }
        if ((m->mr[3] & L4RE_DS_F_W) && !o->rw) {
            return -L4_EPERM;
        }
        m->mr[0] = l4_map_control(m->mr[2], 0, 0);
        m->mr[1] = l4_fpage(o->base + l4_trunc_page(offs), L4_PAGESHIFT,
                            (unsigned char)rights).raw;
        return l4_msgtag(0, 0, 1, 0).raw;
    }
    case L4RE_DS_OP_INFO:
        m->mr[0] = o->size;
        m->mr[1] = o->rw ? L4RE_DS_F_RW : L4RE_DS_F_R;
        return l4_msgtag(0, 2, 0, 0).raw;
    case L4RE_DS_OP_CLEAR:
        if (!o->rw || offs > o->size || m->mr[2] > o->size - offs) {
            return -L4_EINVAL;
        }
        memset((void *)(o->base + offs), 0, m->mr[2]);
        return 0;
    default:
        return -L4_ENOSYS;
    }
}

static long reply_cap(l4_msg_regs_t *m, int i)
{
    if (i < 0) {
        return -L4_ENOMEM;
    }
    m->mr[0] = l4_map_obj_control(0, 0);
    m->mr[1] = l4_obj_fpage(gate_of((unsigned)i), 0, L4_CAP_FPAGE_RWSD).raw;
    return l4_msgtag(0, 0, 1, 0).raw;
}

static long ns_op(l4_msg_regs_t *m)
{
    char const *name = (char const *)&m->mr[2];
    unsigned len = (unsigned)m->mr[1];
    l4util_l4mod_mod const *mod;

    if (m->mr[0] != L4RE_NS_OP_QUERY || len < 5 || strncmp(name, "rom/", 4)) {
        return -L4_ENOENT;
    }
    mod = find_module(name + 4, len - 4);
    if (!mod) {
        return -L4_ENOENT;
    }
    return reply_cap(m, new_obj(K_DS, mod->mod_start, mod->mod_end - mod->mod_start, 0));
}

static long ma_op(l4_msgtag_t tag, l4_msg_regs_t *m)
{
    l4_addr_t size;
    void *mem;

    if (l4_msgtag_label(tag) != L4_PROTO_FACTORY || m->mr[0] != (l4_umword_t)L4RE_PROTO_DATASPACE
        || l4_msgtag_words(tag) < 3) {
        return -L4_ENODEV;
    }
    size = m->mr[2];
    mem = pool_alloc(size);
    if (!mem) {
        return -L4_ENOMEM;
    }
    return reply_cap(m, new_obj(K_DS, (l4_addr_t)mem, l4_round_page(size), 1));
}

/* A program ended: delete its task; the others keep running. */
static void ended(unsigned p)
{
    if (!progs[p].running) {
        return;
    }
    progs[p].running = 0;
    --nrunning;
    l4_task_delete_obj(L4_BASE_TASK_CAP, TASK_CAP(p));
    kd_printf("minimoe: task deleted, still alive\n");
}

static long handle(l4_msgtag_t tag, l4_umword_t label, l4_msg_regs_t *m, int *noreply)
{
    unsigned i = (unsigned)(label >> 4);

    if (i >= nobjs) {
        return -L4_EINVAL;
    }
    switch (objs[i].kind) {
    case K_DS:
        return ds_op(&objs[i], m);
    case K_NS:
        return ns_op(m);
    case K_MA:
        return ma_op(tag, m);
    case K_PARENT:
        kd_printf("minimoe: %s exited with code %ld\n", progs[objs[i].base].name,
                  (long)m->mr[2]);
        ended((unsigned)objs[i].base);
        *noreply = 1;
        return 0;
    case K_EXC:
        kd_printf("minimoe: l4re of %s crashed at pc 0x%lx\n", progs[objs[i].base].name,
                  ((l4_exc_regs_t *)m)->pc);
        ended((unsigned)objs[i].base);
        *noreply = 1;
        return 0;
    default:
        return -L4_EINVAL;
    }
}

/* Start every program of "rom/a args + rom/b args". */
static int start_all(char const *cmd)
{
    static char line[256];
    char *p = line, *next;
    unsigned n = 0;

    while (*cmd && *cmd != ' ') {
        ++cmd; /* our own name */
    }
    while (*cmd && n < sizeof(line) - 1) {
        line[n++] = *cmd++;
    }
    line[n] = 0;
    for (; p && nprogs < MAX_PROGS; p = next) {
        unsigned k = 0;

        next = 0;
        for (n = 0; p[n]; ++n) {
            if (p[n] == '+' && (n == 0 || p[n - 1] == ' ')) {
                p[n] = 0;
                next = p + n + 1;
                break;
            }
        }
        while (*p == ' ') {
            ++p;
        }
        while (p[k] && k < sizeof(progs[0].name) - 1) {
            progs[nprogs].name[k] = p[k];
            ++k;
        }
        while (k > 0 && progs[nprogs].name[k - 1] == ' ') {
            --k;
        }
        progs[nprogs].name[k] = 0;
        cur = nprogs;
        kd_printf("minimoe: starting %s\n", progs[cur].name);
        if (start(p) < 0) {
            kd_printf("minimoe: cannot start %s\n", progs[cur].name);
            return -1;
        }
        progs[cur].running = 1;
        ++nprogs;
        ++nrunning;
    }
    return 0;
}

int l4_main(l4_kernel_info_t *kip)
{
    l4_utcb_t *u = l4_utcb();
    l4_umword_t label;
    l4_msgtag_t tag;

    if (start_all(l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK)) < 0) {
        return 1;
    }
    tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
    while (nrunning > 0) {
        int noreply = 0;
        long r = handle(tag, label, l4_utcb_mr_u(u), &noreply);

        if (noreply) {
            tag = nrunning ? l4_ipc_wait(u, &label, L4_IPC_NEVER) : tag;
            continue;
        }
        if (r < 0 && r > -0x8000) {
            tag = l4_msgtag(r, 0, 0, 0);
        } else {
            tag.raw = r;
        }
        tag = l4_ipc_reply_and_wait(u, tag, &label, L4_IPC_NEVER);
    }
    kd_printf("minimoe: all programs ended\n");
    return 0;
}
