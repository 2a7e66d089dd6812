/* SPDX-License-Identifier: MIT */
/*
 * moe's internal interfaces. moe is one thread serving every object in one
 * IPC loop (server.c): each object has a kernel IPC gate bound to moe's
 * thread with label id << 4; a request arrives with that label | the
 * caller's W/S rights, and the object table maps the id back to the object.
 * Objects created by an allocator are charged to it and listed in it, so
 * destroying an allocator (a program's exit) frees all of them. Memory comes
 * from sigma0 in 2 MiB chunks mapped 1:1 (page_alloc.c). doc/moe.md.
 */
#pragma once

#include <stddef.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/kip.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/util/kd_printf.h>

/* ---- options and debug output (main.c, cmdline.c) ---- */

/** --debug / --l4re-dbg flags (L4Re's names). */
enum moe_dbg_flags {
    MOE_DBG_INFO = 0x01,
    MOE_DBG_WARN = 0x02,
    MOE_DBG_BOOT = 0x04,
    MOE_DBG_SERVER = 0x08,
    MOE_DBG_EXC = 0x10,
    MOE_DBG_LOADER = 0x20,
    MOE_DBG_NS = 0x40,
    MOE_DBG_ALL = 0xff,
};

#define MOE_MAX_ARGS 16

struct moe_options {
    char const *init;            /* --init=rom/prog (default rom/ned) */
    unsigned long debug;         /* --debug= */
    unsigned long l4re_dbg;      /* --l4re-dbg=, passed in l4re_aux_t.dbg_lvl */
    unsigned long ldr_flags;     /* --ldr-flags=, passed in l4re_aux_t.ldr_flags */
    unsigned long factory_quota; /* --factory-quota=: kernel memory per program (bytes) */
    unsigned long mem_quota;     /* --mem-quota=: RAM of init's allocator (bytes, 0 = all) */
    int init_names_rw;           /* --init-names=rw: init may change moe's root namespace */
    unsigned nargs;              /* arguments of init ("-- args", a bare rom/x.cfg) */
    char const *args[MOE_MAX_ARGS];
    unsigned arglen[MOE_MAX_ARGS];
};

extern struct moe_options moe_opt;
extern l4_kernel_info_t *moe_kip;

/** Parse moe's command line ("moe --opt ... [rom/x.cfg] [-- args]") into moe_opt. */
void moe_parse_cmdline(char const *cmdline);

/** A flag word from "a|b,c+d" names (--debug style); unknown names are reported. */
unsigned long moe_parse_flags(char const *s, unsigned len, int loader);

#define moe_dbg(flag, ...)                  \
    do {                                    \
        if (moe_opt.debug & (flag)) {       \
            kd_printf(__VA_ARGS__);         \
        }                                   \
    } while (0)

/* ---- memory (page_alloc.c, heap.c) ---- */

/** Get the first RAM chunk from sigma0. \return 0 or -L4_ENOMEM */
int pages_init(void);
/**
 * 2^align_order-aligned, physically contiguous pages (virtual = physical),
 * fetched from sigma0 as needed. \a size is rounded up to pages.
 * \return the address, or 0 if memory ran out
 */
l4_addr_t pages_alloc(unsigned long size, unsigned align_order);
/** Give pages back to the pool (they are not returned to sigma0). */
void pages_free(l4_addr_t addr, unsigned long size);
/**
 * Promise \a n pages to a dataspace that backs them later: they are fetched
 * from sigma0 now and no other allocation takes them. \return 0 or -L4_ENOMEM
 */
int pages_reserve(unsigned long n);
/** Take back a promise of \a n pages that will not be used. */
void pages_unreserve(unsigned long n);
/** One page of a promise made with pages_reserve() (never fails while one is due). */
l4_addr_t pages_alloc_reserved(void);
/**
 * n pages of such promises at once, physically contiguous and aligned to
 * 2^align_order, taken only from the pages moe already has; 0 (the promises
 * stand) if no such run is free. Lets a dataspace be mapped in large pages.
 */
l4_addr_t pages_alloc_reserved_block(unsigned long n, unsigned align_order);
/** Give back a page of a promise that still stands (the dataspace may back it again). */
void pages_free_reserved(l4_addr_t page);
/** Bytes moe holds from sigma0, and bytes of those that are free. */
void pages_stats(unsigned long *total, unsigned long *free);

/** Zeroed memory for moe's own bookkeeping, or NULL. */
void *moe_alloc(unsigned long size);
/** Free \a p, which moe_alloc() returned for the same \a size. */
void moe_free(void *p, unsigned long size);

/* ---- capability slots (cap_alloc.c) ---- */

/** A free capability slot of moe (selector), or L4_INVALID_CAP. */
l4_cap_idx_t moe_cap_alloc(void);
/** Release whatever \a cap holds and free the slot. */
void moe_cap_free(l4_cap_idx_t cap);

/* ---- objects and the server loop (obj.c, server.c) ---- */

enum obj_kind { OBJ_ALLOC, OBJ_DS, OBJ_NS, OBJ_LOG, OBJ_SCHED, OBJ_APP, OBJ_KINDS };

struct alloc;

struct obj {
    enum obj_kind kind;
    unsigned id;             /* gate label = id << 4 */
    l4_cap_idx_t gate;       /* moe's capability to the object's IPC gate */
    struct alloc *owner;     /* the allocator it is charged to; NULL: moe's own */
    struct obj *owned_prev;  /* siblings in owner->owned */
    struct obj *owned_next;
    int uncounted;           /* moe's gate capability no longer keeps it alive */
};

/* Received typed item (at most one capability per request). */
enum msg_item { ITEM_NONE, ITEM_CAP, ITEM_LOCAL };

/** A request being served, and the reply being built. */
struct msg {
    l4_msgtag_t tag;
    l4_umword_t rights;       /* W/S bits of the label: the caller's rights on the gate */
    l4_msg_regs_t *mr;
    unsigned words;
    enum msg_item item;       /* what the first typed item brought */
    l4_cap_idx_t rcv_cap;     /* ITEM_CAP: moe's slot that now holds it */
    struct obj *item_obj;     /* ITEM_LOCAL: the moe object it named (or NULL) */
    l4_umword_t item_rights;  /* ITEM_LOCAL: its rights (label bits) */
    int took_cap;             /* the handler keeps rcv_cap */
    unsigned reply_words;
    unsigned reply_items;
    int no_reply;             /* the caller gets no answer (exit, sends) */
};

typedef long (*obj_invoke_fn)(struct obj *o, struct msg *m);
typedef void (*obj_destroy_fn)(struct obj *o);

/** Make \a o an object of \a kind with a fresh IPC gate. \return 0 or -L4_ENOMEM */
int obj_init(struct obj *o, enum obj_kind kind, struct alloc *owner);
/** Name \a o's gate for the kernel debugger: \a prefix, then \a what up to a space. */
void obj_name(struct obj *o, char const *prefix, char const *what);
/** Destroy \a o: delete its gate, unlink it, call its kind's destroy (frees it). */
void obj_destroy(struct obj *o);
/** Destroy every client-owned dataspace whose gate died (its last client capability went). */
void obj_reap_dead(void);
/** After the current reply is delivered, stop moe's own capability counting for \a o. */
void moe_uncount_later(struct obj *o);
/** The object with gate label \a label, or NULL. */
struct obj *obj_lookup(l4_umword_t label);

/** Put a map item of capability \a cap with \a rights after the reply words. */
void msg_reply_cap(struct msg *m, l4_cap_idx_t cap, unsigned rights);
/** The string argument of \a m at word \a idx (length word, then bytes); NULL if bad. */
char const *msg_string(struct msg *m, unsigned idx, unsigned *len, unsigned *next);

/** Serve requests forever. */
void moe_serve(void);

/* ---- allocators (mem_alloc.c) ---- */

struct alloc {
    struct obj obj;
    struct alloc *parent;
    unsigned long quota;  /* bytes; ~0UL: no limit of its own */
    unsigned long used;   /* bytes charged by it and its children */
    struct obj *owned;    /* objects it created (destroyed with it) */
};

extern struct alloc *moe_root_alloc;

/** A new allocator below \a parent (NULL: the root) with \a quota bytes. */
struct alloc *alloc_create(struct alloc *parent, unsigned long quota);
/** Charge \a bytes to \a a and its ancestors. \return 0 or -L4_ENOMEM */
int alloc_charge(struct alloc *a, unsigned long bytes);
/** Refund \a bytes. */
void alloc_uncharge(struct alloc *a, unsigned long bytes);
/** Add \a o to the objects of \a a. */
void alloc_own(struct alloc *a, struct obj *o);
/** Remove \a o from its owner's list. */
void alloc_disown(struct obj *o);
long alloc_invoke(struct obj *o, struct msg *m);
void alloc_destroy(struct obj *o);

/* ---- dataspaces (dataspace.c, ds_cow.c) ---- */

enum ds_type { DS_ANON, DS_ROM, DS_KIP };

/* pages[i] of an anonymous dataspace: physical address | DS_PG_COW if it is
 * still the (read-only) page of the copy-in source; 0 if not backed yet. */
#define DS_PG_COW 1UL

struct ds {
    struct obj obj;
    enum ds_type type;
    unsigned long size;      /* bytes */
    unsigned long ma_flags;  /* L4RE_MA_* of creation */
    int writable;
    l4_addr_t base;          /* ROM/KIP, and contiguous anonymous: first byte */
    l4_addr_t *pages;        /* DS_ANON: one entry per page */
    unsigned long npages;
    unsigned long charged;   /* bytes charged to obj.owner */
};

/**
 * An anonymous dataspace of \a size bytes for \a owner (charged).
 * \return the dataspace, or NULL with *err = -L4_ENOMEM/-L4_ERANGE/-L4_EINVAL
 */
struct ds *ds_create_anon(struct alloc *owner, unsigned long size, unsigned long flags,
                          unsigned long align, long *err);
/** A read-only dataspace over the bytes [base, base + size) that moe has mapped 1:1. */
struct ds *ds_create_phys(enum ds_type type, l4_addr_t base, unsigned long size);
/** The page at byte \a offset, backed (allocated, COW-copied if \a write) now; 0 if no memory. */
l4_addr_t ds_page(struct ds *d, unsigned long offset, int write);
/** Copy \a size bytes from \a src at \a src_off to \a dst at \a dst_off (COW where it can). */
long ds_copy(struct ds *dst, unsigned long dst_off, struct ds *src, unsigned long src_off,
             unsigned long size);
/** Drop the backing page \a i of an anonymous dataspace (unmapped everywhere first). */
void ds_drop_page(struct ds *d, unsigned long i);
long ds_invoke(struct obj *o, struct msg *m);
void ds_destroy(struct obj *o);

/* ---- namespaces (namespace.c) ---- */

struct ns;
extern struct ns *moe_root_ns;
extern struct ns *moe_rom_ns;

/** A new namespace (read-only: registration refused). */
struct ns *ns_create(struct alloc *owner, int read_only);
/** Add \a name -> moe object \a o (or foreign capability \a cap) with \a flags. */
int ns_add(struct ns *n, char const *name, unsigned len, struct obj *o, l4_cap_idx_t cap,
           unsigned flags);
/** Resolve "a/b/c" from \a n; \return the entry's object or cap via *o / *cap, or -L4_ENOENT. */
long ns_resolve(struct ns *n, char const *name, unsigned len, struct obj **o,
                l4_cap_idx_t *cap, unsigned *flags);
/** Forget every entry that names \a o (it is being destroyed). */
void ns_forget(struct obj *o);
struct obj *ns_obj(struct ns *n);
long ns_invoke(struct obj *o, struct msg *m);
void ns_destroy(struct obj *o);

/* ---- logs (log.c) ---- */

struct log;
/** A log object with \a tag (at most 8 chars used) and \a colour 0..15. */
struct log *log_create(struct alloc *owner, char const *tag, unsigned len, unsigned colour);
/** A colour from a name's first letter (nrgybmcw, capitals = bright); 7 if unknown. */
unsigned log_colour(char c);
struct obj *log_obj(struct log *l);
/** The tag of \a l without its padding (*len bytes, not terminated). */
char const *log_tag(struct log *l, unsigned *len);
/** A typed byte for \a l's reader (edited, echoed and kept as its attributes say). */
void log_input(struct log *l, char c);
/** Write moe's own text to the console (closing a line a log left open). */
void log_console_write(char const *s, unsigned n);
long log_invoke(struct obj *o, struct msg *m);
void log_destroy(struct obj *o);

/* ---- scheduler proxies (sched_proxy.c) ---- */

struct sched;
struct sched *sched_create(struct alloc *owner, unsigned prio_limit, unsigned prio_offset,
                           l4_umword_t cpus);
struct obj *sched_obj(struct sched *s);
long sched_invoke(struct obj *o, struct msg *m);
void sched_destroy(struct obj *o);

/* ---- programs (app.c with libapp, boot_fs.c) ---- */

/** Start \a path (e.g. "rom/ned") through rom/l4re with the options' arguments. 0 or -err. */
long app_start_init(void);
long app_invoke(struct obj *o, struct msg *m);
void app_destroy(struct obj *o);

/** The KIP as a read-only dataspace. */
extern struct ds *moe_kip_ds;

/** Build the rom namespace from the boot modules. */
void boot_fs_init(void);
/** The rom dataspace of module \a name (e.g. "l4re"), or NULL. */
struct ds *boot_fs_find(char const *name, unsigned len);
