/* SPDX-License-Identifier: MIT */
/*
 * A minimal stand-in for moe, so that l4re can be tested on its own: a root
 * task that starts rom/l4re in a new task with libapp (l4/app/app.h), as
 * moe does, and serves just enough of the runtime protocols for it:
 * anonymous and boot-module dataspaces (map, info, clear), the `rom`
 * namespace, the allocator (dataspace create) and the parent (exit). The
 * parent gate is also the pager and exception handler of l4re's thread
 * (libapp's choice); the message label tells a crash of l4re from an exit.
 * Memory comes from a pool in .bss (root task memory is 1:1). Command line:
 * minimoe rom/<prog> [args] [+ rom/<prog2> [args]]: each program gets its
 * own task and l4re. Output goes to the kernel console ("minimoe: ...").
 */
#include <l4/app/app.h>
#include <l4/crt0.h>
#include <l4/re/protocols.h>
#include <l4/re/c/dataspace.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/util/bootinfo.h>
#include <l4/util/kd_printf.h>
#include <l4/util/string.h>

#define POOL_SIZE (24UL << 20)
#define MAX_DS 128
#define MAX_ARGS 8
#define MAX_WORD 64

#define MAX_PROGS 2
/* Our own capability slots: program i's task and l4re thread, the gates. */
#define TASK_CAP(i) ((0x40UL + 2 * (i)) << L4_CAP_SHIFT)
#define THREAD_CAP(i) ((0x41UL + 2 * (i)) << L4_CAP_SHIFT)
#define GATE_BASE 0x100UL /* slot of object i's gate: GATE_BASE + i */

enum kind { K_NONE, K_DS, K_NS, K_MA, K_PARENT };

struct obj {
    enum kind kind;
    l4_addr_t base, size; /* dataspaces; base = program index for parent */
    int rw;
};

struct prog {
    char name[64];
    int running;
    struct l4app run; /* libapp's view: task, thread, l4re's image and stack block */
};

static unsigned char pool[POOL_SIZE] __attribute__((aligned(4096)));
static l4_addr_t pool_used;
static struct obj objs[MAX_DS];
static unsigned nobjs;
static struct prog progs[MAX_PROGS];
static unsigned nprogs, nrunning;

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

/* libapp's memory (l4re's image, the stack block): pool pages, 1:1 and RWX. */
static void *app_mem_alloc(void *ctx, unsigned long size, void **handle)
{
    (void)ctx;
    *handle = 0;
    return pool_alloc(size);
}

/* The pool only grows: with at most MAX_PROGS programs per boot nothing
 * needs to be reused, so an ended program's memory stays where it is. */
static void app_mem_free(void *ctx, void *handle)
{
    (void)ctx;
    (void)handle;
}

static struct l4app_mem const app_mem = { app_mem_alloc, app_mem_free, 0 };

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

/* Split "rom/prog args" at spaces into argv (libapp copies the words into
 * the stack block, so one buffer serves every start). \return argc. */
static unsigned split_args(char const *args, char const **argv)
{
    static char words[MAX_ARGS][MAX_WORD];
    unsigned argc = 0;

    while (*args && argc < MAX_ARGS) {
        unsigned n = 0;

        while (*args == ' ') {
            ++args;
        }
        while (*args && *args != ' ' && n < MAX_WORD - 1) {
            words[argc][n++] = *args++;
        }
        if (n) {
            words[argc][n] = 0;
            argv[argc] = words[argc];
            ++argc;
        }
    }
    return argc;
}

/* A served gate handed to the program (as all our caps: with delete right). */
static struct l4app_cap give(l4_cap_idx_t cap)
{
    return (struct l4app_cap){ 0, cap, L4_CAP_FPAGE_RWSD };
}

/* Start program \a i: its allocator, namespace and parent, then libapp. */
static long start(unsigned i, char const *args, char const **why)
{
    l4util_l4mod_mod const *l4re = find_module("l4re", 4);
    char const *argv[MAX_ARGS];
    struct l4app_params p;
    int ma = new_obj(K_MA, 0, 0, 0), ns = new_obj(K_NS, 0, 0, 0);
    int parent = new_obj(K_PARENT, i, 0, 0);

    memset(&p, 0, sizeof(p));
    p.argc = split_args(args, argv);
    if (!l4re || p.argc == 0) {
        *why = !l4re ? "no rom/l4re" : "no program named";
        return -L4_ENOENT;
    }
    if (ma < 0 || ns < 0 || parent < 0) {
        *why = "no room for the gates";
        return -L4_ENOMEM;
    }
    p.l4re_path = "rom/l4re";
    p.l4re_elf = (void const *)l4re->mod_start;
    p.l4re_size = l4re->mod_end - l4re->mod_start;
    p.binary = argv[0];
    p.argv = argv;
    p.kfactory = L4_BASE_FACTORY_CAP;
    p.run_sched = L4_BASE_SCHEDULER_CAP;
    p.task_slot = TASK_CAP(i);
    p.thread_slot = THREAD_CAP(i);
    p.factory = give(L4_BASE_FACTORY_CAP);
    p.log = give(L4_BASE_LOG_CAP);
    p.scheduler = give(L4_BASE_SCHEDULER_CAP);
    p.mem_alloc = give(gate_of((unsigned)ma));
    p.names = give(gate_of((unsigned)ns));
    p.parent = give(gate_of((unsigned)parent));
    p.kip_ds = give(L4_INVALID_CAP); /* l4re finds the KIP through AT_L4_KIP */
    p.kip = l4_global_kip;
    p.mem = app_mem;
    return l4app_start(&p, &progs[i].run, why);
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

/* A program ended: delete its task and l4re's thread; the others keep running. */
static void ended(unsigned p)
{
    if (!progs[p].running) {
        return;
    }
    progs[p].running = 0;
    --nrunning;
    l4app_release(&progs[p].run, &app_mem);
    kd_printf("minimoe: task deleted, still alive\n");
}

/*
 * The parent gate is also the pager and exception handler of l4re's thread
 * (libapp sets both to slot 0x13), so the label tells a crash of l4re from
 * the program's exit. Any of them ends the program.
 */
static long parent_op(l4_msgtag_t tag, unsigned p, l4_msg_regs_t *m, int *noreply)
{
    switch (l4_msgtag_label(tag)) {
    case L4_PROTO_EXCEPTION:
        kd_printf("minimoe: l4re of %s crashed at pc 0x%lx\n", progs[p].name,
                  ((l4_exc_regs_t *)m)->pc);
        break;
    case L4_PROTO_PAGE_FAULT:
        kd_printf("minimoe: l4re of %s page fault at 0x%lx pc 0x%lx\n", progs[p].name,
                  m->mr[0] & ~7UL, m->mr[1]);
        break;
    default:
        kd_printf("minimoe: %s exited with code %ld\n", progs[p].name, (long)m->mr[2]);
        break;
    }
    ended(p);
    *noreply = 1;
    return 0;
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
        return parent_op(tag, (unsigned)objs[i].base, m, noreply);
    default:
        return -L4_EINVAL;
    }
}

/* Start every program of "rom/a args + rom/b args". */
static int start_all(char const *cmd)
{
    static char line[256];
    char *p = line, *next;
    char const *why = "";
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
        kd_printf("minimoe: starting %s\n", progs[nprogs].name);
        if (start(nprogs, p, &why) < 0) {
            kd_printf("minimoe: cannot start %s: %s\n", progs[nprogs].name, why);
            return -1;
        }
        progs[nprogs].running = 1;
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
