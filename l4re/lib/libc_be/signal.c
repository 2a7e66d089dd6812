/* SPDX-License-Identifier: MIT */
/*
 * Signals, as far as one thread without a kernel signal mechanism can have
 * them: a signal a program sends itself (raise(), abort()'s SIGABRT) is
 * delivered at once by calling its handler, or by the default action --
 * ignore, or end the program with exit code 128 + signal (134 for SIGABRT),
 * as a fatal signal does on Linux. The one signal source is the ITIMER_REAL
 * alarm: rt_sigsuspend (pause(), and uClibc's sleep(), which is alarm plus
 * sigsuspend here) sleeps until the alarm is due, delivers SIGALRM and
 * returns EINTR; a thread blocked in a futex wait or a sleep when the alarm
 * is due claims it there (time.c) and runs its handler like a signal from
 * another thread, so alarm() also ends a wait that would hang. Signal masks are accepted and not used.
 * A signal for another thread of the program (tgkill, pthread_kill,
 * pthread_cancel's SIGCANCEL) is marked pending in that thread's record and
 * wakes it if it waits in a futex (futex.c) or sleeps (time.c), which then
 * runs the handler before it returns EINTR; any other backend call delivers
 * pending signals on its way out (dispatch.c), as Linux does on the way out
 * of a system call. A thread that computes without calling the system sees
 * them only then: there is no asynchronous interruption (doc/runtime.md).
 * kill() picks a thread that does not block the signal, the caller first.
 */
#include <errno.h>
#include <signal.h>
#include <l4/sys/irq.h>

#include "be.h"

#define BE_NSIG       65
#define BE_SIG_DFL    0UL
#define BE_SIG_IGN    1UL
#define BE_SA_RESETHAND 0x80000000UL
#define BE_ITIMER_REAL 0

/* The kernel's struct sigaction on arm64, with a 64-bit mask. */
struct be_ksigaction {
    unsigned long handler;
    unsigned long flags;
    unsigned long restorer;
    unsigned long mask;
};

/* struct itimerval: interval, then value, each a timeval. */
struct be_itimerval {
    long interval_sec, interval_usec;
    long value_sec, value_usec;
};

static struct be_ksigaction be_actions[BE_NSIG];
l4_uint64_t be_alarm_at;                /* KIP clock of the alarm, 0: none */
static l4_uint64_t be_alarm_interval;

/* Signals whose default action is to ignore them. */
static int be_sig_ignored_by_default(long sig)
{
    return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

/* The start of the Linux siginfo_t (128 bytes) for a signal sent by kill or tkill. */
struct be_siginfo {
    int signo, err, code, pad;
    int pid, uid;
    long rest[13];
};

#define BE_SI_USER  0
#define BE_SI_TKILL (-6)

#define BE_SA_NODEFER 0x40000000UL
#define BE_SIG_BIT(sig) (1UL << ((sig) - 1))
#define BE_UNBLOCKABLE (BE_SIG_BIT(SIGKILL) | BE_SIG_BIT(SIGSTOP))

/* Run sig's action in the calling thread now (the signal is not blocked). */
static long be_run_action(long sig, int code)
{
    struct be_siginfo info = { .signo = (int)sig, .code = code, .pid = BE_PID };
    struct be_thread *self = be_self();
    struct be_ksigaction *a;
    unsigned long handler, old_mask;

    a = &be_actions[sig];
    handler = a->handler;
    if (handler == BE_SIG_IGN || (handler == BE_SIG_DFL && be_sig_ignored_by_default(sig))) {
        return 0;
    }
    if (handler == BE_SIG_DFL || sig == SIGKILL || sig == SIGSTOP) {
        be_exit(128 + (int)sig);
    }
    if (a->flags & BE_SA_RESETHAND) {
        a->handler = BE_SIG_DFL;
    }
    /* During the handler its mask and (without SA_NODEFER) the signal are blocked. */
    old_mask = self->sigmask;
    self->sigmask |= (a->mask | ((a->flags & BE_SA_NODEFER) ? 0 : BE_SIG_BIT(sig))) &
                     ~BE_UNBLOCKABLE;
    /* SA_SIGINFO handlers get the sender's siginfo and no context (NULL); the FP
     * registers, FPSR and FPCR are kept around it (entry.S), whichever way the call
     * came (NPTL's futex calls are plain C calls of futex.c, without entry.S's frame). */
    be_call_handler(handler, sig, &info);
    self->sigmask = old_mask;
    return 0;
}

/* A signal for the calling thread: its action now, or pending while blocked. */
static long be_deliver(long sig, int code)
{
    struct be_thread *self = be_self();

    if (sig < 0 || sig >= BE_NSIG) {
        return -EINVAL;
    }
    if (sig == 0) {
        return 0;
    }
    if (self->sigmask & BE_SIG_BIT(sig)) {
        __atomic_or_fetch(&self->pending, BE_SIG_BIT(sig), __ATOMIC_RELEASE);
        return 0;
    }
    return be_run_action(sig, code);
}

/* A process-directed signal goes to a thread that does not block it, the caller first. */
static struct be_thread *be_kill_target(long sig)
{
    struct be_thread *self = be_self();
    unsigned s;

    if (!(self->sigmask & BE_SIG_BIT(sig)) || !be_is_threaded()) {
        return self;
    }
    for (s = 0; s < BE_THREADS; ++s) {
        struct be_thread *t = &be_threads[s];

        if (t->state == BE_T_RUNNING && !(t->sigmask & BE_SIG_BIT(sig))) {
            return t;
        }
    }
    return self;                /* blocked everywhere: pending on the caller */
}

long be_kill(long pid, long sig, long a2, long a3, long a4, long a5)
{
    struct be_thread *t;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (pid != BE_PID && pid != 0 && pid != -1 && pid != -BE_PID) {
        return -ESRCH;
    }
    if (sig <= 0 || sig >= BE_NSIG) {
        return sig == 0 ? 0 : -EINVAL;
    }
    t = be_kill_target(sig);
    if (t == be_self()) {
        return be_deliver(sig, BE_SI_USER);
    }
    __atomic_or_fetch(&t->pending, BE_SIG_BIT(sig), __ATOMIC_RELEASE);
    l4_irq_trigger(t->irq);
    return 0;
}

/* Signal sig for thread tid: delivered now to the caller itself, else marked pending. */
static long be_thread_kill(long tid, long sig)
{
    struct be_thread *t;

    if (sig < 0 || sig >= BE_NSIG) {
        return -EINVAL;
    }
    if (tid == be_self()->tid) {
        return be_deliver(sig, BE_SI_TKILL);
    }
    t = be_thread_by_tid(tid);
    if (!t) {
        return -ESRCH;
    }
    if (sig == 0) {
        return 0;
    }
    be_lock(&be_threads_lock);
    __atomic_or_fetch(&t->pending, 1UL << (sig - 1), __ATOMIC_RELEASE);
    l4_irq_trigger(t->irq);     /* ends a futex wait or a sleep with EINTR */
    be_unlock(&be_threads_lock);
    return 0;
}

void be_signal_deliver_pending(struct be_thread *t)
{
    long sig;

    for (sig = 1; sig < BE_NSIG; ++sig) {
        unsigned long bit = BE_SIG_BIT(sig);

        if ((t->pending & bit) && !(t->sigmask & bit)) {
            __atomic_and_fetch(&t->pending, ~bit, __ATOMIC_ACQ_REL);
            be_run_action(sig, BE_SI_TKILL);
        }
    }
}

long be_tkill(long tid, long sig, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    return be_thread_kill(tid, sig);
}

long be_tgkill(long tgid, long tid, long sig, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    return tgid == BE_PID ? be_thread_kill(tid, sig) : -ESRCH;
}

int be_alarm_claim(struct be_thread *t, l4_uint64_t now)
{
    l4_uint64_t at = __atomic_load_n(&be_alarm_at, __ATOMIC_ACQUIRE);

    if (!at || now < at) {
        return 0;
    }
    /* Several threads may see it due; the one whose swap succeeds delivers it. */
    if (!__atomic_compare_exchange_n(&be_alarm_at, &at,
                                     be_alarm_interval ? at + be_alarm_interval : 0, 0,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    __atomic_or_fetch(&t->pending, 1UL << (SIGALRM - 1), __ATOMIC_RELEASE);
    return 1;
}

long be_sigaction(long sig, long act_arg, long oact_arg, long a3, long a4, long a5)
{
    struct be_ksigaction const *act = (struct be_ksigaction const *)act_arg;
    struct be_ksigaction *oact = (struct be_ksigaction *)oact_arg;

    (void)a3, (void)a4, (void)a5;
    if (sig <= 0 || sig >= BE_NSIG || (act && (sig == SIGKILL || sig == SIGSTOP))) {
        return -EINVAL;
    }
    if (oact) {
        *oact = be_actions[sig];
    }
    if (act) {
        be_actions[sig] = *act;
    }
    return 0;
}

/* rt_sigprocmask: the calling thread's mask (SIG_BLOCK 0, SIG_UNBLOCK 1, SIG_SETMASK 2). */
long be_sigprocmask(long how, long set, long oset, long size, long a4, long a5)
{
    struct be_thread *self = be_self();
    unsigned long old = self->sigmask, want;

    (void)a4, (void)a5;
    if (size != sizeof(unsigned long)) {
        return -EINVAL;
    }
    if (set) {
        want = *(unsigned long const *)set;
        if (how == SIG_BLOCK) {
            want |= old;
        } else if (how == SIG_UNBLOCK) {
            want = old & ~want;
        } else if (how != SIG_SETMASK) {
            return -EINVAL;
        }
        self->sigmask = want & ~BE_UNBLOCKABLE;
    }
    if (oset) {
        *(unsigned long *)oset = old;
    }
    if (be_signal_pending(self)) {
        be_signal_deliver_pending(self);    /* what was just unblocked */
    }
    return 0;
}

long be_sigpending(long set, long size, long a2, long a3, long a4, long a5)
{
    struct be_thread *self = be_self();

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (size != sizeof(unsigned long)) {
        return -EINVAL;
    }
    *(unsigned long *)set = __atomic_load_n(&self->pending, __ATOMIC_ACQUIRE) & self->sigmask;
    return 0;
}

/* rt_sigsuspend: wait with the given mask until a signal's handler ran; EINTR. */
long be_sigsuspend(long mask, long size, long a2, long a3, long a4, long a5)
{
    struct be_thread *self = be_self();
    unsigned long old = self->sigmask;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (size != sizeof(unsigned long)) {
        return -EINVAL;
    }
    self->sigmask = *(unsigned long const *)mask & ~BE_UNBLOCKABLE;
    while (be_block_until(self, ~0ULL) != -EINTR) {
    }
    be_signal_deliver_pending(self);
    self->sigmask = old;
    return -EINTR;
}

static void be_us_to_tv(l4_uint64_t us, long *sec, long *usec)
{
    *sec = (long)(us / 1000000U);
    *usec = (long)(us % 1000000U);
}

long be_getitimer(long which, long cur_arg, long a2, long a3, long a4, long a5)
{
    struct be_itimerval *cur = (struct be_itimerval *)cur_arg;
    l4_uint64_t now = be_now_us();
    l4_uint64_t left = 0;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (which != BE_ITIMER_REAL) {
        return -EINVAL;
    }
    if (be_alarm_at) {
        left = be_alarm_at > now ? be_alarm_at - now : 1;
    }
    be_us_to_tv(be_alarm_interval, &cur->interval_sec, &cur->interval_usec);
    be_us_to_tv(left, &cur->value_sec, &cur->value_usec);
    return 0;
}

long be_setitimer(long which, long new_arg, long old_arg, long a3, long a4, long a5)
{
    struct be_itimerval const *nv = (struct be_itimerval const *)new_arg;
    l4_uint64_t value;

    (void)a3, (void)a4, (void)a5;
    if (which != BE_ITIMER_REAL) {
        return -EINVAL;
    }
    if (nv->value_sec < 0 || nv->value_usec < 0 || nv->value_usec >= 1000000 ||
        nv->interval_sec < 0 || nv->interval_usec < 0 || nv->interval_usec >= 1000000) {
        return -EINVAL;
    }
    if (old_arg) {
        be_getitimer(which, old_arg, 0, 0, 0, 0);
    }
    value = (l4_uint64_t)nv->value_sec * 1000000U + (l4_uint64_t)nv->value_usec;
    be_alarm_at = value ? be_now_us() + value : 0;
    be_alarm_interval = (l4_uint64_t)nv->interval_sec * 1000000U +
                        (l4_uint64_t)nv->interval_usec;
    return 0;
}
