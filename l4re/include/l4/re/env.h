/* SPDX-License-Identifier: MIT */
/*
 * The L4Re environment of a program (L4Re's l4/re/env.h): the initial
 * capabilities (parent, region map, allocator, log, ...), the UTCB area and
 * the table of named capabilities, plus the auxiliary-vector types with which
 * moe starts l4re and l4re starts a program (doc/l4re.md has the layout).
 * The start code sets l4re_global_env before main() runs.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/kip.h>
#include <l4/re/consts.h>

/** One named capability: a terminator entry has flags == ~0UL. */
typedef struct l4re_env_cap_entry_t {
    l4_cap_idx_t cap;   /**< capability selector */
    l4_umword_t flags;  /**< flags (~0UL: end of table) */
    char name[16];      /**< name, not necessarily NUL-terminated */
} l4re_env_cap_entry_t;

/** The initial environment of a program. */
typedef struct l4re_env_t {
    l4_cap_idx_t parent;            /**< parent object (exit, signals) */
    l4_cap_idx_t rm;                /**< region map (l4re in the task) */
    l4_cap_idx_t mem_alloc;         /**< memory allocator */
    l4_cap_idx_t log;               /**< log (vcon protocol) */
    l4_cap_idx_t main_thread;       /**< the program's main thread */
    l4_cap_idx_t factory;           /**< kernel factory with the program's quota */
    l4_cap_idx_t scheduler;         /**< scheduler */
    l4_cap_idx_t itas;              /**< in-task service (signals), may be invalid */
    l4_cap_idx_t dbg_events;        /**< debug events, may be invalid */
    l4_cap_idx_t first_free_cap;    /**< first free capability SLOT (not shifted) */
    l4_umword_t first_free_reply_cap; /**< first free reply capability */
    l4_fpage_t utcb_area;           /**< the task's UTCB area */
    l4_addr_t first_free_utcb;      /**< first UTCB slot not in use */
    l4re_env_cap_entry_t *caps;     /**< named capabilities, or NULL */
} l4re_env_t;

/** Auxiliary data l4re gets from its parent (auxv AT_L4_AUX). */
typedef struct l4re_aux_t {
    char const *binary;     /**< name of the program's binary in the namespace */
    l4_cap_idx_t kip_ds;    /**< dataspace of the KIP */
    l4_umword_t dbg_lvl;    /**< debug level */
    l4_umword_t ldr_flags;  /**< L4RE_AUX_LDR_FLAG_* */
    l4_addr_t ldr_base;     /**< load base of the loader (unused) */
} l4re_aux_t;

/** Loader flags in l4re_aux_t.ldr_flags. */
enum l4re_aux_ldr_flags_t {
    L4RE_AUX_LDR_FLAG_EAGER_MAP = 0x1,    /**< map all segments at load time */
    L4RE_AUX_LDR_FLAG_ALL_SEGS_COW = 0x2, /**< copy every segment */
    L4RE_AUX_LDR_FLAG_PINNED_SEGS = 0x4,  /**< pinned memory for segments */
};

/** L4Re's entries of the auxiliary vector. */
enum l4re_elf_aux_t {
    AT_L4_AUX = 0xf0, /**< l4re_aux_t * */
    AT_L4_ENV = 0xf1, /**< l4re_env_t * */
    AT_L4_KIP = 0xf2, /**< the KIP's address in the task */
};

L4_BEGIN_DECLS

/** The program's environment (set by the start code). */
extern l4re_env_t *l4re_global_env;
/** The KIP as seen by the program (set by the start code). */
extern l4_kernel_info_t *l4re_global_kip;

/** The environment of the program. */
L4_INLINE l4re_env_t *l4re_env(void);
/** The kernel info page. */
L4_INLINE l4_kernel_info_t const *l4re_kip(void);
/** Selector of the named capability \a name, or L4_INVALID_CAP. */
L4_INLINE l4_cap_idx_t l4re_env_get_cap(char const *name);
/** Like l4re_env_get_cap(), in the environment \a e. */
L4_INLINE l4_cap_idx_t l4re_env_get_cap_e(char const *name, l4re_env_t const *e);
/** The table entry of the capability named by the first \a l bytes of \a name, or NULL. */
L4_INLINE l4re_env_cap_entry_t const *l4re_env_get_cap_l(char const *name, unsigned l,
                                                         l4re_env_t const *e);

/**
 * Set l4re_global_env and l4re_global_kip from an auxiliary vector
 * (AT_L4_ENV, AT_L4_KIP). Start code of programs with or without libc calls it.
 * \return 0, or -L4_ENOENT if the vector has no AT_L4_ENV
 */
int l4re_env_init_auxv(l4_umword_t const *auxv);

/* ---- implementation ---- */

L4_INLINE l4re_env_t *l4re_env(void)
{
    return l4re_global_env;
}

L4_INLINE l4_kernel_info_t const *l4re_kip(void)
{
    return l4re_global_kip;
}

L4_INLINE l4re_env_cap_entry_t const *l4re_env_get_cap_l(char const *name, unsigned l,
                                                         l4re_env_t const *e)
{
    l4re_env_cap_entry_t const *c;

    if (!e || !e->caps || l > sizeof(c->name)) {
        return 0;
    }
    for (c = e->caps; c->flags != ~0UL; ++c) {
        unsigned i;

        for (i = 0; i < l && c->name[i] == name[i]; ++i) {
        }
        if (i == l && (l == sizeof(c->name) || c->name[l] == 0)) {
            return c;
        }
    }
    return 0;
}

L4_INLINE l4_cap_idx_t l4re_env_get_cap_e(char const *name, l4re_env_t const *e)
{
    l4re_env_cap_entry_t const *c;
    unsigned l = 0;

    while (name[l]) {
        ++l;
    }
    c = l4re_env_get_cap_l(name, l, e);
    return c ? c->cap : L4_INVALID_CAP;
}

L4_INLINE l4_cap_idx_t l4re_env_get_cap(char const *name)
{
    return l4re_env_get_cap_e(name, l4re_env());
}

L4_END_DECLS
