/* SPDX-License-Identifier: MIT */
/*
 * The programs ned started and their parent objects. Each program's parent
 * (slot 0x13 in its task; also the pager and exception handler of its
 * l4re thread) is an IPC gate of ned's kernel factory bound to ned's only
 * thread with label id << 4. ned_serve() is the one receive loop: a Parent
 * SIGNAL 0 is the program's exit (its code is recorded, its task deleted,
 * its memory freed, its exit handler run), a page fault of l4re's thread
 * is answered from l4re's image or stack block, an exception of it ends
 * the program. The loop runs while the script waits and after it ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>
#include "ned.h"

#define NED_MAX_APPS 256

static struct ned_app *apps[NED_MAX_APPS];

/* ---- libapp's memory: a dataspace of ned's allocator, attached RWX and touched ---- */

struct ned_mem {
    l4_cap_idx_t ds;
    void *addr;
};

/* Ask the allocator \a ma to destroy dataspace (or allocator) \a obj now (moe's FREE). */
static void ma_free(l4_cap_idx_t ma, l4_cap_idx_t obj)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4RE_MA_OP_FREE;
    m->mr[1] = l4_map_obj_control(0, 0);
    m->mr[2] = l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWS).raw;
    l4_ipc_call(ma, l4_utcb(), l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 1, 0), L4_IPC_NEVER);
}

static void mem_free(void *ctx, void *handle)
{
    struct ned_mem *m = handle;

    (void)ctx;
    if (m->addr) {
        l4re_rm_detach(m->addr);
    }
    ma_free(l4re_env()->mem_alloc, m->ds);
    l4re_util_cap_free_um(m->ds);
    free(m);
}

static void *mem_alloc(void *ctx, unsigned long size, void **handle)
{
    struct ned_mem *m = calloc(1, sizeof(*m));

    (void)ctx;
    if (!m) {
        return NULL;
    }
    m->ds = l4re_util_cap_alloc();
    if (l4_is_invalid_cap(m->ds) || l4re_ma_alloc(size, m->ds, 0) < 0
        || l4re_rm_attach(&m->addr, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RWX, m->ds, 0,
                          L4_PAGESHIFT) < 0) {
        m->addr = NULL;
        mem_free(ctx, m);
        return NULL;
    }
    /* Write every page: it is then mapped here with R, W and X and can be passed on. */
    memset(m->addr, 0, size);
    *handle = m;
    return m->addr;
}

struct l4app_mem const ned_app_mem = { mem_alloc, mem_free, NULL };

/* ---- apps ---- */

struct ned_app *ned_app_new(long *err)
{
    unsigned id;
    struct ned_app *a;
    l4re_env_t *env = l4re_env();

    for (id = 1; id < NED_MAX_APPS && apps[id]; ++id) {
    }
    if (id == NED_MAX_APPS) {
        *err = -L4_ENOMEM;
        return NULL;
    }
    a = calloc(1, sizeof(*a));
    if (!a) {
        *err = -L4_ENOMEM;
        return NULL;
    }
    a->id = id;
    a->handler = LUA_NOREF;
    a->own_mem = L4_INVALID_CAP;
    a->run.task = a->run.thread = L4_INVALID_CAP;
    a->gate = l4re_util_cap_alloc();
    if (l4_is_invalid_cap(a->gate)) {
        free(a);
        *err = -L4_ENOMEM;
        return NULL;
    }
    *err = l4_error(l4_factory_create_gate(env->factory, a->gate, env->main_thread,
                                           (l4_umword_t)id << 4));
    if (*err < 0) {
        l4re_util_cap_free(a->gate);
        free(a);
        return NULL;
    }
    apps[id] = a;
    return a;
}

/* Delete the parent gate and release the slots. */
static void app_drop_gate(struct ned_app *a)
{
    if (l4_is_valid_cap(a->gate)) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, a->gate);
        l4re_util_cap_free(a->gate);
        a->gate = L4_INVALID_CAP;
    }
    apps[a->id] = NULL;
}

void ned_app_free(struct ned_app *a)
{
    app_drop_gate(a);
    free(a);
}

unsigned ned_apps_running(void)
{
    unsigned i, n = 0;

    for (i = 0; i < NED_MAX_APPS; ++i) {
        n += apps[i] && apps[i]->state == NED_APP_RUNNING;
    }
    return n;
}

/* Run the exit handler of \a a, if any; an error in it is printed, nothing else. */
static void run_handler(lua_State *L, struct ned_app *a)
{
    if (a->handler == LUA_NOREF || !L) {
        return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, a->handler);
    if (a->killed) {
        lua_pushliteral(L, "killed");
    } else {
        lua_pushinteger(L, a->exit_code);
    }
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        fprintf(stderr, "ned: exit handler of %s: %s\n", a->name, luaL_tolstring(L, -1, NULL));
        lua_pop(L, 2);
    }
    fflush(stdout);
}

void ned_app_end(lua_State *L, struct ned_app *a, long code, int killed)
{
    l4re_env_t *env = l4re_env();
    unsigned i;
    l4_cap_idx_t slots[2] = { a->run.task, a->run.thread };

    if (a->state != NED_APP_RUNNING) {
        return;
    }
    l4app_release(&a->run, &ned_app_mem);
    for (i = 0; i < 2; ++i) {
        if (l4_is_valid_cap(slots[i])) {
            l4re_util_cap_free(slots[i]);
        }
    }
    if (l4_is_valid_cap(a->own_mem)) {
        ma_free(env->mem_alloc, a->own_mem);
        a->own_mem = L4_INVALID_CAP;
    }
    app_drop_gate(a);
    a->state = NED_APP_ZOMBIE;
    a->exit_code = code;
    a->killed = killed;
    run_handler(L, a);
}

/* ---- the server loop ---- */

/* A fault of l4re's thread: only its own image and stack block can be mapped. */
static int app_page_fault(struct ned_app *a, l4_msg_regs_t *m)
{
    l4_addr_t pfa = m->mr[0] & ~7UL;
    l4_addr_t page = pfa & L4_PAGEMASK;
    l4_addr_t local = l4app_backing(&a->run, page);

    if (!local) {
        printf("ned: %s: l4re page fault at 0x%lx pc 0x%lx: not l4re's memory\n", a->name, pfa,
               (unsigned long)m->mr[1]);
        return -1;
    }
    m->mr[0] = l4_map_control(page, 0, 0);
    m->mr[1] = l4_fpage(local, L4_PAGESHIFT, L4_FPAGE_RWX).raw;
    return 0;
}

/* One request on app \a a's gate; \return 1 if a reply (in the UTCB) is due. */
static int app_request(lua_State *L, struct ned_app *a, l4_msgtag_t tag, l4_msgtag_t *reply)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    switch (l4_msgtag_label(tag)) {
    case L4RE_PROTO_PARENT:
        if (l4_msgtag_words(tag) >= 3 && m->mr[0] == L4RE_PARENT_OP_SIGNAL) {
            if (m->mr[1] != L4RE_PARENT_SIG_EXIT) {
                *reply = l4_msgtag(0, 0, 0, 0);
                return 1; /* other signals are accepted and ignored */
            }
            ned_app_end(L, a, (long)m->mr[2], 0);
            return 0;
        }
        *reply = l4_msgtag(-L4_ENOSYS, 0, 0, 0);
        return 1;
    case L4_PROTO_PAGE_FAULT:
        if (app_page_fault(a, m) == 0) {
            *reply = l4_msgtag(0, 0, 1, 0);
            return 1;
        }
        ned_app_end(L, a, 1, 0);
        return 0;
    case L4_PROTO_EXCEPTION:
        printf("ned: %s: l4re exception at pc 0x%lx (esr 0x%lx): program ended\n", a->name,
               (unsigned long)l4_utcb_exc()->pc, (unsigned long)l4_utcb_exc()->err);
        ned_app_end(L, a, 1, 0);
        return 0;
    default:
        *reply = l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
        return 1;
    }
}

static void serve(lua_State *L, l4_uint64_t us, int (*done)(void *), void *arg)
{
    l4_kernel_info_t const *kip = l4re_kip();
    l4_cpu_time_t start = l4_kip_clock(kip);
    l4_utcb_t *u = l4_utcb();

    fflush(stdout);
    while (!done || !done(arg)) {
        l4_timeout_t to = L4_IPC_NEVER;
        l4_msgtag_t tag, reply;
        l4_umword_t label = 0;
        struct ned_app *a;

        if (us != ~0ULL) {
            l4_cpu_time_t now = l4_kip_clock(kip);

            if (now - start >= us) {
                return;
            }
            to = l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(us - (now - start)));
        }
        /*
         * No parent request carries a capability: offer no receive buffer, so a
         * map item fails the sender's call instead of landing in whatever slot
         * ned's own last call left in br[0].
         */
        l4_utcb_br_u(u)->bdr = 0;
        l4_utcb_br_u(u)->br[0] = 0;
        tag = l4_ipc_wait(u, &label, to);
        if (l4_msgtag_has_error(tag)) {
            continue; /* a timeout, or a sender that went away */
        }
        if (label == NED_INPUT_LABEL) {
            ned_prompt_input();
            continue;
        }
        a = (label >> 4) < NED_MAX_APPS ? apps[label >> 4] : NULL;
        if (!a) {
            l4_ipc_reply(L4_INVALID_CAP, u, l4_msgtag(-L4_ENOENT, 0, 0, 0),
                         L4_IPC_SEND_TIMEOUT_0);
            continue;
        }
        if (app_request(L, a, tag, &reply)) {
            l4_ipc_reply(L4_INVALID_CAP, u, reply, L4_IPC_SEND_TIMEOUT_0);
        }
    }
}

void ned_serve(lua_State *L, l4_uint64_t us, int (*done)(void *), void *arg)
{
    serve(L, us, done, arg);
    ned_busy_waited(); /* time spent waiting is not the script's busy time */
}
