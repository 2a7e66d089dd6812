/* SPDX-License-Identifier: MIT */
/*
 * moe's capability slots: a bitmap over [FIRST_SLOT, LAST_SLOT). Slots
 * below FIRST_SLOT hold the kernel's initial capabilities. Freeing a slot
 * first releases whatever it holds (with everything mapped from it).
 */
#include <l4/sys/task.h>
#include "moe.h"

#define FIRST_SLOT 0x100UL
#define LAST_SLOT 0x10000UL
#define BITS_PER_WORD (8 * sizeof(unsigned long))

static unsigned long used[(LAST_SLOT - FIRST_SLOT) / BITS_PER_WORD];
static unsigned long hint;

l4_cap_idx_t moe_cap_alloc(void)
{
    unsigned long n = LAST_SLOT - FIRST_SLOT;
    unsigned long k;

    for (k = 0; k < n; ++k) {
        unsigned long i = (hint + k) % n;

        if (!((used[i / BITS_PER_WORD] >> (i % BITS_PER_WORD)) & 1)) {
            used[i / BITS_PER_WORD] |= 1UL << (i % BITS_PER_WORD);
            hint = i + 1;
            return (FIRST_SLOT + i) << L4_CAP_SHIFT;
        }
    }
    kd_printf("moe: out of capability slots\n");
    return L4_INVALID_CAP;
}

void moe_cap_free(l4_cap_idx_t cap)
{
    unsigned long i = (cap >> L4_CAP_SHIFT) - FIRST_SLOT;

    if (l4_is_invalid_cap(cap) || (cap >> L4_CAP_SHIFT) < FIRST_SLOT
        || (cap >> L4_CAP_SHIFT) >= LAST_SLOT) {
        return;
    }
    l4_task_release_cap(L4_BASE_TASK_CAP, cap);
    used[i / BITS_PER_WORD] &= ~(1UL << (i % BITS_PER_WORD));
}
