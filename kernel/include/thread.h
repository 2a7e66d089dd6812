/* SPDX-License-Identifier: MIT */
/*
 * Threads. A thread is one 4 KiB page: struct thread at the bottom, its
 * kernel stack above, and the user register frame at the very top. That is
 * all the kernel memory a thread costs (budget: 4 KiB, doc/kernel.md).
 * The IPC fields describe what a blocked thread waits for; whoever
 * completes the wait writes the results through ipc_out and sets ipc_done.
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <arch/regs.h>
#include "base.h"
#include "kobj.h"
#include "list.h"
#include "timeout.h"
#include "vcpu.h"

struct task;
struct fpu_state;
struct irq;
struct cpu_request;

enum thread_state {
    THREAD_INACTIVE,   /* created, not started: waits for start_needs (THREAD_START_*) */
    THREAD_READY,      /* on a ready queue (includes the running thread) */
    THREAD_BLOCKED,    /* waiting (IPC, sleep); maybe with a timeout */
    THREAD_DEAD,       /* stopped after a fault or killed */
};

/* What a blocked thread waits for (thread->ipc). */
#define IPC_SEND_WAIT 0x1  /* queued on a receiver (send_target) */
#define IPC_RECV_WAIT 0x2  /* waiting to receive (rcv_from, NULL = open) */
#define IPC_CALL 0x4       /* the send is a call: receive the reply afterwards */
#define IPC_GATE_WAIT 0x8  /* waiting for an unbound gate to be bound */

/* The UTCB words a fault IPC borrows for its message and answer (trap.c), kept to give back. */
struct fault_utcb {
    l4_umword_t mr[2];
    l4_umword_t bdr;
    l4_umword_t br[2];
};

struct thread {
    struct kobj kobj;
    struct arch_context ctx;
    union {
        struct {
            uint16_t state;   /* enum thread_state */
            uint16_t cpu;     /* the CPU whose ready queue it belongs to (sched.h) */
        };
        uint32_t state_cpu;   /* both: "blocked on CPU n" is one compare (thread_state_cpu) */
    };
    unsigned prio;
    struct cpu_request *cpu_request; /* waiting for another CPU to run it (smp.c) */
    unsigned quantum_ticks;
    unsigned ticks_left;
    struct list sched_link;
    struct timeout timeout;
    struct task *task;        /* bound task (counted reference), NULL until bound */
    struct task *space_task;  /* whose address space it runs in: task, or a vCPU's user task */
    struct list task_link;    /* in task->threads */
    struct list all_link;     /* in the list of all threads */
    l4_utcb_t *utcb;          /* kernel view */
    uint64_t utcb_user;       /* user address (TPIDRRO_EL0) */
    uint64_t tls;             /* TPIDR_EL0 of the user */
    uint64_t tpidruro;        /* not used: the UTCB pointer is TPIDRRO_EL0 */
    struct fpu_state *fpu;    /* lazily allocated FP/SIMD registers */
    uint64_t consumed_us;
    union {
        struct {
            uint8_t return_work; /* THREAD_RETURN_*: due on the way back to user mode */
            bool kernel_ipc;     /* in an IPC the kernel makes for it (page fault,
                                    exception): ipc_out points into the kernel stack */
        };
        uint16_t frame_blockers; /* either: finishing its IPC is more than writing its frame */
    };
    union {
        struct {
            bool alien;       /* L4_THREAD_CONTROL_ALIEN: every system call is reported */
            bool vcpu_calls;  /* a vCPU: its system calls take the generic path (vcpu.c) */
        };
        uint16_t syscall_divert; /* either one: syscall_entry() skips the fast path */
    };
    bool alien_pass;          /* the handler saw this system call: run it this time */

    /* IPC */
    union {
        struct {
            uint16_t ipc;              /* IPC_* while blocked in IPC */
            bool ipc_done;             /* a partner completed the operation */
            bool timed_out;            /* the last block ended by its timeout */
            uint32_t ipc_wake_error;   /* set by whoever aborts our wait (cancel, partner died) */
        };
        uint64_t ipc_status;           /* all four: one store starts or ends a wait */
    };
    uint64_t *ipc_out;        /* where results go: [0] tag, [1] label */
    struct list senders;      /* threads queued to send to this one */
    struct list send_link;    /* link in a receiver's or gate's queue */
    struct kobj *rcv_from;    /* closed wait partner (thread or irq); NULL = open */
    uint64_t send_label;      /* label delivered with a queued send */
    unsigned send_rights;     /* rights of the capability the send went through */
    uint32_t ipc_timeout;     /* timeout pair of the blocked operation */
    uint64_t send_tag;        /* message tag of a queued send */
    struct thread *caller;    /* implicit reply capability */
    struct list irq_pending;  /* triggered Irq objects bound to this thread */
    l4_cap_idx_t pager;       /* resolved in the thread's task at fault time */
    l4_cap_idx_t exc_handler;
    struct fault_utcb fault_saved; /* during a page-fault or exception IPC */
    uint64_t fault_out[2];    /* a page-fault IPC's answer (tag, label): its ipc_out */
    struct irq *del_irq;      /* triggered when a gate bound to this thread dies */
    unsigned start_needs;     /* THREAD_START_*: what an inactive thread still lacks */
    struct vcpu vcpu;         /* vCPU state (vcpu.h); vcpu.state NULL for ordinary threads */
};

_Static_assert(sizeof(struct thread) <= 1024, "thread control block leaves room for the stack");

/* An ipc_status value: \a ipc (IPC_*), \a done; not timed out, no wake-up error. */
static inline uint64_t thread_ipc_status(unsigned ipc, bool done)
{
    return (uint64_t)ipc | (uint64_t)done << 16;
}
_Static_assert(__builtin_offsetof(struct thread, ipc) ==
                       __builtin_offsetof(struct thread, ipc_status) &&
                   __builtin_offsetof(struct thread, ipc_done) ==
                       __builtin_offsetof(struct thread, ipc_status) + 2,
               "thread_ipc_status() builds the word as the fields lie (little-endian)");

/** The state_cpu value of a thread in \a state on CPU \a cpu. */
static inline uint32_t thread_state_cpu(enum thread_state state, unsigned cpu)
{
    return (uint32_t)state | (uint32_t)cpu << 16;
}

/*
 * thread->start_needs: a thread made by the factory runs once it has both, in
 * either order, as on Fiasco: the registers ex_regs gives it and the CPU and
 * priority the scheduler's run_thread gives it (L4Re's loaders and libpthread
 * call both; PTHREAD_L4_ATTR_NO_START leaves out run_thread until the program
 * wants the thread to run).
 */
#define THREAD_START_REGS 0x1 /* no ex_regs yet */
#define THREAD_START_CPU 0x2  /* no run_thread yet */

/* thread->return_work: done by trap_user_return, beyond preemption. */
#define THREAD_RETURN_EXC_TRIGGER 0x1 /* ex_regs(TRIGGER_EXCEPTION): raise one */
#define THREAD_RETURN_ALIEN_AFTER 0x2 /* report the alien thread's system call just run */
#define THREAD_RETURN_VCPU 0x4        /* a vCPU: events may enter it (vcpu.c); never cleared,
                                         which also keeps it off the IPC fast path */

static inline bool thread_has_return_work(const struct thread *t)
{
    return t->return_work != 0;
}

extern const struct kobj_type thread_type;
/** Every thread from creation to destruction (linked by all_link). */
extern struct list all_threads;

/** Allocate a thread charged to \a quota, not bound to a task; NULL on exhaustion. */
struct thread *thread_create(struct quota *quota);
/** Bind to \a task with the UTCB at user address \a utcb_user (kernel view \a utcb). */
void thread_bind(struct thread *t, struct task *task, uint64_t utcb_user, l4_utcb_t *utcb);
/**
 * An inactive thread got \a what (THREAD_START_*): it becomes ready when that
 * was the last thing it lacked.
 */
void thread_start_got(struct thread *t, unsigned what);
/** Start a user thread at pc/sp. */
void thread_start_user(struct thread *t, uint64_t pc, uint64_t sp, uint64_t x0, uint64_t x1);
/** Block the current thread until woken or until \a deadline_us (0 = never). */
void thread_block_current(uint64_t deadline_us);
/**
 * Block the current thread (until woken or \a deadline_us) and make the blocked
 * thread \a next ready, giving it the CPU directly when its priority allows:
 * the IPC hand-off of a call or reply.
 */
void thread_block_switch(struct thread *next, uint64_t deadline_us);
/** Wake a blocked thread. */
void thread_wake(struct thread *t);
/** Stop a thread for good after a fault (the kernel keeps running). */
void thread_stop(struct thread *t, const char *why);
/** Name of the thread's task for messages. */
const char *thread_name(const struct thread *t);
