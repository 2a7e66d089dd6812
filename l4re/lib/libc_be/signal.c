/* SPDX-License-Identifier: MIT */
/*
 * Signals, as far as one thread without a kernel signal mechanism can have
 * them: a signal a program sends itself (raise(), abort()'s SIGABRT) is
 * delivered at once by calling its handler, or by the default action --
 * ignore, or end the program with exit code 128 + signal (134 for SIGABRT),
 * as a fatal signal does on Linux. The one signal source is the ITIMER_REAL
 * alarm: rt_sigsuspend (pause(), and uClibc's sleep(), which is alarm plus
 * sigsuspend here) sleeps until the alarm is due, delivers SIGALRM and
 * returns EINTR. Signal masks are accepted and not used.
 * A signal for another thread of the program (tgkill, pthread_kill,
 * pthread_cancel's SIGCANCEL) is marked pending in that thread's record and
 * wakes it if it waits in a futex (futex.c), which then runs the handler
 * before it returns EINTR, as Linux delivers a signal on the way out of a
 * system call. A thread that never enters the backend sees it at its next
 * futex wait: there is no asynchronous interruption (doc/libc.md).
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
static l4_uint64_t be_alarm_at;         /* KIP clock of the alarm, 0: none */
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

static long be_deliver(long sig, int code)
{
    struct be_siginfo info = { .signo = (int)sig, .code = code, .pid = BE_PID };
    struct be_ksigaction *a;
    unsigned long handler;

    if (sig < 0 || sig >= BE_NSIG) {
        return -EINVAL;
    }
    if (sig == 0) {
        return 0;
    }
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
    /* SA_SIGINFO handlers get the sender's siginfo and no context (NULL). */
    ((void (*)(int, void *, void *))handler)((int)sig, &info, 0);
    return 0;
}

long be_kill(long pid, long sig, long a2, long a3, long a4, long a5)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    if (pid != BE_PID && pid != 0 && pid != -1 && pid != -BE_PID) {
        return -ESRCH;
    }
    return be_deliver(sig, BE_SI_USER);
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
    if (t->waiting) {
        l4_irq_trigger(t->irq);     /* leaves the futex wait with EINTR */
    }
    be_unlock(&be_threads_lock);
    return 0;
}

int be_signal_pending(struct be_thread *t)
{
    return __atomic_load_n(&t->pending, __ATOMIC_ACQUIRE) != 0;
}

void be_signal_deliver_pending(struct be_thread *t)
{
    unsigned long set = __atomic_exchange_n(&t->pending, 0, __ATOMIC_ACQ_REL);
    long sig;

    for (sig = 1; sig < BE_NSIG; ++sig) {
        if (set & (1UL << (sig - 1))) {
            be_deliver(sig, BE_SI_TKILL);
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

long be_sigprocmask(long how, long set, long oset, long size, long a4, long a5)
{
    unsigned char *p = (unsigned char *)oset;
    long i;

    (void)how, (void)set, (void)a4, (void)a5;
    for (i = 0; p && i < size; ++i) {
        p[i] = 0;               /* nothing is ever blocked */
    }
    return 0;
}

long be_sigsuspend(long mask, long size, long a2, long a3, long a4, long a5)
{
    (void)mask, (void)size, (void)a2, (void)a3, (void)a4, (void)a5;
    if (!be_alarm_at) {
        for (;;) {              /* no signal can ever come */
            be_sleep_until(~0ULL);
        }
    }
    be_sleep_until(be_alarm_at);
    be_alarm_at = be_alarm_interval ? be_alarm_at + be_alarm_interval : 0;
    be_deliver(SIGALRM, BE_SI_USER);
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
