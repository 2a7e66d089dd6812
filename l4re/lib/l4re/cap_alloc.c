/* SPDX-License-Identifier: MIT */
/*
 * The default capability slot allocator (l4/re/c/util/cap_alloc.h): a bitmap
 * of L4RE_UTIL_CAP_ALLOC_MAX slots starting at the environment's
 * first_free_cap, taken lowest first. Single-threaded, as the programs that
 * use it so far are.
 */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/task.h>

#define WORD_BITS (8 * sizeof(unsigned long))

static unsigned long used[L4RE_UTIL_CAP_ALLOC_MAX / WORD_BITS];
static unsigned hint;

static unsigned long first_slot(void)
{
    return l4re_global_env ? l4re_global_env->first_free_cap : 0x100;
}

l4_cap_idx_t l4re_util_cap_alloc(void)
{
    unsigned n;

    for (n = 0; n < L4RE_UTIL_CAP_ALLOC_MAX; ++n) {
        unsigned i = (hint + n) % L4RE_UTIL_CAP_ALLOC_MAX;
        unsigned long bit = 1UL << (i % WORD_BITS);

        if (!(used[i / WORD_BITS] & bit)) {
            used[i / WORD_BITS] |= bit;
            hint = i + 1;
            return (first_slot() + i) << L4_CAP_SHIFT;
        }
    }
    return L4_INVALID_CAP;
}

void l4re_util_cap_free(l4_cap_idx_t cap)
{
    unsigned long slot = cap >> L4_CAP_SHIFT;
    unsigned long i;

    if (l4_is_invalid_cap(cap) || slot < first_slot()) {
        return;
    }
    i = slot - first_slot();
    if (i >= L4RE_UTIL_CAP_ALLOC_MAX) {
        return;
    }
    used[i / WORD_BITS] &= ~(1UL << (i % WORD_BITS));
    if (i < hint) {
        hint = (unsigned)i;
    }
}

void l4re_util_cap_free_um(l4_cap_idx_t cap)
{
    if (l4_is_invalid_cap(cap)) {
        return;
    }
    l4_task_unmap(L4RE_THIS_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD),
                  L4_FP_ALL_SPACES);
    l4re_util_cap_free(cap);
}

long l4re_util_cap_last(void)
{
    return (long)(first_slot() + L4RE_UTIL_CAP_ALLOC_MAX - 1);
}
