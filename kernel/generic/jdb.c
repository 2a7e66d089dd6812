// SPDX-License-Identifier: MIT
/*
 * The kernel debugger prompt (a small subset of Fiasco's JDB), enabled by the kernel
 * option -jdb. It is entered by enter_kdebug() (kdebug.c) and by ESC on the serial
 * console, which console_poll_input() (console.c) takes from the UART at CPU 0's timer
 * ticks and when it idles; the other keys go on to the kernel log's input. While the prompt is up nothing else runs: the
 * caller holds the only CPU with interrupts masked, and the input is polled. One
 * command a line, answered with plain aligned text that tests read (doc/kernel.md):
 *   t      tasks and their threads (name, state, priority, CPU, what they wait for)
 *   o <n>  the capabilities of task n (index, type, rights, name)
 *   p      IPC gates: name, bound thread, senders queued at that thread
 *   i      IRQ objects: name, line, bound thread, label, pending
 *   m      kernel memory per factory quota (limit, used)
 *   g      continue
 * Tasks are found through the threads (every bound thread names its task) and
 * through the task capabilities those tasks hold; at most JDB_MAX_TASKS are shown.
 */
#include <bsp/uart.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include "console.h"
#include "factory.h"
#include "ipc.h"
#include "ipc_gate.h"
#include "irq.h"
#include "jdb.h"
#include "kdebug.h"
#include "obj_space.h"
#include "quota.h"
#include "task.h"
#include "thread.h"

#define JDB_MAX_TASKS 64
#define JDB_LINE 32

bool opt_jdb;

static struct task *jdb_tasks[JDB_MAX_TASKS];
static unsigned jdb_ntasks;

/* The debugger's number of a task (its index in jdb_tasks), adding it if new. */
static int jdb_task_index(struct task *t)
{
    for (unsigned i = 0; i < jdb_ntasks; i++) {
        if (jdb_tasks[i] == t) {
            return (int)i;
        }
    }
    if (jdb_ntasks == JDB_MAX_TASKS) {
        return -1;
    }
    jdb_tasks[jdb_ntasks] = t;
    return (int)jdb_ntasks++;
}

/* Call \a fn for every live capability of \a t. */
static void jdb_each_cap(struct task *t, void (*fn)(unsigned long idx, struct cap_slot *s))
{
    struct cap_slot **dir = t->objs.dir;
    if (!dir) {
        return;
    }
    for (unsigned long p = 0; p < CAP_DIR_ENTRIES; p++) {
        if (!dir[p]) {
            continue;
        }
        for (unsigned long i = 0; i < CAP_SLOTS_PER_PAGE; i++) {
            struct cap_slot *s = &dir[p][i];
            if (s->obj && !s->obj->dead) {
                fn(p * CAP_SLOTS_PER_PAGE + i, s);
            }
        }
    }
}

static void jdb_collect_task_cap(unsigned long idx, struct cap_slot *s)
{
    (void)idx;
    if (s->obj->type == &task_type) {
        jdb_task_index((struct task *)s->obj);
    }
}

/* All tasks: those of the threads, then (transitively) those their capabilities name. */
static void jdb_collect_tasks(void)
{
    jdb_ntasks = 0;
    for (struct list *n = all_threads.next; n != &all_threads; n = n->next) {
        struct thread *th = CONTAINER_OF(n, struct thread, all_link);
        if (th->task && !th->task->kobj.dead) {
            jdb_task_index(th->task);
        }
    }
    for (unsigned i = 0; i < jdb_ntasks; i++) {
        jdb_each_cap(jdb_tasks[i], jdb_collect_task_cap);
    }
}

static const char *jdb_state_name(const struct thread *th)
{
    static const char *const names[] = {
        [THREAD_INACTIVE] = "inactive",
        [THREAD_READY] = "ready",
        [THREAD_BLOCKED] = "blocked",
        [THREAD_DEAD] = "dead",
    };
    return th->state < ARRAY_SIZE(names) ? names[th->state] : "?";
}

/* What a blocked thread waits for, as a few words. */
static void jdb_print_wait(const struct thread *th)
{
    if (th->state != THREAD_BLOCKED) {
        kprintf("-");
    } else if (th->ipc & IPC_GATE_WAIT) {
        kprintf("send to an unbound gate");
    } else if (th->ipc & IPC_SEND_WAIT) {
        kprintf("send%s", (th->ipc & IPC_CALL) ? " (call)" : "");
    } else if (th->ipc & IPC_RECV_WAIT) {
        if (th->rcv_from) {
            kprintf("receive from %lx", kdebug_global_id(th->rcv_from));
        } else {
            kprintf("receive from anyone");
        }
    } else {
        kprintf("sleep");
    }
}

static void jdb_cmd_tasks(const char *arg)
{
    (void)arg;
    kprintf("task id               name                    threads\n");
    for (unsigned i = 0; i < jdb_ntasks; i++) {
        struct task *t = jdb_tasks[i];
        unsigned n = 0;
        for (struct list *l = t->threads.next; l != &t->threads; l = l->next) {
            n++;
        }
        kprintf("%-4u %-16lx %-23s %u\n", i, kdebug_global_id(&t->kobj), t->name, n);
        for (struct list *l = t->threads.next; l != &t->threads; l = l->next) {
            struct thread *th = CONTAINER_OF(l, struct thread, task_link);
            kprintf("     thread %-16lx %-8s prio %-3u cpu 0  ", kdebug_global_id(&th->kobj),
                    jdb_state_name(th), th->prio);
            jdb_print_wait(th);
            const char *n = kdebug_object_name(&th->kobj);
            kprintf(*n ? "  (%s)\n" : "%s\n", n);
        }
    }
}

/* The name listings show for an object: its debugger name; an unnamed thread its task's. */
static const char *jdb_obj_name(const struct kobj *o)
{
    const char *n = kdebug_object_name(o);
    if (!*n && o->type == &thread_type) {
        const struct thread *th = (const struct thread *)o;
        return th->task ? th->task->name : "";
    }
    return n;
}

static void jdb_print_cap(unsigned long idx, struct cap_slot *s)
{
    unsigned r = s->rights;
    char rights[9] = {
        (r & L4_CAP_FPAGE_R) ? 'R' : '-', (r & L4_CAP_FPAGE_W) ? 'W' : '-',
        (r & L4_CAP_FPAGE_S) ? 'S' : '-', (r & L4_CAP_FPAGE_D) ? 'D' : '-',
        (r & 0x20) ? '1' : '-', (r & 0x40) ? '2' : '-', (r & 0x80) ? '3' : '-',
        (r & CAP_UNCOUNTED) ? 'u' : '-', '\0',
    };
    kprintf("%-8lx %-10s %s %-16lx %s\n", idx << L4_CAP_SHIFT, s->obj->type->name, rights,
            kdebug_global_id(s->obj), jdb_obj_name(s->obj));
}

static void jdb_cmd_caps(const char *arg)
{
    unsigned n = 0;
    if (*arg < '0' || *arg > '9') {
        kprintf("jdb: o needs a task number (see t)\n");
        return;
    }
    for (; *arg >= '0' && *arg <= '9'; arg++) {
        n = n * 10 + (unsigned)(*arg - '0');
    }
    if (n >= jdb_ntasks) {
        kprintf("jdb: no task %u\n", n);
        return;
    }
    kprintf("capabilities of task %u (%s)\n", n, jdb_tasks[n]->name);
    kprintf("cap      type       rights   id               name\n");
    jdb_each_cap(jdb_tasks[n], jdb_print_cap);
}

/* Objects of one type, each once, over all tasks' capabilities. */
static const struct kobj_type *jdb_want;
static struct kobj *jdb_seen[JDB_MAX_TASKS * 4];
static unsigned jdb_nseen;

static void jdb_collect_obj(unsigned long idx, struct cap_slot *s)
{
    (void)idx;
    if (s->obj->type != jdb_want) {
        return;
    }
    for (unsigned i = 0; i < jdb_nseen; i++) {
        if (jdb_seen[i] == s->obj) {
            return;
        }
    }
    if (jdb_nseen < ARRAY_SIZE(jdb_seen)) {
        jdb_seen[jdb_nseen++] = s->obj;
    }
}

static void jdb_collect_objs(const struct kobj_type *type)
{
    jdb_want = type;
    jdb_nseen = 0;
    for (unsigned i = 0; i < jdb_ntasks; i++) {
        jdb_each_cap(jdb_tasks[i], jdb_collect_obj);
    }
}

static void jdb_cmd_gates(const char *arg)
{
    (void)arg;
    jdb_collect_objs(ipc_gate_kobj_type);
    kprintf("gate id           name             thread           task                    "
            "senders\n");
    for (unsigned i = 0; i < jdb_nseen; i++) {
        struct thread *th = ipc_gate_bound_thread(jdb_seen[i]);
        kprintf("%-16lx %-16s ", kdebug_global_id(jdb_seen[i]), kdebug_object_name(jdb_seen[i]));
        if (!th) {
            kprintf("%-16s %-23s -\n", "unbound", "-");
            continue;
        }
        kprintf("%-16lx %-23s", kdebug_global_id(&th->kobj), th->task ? th->task->name : "");
        unsigned n = 0;
        for (struct list *l = th->senders.next; l != &th->senders; l = l->next) {
            struct thread *s = CONTAINER_OF(l, struct thread, send_link);
            kprintf(" %lx(%s)", kdebug_global_id(&s->kobj), s->task ? s->task->name : "");
            n++;
        }
        kprintf(n ? "\n" : " -\n");
    }
}

static void jdb_cmd_irqs(const char *arg)
{
    (void)arg;
    jdb_collect_objs(&irq_type);
    kprintf("irq id           name             line thread           label            "
            "pending\n");
    for (unsigned i = 0; i < jdb_nseen; i++) {
        struct irq *q = (struct irq *)jdb_seen[i];
        kprintf("%-16lx %-16s %-4d ", kdebug_global_id(&q->kobj), kdebug_object_name(&q->kobj),
                q->hw);
        if (q->thread) {
            kprintf("%-16lx ", kdebug_global_id(&q->thread->kobj));
        } else {
            kprintf("%-16s ", "unbound");
        }
        kprintf("%-16lx %s\n", (unsigned long)q->label, q->pending ? "yes" : "no");
    }
}

static void jdb_cmd_memory(const char *arg)
{
    (void)arg;
    jdb_collect_objs(&factory_type);
    kprintf("quota            limit      used\n");
    kprintf("%-16s %-10lu %lu\n", "root", (unsigned long)root_quota.limit,
            (unsigned long)root_quota.used);
    for (unsigned i = 0; i < jdb_nseen; i++) {
        struct quota *q = ((struct factory *)jdb_seen[i])->own;
        if (q == &root_quota) {
            continue;
        }
        kprintf("%-16lx %-10lu %lu\n", kdebug_global_id(jdb_seen[i]), (unsigned long)q->limit,
                (unsigned long)q->used);
    }
}

static void jdb_cmd_help(const char *arg)
{
    (void)arg;
    kprintf("jdb: t tasks, o <n> capabilities, p gates, i irqs, m memory, g go\n");
}

struct jdb_cmd {
    char key;
    void (*fn)(const char *arg);
};

static const struct jdb_cmd jdb_cmds[] = {
    { 't', jdb_cmd_tasks }, { 'o', jdb_cmd_caps }, { 'p', jdb_cmd_gates },
    { 'i', jdb_cmd_irqs }, { 'm', jdb_cmd_memory }, { 'h', jdb_cmd_help },
    { '?', jdb_cmd_help },
};

/* Read one line with echo; backspace edits. */
static void jdb_read_line(char *buf, unsigned size)
{
    unsigned n = 0;
    for (;;) {
        int c = bsp_uart_getc();
        if (c < 0) {
            continue;
        }
        if (c == '\r' || c == '\n') {
            console_putc('\n');
            break;
        }
        if ((c == 0x7f || c == '\b') && n > 0) {
            n--;
            console_write("\b \b", 3);
        } else if (c >= ' ' && c < 0x7f && n + 1 < size) {
            buf[n++] = (char)c;
            console_putc_raw((char)c);
        }
    }
    buf[n] = '\0';
}

void jdb_enter(const char *why)
{
    char line[JDB_LINE];

    if (!console_at_line_start()) {
        console_putc('\n'); /* a program's line may be half written: ours starts afresh */
    }
    kprintf("jdb: stopped: %s\n", why);
    jdb_cmd_help("");
    for (;;) {
        kprintf("jdb> ");
        jdb_read_line(line, sizeof(line));
        const char *p = line;
        while (*p == ' ') {
            p++;
        }
        if (*p == '\0') {
            continue;
        }
        if (*p == 'g') {
            kprintf("jdb: continuing\n");
            return;
        }
        const char *arg = p + 1;
        while (*arg == ' ') {
            arg++;
        }
        jdb_collect_tasks();
        unsigned i = 0;
        while (i < ARRAY_SIZE(jdb_cmds) && jdb_cmds[i].key != *p) {
            i++;
        }
        if (i == ARRAY_SIZE(jdb_cmds)) {
            kprintf("jdb: unknown command '%c'\n", *p);
            jdb_cmd_help("");
        } else {
            jdb_cmds[i].fn(arg);
        }
    }
}
