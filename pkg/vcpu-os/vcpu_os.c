// SPDX-License-Identifier: MIT
/*
 * vcpu-os: a small operating-system personality on a vCPU (doc/kernel.md,
 * "vCPUs"). The program's main thread becomes a vCPU; its kernel mode is
 * this program, its user mode runs three processes, each in its own task,
 * loaded from ELF boot modules (procs/: vos_count twice, vos_yield once).
 *
 * - Memory: each PT_LOAD segment is copied into page-aligned memory of this
 *   program at start; a process's page fault enters the vCPU, which maps the
 *   page from there into the process's task with a map item of the resume.
 * - Preemption: a ticker thread triggers an Irq bound to the vCPU every
 *   TICK_US; the entry switches to the next runnable process (round robin).
 * - System calls: a process's svc is an exception entry (vos.h: write,
 *   yield, exit). Any other exception, or a fault outside its segments,
 *   kills the process.
 * When the last process has exited the program prints "vcpu-os: all 3
 * processes exited" and ends.
 */
#include <elf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/kumem_alloc.h>
#include <l4/re/consts.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/vcpu/vcpu.h>
#include "vos.h"

#define NPROC 3
#define MAX_SEGS 4
#define TIMER_LABEL 0x7100
#define TICK_US 3000
#define PROC_UTCB_AREA 0x7ff00000UL /* a task needs one; the processes have no threads */
#define USER_STATE (L4_VCPU_F_IRQ | L4_VCPU_F_PAGE_FAULTS | L4_VCPU_F_EXCEPTIONS | \
                    L4_VCPU_F_USER_MODE)

struct segment {
    l4_addr_t vaddr, size; /* page aligned */
    char *mem;             /* our copy, page aligned */
    unsigned rights;       /* L4_FPAGE_* */
};

struct process {
    const char *module;
    unsigned pid;
    int exited;
    l4_cap_idx_t task;
    struct segment seg[MAX_SEGS];
    unsigned nseg;
    l4_vcpu_regs_t regs; /* saved user registers while another one runs */
    unsigned preempted, faults, calls;
};

static struct process procs[NPROC] = {
    { .module = "vos_count", .pid = 1 },
    { .module = "vos_count", .pid = 2 },
    { .module = "vos_yield", .pid = 3 },
};
static struct process *current;
static l4_vcpu_state_t *vcpu;
static l4_cap_idx_t self, timer_irq;
static char entry_stack[16384] __attribute__((aligned(16)));

static void __attribute__((noreturn)) fail(const char *what, long err)
{
    printf("vcpu-os: %s failed: %ld\n", what, err);
    exit(1);
}

/* Load the PT_LOAD segments of ELF module \a p->module into our memory. */
static void load(struct process *p)
{
    l4_cap_idx_t ds = l4re_util_cap_alloc();
    void *img = NULL;
    long r = l4re_ns_query_srv(l4re_env_get_cap("rom"), p->module, ds);
    if (r < 0) {
        fail(p->module, r);
    }
    unsigned long size = (unsigned long)l4re_ds_size(ds);
    r = l4re_rm_attach(&img, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0, L4_PAGESHIFT);
    if (r < 0) {
        fail("attach", r);
    }
    const Elf64_Ehdr *eh = img;
    if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_machine != EM_AARCH64 || eh->e_phoff + eh->e_phnum * sizeof(Elf64_Phdr) > size) {
        fail("ELF check", -1);
    }
    const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)img + eh->e_phoff);
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz) {
            continue;
        }
        if (p->nseg == MAX_SEGS || ph[i].p_offset + ph[i].p_filesz > size) {
            fail("segments", -1);
        }
        struct segment *s = &p->seg[p->nseg++];
        s->vaddr = ph[i].p_vaddr & ~(l4_addr_t)(L4_PAGESIZE - 1);
        s->size = l4_round_page(ph[i].p_vaddr + ph[i].p_memsz) - s->vaddr;
        s->mem = aligned_alloc(L4_PAGESIZE, s->size);
        if (!s->mem) {
            fail("memory", -1);
        }
        memset(s->mem, 0, s->size); /* also maps every page into our task */
        memcpy(s->mem + (ph[i].p_vaddr - s->vaddr), (const char *)img + ph[i].p_offset,
               ph[i].p_filesz);
        s->rights = L4_FPAGE_RO | ((ph[i].p_flags & PF_W) ? L4_FPAGE_W : 0) |
                    ((ph[i].p_flags & PF_X) ? L4_FPAGE_X : 0);
    }
    memset(&p->regs, 0, sizeof(p->regs));
    p->regs.pc = eh->e_entry;
    p->regs.r[0] = p->pid; /* crt0 hands it to l4_main() */
    l4re_rm_detach(img);
    l4_fpage_t area = l4_fpage(PROC_UTCB_AREA, L4_PAGESHIFT, L4_FPAGE_RW);
    p->task = l4re_util_cap_alloc();
    r = l4_error(l4_factory_create_task(l4re_env()->factory, p->task, &area));
    if (r < 0) {
        fail("task", r);
    }
}

/* Our copy of the page of \a p at \a addr, or NULL if it is outside its segments. */
static struct segment *segment_of(struct process *p, l4_addr_t addr)
{
    for (unsigned i = 0; i < p->nseg; i++) {
        if (addr >= p->seg[i].vaddr && addr < p->seg[i].vaddr + p->seg[i].size) {
            return &p->seg[i];
        }
    }
    return NULL;
}

/* Run \a p in user mode; \a map_page (if not 0) is mapped into its task first. */
static void __attribute__((noreturn)) run(struct process *p, l4_addr_t map_page)
{
    current = p;
    vcpu->r = p->regs;
    vcpu->user_task = p->task;
    vcpu->state = USER_STATE;
    l4_msgtag_t tag = l4_thread_vcpu_resume_start(); /* from here on: no printf (UTCB) */
    if (map_page) {
        struct segment *s = segment_of(p, map_page);
        l4_sndfpage_add(l4_fpage((l4_addr_t)s->mem + (map_page - s->vaddr), L4_PAGESHIFT,
                                 s->rights),
                        map_page, &tag);
    }
    tag = l4_thread_vcpu_resume_commit(self, tag);
    fail("resume", l4_error(tag));
}

/* The next process after \a p that has not exited; the end if there is none. */
static struct process *next_after(struct process *p)
{
    for (unsigned i = 1; i <= NPROC; i++) {
        struct process *q = &procs[(unsigned)(p - procs + i) % NPROC];
        if (!q->exited) {
            return q;
        }
    }
    printf("vcpu-os: all %d processes exited\n", NPROC);
    fflush(stdout);
    exit(0);
}

static void __attribute__((noreturn)) end_process(struct process *p, long code, const char *why)
{
    p->exited = 1;
    printf("vcpu-os: process %u (%s) %s %ld (%u preemptions, %u page faults, %u calls)\n",
           p->pid, p->module, why, code, p->preempted, p->faults, p->calls);
    l4_task_delete_obj(L4RE_THIS_TASK_CAP, p->task);
    run(next_after(p), 0);
}

/* Copy the text a process passed to VOS_WRITE out of its memory. */
static size_t copy_in(struct process *p, l4_addr_t addr, size_t len, char *buf)
{
    size_t i = 0;
    for (; i < len && i < VOS_WRITE_MAX; i++) {
        struct segment *s = segment_of(p, addr + i);
        if (!s) {
            break;
        }
        buf[i] = s->mem[addr + i - s->vaddr];
    }
    buf[i] = '\0';
    return i;
}

static void __attribute__((noreturn)) system_call(struct process *p)
{
    char text[VOS_WRITE_MAX + 1];
    p->calls++;
    switch (p->regs.r[8]) {
    case VOS_WRITE:
        p->regs.r[0] = copy_in(p, p->regs.r[0], p->regs.r[1], text);
        printf("vcpu-os: [%u] %s\n", p->pid, text);
        run(p, 0);
    case VOS_YIELD:
        run(next_after(p), 0);
    case VOS_EXIT:
        end_process(p, (long)p->regs.r[0], "exited with code");
    default:
        end_process(p, (long)p->regs.r[8], "killed: unknown system call");
    }
}

/* The vCPU's entry point (entry_ip): every event, fault and system call. */
static void __attribute__((noreturn)) os_entry(l4_vcpu_state_t *s)
{
    struct process *p = current;
    unsigned long ec = s->r.err >> 26;
    if (!(s->saved_state & L4_VCPU_F_USER_MODE)) {
        fail("entry from kernel mode", (long)s->r.err);
    }
    p->regs = s->r;
    if (l4vcpu_is_irq_entry(s)) {
        if (l4_msgtag_has_error(s->i.tag)) {
            end_process(p, l4_utcb_tcr()->error, "lost its task: IPC error");
        }
        if (s->i.label == TIMER_LABEL) {
            p->preempted++;
            run(next_after(p), 0);
        }
        run(p, 0); /* nothing else is bound to us */
    }
    if (l4vcpu_is_page_fault_entry(s)) {
        p->faults++;
        if (segment_of(p, s->r.pfa)) {
            run(p, s->r.pfa & ~(l4_addr_t)(L4_PAGESIZE - 1));
        }
        end_process(p, (long)s->r.pfa, "killed: page fault outside its memory at");
    }
    if (ec == 0x15) {
        system_call(p);
    }
    end_process(p, (long)ec, "killed: exception class");
}

static void *ticker(void *arg)
{
    (void)arg;
    for (;;) {
        usleep(TICK_US);
        l4_irq_trigger(timer_irq);
    }
    return NULL;
}

int main(void)
{
    l4_addr_t ku;
    pthread_t tick;
    self = l4re_env()->main_thread;
    for (unsigned i = 0; i < NPROC; i++) {
        load(&procs[i]);
    }
    long r = l4re_util_kumem_alloc(&ku, 0, L4RE_THIS_TASK_CAP, l4re_env()->rm);
    if (r < 0) {
        fail("kumem", r);
    }
    vcpu = (l4_vcpu_state_t *)ku;
    r = l4_error(l4_thread_vcpu_control(self, ku));
    if (r < 0 || !l4_vcpu_check_version(vcpu)) {
        fail("vcpu_control", r);
    }
    vcpu->entry_ip = (l4_addr_t)os_entry;
    vcpu->entry_sp = (l4_addr_t)entry_stack + sizeof(entry_stack);
    timer_irq = l4re_util_cap_alloc();
    r = l4_error(l4_factory_create_irq(l4re_env()->factory, timer_irq));
    if (r >= 0) {
        r = l4_error(l4_rcv_ep_bind_thread(timer_irq, self, TIMER_LABEL));
    }
    if (r < 0 || pthread_create(&tick, NULL, ticker, NULL)) {
        fail("timer", r);
    }
    printf("vcpu-os: %d processes loaded, timer every %d us\n", NPROC, TICK_US);
    run(&procs[0], 0);
}
