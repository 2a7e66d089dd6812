/* SPDX-License-Identifier: MIT */
/*
 * Starting a program the L4Re way (libapp): a task with a 64 KiB UTCB
 * area, rom/l4re copied into memory of the starter and mapped eagerly at
 * its link address, the initial stack block (argv, envp, auxv, l4re_aux_t,
 * l4re_env_t, the named-capability table) ending at 0xc0000000, the KIP
 * at 0xbff00000, the standard capability slots, and l4re's thread on UTCB
 * slot 0 run through a scheduler. moe and ned both start programs with it;
 * each keeps its own parent object. doc/runtime.md, doc/l4re.md, doc/ned.md.
 */
#pragma once

#include <l4/sys/types.h>

/** Where the library puts things in a new task. */
#define L4APP_UTCB_AREA   0x0000ffffffff0000UL
#define L4APP_UTCB_ORDER  16
#define L4APP_KIP_ADDR    0xbff00000UL
#define L4APP_BLOCK_TOP   0xc0000000UL
/** Largest initial stack block (arguments, environment, caps table). */
#define L4APP_BLOCK_MAX   (16 * 4096UL)
/** Most named capabilities a program gets. */
#define L4APP_MAX_NAMED   32

/** The standard capability slots of a program (L4Re's Remote_app_std_caps). */
enum l4app_slots {
    L4APP_SLOT_TASK = 1,
    L4APP_SLOT_FACTORY = 2,
    L4APP_SLOT_THREAD = 3,
    L4APP_SLOT_LOG = 5,
    L4APP_SLOT_SCHED = 7,
    L4APP_SLOT_MEM_ALLOC = 0x11,
    L4APP_SLOT_NAMES = 0x12,
    L4APP_SLOT_PARENT = 0x13,
    L4APP_SLOT_KIP = 0x14,
    L4APP_SLOT_FIRST_NAMED = 0x16,
};

/**
 * Memory for l4re's image and the stack block. alloc returns \a size zeroed
 * bytes at an address of the starter whose pages are mapped there with
 * R, W and X (so l4_task_map can pass them on), or NULL; *handle is what
 * free gets back.
 */
struct l4app_mem {
    void *(*alloc)(void *ctx, unsigned long size, void **handle);
    void (*free)(void *ctx, void *handle);
    void *ctx;
};

/**
 * A capability of the starter handed to the program. \a rights: the low 4
 * bits are L4_CAP_FPAGE_* rights, bits 4..7 the object rights
 * (L4_FPAGE_C_*, e.g. the gate-server right 0x20).
 */
struct l4app_cap {
    char const *name;   /**< named caps only: at most 16 characters */
    l4_cap_idx_t cap;   /**< invalid: the slot stays empty */
    unsigned rights;
};

/** Everything the library needs to start one program. */
struct l4app_params {
    char const *l4re_path;          /**< for messages, e.g. "rom/l4re" */
    void const *l4re_elf;           /**< rom/l4re's bytes in the starter */
    unsigned long l4re_size;
    char const *binary;             /**< l4re_aux_t.binary: "rom/prog" in names */
    unsigned argc;                  /**< argv[0] is the program path */
    char const *const *argv;
    unsigned envc;
    char const *const *envp;        /**< "KEY=value" */
    unsigned nnamed;
    struct l4app_cap const *named;  /**< from slot 0x16 up */
    l4_cap_idx_t kfactory;          /**< kernel factory for the task and thread */
    l4_cap_idx_t run_sched;         /**< scheduler that starts l4re's thread */
    l4_cap_idx_t task_slot;         /**< empty slots of the starter for them */
    l4_cap_idx_t thread_slot;
    struct l4app_cap factory, log, scheduler, mem_alloc, names, parent, kip_ds;
    l4_umword_t dbg_lvl;            /**< l4re_aux_t.dbg_lvl */
    l4_umword_t ldr_flags;          /**< l4re_aux_t.ldr_flags */
    void const *kip;                /**< the starter's KIP page */
    struct l4app_mem mem;
};

/** A started program, as far as the library is concerned. */
struct l4app {
    l4_cap_idx_t task, thread;      /**< in the starter; invalid when not made */
    void *image_h, *block_h;        /**< memory handles (l4app_mem) */
    char *image, *block;            /**< the same memory in the starter */
    l4_addr_t image_lo, image_hi;   /**< l4re's pages in the task */
    l4_addr_t block_lo;             /**< the stack block: [block_lo, L4APP_BLOCK_TOP) */
    l4_addr_t entry, sp;
};

/**
 * Check rom/l4re, create the task and thread, build and map everything and
 * start l4re's thread at priority L4RE_MAIN_THREAD_PRIO through
 * p->run_sched. On failure everything made so far is released again.
 * \retval 0            started
 * \retval -L4_EINVAL   rom/l4re is not a usable ELF file, or bad parameters (*why says which)
 * \retval -L4_ENOMEM   no memory, kernel memory or room in the block
 * \retval <0           another error of a kernel operation (*why names the step)
 */
long l4app_start(struct l4app_params const *p, struct l4app *a, char const **why);

/**
 * Delete the task and thread objects (the kernel revokes the task's
 * mappings and kills its threads) and free the memory through \a mem.
 * The starter's capability slots stay allocated; it frees them itself.
 */
void l4app_release(struct l4app *a, struct l4app_mem const *mem);

/**
 * The page of the starter that backs task address \a page of l4re's image or
 * stack block, or 0 if \a page is neither (for a starter that pages l4re).
 */
l4_addr_t l4app_backing(struct l4app const *a, l4_addr_t page);
