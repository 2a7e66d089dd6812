/* SPDX-License-Identifier: MIT */
/*
 * A program's kernel factory has a quota (moe --factory-quota=): creating
 * threads from it ends with -L4_ENOMEM, not with a crash, and deleting
 * them gives the memory back. The scheduler capability is moe's proxy:
 * info is forwarded, run_thread works through it and through a proxy the
 * program creates from its allocator (priority limit 2, offset 1).
 */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/crt1_l4re.h>
#include "mtap.h"

#define PLAN 7
#define MAX_THREADS 2000

static l4_cap_idx_t threads[MAX_THREADS];

int main(int argc, char **argv)
{
    l4re_env_t *e = l4re_env();
    l4_utcb_t *u = l4_utcb();
    l4_cap_idx_t sched = l4re_util_cap_alloc();
    l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 1);
    l4_sched_param_t sp = l4_sched_param(1, 0);
    l4_umword_t cpu_max = 0;
    unsigned n = 0, i;
    long r = 0;
    l4_msgtag_t t;

    (void)argc;
    (void)argv;
    mt_start(PLAN);
    while (n < MAX_THREADS) {
        threads[n] = l4re_util_cap_alloc();
        r = l4_error(l4_factory_create_thread(e->factory, threads[n]));
        if (r < 0) {
            break;
        }
        ++n;
    }
    mt_is(r, -L4_ENOMEM, "creating threads from our factory ends with -L4_ENOMEM");
    mt_ok(n > 10 && n < MAX_THREADS, "... after %u threads", n);
    for (i = 0; i < n; ++i) {
        l4_task_delete_obj(L4RE_THIS_TASK_CAP, threads[i]);
    }
    r = l4_error(l4_factory_create_thread(e->factory, threads[0]));
    mt_is(r, 0, "after deleting them a thread can be created again");

    mt_is(l4_error(l4_scheduler_info(e->scheduler, &cpu_max, &cpus)), 0,
          "scheduler info through moe's proxy");
    mt_is(l4_error(l4_scheduler_run_thread(e->scheduler, e->main_thread, &sp)), 0,
          "run_thread of our main thread through the proxy");
    t = l4_factory_create_start_u(L4_PROTO_SCHEDULER, sched, u);
    l4_factory_create_add_uint_u(2, &t, u);
    l4_factory_create_add_uint_u(1, &t, u);
    mt_is(l4_error(l4_factory_create_commit_u(e->mem_alloc, t, u)), 0,
          "a scheduler proxy of our own (limit 2, offset 1)");
    sp = l4_sched_param(200, 0);
    mt_is(l4_error(l4_scheduler_run_thread(sched, e->main_thread, &sp)), 0,
          "run_thread with priority 200 through it (clamped to 2)");
    return mt_done();
}
