/* SPDX-License-Identifier: MIT */
/*
 * Modes about the quota-carrying capabilities: `factory small|default`
 * creates IPC gates from the program's kernel factory until it refuses
 * (a small factory of the script's runs out; after deleting one gate the
 * next create works again), `mem QUOTA` checks the allocator the script
 * passed as `mem`: its quota, a dataspace above it refused, one below made.
 */
#include <stdlib.h>
#include <string.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include "ntest.h"

#define MAX_GATES 2000

static l4_cap_idx_t gates[MAX_GATES];

static long make_gate(l4_cap_idx_t *slot)
{
    if (l4_is_invalid_cap(*slot)) {
        *slot = l4re_util_cap_alloc();
    }
    return l4_error(l4_factory_create_gate(l4re_env()->factory, *slot, L4_INVALID_CAP, 0));
}

int nt_factory(int argc, char **argv)
{
    int small = argc > 2 && strcmp(argv[2], "small") == 0;
    unsigned n, i;
    long r = 0;

    for (n = 0; n < MAX_GATES; ++n) {
        gates[n] = L4_INVALID_CAP;
        r = make_gate(&gates[n]);
        if (r < 0 || (!small && n == 63)) {
            break;
        }
    }
    if (small) {
        nt_ok(r == -L4_ENOMEM && n > 0, "factory: the small factory ran out after %u gates", n);
        l4_task_delete_obj(L4RE_THIS_TASK_CAP, gates[0]);
        nt_is(make_gate(&gates[0]), 0, "factory: after deleting one gate, one more fits");
    } else {
        nt_ok(r >= 0, "factory: 64 gates from the default factory");
    }
    for (i = 0; i < n && i < MAX_GATES; ++i) {
        l4_task_delete_obj(L4RE_THIS_TASK_CAP, gates[i]);
    }
    return -1;
}

int nt_mem(int argc, char **argv)
{
    unsigned long want = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
    l4_umword_t quota = 0, used = 0;
    l4_cap_idx_t big = l4re_util_cap_alloc(), ok = l4re_util_cap_alloc();

    nt_is(l4re_ma_info_srv(l4re_env()->mem_alloc, &quota, &used), 0, "mem: allocator info");
    nt_is((long)quota, (long)want, "mem: the quota is the one the script set");
    nt_is(l4re_ma_alloc((long)want + 4096, big, 0), -L4_ENOMEM,
          "mem: a dataspace above the quota is refused");
    nt_is(l4re_ma_alloc(64 * 1024, ok, 0), 0, "mem: 64 KiB within the quota is made");
    return -1;
}
