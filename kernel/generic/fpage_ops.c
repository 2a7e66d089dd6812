// SPDX-License-Identifier: MIT
/*
 * Flexpage arithmetic and the map/unmap loops (see fpage_ops.h). A send
 * flexpage of 2^s and a receive window of 2^r meet as in L4: if s <= r the
 * whole flexpage lands at the window offset given by the send base; if
 * s > r only the 2^r part selected by the send base is sent. Memory is
 * walked page by page, skipping unmapped ranges through the page tables;
 * objects slot by slot. Rights can only shrink. A memory item's cacheability
 * bits (L4_FPAGE_CACHEABLE, _BUFFERABLE, _UNCACHEABLE in control-word bits
 * 4..7) choose the receiver's memory type; without them (L4_FPAGE_CACHE_OPT
 * clear) each page keeps the sender's.
 */
#include <arch/mmu.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include "fpage_ops.h"
#include "kip.h"
#include "kobj.h"
#include "mapdb.h"
#include "obj_space.h"
#include "task.h"

struct range {
    uint64_t base;
    unsigned order;
};

/* Base and order of an fpage in its own unit (bytes for memory, slots for objects). */
static struct range fpage_range(l4_fpage_t fp, unsigned type)
{
    unsigned order = (fp.raw >> L4_FPAGE_SIZE_SHIFT) & 0x3f;
    uint64_t base = fp.raw & L4_FPAGE_ADDR_MASK;
    if (type == L4_FPAGE_OBJ) {
        base >>= L4_FPAGE_ADDR_SHIFT;
    }
    unsigned ftype = (fp.raw >> L4_FPAGE_TYPE_SHIFT) & 3;
    if (ftype == L4_FPAGE_SPECIAL) {
        /* l4_fpage_all(): the whole space. */
        return (struct range){ 0, 64 };
    }
    if (order >= 64) {
        order = 63;
    }
    base &= ~((1UL << order) - 1);
    return (struct range){ base, order };
}

static uint64_t span(unsigned order)
{
    return order >= 64 ? ~0UL : (1UL << order);
}

static uint64_t mask_of(unsigned order)
{
    return order >= 64 ? ~0UL : (1UL << order) - 1;
}

/*
 * The memory type a map item's control word asks for (bits 4..7): MAP_DEVICE,
 * MAP_UNCACHED or 0 (Normal write-back); MAPDB_KEEP_TYPE without
 * L4_FPAGE_CACHE_OPT (each page keeps the sender's); -1 for a value that is none
 * of L4Re's.
 */
static int item_mem_type(l4_umword_t ctrl)
{
    static const short types[16] = {
        [0] = MAPDB_KEEP_TYPE, [2] = MAPDB_KEEP_TYPE, [4] = MAPDB_KEEP_TYPE,
        [6] = MAPDB_KEEP_TYPE, [8] = MAPDB_KEEP_TYPE, [10] = MAPDB_KEEP_TYPE,
        [12] = MAPDB_KEEP_TYPE, [14] = MAPDB_KEEP_TYPE,
        [L4_FPAGE_UNCACHEABLE] = MAP_DEVICE, [L4_FPAGE_CACHEABLE] = 0,
        [L4_FPAGE_BUFFERABLE] = MAP_UNCACHED,
        [7] = -1, [9] = -1, [11] = -1, [13] = -1, [15] = -1,
    };
    return types[(ctrl >> 4) & 0xf];
}

/*
 * sigma0 sends [base, base + size): the pages it has not touched enter its space 1:1 first,
 * all of it device memory (Device) or all RAM and boot data it may map (Normal, as its
 * faults would enter them). So sigma0 hands out RAM without touching every page first
 * (a fault each: 0.5 M instructions for moe's first 2 MiB).
 */
static void sigma0_enter(struct task *s0, uint64_t base, uint64_t size)
{
    unsigned rights;
    if (kip_range_is_device(base, size)) {
        rights = MAP_R | MAP_W | MAP_DEVICE;
    } else if (kip_sigma0_may_map(base, size)) {
        rights = MAP_R | MAP_W | MAP_X;
    } else {
        return;
    }
    for (uint64_t pa = base; pa - base < size; pa += PAGE_SIZE) {
        if (!arch_space_lookup(&s0->space, pa, NULL, NULL) &&
            mapdb_map_root(s0, pa, pa, rights) < 0) {
            return; /* out of kernel memory: the map below finds fewer pages */
        }
    }
}

int fpage_map(struct task *src, l4_fpage_t fp, struct task *dst, l4_fpage_t window,
              l4_umword_t snd_base, bool grant, unsigned obj_rights)
{
    unsigned type = (fp.raw >> L4_FPAGE_TYPE_SHIFT) & 3;
    unsigned wtype = (window.raw >> L4_FPAGE_TYPE_SHIFT) & 3;
    if ((type != L4_FPAGE_MEMORY && type != L4_FPAGE_OBJ) ||
        (wtype != type && wtype != L4_FPAGE_SPECIAL)) {
        return -L4_EINVAL;
    }
    struct range s = fpage_range(fp, type);
    struct range r = fpage_range(window, type);
    uint64_t hot = snd_base & L4_FPAGE_CONTROL_MASK;
    if (type == L4_FPAGE_OBJ) {
        hot >>= L4_FPAGE_ADDR_SHIFT;
    }
    uint64_t src_base = s.base, dst_base, size;
    if (s.order <= r.order) {
        dst_base = r.base + ((hot & mask_of(r.order)) & ~mask_of(s.order));
        size = span(s.order);
    } else {
        src_base = s.base + ((hot & mask_of(s.order)) & ~mask_of(r.order));
        dst_base = r.base;
        size = span(r.order);
    }
    unsigned rights = fp.raw & L4_FPAGE_RIGHTS_MASK;
    if (type == L4_FPAGE_MEMORY) {
        int mem_type = item_mem_type(snd_base);
        if (mem_type < 0) {
            return -L4_EINVAL;
        }
        if (size < PAGE_SIZE) {
            return 0;
        }
        /* Device memory is never executable (speculative fetches are allowed otherwise);
           a Device source has no X to keep. */
        unsigned map_rights = ((rights & L4_FPAGE_RO) ? MAP_R : 0) |
                              ((rights & L4_FPAGE_W) ? MAP_W : 0) |
                              ((rights & L4_FPAGE_X) && mem_type != MAP_DEVICE ? MAP_X : 0);
        uint64_t end = src_base + size < src_base ? USER_VA_END : src_base + size;
        if (src->is_sigma0) {
            sigma0_enter(src, src_base, end - src_base);
        }
        struct arch_pte from;
        for (uint64_t va = arch_space_next_pte(&src->space, src_base, end, &from); va < end;
             va = arch_space_next_pte(&src->space, va + PAGE_SIZE, end, &from)) {
            int err = mapdb_map(src, va, &from, dst, dst_base + (va - src_base),
                                map_rights | (unsigned)mem_type, grant);
            if (err == -L4_ENOMEM) {
                return err;
            }
        }
        return 0;
    }
    unsigned cap_rights = (rights & 0xf) | (obj_rights & L4_FPAGE_C_OBJ_RIGHTS);
    if (!(rights & L4_CAP_FPAGE_R)) {
        return 0;
    }
    uint64_t count = size > OBJ_SPACE_CAPS ? OBJ_SPACE_CAPS : size;
    for (uint64_t i = 0; i < count && src_base + i < OBJ_SPACE_CAPS; i++) {
        struct cap_slot *from = obj_space_lookup(&src->objs, src_base + i);
        if (!from) {
            continue;
        }
        struct cap_slot *to = obj_space_slot(&dst->objs, dst_base + i);
        if (!to) {
            return dst_base + i >= OBJ_SPACE_CAPS ? -L4_EINVAL : -L4_ENOMEM;
        }
        if (to == from) {
            continue;
        }
        if (grant) {
            unsigned before = from->rights;
            cap_move(to, from);
            if (!from->obj && (before & ~(cap_rights | ~0xefU))) {
                /* Fewer rights granted: nothing derived from it keeps more. */
                cap_reduce_rights(to, before & ~(cap_rights | ~0xefU), true);
            }
        } else {
            cap_install(to, from->obj,
                        (from->rights & cap_rights) | (obj_rights & CAP_UNCOUNTED), from);
        }
    }
    return 0;
}

l4_fpage_t fpage_unmap(struct task *t, l4_fpage_t fp, l4_umword_t mask)
{
    unsigned type = (fp.raw >> L4_FPAGE_TYPE_SHIFT) & 3;
    bool self = (mask & L4_FP_ALL_SPACES) != 0;
    unsigned rights = fp.raw & L4_FPAGE_RIGHTS_MASK;
    l4_fpage_t result = { .raw = fp.raw & ~(l4_umword_t)L4_FPAGE_RIGHTS_MASK };
    if (type == L4_FPAGE_MEMORY || type == L4_FPAGE_SPECIAL) {
        struct range s = fpage_range(fp, L4_FPAGE_MEMORY);
        uint64_t end = s.order >= 48 ? USER_VA_END : s.base + span(s.order);
        unsigned take = ((rights & L4_FPAGE_RO) ? MAP_R : 0) | ((rights & L4_FPAGE_W) ? MAP_W : 0) |
                        ((rights & L4_FPAGE_X) ? MAP_X : 0);
        if (take & MAP_R) {
            take = MAP_R | MAP_W | MAP_X;
        }
        for (uint64_t va = arch_space_next_mapped(&t->space, s.base, end); va < end;
             va = arch_space_next_mapped(&t->space, va + PAGE_SIZE, end)) {
            mapdb_unmap(t, va, take, self);
        }
        if (type == L4_FPAGE_MEMORY) {
            return result;
        }
    }
    if (type == L4_FPAGE_OBJ || type == L4_FPAGE_SPECIAL) {
        struct range s = fpage_range(fp, L4_FPAGE_OBJ);
        uint64_t count = span(s.order);
        bool delete_obj = (mask & L4_FP_DELETE_OBJ) == L4_FP_DELETE_OBJ;
        for (uint64_t i = 0; i < count && s.base + i < OBJ_SPACE_CAPS; i++) {
            struct cap_slot *slot = obj_space_peek(&t->objs, s.base + i);
            if (!slot) {
                /* Skip to the next slot page. */
                i = ALIGN_UP(s.base + i + 1, CAP_SLOTS_PER_PAGE) - s.base - 1;
                continue;
            }
            if (!slot->obj) {
                continue;
            }
            if (delete_obj && (slot->rights & L4_CAP_FPAGE_D)) {
                kobj_kill(slot->obj);
            }
            if (rights & L4_CAP_FPAGE_R) {
                if (self) {
                    cap_clear(slot);
                } else {
                    cap_revoke_children(slot);
                }
            } else {
                cap_reduce_rights(slot, rights, self);
            }
        }
    }
    return result;
}
