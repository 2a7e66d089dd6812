// SPDX-License-Identifier: MIT
/*
 * sigma0 and the root task. Both are loaded 1:1 by bootstrap. sigma0's
 * page faults are resolved by the kernel 1:1 (see trap handling); the root
 * task gets every bootloader range (its image, the boot-module list and the
 * module archive) mapped 1:1 up front. Both get the KIP read-only at its
 * physical address, one UTCB page at the top of user space, and the
 * initial capabilities that exist so far (L4Re's slot numbers): own task,
 * own thread, kernel log and debugger. Factory, ICU, scheduler and sigma0's
 * pager gate follow with the object model (TODO(#3)).
 * Start registers: x0 = KIP address, x1 = the syscall stub word, sp = 0.
 */
#include <l4/sys/consts.h>
#include <l4/sys/kip.h>
#include <l4/util/l4mod.h>
#include "boot_tasks.h"
#include "console.h"
#include "factory.h"
#include "icu.h"
#include "kdebug.h"
#include "quota.h"
#include "scheduler.h"
#include "kernel_mem.h"
#include "kip.h"
#include "task.h"
#include "thread.h"
#include "vlog.h"

#define BOOT_UTCB_ADDR (USER_VA_END - 0x10000)
#define BOOT_UTCB_ORDER 16 /* 64 KiB: room for 64 threads */

static struct thread *sigma0_thread;
#define SYSCALL_STUB_WORD 0xd65f03c0d4000001UL /* svc #0; ret */

/* Task name: the first word of the module's command line, without directories. */
static void module_name(unsigned kind, const char *fallback, char *out, size_t size)
{
    const char *cmd = kip_module_cmdline(kind);
    const char *start = cmd ? cmd : fallback;
    const char *p = start;
    for (const char *q = start; *q && *q != ' '; q++) {
        if (*q == '/') {
            p = q + 1;
        }
    }
    size_t i = 0;
    for (; p[i] && p[i] != ' ' && i + 1 < size; i++) {
        out[i] = p[i];
    }
    out[i] = '\0';
}

static bool give_initial_caps(struct task *task, struct thread *thread)
{
    struct {
        l4_cap_idx_t cap;
        struct kobj *obj;
        unsigned rights;
    } caps[] = {
        { L4_BASE_TASK_CAP, &task->kobj, CAP_RIGHTS_ALL },
        { L4_BASE_FACTORY_CAP, &root_factory.kobj, CAP_RIGHTS_ALL },
        { L4_BASE_THREAD_CAP, &thread->kobj, CAP_RIGHTS_ALL },
        { L4_BASE_LOG_CAP, &vlog_object, L4_CAP_FPAGE_RWS },
        { L4_BASE_ICU_CAP, &icu_object, L4_CAP_FPAGE_RWS },
        { L4_BASE_SCHEDULER_CAP, &scheduler_object, L4_CAP_FPAGE_RWS },
        { L4_BASE_DEBUGGER_CAP, &kdebug_object, L4_CAP_FPAGE_RWS },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(caps); i++) {
        if (obj_space_insert(&task->objs, caps[i].cap >> L4_CAP_SHIFT, caps[i].obj,
                             caps[i].rights) < 0) {
            return false;
        }
    }
    return true;
}

/* One task with one thread that starts at \a ip; NULL if memory ran out. */
static struct task *boot_task(const char *name, uint64_t ip, struct thread **thread_out)
{
    struct task *task = task_create(&root_quota, name);
    struct thread *thread = task ? thread_create(&root_quota) : NULL;
    if (!task || !thread ||
        task_add_ku_mem(task, BOOT_UTCB_ADDR, BOOT_UTCB_ORDER) < 0 ||
        arch_space_map(&task->space, kip_phys, kip_phys, MAP_R) < 0 ||
        !give_initial_caps(task, thread)) {
        kprintf("kernel: out of kernel memory creating '%s'\n", name);
        return NULL;
    }
    thread_bind(thread, task, BOOT_UTCB_ADDR, task_utcb(task, BOOT_UTCB_ADDR));
    thread_start_user(thread, ip, 0, kip_phys, SYSCALL_STUB_WORD);
    *thread_out = thread;
    return task;
}

/* Map every bootloader range 1:1 (root task image, module list, archive). */
static bool map_boot_memory(struct task *task)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    for (unsigned i = 0; i < kip->mem_descs_num; i++) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) != L4_MEM_TYPE_BOOTLOADER) {
            continue;
        }
        uint64_t start = l4_kernel_info_get_mem_desc_start(&md[i]);
        uint64_t end = l4_kernel_info_get_mem_desc_end(&md[i]) + 1;
        if (task_map_identity(task, ALIGN_DOWN(start, PAGE_SIZE),
                              ALIGN_UP(end, PAGE_SIZE) - ALIGN_DOWN(start, PAGE_SIZE),
                              MAP_R | MAP_W | MAP_X) < 0) {
            return false;
        }
    }
    return true;
}

/* The root task's pager: an IPC gate to sigma0's thread with label 4 << 4 (L4Re). */
static bool give_sigma0_gate(struct task *root)
{
    extern struct kobj *gate_create_bound(struct quota *q, struct thread *t, uint64_t label);
    struct kobj *gate = gate_create_bound(&root_quota, sigma0_thread, 4 << 4);
    if (!gate) {
        return false;
    }
    int err = obj_space_insert(&root->objs, L4_BASE_PAGER_CAP >> L4_CAP_SHIFT, gate,
                               L4_CAP_FPAGE_RWS);
    return err == 0;
}

void boot_tasks_create(void)
{
    char name[24];
    if (kip->sigma0_ip) {
        module_name(L4UTIL_L4MOD_MOD_FLAG_SIGMA0, "sigma0", name, sizeof(name));
        struct task *s0 = boot_task(name, kip->sigma0_ip, &sigma0_thread);
        if (s0) {
            s0->is_sigma0 = true;
            kprintf("kernel: sigma0 '%s' starts at 0x%lx\n", name, (unsigned long)kip->sigma0_ip);
        }
    } else {
        kprintf("kernel: no sigma0\n");
    }
    if (kip->root_ip) {
        module_name(L4UTIL_L4MOD_MOD_FLAG_ROOTTASK, "roottask", name, sizeof(name));
        struct thread *root_thread = NULL;
        struct task *root = boot_task(name, kip->root_ip, &root_thread);
        if (root && sigma0_thread) {
            if (give_sigma0_gate(root)) {
                /* Faults of the root task go to sigma0 (L4Re's boot protocol). */
                root_thread->pager = L4_BASE_PAGER_CAP;
            } else {
                kprintf("kernel: out of kernel memory creating the pager gate\n");
            }
        }
        if (root && !map_boot_memory(root)) {
            kprintf("kernel: out of kernel memory mapping the boot modules\n");
        } else if (root) {
            kprintf("kernel: root task '%s' starts at 0x%lx\n", name,
                    (unsigned long)kip->root_ip);
        }
    } else {
        kprintf("kernel: no root task\n");
    }
}
