/* SPDX-License-Identifier: MIT */
/*
 * Internal interface of the uClibc-ng system-call backend. entry.S saves the
 * registers the call sites expect preserved and calls be_dispatch(), which
 * looks the Linux call number up in a table (dispatch.c) and calls one
 * handler of the families below, one file each. Handlers return the Linux
 * result: a value >= 0, or -errno. Programs may have threads (thread.c): the
 * handlers of families with static state run under be_serial_lock (the
 * dispatcher takes it); thread, futex, sleep and signal calls do their own
 * locking, so that a blocked thread never holds the serial lock. Each thread
 * uses its own UTCB.
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/kip.h>
#include <l4/re/env.h>
#include <l4/sys/utcb.h>
#include <l4/sys/scheduler.h>
#include <l4/re/consts.h>

/* Everything below is this static program's own: no GOT entry, a direct address. */
#pragma GCC visibility push(hidden)

/* A relaxed load of a shared word, one ldr with an offset (GCC's relaxed __atomic_load_n
 * computes the address into a register first, an instruction more on the futex path). */
#define BE_READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))

/* A handler: six raw argument registers in, the Linux result out. */
typedef long (*be_handler_t)(long a0, long a1, long a2, long a3, long a4, long a5);

long be_dispatch(long a0, long a1, long a2, long a3, long a4, long a5, long nr);

/* env.c: the environment of this program, found once in the aux vector. */
l4re_env_t *be_env(void);
l4_kernel_info_t const *be_kip(void);
l4_cap_idx_t be_names_cap(void);

/* file.c: descriptors >= 3 (read-only rom files). */
int be_file_valid(int fd);
long be_file_read(int fd, void *buf, unsigned long n);

/* mem.c: a fresh anonymous dataspace of size bytes, and giving one back. */
long be_ds_new(unsigned long size, l4_cap_idx_t *ds);
void be_ds_free(l4_cap_idx_t ds);

/* lock.c: a lock that blocks (in the waiter's wake-up Irq) only when contended. */
#define BE_THREADS 256              /* thread records (slots), one UTCB each */
#define BE_WORD_BITS 64
struct be_lock {
    int taken;
    int nwaiting;               /* bits set in waiters: one word for the release to check */
    unsigned long waiters[BE_THREADS / BE_WORD_BITS];  /* bit n: the thread of slot n waits */
};
extern struct be_lock be_serial_lock;   /* state of the non-thread families */
extern struct be_lock be_threads_lock;  /* thread table and futex queue */
void be_lock_contended(struct be_lock *l);
void be_unlock_wake(struct be_lock *l);

/* Inline: a free lock is one compare-and-swap, a release without waiters a store and
 * a load (sequentially consistent against a taker's count-then-recheck, lock.c). */
static inline void be_lock(struct be_lock *l)
{
    int free = 0;

    if (!__atomic_compare_exchange_n(&l->taken, &free, 1, 0, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED)) {
        be_lock_contended(l);
    }
}

static inline void be_unlock(struct be_lock *l)
{
    __atomic_store_n(&l->taken, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&l->nwaiting, __ATOMIC_SEQ_CST)) {
        be_unlock_wake(l);
    }
}

/* thread.c: one record per UTCB slot of the task: slots 0..63 are the UTCBs of the
 * task's UTCB area, each further 64 those of an area added when the slots ran out. */
#define BE_UTCB_CHUNK 64            /* slots per UTCB area */
enum be_thread_state { BE_T_FREE, BE_T_STARTING, BE_T_RUNNING, BE_T_ZOMBIE };
struct be_thread {
    int state;                  /* enum be_thread_state */
    int tid;
    l4_cap_idx_t cap;           /* the kernel thread */
    l4_cap_idx_t irq;           /* wakes it from a lock or futex wait, bound to it */
    int *clear_tid;             /* CLONE_CHILD_CLEARTID / set_tid_address word */
    int policy, prio;           /* POSIX scheduling (sched.c) */
    unsigned rank;              /* be_l4_prio above the main thread's: the futex queue's order */
    struct be_thread *next;     /* futex queue */
    int *wait_addr;
    unsigned *wait_bucket;      /* futex.c's count of waiters that wait_addr is in */
    unsigned wait_bitset;
    int waiting;                /* queued in the futex queue */
    unsigned long pending;      /* signals waiting for delivery, bit n-1 = signal n */
    unsigned long sigmask;      /* blocked signals, same bits */
    unsigned next_flags;        /* create_flags and affinity of the attributes of */
    l4_sched_cpu_set_t next_affinity;   /* this thread's next pthread_create */
    int held;                   /* made with PTHREAD_L4_ATTR_NO_START, not run yet */
    l4_sched_param_t run_param; /* how pthread_l4_start runs it */
};
extern struct be_thread be_threads[BE_THREADS];
struct be_thread *be_self_setup(void);

/* The calling thread's record: thread.c keeps it in the first user word of each
 * thread's UTCB (the main thread's is written on its first call). */
static inline struct be_thread *be_self(void)
{
    struct be_thread *t = (struct be_thread *)l4_utcb_tcr()->user[0];

    return t ? t : be_self_setup();
}
l4_utcb_t *be_thread_utcb(struct be_thread *t);
struct be_thread *be_thread_by_tid(long tid);
extern int be_threaded;         /* a second thread was created once */

/* Relaxed: only the main thread, before its first clone, can read 0, and it wrote the
 * flag itself; every other thread was started after the flag was set. */
static inline int be_is_threaded(void)
{
    return BE_READ_ONCE(be_threaded);
}
void be_thread_entry(void);
void be_thread_begins(void);
L4_NORETURN void be_call_on_stack(void *top, void (*fn)(void *, long), void *a, long b);
/* Called by uClibc-ng's NPTL (pkg/uclibc-ng/patches/0003): attributes of the next
 * clone, and pthread_l4_start's check (go 0) and run (go 1) of a held thread. */
union pthread_attr_t;
void __pthread_l4_create_attr(union pthread_attr_t const *a);
int __pthread_l4_run(int tid, int go);
/* sched.c: the L4 priority of a POSIX policy and priority: SCHED_FIFO and SCHED_RR
 * priority p runs p above the main thread, the other policies at its priority. */
#define BE_SCHED_FIFO 1
#define BE_SCHED_RR   2
static inline unsigned be_l4_prio(int policy, int prio)
{
    return L4RE_MAIN_THREAD_PRIO + (policy == BE_SCHED_FIFO || policy == BE_SCHED_RR
                                        ? (unsigned)prio : 0U);
}
void be_futex_wake_all(int *addr);                          /* futex.c */
/* signal.c: a signal waits for t that t does not block. Relaxed: the delivery takes
 * the bit with an acquiring swap before it reads anything the sender wrote. */
static inline int be_signal_pending(struct be_thread *t)
{
    return (BE_READ_ONCE(t->pending) & ~t->sigmask) != 0;
}
extern l4_uint64_t be_alarm_at;         /* signal.c: KIP clock of the alarm, 0: none */

/* When the alarm is due (KIP clock), ~0 if none is set. */
static inline l4_uint64_t be_alarm_next(void)
{
    l4_uint64_t at = __atomic_load_n(&be_alarm_at, __ATOMIC_ACQUIRE);

    return at ? at : ~0ULL;
}
int be_alarm_claim(struct be_thread *t, l4_uint64_t now);
long be_block_until(struct be_thread *self, l4_uint64_t end);   /* time.c */
void be_signal_deliver_pending(struct be_thread *t);

/* proc.c: end the program through the parent; never returns. */
#define BE_PID 1                /* the process and thread id of every program */
L4_NORETURN void be_exit(int code);

/* time.c: the KIP clock in microseconds, and sleeping until it reaches end. */
l4_uint64_t be_now_us(void);
void be_sleep_until(l4_uint64_t end);

/* Handlers, by family (file names in parentheses). */
long be_write(long, long, long, long, long, long);          /* console.c */
long be_writev(long, long, long, long, long, long);
long be_read(long, long, long, long, long, long);
long be_readv(long, long, long, long, long, long);
long be_ioctl(long, long, long, long, long, long);
long be_brk(long, long, long, long, long, long);            /* brk.c */
long be_mmap(long, long, long, long, long, long);           /* mmap.c */
long be_munmap(long, long, long, long, long, long);
long be_mremap(long, long, long, long, long, long);
long be_mprotect(long, long, long, long, long, long);
long be_madvise(long, long, long, long, long, long);
long be_openat(long, long, long, long, long, long);         /* file.c */
long be_close(long, long, long, long, long, long);
long be_lseek(long, long, long, long, long, long);
long be_fstat(long, long, long, long, long, long);
long be_fstatat(long, long, long, long, long, long);
long be_fcntl(long, long, long, long, long, long);
long be_pread(long, long, long, long, long, long);
long be_clock_gettime(long, long, long, long, long, long);  /* time.c */
long be_clock_getres(long, long, long, long, long, long);
long be_gettimeofday(long, long, long, long, long, long);
long be_nanosleep(long, long, long, long, long, long);
long be_clock_nanosleep(long, long, long, long, long, long);
long be_times(long, long, long, long, long, long);
long be_pselect(long, long, long, long, long, long);
long be_exit_call(long, long, long, long, long, long);      /* proc.c */
long be_getrlimit(long, long, long, long, long, long);
long be_prlimit(long, long, long, long, long, long);
long be_clone(long, long, long, long, long, long);          /* thread.c */
long be_exit_thread(long, long, long, long, long, long);
long be_gettid(long, long, long, long, long, long);
long be_futex(long, long, long, long, long, long);          /* futex.c */
/* NPTL's futex calls, C functions (pkg/uclibc-ng/patches/0004). */
long __futex_wait(int *addr, int val);
long __futex_wake(int *addr, int n);
long __futex_wake_unlock(int *addr, int n, int n2, int *addr2);
long __futex_backend(int *addr, int op, int val, long ts_or_val2, int *addr2, int val3);
void be_call_handler(unsigned long handler, long sig, void *info);  /* entry.S */
long be_sched_setscheduler(long, long, long, long, long, long); /* sched.c */
long be_sched_setparam(long, long, long, long, long, long);
long be_sched_getscheduler(long, long, long, long, long, long);
long be_sched_getparam(long, long, long, long, long, long);
long be_sched_get_priority_max(long, long, long, long, long, long);
long be_sched_get_priority_min(long, long, long, long, long, long);
long be_sched_setaffinity(long, long, long, long, long, long);
long be_sched_getaffinity(long, long, long, long, long, long);
long be_getpid(long, long, long, long, long, long);
long be_getid(long, long, long, long, long, long);
long be_sched_yield(long, long, long, long, long, long);
long be_set_tid_address(long, long, long, long, long, long);
long be_kill(long, long, long, long, long, long);           /* signal.c */
long be_tkill(long, long, long, long, long, long);
long be_tgkill(long, long, long, long, long, long);
long be_sigaction(long, long, long, long, long, long);
long be_sigprocmask(long, long, long, long, long, long);
long be_sigsuspend(long, long, long, long, long, long);
long be_sigpending(long, long, long, long, long, long);
long be_setitimer(long, long, long, long, long, long);
long be_getitimer(long, long, long, long, long, long);

#pragma GCC visibility pop
