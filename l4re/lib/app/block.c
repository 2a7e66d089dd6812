/* SPDX-License-Identifier: MIT */
/*
 * The initial stack block of l4re (doc/l4re.md "How moe starts l4re"):
 * argc, argv, envp and the auxv (AT_PAGESZ, AT_L4_AUX, AT_L4_ENV,
 * AT_L4_KIP) at sp, above them the strings, the l4re_aux_t, the
 * l4re_env_t with the standard capability selectors and the table of named
 * capabilities (slot 0x16 up, terminated by flags ~0). The block ends at
 * 0xc0000000 and is as many pages as its contents need.
 */
#include <l4/app/app.h>
#include <l4/loader/stack.h>
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/utcb.h>
#include <l4/util/string.h>
#include "app_int.h"

#define CAP_SEL(slot) ((l4_cap_idx_t)(slot) << L4_CAP_SHIFT)
#define MAX_STRINGS 64

static unsigned long str_size(char const *s)
{
    return strlen(s) + 1;
}

unsigned long app_block_size(struct l4app_params const *p)
{
    unsigned long need = 1024; /* aux, env, vector words, alignment */
    unsigned i;

    need += str_size(p->binary);
    for (i = 0; i < p->argc; ++i) {
        need += str_size(p->argv[i]) + 8;
    }
    for (i = 0; i < p->envc; ++i) {
        need += str_size(p->envp[i]) + 8;
    }
    need += (p->nnamed + 1) * sizeof(l4re_env_cap_entry_t);
    return (need + L4_PAGESIZE - 1) & L4_PAGEMASK;
}

/* Fill the environment's standard selectors; named caps follow from 0x16. */
static void fill_env(l4re_env_t *env, struct l4app_params const *p, l4_addr_t caps_va)
{
    memset(env, 0, sizeof(*env));
    env->parent = CAP_SEL(L4APP_SLOT_PARENT);
    env->rm = L4_INVALID_CAP;
    env->mem_alloc = CAP_SEL(L4APP_SLOT_MEM_ALLOC);
    env->log = CAP_SEL(L4APP_SLOT_LOG);
    env->main_thread = CAP_SEL(L4APP_SLOT_THREAD);
    env->factory = CAP_SEL(L4APP_SLOT_FACTORY);
    env->scheduler = CAP_SEL(L4APP_SLOT_SCHED);
    env->itas = L4_INVALID_CAP;
    env->dbg_events = L4_INVALID_CAP;
    env->first_free_cap = L4APP_SLOT_FIRST_NAMED + p->nnamed;
    env->first_free_reply_cap = 0;
    env->utcb_area = l4_fpage(L4APP_UTCB_AREA, L4APP_UTCB_ORDER, 0);
    env->first_free_utcb = L4APP_UTCB_AREA + L4_UTCB_OFFSET;
    env->caps = (l4re_env_cap_entry_t *)caps_va;
}

long app_build_block(struct l4app_params const *p, struct l4app *a, unsigned long size,
                     char const **why)
{
    struct ldr_stack s;
    l4_addr_t argv[MAX_STRINGS], envp[MAX_STRINGS];
    l4re_env_cap_entry_t entry;
    l4re_env_t env;
    l4re_aux_t aux;
    l4_addr_t caps_va = 0, aux_va, env_va, binary_va;
    l4_umword_t auxv[8];
    unsigned i;

    if (p->argc < 1 || p->argc > MAX_STRINGS || p->envc > MAX_STRINGS
        || p->nnamed > L4APP_MAX_NAMED) {
        *why = "too many arguments, environment strings or named capabilities";
        return -L4_EINVAL;
    }
    a->block_lo = L4APP_BLOCK_TOP - size;
    ldr_stack_init(&s, a->block, a->block_lo, size);
    binary_va = ldr_stack_push_str(&s, p->binary);
    for (i = 0; i < p->argc; ++i) {
        argv[i] = ldr_stack_push_str(&s, p->argv[i]);
    }
    for (i = 0; i < p->envc; ++i) {
        envp[i] = ldr_stack_push_str(&s, p->envp[i]);
    }
    /* The table is written from its end: the terminator first. */
    memset(&entry, 0, sizeof(entry));
    entry.cap = L4_INVALID_CAP;
    entry.flags = ~0UL;
    caps_va = ldr_stack_push(&s, &entry, sizeof(entry), 16);
    for (i = p->nnamed; i-- > 0;) {
        unsigned k;

        memset(&entry, 0, sizeof(entry));
        entry.cap = CAP_SEL(L4APP_SLOT_FIRST_NAMED + i);
        for (k = 0; k < sizeof(entry.name) && p->named[i].name[k]; ++k) {
            entry.name[k] = p->named[i].name[k];
        }
        caps_va = ldr_stack_push(&s, &entry, sizeof(entry), 16);
    }

    memset(&aux, 0, sizeof(aux));
    aux.binary = (char const *)binary_va;
    aux.kip_ds = CAP_SEL(L4APP_SLOT_KIP);
    aux.dbg_lvl = p->dbg_lvl;
    aux.ldr_flags = p->ldr_flags;
    aux_va = ldr_stack_push(&s, &aux, sizeof(aux), 16);

    fill_env(&env, p, caps_va);
    env_va = ldr_stack_push(&s, &env, sizeof(env), 16);

    auxv[0] = LDR_AT_PAGESZ;
    auxv[1] = L4_PAGESIZE;
    auxv[2] = AT_L4_AUX;
    auxv[3] = aux_va;
    auxv[4] = AT_L4_ENV;
    auxv[5] = env_va;
    auxv[6] = AT_L4_KIP;
    auxv[7] = L4APP_KIP_ADDR;
    a->sp = ldr_stack_finish(&s, p->argc, argv, p->envc, envp, auxv, 4);
    if (s.overflow || !a->sp) {
        *why = "the initial stack block overflowed";
        return -L4_ENOMEM;
    }
    return 0;
}
