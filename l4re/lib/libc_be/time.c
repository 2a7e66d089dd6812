/* SPDX-License-Identifier: MIT */
/*
 * Time: every clock reads the KIP clock (microseconds since boot, kept by
 * the kernel), so CLOCK_REALTIME, time() and gettimeofday() count from boot
 * as well (there is no real-time clock). Sleeping is an IPC receive from
 * nobody with a timeout; the loop runs until the KIP clock has passed the
 * deadline, so a sleep never ends early. select()/pselect() without
 * descriptors is such a sleep (uClibc's usleep() is one). times() and
 * clock() report the time since boot as the program's user time, in
 * USER_HZ (100) ticks. In a program with threads, nanosleep and
 * clock_nanosleep wait in the thread's wake-up Irq instead, so that a signal
 * from another thread (pthread_cancel's SIGCANCEL, pthread_kill) ends the
 * sleep: the handler runs and the call returns EINTR with the time left.
 */
#include <errno.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/kip.h>
#include <l4/sys/types.h>

#include "be.h"

#define BE_CLOCK_MAX     11         /* CLOCK_REALTIME .. CLOCK_TAI */
#define BE_TIMER_ABSTIME 1
#define BE_USER_HZ       100

/* The Linux ABI layouts of struct timespec, timeval and tms (64-bit). */
struct be_timespec {
    long sec;
    long nsec;
};

struct be_timeval {
    long sec;
    long usec;
};

struct be_tms {
    long utime, stime, cutime, cstime;
};

l4_uint64_t be_now_us(void)
{
    l4_kernel_info_t const *kip = be_kip();

    return kip ? l4_kip_clock(kip) : 0;
}

void be_sleep_until(l4_uint64_t end)
{
    l4_uint64_t now;

    while ((now = be_now_us()) < end) {
        l4_uint64_t us = end - now;

        if (us > L4_TIMEOUT_US_MAX) {
            us = L4_TIMEOUT_US_MAX;
        }
        l4_ipc_sleep_us(us);
        if (!be_kip()) {
            return;             /* no clock: one sleep is all we can do */
        }
    }
}

/*
 * Block until end (KIP clock), in self's wake-up Irq if the program has threads,
 * else in a plain sleep. Returns 0 when the Irq fired (a wake-up, perhaps a stale
 * one), -ETIMEDOUT at end, and -EINTR if a signal is pending for self: one
 * another thread sent, or the alarm, claimed here when it is due first. The
 * caller delivers it (be_signal_deliver_pending) once it has undone its own
 * state, since a handler may not return (cancellation).
 */
long be_block_until(struct be_thread *self, l4_uint64_t end)
{
    int irq = be_is_threaded();

    /* Most futex waits: no deadline, no alarm, no signal: one receive, the clock unread. */
    if (irq && (end & be_alarm_next()) == ~0ULL && !be_signal_pending(self) &&
        !l4_ipc_error(l4_irq_receive(self->irq, L4_IPC_NEVER), l4_utcb()) &&
        !be_signal_pending(self)) {
        return 0;
    }
    for (;;) {
        l4_uint64_t alarm = be_alarm_next(), until = end;
        /* Without a deadline or an alarm the clock is not needed (most futex waits). */
        l4_uint64_t now = (end & alarm) == ~0ULL ? 0 : be_now_us();
        l4_timeout_t to = L4_IPC_NEVER;

        if (be_alarm_claim(self, now) || be_signal_pending(self)) {
            return -EINTR;
        }
        if (now >= end) {
            return -ETIMEDOUT;
        }
        until = alarm < until ? alarm : until;
        if (until != ~0ULL) {
            to = l4_timeout(l4_timeout_rel(0, 0), l4_timeout_from_us(until - now));
        }
        if (!irq) {
            l4_ipc_sleep(to);
        } else if (!l4_ipc_error(l4_irq_receive(self->irq, to), l4_utcb()) &&
                   !be_signal_pending(self)) {
            return 0;
        }
    }
}

/* Sleep until end, unless a signal comes first (0 or -EINTR, its handler run). */
static long be_sleep_interruptible(l4_uint64_t end)
{
    struct be_thread *self = be_self();
    long r;

    do {
        r = be_block_until(self, end);
    } while (r == 0);           /* a stale wake-up: the sleep goes on */
    if (r == -EINTR) {
        be_signal_deliver_pending(self);
        return r;
    }
    return 0;
}

static void be_us_to_ts(l4_uint64_t us, struct be_timespec *ts)
{
    ts->sec = (long)(us / 1000000U);
    ts->nsec = (long)(us % 1000000U) * 1000L;
}

static long be_ts_to_us(struct be_timespec const *ts, l4_uint64_t *us)
{
    if (ts->sec < 0 || ts->nsec < 0 || ts->nsec >= 1000000000L) {
        return -EINVAL;
    }
    *us = (l4_uint64_t)ts->sec * 1000000U + ((l4_uint64_t)ts->nsec + 999U) / 1000U;
    return 0;
}

long be_clock_gettime(long clk, long ts_arg, long a2, long a3, long a4, long a5)
{
    struct be_timespec *ts = (struct be_timespec *)ts_arg;
    l4_uint64_t us;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (clk < 0 || clk > BE_CLOCK_MAX) {
        return -EINVAL;
    }
    if (!be_kip()) {
        return -ENOSYS;
    }
    us = be_now_us();
    ts->sec = (long)(us / 1000000U);
    ts->nsec = (long)(us % 1000000U) * 1000;
    return 0;
}

long be_clock_getres(long clk, long ts_arg, long a2, long a3, long a4, long a5)
{
    struct be_timespec *ts = (struct be_timespec *)ts_arg;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (clk < 0 || clk > BE_CLOCK_MAX) {
        return -EINVAL;
    }
    if (ts) {
        ts->sec = 0;
        ts->nsec = 1000;
    }
    return 0;
}

long be_gettimeofday(long tv_arg, long tz_arg, long a2, long a3, long a4, long a5)
{
    struct be_timeval *tv = (struct be_timeval *)tv_arg;
    int *tz = (int *)tz_arg;
    l4_uint64_t us;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!be_kip()) {
        return -ENOSYS;
    }
    us = be_now_us();
    if (tv) {
        tv->sec = (long)(us / 1000000U);
        tv->usec = (long)(us % 1000000U);
    }
    if (tz) {
        tz[0] = 0;              /* struct timezone: minutes west, dst type */
        tz[1] = 0;
    }
    return 0;
}

long be_nanosleep(long req, long rem, long a2, long a3, long a4, long a5)
{
    l4_uint64_t us, end, now;
    long r;

    (void)a2, (void)a3, (void)a4, (void)a5;
    r = be_ts_to_us((struct be_timespec const *)req, &us);
    if (r < 0) {
        return r;
    }
    end = be_now_us() + us;
    r = be_sleep_interruptible(end);
    if (rem) {
        now = be_now_us();
        be_us_to_ts(r < 0 && now < end ? end - now : 0, (struct be_timespec *)rem);
    }
    return r;
}

long be_clock_nanosleep(long clk, long flags, long req, long rem, long a4, long a5)
{
    l4_uint64_t us, end, now;
    long r;

    (void)clk, (void)a4, (void)a5;  /* every clock is the KIP clock */
    r = be_ts_to_us((struct be_timespec const *)req, &us);
    if (r < 0) {
        return r;
    }
    end = (flags & BE_TIMER_ABSTIME) ? us : be_now_us() + us;
    r = be_sleep_interruptible(end);
    if (rem && !(flags & BE_TIMER_ABSTIME)) {
        now = be_now_us();
        be_us_to_ts(r < 0 && now < end ? end - now : 0, (struct be_timespec *)rem);
    }
    return r;
}

long be_times(long buf, long a1, long a2, long a3, long a4, long a5)
{
    struct be_tms *t = (struct be_tms *)buf;
    long ticks = (long)(be_now_us() / (1000000U / BE_USER_HZ));

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (t) {
        t->utime = ticks;
        t->stime = 0;
        t->cutime = 0;
        t->cstime = 0;
    }
    return ticks;
}

/* pselect6(n, r, w, e, timeout, sigmask): only the pure sleep, no descriptors. */
long be_pselect(long n, long r, long w, long e, long ts, long a5)
{
    l4_uint64_t us;
    long err;

    (void)a5;
    if (n > 0 && (r || w || e)) {
        return -ENOSYS;
    }
    if (!ts) {
        for (;;) {
            l4_ipc_sleep(L4_IPC_NEVER);
        }
    }
    err = be_ts_to_us((struct be_timespec const *)ts, &us);
    if (err < 0) {
        return err;
    }
    be_sleep_until(be_now_us() + us);
    return 0;
}
