/* SPDX-License-Identifier: MIT */
/*
 * Dataspaces (L4RE_PROTO_DATASPACE). Three kinds: anonymous RAM (pages
 * allocated on first use and zero-filled, or all at once and physically
 * contiguous with L4RE_MA_CONTINUOUS), boot modules and the KIP (read-only,
 * backed by the pages moe has 1:1). An anonymous page may still be a page
 * of a read-only copy-in source (DS_PG_COW): reads map that page, the first
 * write copies it (copy-on-write). The ds's size is charged to the
 * allocator that made it when it is created, and its pages are promised
 * then (pages_reserve: creation fails with -L4_ENOMEM when moe cannot get
 * them, a page fault never does); its pages go back to moe's pool, unmapped
 * from every task, when it is destroyed.
 * A map sends the largest aligned block around the faulting offset that
 * lies inside the dataspace, lines up with the client's address and is
 * physically contiguous: up to 2 MiB of rom/KIP/contiguous memory, up to
 * 64 KiB of anonymous memory, whose pages are therefore backed 16 at a
 * time (an aligned group, when it is wholly unbacked; doc/moe.md). The
 * kernel maps the part of it that fits the client's receive window.
 */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/protocols.h>
#include <l4/sys/task.h>
#include <l4/util/string.h>
#include "moe.h"

#define PAGE_ADDR(e) ((e) & L4_PAGEMASK)
#define DS_MAX_SIZE (1UL << 36)
#define UNMAP_BATCH 32
#define GROUP_SHIFT 16 /* anonymous pages are backed and mapped in 64 KiB groups */
#define GROUP_PAGES (1UL << (GROUP_SHIFT - L4_PAGESHIFT))
#define CONTIG_MAX_SHIFT L4_SUPERPAGESHIFT /* largest block of contiguous memory sent */

/* The allocator charged for a dataspace (its owner may be detached already). */
struct ds_extra {
    struct alloc *charged_to;
};

struct anon_ds {
    struct ds ds;
    struct ds_extra x;
};

struct ds *ds_create_anon(struct alloc *owner, unsigned long size, unsigned long flags,
                          unsigned long align, long *err)
{
    unsigned long npages = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
    unsigned long bytes = npages << L4_PAGESHIFT;
    struct anon_ds *a;
    unsigned long i;

    if (!size || size > DS_MAX_SIZE || align > 30) {
        *err = -L4_ERANGE;
        return NULL;
    }
    if (alloc_charge(owner, bytes) < 0) {
        *err = -L4_ENOMEM;
        return NULL;
    }
    a = moe_alloc(sizeof(*a));
    if (a) {
        a->ds.pages = moe_alloc(npages * sizeof(l4_addr_t));
    }
    if (!a || !a->ds.pages) {
        goto nomem;
    }
    if (flags & L4RE_MA_CONTINUOUS) {
        a->ds.base = pages_alloc(bytes, (unsigned)align);
        if (!a->ds.base) {
            goto nomem;
        }
        memset((void *)a->ds.base, 0, bytes);
        for (i = 0; i < npages; ++i) {
            a->ds.pages[i] = a->ds.base + (i << L4_PAGESHIFT);
        }
    } else if (pages_reserve(npages) < 0) {
        goto nomem; /* its pages are promised now, so a later fault never runs out */
    }
    if (obj_init(&a->ds.obj, OBJ_DS, owner) < 0) {
        if (a->ds.base) {
            pages_free(a->ds.base, bytes);
        } else {
            pages_unreserve(npages);
        }
        goto nomem;
    }
    a->ds.type = DS_ANON;
    a->ds.size = size;
    a->ds.ma_flags = flags;
    a->ds.writable = 1;
    a->ds.npages = npages;
    a->ds.charged = bytes;
    a->x.charged_to = owner;
    return &a->ds;

nomem:
    if (a) {
        moe_free(a->ds.pages, npages * sizeof(l4_addr_t));
        moe_free(a, sizeof(*a));
    }
    alloc_uncharge(owner, bytes);
    *err = -L4_ENOMEM;
    return NULL;
}

struct ds *ds_create_phys(enum ds_type type, l4_addr_t base, unsigned long size)
{
    struct anon_ds *a = moe_alloc(sizeof(*a));

    if (!a || obj_init(&a->ds.obj, OBJ_DS, NULL) < 0) {
        moe_free(a, sizeof(*a));
        return NULL;
    }
    a->ds.type = type;
    a->ds.base = base;
    a->ds.size = size;
    a->ds.npages = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
    return &a->ds;
}

static int ds_contiguous(struct ds const *d)
{
    return d->type != DS_ANON || (d->ma_flags & L4RE_MA_CONTINUOUS);
}

/* The backing address of byte \a off if it is backed, else 0 (reads as zero). */
static l4_addr_t ds_peek(struct ds *d, unsigned long off)
{
    if (d->type != DS_ANON) {
        return d->base + off;
    }
    l4_addr_t e = d->pages[off >> L4_PAGESHIFT];

    return e ? PAGE_ADDR(e) + (off & (L4_PAGESIZE - 1)) : 0;
}

l4_addr_t ds_page(struct ds *d, unsigned long offset, int write)
{
    unsigned long i = offset >> L4_PAGESHIFT;
    l4_addr_t e, p;

    if (d->type != DS_ANON) {
        return d->base + (i << L4_PAGESHIFT);
    }
    e = d->pages[i];
    if (e && (!(e & DS_PG_COW) || !write)) {
        return PAGE_ADDR(e);
    }
    p = pages_alloc_reserved(); /* promised at creation: only contiguous ones never get here */
    if (!p) {
        return 0;
    }
    if (e & DS_PG_COW) {
        memcpy((void *)p, (void *)PAGE_ADDR(e), L4_PAGESIZE);
    } else {
        memset((void *)p, 0, L4_PAGESIZE);
    }
    d->pages[i] = p;
    return p;
}

/*
 * Back the aligned group of page i at once, physically contiguous, if none
 * of its pages is backed (or copy-on-write) and it lies inside the
 * dataspace. Otherwise, or if no aligned run is free, nothing changes and
 * ds_page() backs page i alone.
 */
static void ds_back_group(struct ds *d, unsigned long i)
{
    unsigned long first = i & ~(GROUP_PAGES - 1), k;
    l4_addr_t p;

    if (first + GROUP_PAGES > d->npages) {
        return;
    }
    for (k = 0; k < GROUP_PAGES; ++k) {
        if (d->pages[first + k]) {
            return;
        }
    }
    p = pages_alloc_reserved_block(GROUP_PAGES, GROUP_SHIFT);
    if (!p) {
        return;
    }
    memset((void *)p, 0, GROUP_PAGES << L4_PAGESHIFT);
    for (k = 0; k < GROUP_PAGES; ++k) {
        d->pages[first + k] = p + (k << L4_PAGESHIFT);
    }
}

/* Are pages [first, first + n) backed by one contiguous run at `base`, none copy-on-write? */
static int anon_run(struct ds const *d, unsigned long first, unsigned long n, l4_addr_t base)
{
    unsigned long k;

    for (k = 0; k < n; ++k) {
        if (d->pages[first + k] != base + (k << L4_PAGESHIFT)) {
            return 0;
        }
    }
    return 1;
}

/*
 * The order of the largest block that a map of offset off (page `page` in
 * moe, already backed) to the client's `local` may send: aligned, inside
 * the dataspace's pages, congruent with local (so the kernel puts each
 * page at its own offset) and physically contiguous.
 */
static unsigned ds_block_order(struct ds const *d, unsigned long off, l4_addr_t local,
                               l4_addr_t page)
{
    unsigned max = ds_contiguous(d) ? CONTIG_MAX_SHIFT : GROUP_SHIFT;
    unsigned order;

    for (order = max; order > L4_PAGESHIFT; --order) {
        unsigned long size = 1UL << order, first = (off & ~(size - 1)) >> L4_PAGESHIFT;
        l4_addr_t base = page - ((off & (size - 1)) & L4_PAGEMASK);

        if (((off ^ local) & (size - 1)) || (base & (size - 1))
            || first + (size >> L4_PAGESHIFT) > d->npages) {
            continue;
        }
        if (d->type != DS_ANON || (d->ma_flags & L4RE_MA_CONTINUOUS)
            || anon_run(d, first, size >> L4_PAGESHIFT, base)) {
            return order;
        }
    }
    return L4_PAGESHIFT;
}

/* Remove every mapping other tasks have of the pages in list[0..n). */
static void unmap_pages(l4_fpage_t *list, unsigned n)
{
    if (n) {
        l4_task_unmap_batch(L4_BASE_TASK_CAP, list, n, L4_FP_OTHER_SPACES);
    }
}

void ds_drop_page(struct ds *d, unsigned long i)
{
    l4_addr_t e = d->pages[i];
    l4_fpage_t f;

    if (!e) {
        return;
    }
    if (ds_contiguous(d)) {
        memset((void *)PAGE_ADDR(e), 0, L4_PAGESIZE);
        return;
    }
    d->pages[i] = 0;
    if (!(e & DS_PG_COW)) {
        f = l4_fpage(PAGE_ADDR(e), L4_PAGESHIFT, L4_FPAGE_RWX);
        unmap_pages(&f, 1);
        pages_free_reserved(PAGE_ADDR(e)); /* the promise stands: it may be backed again */
    }
}

void ds_destroy(struct obj *o)
{
    struct anon_ds *a = (struct anon_ds *)o;
    struct ds *d = &a->ds;
    l4_fpage_t batch[UNMAP_BATCH];
    unsigned n = 0;
    unsigned long i;

    if (d->type == DS_ANON) {
        for (i = 0; i < d->npages; ++i) {
            l4_addr_t e = d->pages[i];

            if (!e || (e & DS_PG_COW)) {
                continue;
            }
            batch[n++] = l4_fpage(PAGE_ADDR(e), L4_PAGESHIFT, L4_FPAGE_RWX);
            if (n == UNMAP_BATCH) {
                unmap_pages(batch, n);
                n = 0;
            }
        }
        unmap_pages(batch, n);
        if (ds_contiguous(d)) {
            pages_free(d->base, d->npages << L4_PAGESHIFT);
        } else {
            unsigned long backed = 0;

            for (i = 0; i < d->npages; ++i) {
                if (d->pages[i] && !(d->pages[i] & DS_PG_COW)) {
                    pages_free(PAGE_ADDR(d->pages[i]), L4_PAGESIZE);
                    ++backed;
                }
            }
            pages_unreserve(d->npages - backed); /* the pages it never used */
        }
        moe_free(d->pages, d->npages * sizeof(l4_addr_t));
        alloc_uncharge(a->x.charged_to, d->charged);
    }
    moe_free(a, sizeof(*a));
}

long ds_copy(struct ds *dst, unsigned long dst_off, struct ds *src, unsigned long src_off,
             unsigned long size)
{
    int share = !src->writable && dst->type == DS_ANON && !ds_contiguous(dst);

    while (size) {
        unsigned long in_page = L4_PAGESIZE - (dst_off & (L4_PAGESIZE - 1));
        unsigned long n = size < in_page ? size : in_page;
        unsigned long i = dst_off >> L4_PAGESHIFT;

        if (share && !((dst_off | src_off) & (L4_PAGESIZE - 1)) && n == L4_PAGESIZE
            && src_off + L4_PAGESIZE <= src->size && !dst->pages[i]) {
            l4_addr_t s = ds_peek(src, src_off);

            if (s) {
                dst->pages[i] = s | DS_PG_COW;
            }
        } else {
            l4_addr_t d = ds_page(dst, dst_off, 1);
            unsigned long k = 0;

            if (!d) {
                return -L4_ENOMEM;
            }
            d += dst_off & (L4_PAGESIZE - 1);
            /* The source may cross a page boundary inside this piece. */
            while (k < n) {
                unsigned long s_in = L4_PAGESIZE - ((src_off + k) & (L4_PAGESIZE - 1));
                unsigned long c = n - k < s_in ? n - k : s_in;
                l4_addr_t s = ds_peek(src, src_off + k);

                if (s) {
                    memmove((void *)(d + k), (void *)s, c);
                } else {
                    memset((void *)(d + k), 0, c);
                }
                k += c;
            }
        }
        dst_off += n;
        src_off += n;
        size -= n;
    }
    return 0;
}

/* Is [off, off + size) inside the dataspace? */
static int in_range(struct ds const *d, unsigned long off, unsigned long size)
{
    return off < d->size && size <= d->size - off;
}

static int may_write(struct ds const *d, struct msg *m)
{
    return d->writable && (m->rights & L4_CAP_FPAGE_W);
}

/* op: L4RE_DS_OP_MAP, rights: W for writable mappings, proto: L4RE_PROTO_DATASPACE */
static long ds_op_map(struct ds *d, struct msg *m)
{
    unsigned long off, flags;
    l4_addr_t local, page;
    int write;
    unsigned rights, order;

    if (m->words < 4) {
        return -L4_EMSGTOOSHORT;
    }
    off = m->mr->mr[1];
    local = m->mr->mr[2];
    flags = m->mr->mr[3];
    write = (flags & L4RE_DS_F_W) != 0;
    if (off >= d->npages << L4_PAGESHIFT) {
        return -L4_ERANGE;
    }
    if (write && !may_write(d, m)) {
        return -L4_EPERM;
    }
    if (d->type == DS_ANON && !d->pages[off >> L4_PAGESHIFT]) {
        ds_back_group(d, off >> L4_PAGESHIFT);
    }
    page = ds_page(d, off, write);
    if (!page) {
        return -L4_ENOMEM;
    }
    order = ds_block_order(d, off, local, page);
    rights = write ? L4_FPAGE_RWX : L4_FPAGE_RX;
    /* The hot spot is the client's address: the kernel places the block by it. */
    m->mr->mr[0] = l4_map_control(local & L4_PAGEMASK, 0, 0);
    m->mr->mr[1] = l4_fpage(page & ~((1UL << order) - 1), order, (unsigned char)rights).raw;
    m->reply_items = 1;
    return 0;
}

/* op: L4RE_DS_OP_CLEAR, rights: W, proto: L4RE_PROTO_DATASPACE */
static long ds_op_clear(struct ds *d, struct msg *m)
{
    unsigned long off, size;

    if (m->words < 3) {
        return -L4_EMSGTOOSHORT;
    }
    off = m->mr->mr[1];
    size = m->mr->mr[2];
    if (!may_write(d, m)) {
        return -L4_EPERM;
    }
    if (off >= d->size) {
        return -L4_ERANGE;
    }
    if (size > d->size - off) {
        size = d->size - off;
    }
    while (size) {
        unsigned long in_page = L4_PAGESIZE - (off & (L4_PAGESIZE - 1));
        unsigned long n = size < in_page ? size : in_page;

        if (n == L4_PAGESIZE) {
            ds_drop_page(d, off >> L4_PAGESHIFT);
        } else if (d->pages[off >> L4_PAGESHIFT]) {
            l4_addr_t p = ds_page(d, off, 1);

            if (!p) {
                return -L4_ENOMEM;
            }
            memset((void *)(p + (off & (L4_PAGESIZE - 1))), 0, n);
        }
        off += n;
        size -= n;
    }
    return 0;
}

/* op: L4RE_DS_OP_INFO, rights: none, proto: L4RE_PROTO_DATASPACE */
static long ds_op_info(struct ds *d, struct msg *m)
{
    m->mr->mr[0] = d->size;
    m->mr->mr[1] = L4RE_DS_F_R | L4RE_DS_F_X | (may_write(d, m) ? L4RE_DS_F_W : 0)
                   | (d->ma_flags << 8);
    m->reply_words = 2;
    return 0;
}

/* op: L4RE_DS_OP_COPY_IN, rights: W, proto: L4RE_PROTO_DATASPACE */
static long ds_op_copy_in(struct ds *d, struct msg *m)
{
    unsigned long dst_off, src_off, size;
    struct ds *src;

    if (m->words < 4) {
        return -L4_EMSGTOOSHORT;
    }
    dst_off = m->mr->mr[1];
    src_off = m->mr->mr[2];
    size = m->mr->mr[3];
    if (m->item != ITEM_LOCAL || !m->item_obj || m->item_obj->kind != OBJ_DS) {
        return -L4_EINVAL;
    }
    src = (struct ds *)m->item_obj;
    if (!may_write(d, m)) {
        return -L4_EPERM;
    }
    if (!size) {
        return 0;
    }
    if (!in_range(d, dst_off, size) || !in_range(src, src_off, size)) {
        return -L4_ERANGE;
    }
    return ds_copy(d, dst_off, src, src_off, size);
}

/* op: L4RE_DS_OP_ALLOCATE, rights: none, proto: L4RE_PROTO_DATASPACE */
static long ds_op_allocate(struct ds *d, struct msg *m)
{
    unsigned long off, size, end;

    if (m->words < 3) {
        return -L4_EMSGTOOSHORT;
    }
    off = m->mr->mr[1] & L4_PAGEMASK;
    size = m->mr->mr[2];
    if (off >= d->size) {
        return -L4_ERANGE;
    }
    end = size > d->size - off ? d->size : off + size;
    for (; off < end; off += L4_PAGESIZE) {
        if (d->type == DS_ANON && !d->pages[off >> L4_PAGESHIFT] && !ds_page(d, off, 0)) {
            return -L4_ENOMEM;
        }
    }
    return 0;
}

/* op: L4RE_DS_OP_MAP_INFO, rights: none, proto: L4RE_PROTO_DATASPACE */
static long ds_op_map_info(struct ds *d, struct msg *m)
{
    if (!ds_contiguous(d)) {
        return -L4_EINVAL;
    }
    m->mr->mr[0] = d->base;
    m->mr->mr[1] = d->base + d->size - 1;
    m->reply_words = 2;
    return 0;
}

typedef long (*ds_op_fn)(struct ds *, struct msg *);

static const ds_op_fn ds_ops[] = {
    [L4RE_DS_OP_MAP] = ds_op_map,
    [L4RE_DS_OP_CLEAR] = ds_op_clear,
    [L4RE_DS_OP_INFO] = ds_op_info,
    [L4RE_DS_OP_COPY_IN] = ds_op_copy_in,
    [L4RE_DS_OP_ALLOCATE] = ds_op_allocate,
    [L4RE_DS_OP_MAP_INFO] = ds_op_map_info,
};

long ds_invoke(struct obj *o, struct msg *m)
{
    l4_umword_t op;

    if (l4_msgtag_label(m->tag) != L4RE_PROTO_DATASPACE) {
        return -L4_EBADPROTO;
    }
    if (m->words < 1) {
        return -L4_EMSGTOOSHORT;
    }
    op = m->mr->mr[0];
    if (op >= sizeof(ds_ops) / sizeof(ds_ops[0]) || !ds_ops[op]) {
        return -L4_ENOSYS;
    }
    return ds_ops[op]((struct ds *)o, m);
}
