// SPDX-License-Identifier: MIT
/*
 * The kernel debugger prompt (a small subset of Fiasco's JDB), enabled by the kernel
 * option -jdb. It is entered by enter_kdebug() (kdebug.c) and by ESC on the serial
 * console, which console_poll_input() (console.c) takes from the UART at CPU 0's timer
 * ticks and when it idles; the other keys go on to the kernel log's input. While the prompt is up nothing else runs: the
 * caller holds the only CPU with interrupts masked, and the input is polled. One
 * command a line, answered with plain aligned text that tests read (doc/kernel.md):
 *   t           tasks and their threads (name, state, priority, CPU, what they wait for)
 *   t <thread>  a thread's user registers and last exception (Fiasco's t<thread> view)
 *   bt <thread> its backtrace along the user frame records (Fiasco's bt)
 *   o <task>    the capabilities of a task, by number or name (index, type, rights, name)
 *   p           IPC gates: name, bound thread, senders queued at that thread
 *   i           IRQ objects: name, line, bound thread, label, pending
 *   m           kernel memory per factory quota (limit, used)
 *   graph       the object graph, one line per node and edge, for tools/picture
 *   g           continue
 * A <thread> is a thread's global id (hex, as t shows it) or its debugger name.
 * Tasks are found through the threads (every bound thread names its task) and
 * through the task capabilities those tasks hold; at most JDB_MAX_TASKS are shown.
 */
#include <arch/jdb.h>
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

/* Whether the names \a a and \a b are equal and not empty. */
static bool jdb_streq(const char *a, const char *b)
{
    if (!*a) {
        return false;
    }
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

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

/* The thread \a arg names: its global id in hex, else its debugger name; NULL if none. */
static struct thread *jdb_find_thread(const char *arg)
{
    unsigned long id = 0;
    bool hex = *arg != '\0';
    for (const char *p = arg; *p; p++) {
        unsigned d = (*p >= '0' && *p <= '9') ? (unsigned)(*p - '0')
                     : (*p >= 'a' && *p <= 'f') ? (unsigned)(*p - 'a' + 10) : 16;
        hex = hex && d < 16;
        id = id * 16 + (d & 15);
    }
    for (struct list *n = all_threads.next; hex && n != &all_threads; n = n->next) {
        struct thread *th = CONTAINER_OF(n, struct thread, all_link);
        if (kdebug_global_id(&th->kobj) == id) {
            return th;
        }
    }
    for (struct list *n = all_threads.next; n != &all_threads; n = n->next) {
        struct thread *th = CONTAINER_OF(n, struct thread, all_link);
        if (jdb_streq(kdebug_object_name(&th->kobj), arg)) {
            return th;
        }
    }
    return NULL;
}

/* The user thread \a arg names for command \a cmd, or NULL after saying why not. */
static struct thread *jdb_user_thread(const char *cmd, const char *arg)
{
    if (!*arg) {
        kprintf("jdb: %s needs a thread (global id or name, see t)\n", cmd);
        return NULL;
    }
    struct thread *th = jdb_find_thread(arg);
    if (!th) {
        kprintf("jdb: no thread '%s'\n", arg);
    } else if (!th->task) {
        kprintf("jdb: thread %lx has no task (no user state)\n", kdebug_global_id(&th->kobj));
        th = NULL;
    }
    return th;
}

/* t <thread>: the header line, what the kernel knows of it, then its user registers. */
static void jdb_cmd_thread(const char *arg)
{
    struct thread *th = jdb_user_thread("t", arg);
    if (!th) {
        return;
    }
    kprintf("thread %lx (%s) of task %s: %s, prio %u, cpu %u, ", kdebug_global_id(&th->kobj),
            jdb_obj_name(&th->kobj), th->task->name, jdb_state_name(th), th->prio,
            th->cpu);
    jdb_print_wait(th);
    kprintf("\npager %lx exception handler %lx%s\n", (unsigned long)th->pager,
            (unsigned long)th->exc_handler, th->alien ? " alien" : "");
    arch_jdb_print_regs(th);
}

static void jdb_cmd_backtrace(const char *arg)
{
    struct thread *th = jdb_user_thread("bt", arg);
    if (th) {
        kprintf("backtrace of thread %lx (%s) of task %s\n", kdebug_global_id(&th->kobj),
                jdb_obj_name(&th->kobj), th->task->name);
        arch_jdb_backtrace(th);
    }
}

static void jdb_cmd_tasks(const char *arg)
{
    if (*arg) {
        jdb_cmd_thread(arg);
        return;
    }
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
            kprintf("     thread %-16lx %-8s prio %-3u cpu %-2u ", kdebug_global_id(&th->kobj),
                    jdb_state_name(th), th->prio, th->cpu);
            jdb_print_wait(th);
            const char *n = kdebug_object_name(&th->kobj);
            kprintf(*n ? "  (%s)\n" : "%s\n", n);
        }
    }
}

/* A slot's rights as 8 letters: R W S D, object rights 1-3, u(ncounted); '-' when absent. */
static void jdb_rights(unsigned r, char out[9])
{
    static const struct { unsigned bit; char c; } letters[8] = {
        { L4_CAP_FPAGE_R, 'R' }, { L4_CAP_FPAGE_W, 'W' }, { L4_CAP_FPAGE_S, 'S' },
        { L4_CAP_FPAGE_D, 'D' }, { 0x20, '1' }, { 0x40, '2' }, { 0x80, '3' },
        { CAP_UNCOUNTED, 'u' },
    };
    for (unsigned i = 0; i < 8; i++) {
        out[i] = (r & letters[i].bit) ? letters[i].c : '-';
    }
    out[8] = '\0';
}

static void jdb_print_cap(unsigned long idx, struct cap_slot *s)
{
    char rights[9];
    jdb_rights(s->rights, rights);
    kprintf("%-8lx %-10s %s %-16lx %s\n", idx << L4_CAP_SHIFT, s->obj->type->name, rights,
            kdebug_global_id(s->obj), jdb_obj_name(s->obj));
}

/* The debugger's number of the task \a arg names (its number, else its name), or -1. */
static int jdb_find_task(const char *arg)
{
    unsigned n = 0;
    const char *p = arg;
    for (; *p >= '0' && *p <= '9'; p++) {
        n = n * 10 + (unsigned)(*p - '0');
    }
    if (p != arg && *p == '\0') {
        return n < jdb_ntasks ? (int)n : -1;
    }
    for (unsigned i = 0; i < jdb_ntasks; i++) {
        if (jdb_streq(jdb_tasks[i]->name, arg)) {
            return (int)i;
        }
    }
    return -1;
}

static void jdb_cmd_caps(const char *arg)
{
    if (!*arg) {
        kprintf("jdb: o needs a task (number or name, see t)\n");
        return;
    }
    int n = jdb_find_task(arg);
    if (n < 0) {
        kprintf("jdb: no task '%s'\n", arg);
        return;
    }
    kprintf("capabilities of task %d (%s)\n", n, jdb_tasks[n]->name);
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

/*
 * graph: the object graph for tools/picture/picture.py, between two marker lines. One
 * line per node or edge, fields separated by single spaces, a name always last (it may
 * be empty or hold spaces):
 *   task <task id> <name>
 *   thread <thread id> <task id> <state> <name>
 *   cap <task id> <slot> <object id> <type> <rights> <name>
 *   gate <gate id> <server thread id or -> <name>
 *   irq <irq id> <line> <bound thread id or -> <name>
 */
static struct task *jdb_graph_task;

static void jdb_graph_cap(unsigned long idx, struct cap_slot *s)
{
    char rights[9];
    jdb_rights(s->rights, rights);
    kprintf("cap %lx %lx %lx %s %s %s\n", kdebug_global_id(&jdb_graph_task->kobj),
            idx << L4_CAP_SHIFT, kdebug_global_id(s->obj), s->obj->type->name, rights,
            kdebug_object_name(s->obj));
}

/* The global id of \a th, or "-" for none, as a graph field. */
static void jdb_graph_thread_field(const struct thread *th)
{
    if (th) {
        kprintf(" %lx ", kdebug_global_id(&th->kobj));
    } else {
        kprintf(" - ");
    }
}

static void jdb_cmd_graph(const char *arg)
{
    (void)arg;
    kprintf("jdb-graph begin\n");
    for (unsigned i = 0; i < jdb_ntasks; i++) {
        struct task *t = jdb_tasks[i];
        kprintf("task %lx %s\n", kdebug_global_id(&t->kobj), t->name);
        for (struct list *l = t->threads.next; l != &t->threads; l = l->next) {
            struct thread *th = CONTAINER_OF(l, struct thread, task_link);
            kprintf("thread %lx %lx %s %s\n", kdebug_global_id(&th->kobj),
                    kdebug_global_id(&t->kobj), jdb_state_name(th),
                    kdebug_object_name(&th->kobj));
        }
        jdb_graph_task = t;
        jdb_each_cap(t, jdb_graph_cap);
    }
    jdb_collect_objs(ipc_gate_kobj_type);
    for (unsigned i = 0; i < jdb_nseen; i++) {
        kprintf("gate %lx", kdebug_global_id(jdb_seen[i]));
        jdb_graph_thread_field(ipc_gate_bound_thread(jdb_seen[i]));
        kprintf("%s\n", kdebug_object_name(jdb_seen[i]));
    }
    jdb_collect_objs(&irq_type);
    for (unsigned i = 0; i < jdb_nseen; i++) {
        struct irq *q = (struct irq *)jdb_seen[i];
        kprintf("irq %lx %d", kdebug_global_id(&q->kobj), q->hw);
        jdb_graph_thread_field(q->thread);
        kprintf("%s\n", kdebug_object_name(&q->kobj));
    }
    kprintf("jdb-graph end\n");
}

static void jdb_cmd_help(const char *arg)
{
    (void)arg;
    kprintf("jdb: t tasks, t <thread> registers, bt <thread> backtrace, o <task> capabilities,"
            " p gates, i irqs, m memory, graph, g go\n");
}

struct jdb_cmd {
    const char *name;
    void (*fn)(const char *arg);
};

static const struct jdb_cmd jdb_cmds[] = {
    { "t", jdb_cmd_tasks }, { "bt", jdb_cmd_backtrace }, { "o", jdb_cmd_caps },
    { "p", jdb_cmd_gates }, { "i", jdb_cmd_irqs }, { "m", jdb_cmd_memory },
    { "graph", jdb_cmd_graph }, { "h", jdb_cmd_help }, { "?", jdb_cmd_help },
};

/* The command called \a word, or NULL. */
static const struct jdb_cmd *jdb_find_cmd(const char *word)
{
    for (unsigned i = 0; i < ARRAY_SIZE(jdb_cmds); i++) {
        if (jdb_streq(jdb_cmds[i].name, word)) {
            return &jdb_cmds[i];
        }
    }
    return NULL;
}

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
        char *p = line;
        while (*p == ' ') {
            p++;
        }
        if (*p == '\0') {
            continue;
        }
        unsigned len = 0;
        while (p[len] && p[len] != ' ') {
            len++;
        }
        const char *arg = p + len;
        while (*arg == ' ') {
            arg++;
        }
        p[len] = '\0'; /* the command word alone; arg starts beyond it */
        if (p[0] == 'g' && p[1] == '\0') {
            kprintf("jdb: continuing\n");
            return;
        }
        jdb_collect_tasks();
        const struct jdb_cmd *cmd = jdb_find_cmd(p);
        if (!cmd) {
            kprintf("jdb: unknown command '%s'\n", p);
            jdb_cmd_help("");
        } else {
            cmd->fn(arg);
        }
    }
}
