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
#include "kdebug.h"
#include "kernel_mem.h"
#include "kip.h"
#include "task.h"
#include "thread.h"
#include "vlog.h"

#define BOOT_UTCB_ADDR (USER_VA_END - 0x10000)
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
    return obj_space_insert(&task->objs, L4_BASE_TASK_CAP >> L4_CAP_SHIFT, &task->kobj,
                            L4_CAP_FPAGE_RWSD) == 0 &&
           obj_space_insert(&task->objs, L4_BASE_THREAD_CAP >> L4_CAP_SHIFT, &thread->kobj,
                            L4_CAP_FPAGE_RWSD) == 0 &&
           obj_space_insert(&task->objs, L4_BASE_LOG_CAP >> L4_CAP_SHIFT, &vlog_object,
                            L4_CAP_FPAGE_RW) == 0 &&
           obj_space_insert(&task->objs, L4_BASE_DEBUGGER_CAP >> L4_CAP_SHIFT, &kdebug_object,
                            L4_CAP_FPAGE_RW) == 0;
}

/* One task with one thread that starts at \a ip; NULL if memory ran out. */
static struct task *boot_task(const char *name, uint64_t ip)
{
    struct task *task = task_create(name);
    struct thread *thread = task ? thread_create(task) : NULL;
    void *utcb = kpage_alloc();
    if (!task || !thread || !utcb ||
        arch_space_map(&task->space, BOOT_UTCB_ADDR, virt_to_phys(utcb), MAP_R | MAP_W) < 0 ||
        arch_space_map(&task->space, kip_phys, kip_phys, MAP_R) < 0 ||
        !give_initial_caps(task, thread)) {
        kprintf("kernel: out of kernel memory creating '%s'\n", name);
        return NULL;
    }
    thread->utcb = utcb;
    thread->utcb_user = BOOT_UTCB_ADDR;
    thread_start_user(thread, ip, 0, kip_phys, SYSCALL_STUB_WORD);
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

void boot_tasks_create(void)
{
    char name[24];
    if (kip->sigma0_ip) {
        module_name(L4UTIL_L4MOD_MOD_FLAG_SIGMA0, "sigma0", name, sizeof(name));
        struct task *s0 = boot_task(name, kip->sigma0_ip);
        if (s0) {
            s0->is_sigma0 = true;
            kprintf("kernel: sigma0 '%s' starts at 0x%lx\n", name, (unsigned long)kip->sigma0_ip);
        }
    } else {
        kprintf("kernel: no sigma0\n");
    }
    if (kip->root_ip) {
        module_name(L4UTIL_L4MOD_MOD_FLAG_ROOTTASK, "roottask", name, sizeof(name));
        struct task *root = boot_task(name, kip->root_ip);
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
