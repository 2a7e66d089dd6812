/* SPDX-License-Identifier: MIT */
/*
 * The dispatcher of the system-call backend: one table indexed by the Linux
 * arm64 (asm-generic) call number, filled with the handlers of the call
 * families (console, brk, mmap, file, time, proc, signal). A number without a
 * handler fails with -ENOSYS, which libc turns into errno = ENOSYS and -1;
 * doc/libc.md lists what is served.
 */
#include <asm/unistd.h>
#include <errno.h>

#include "be.h"

static const be_handler_t be_table[] = {
    [__NR_fcntl] = be_fcntl,
    [__NR_ioctl] = be_ioctl,
    [__NR_openat] = be_openat,
    [__NR_close] = be_close,
    [__NR_lseek] = be_lseek,
    [__NR_read] = be_read,
    [__NR_write] = be_write,
    [__NR_readv] = be_readv,
    [__NR_writev] = be_writev,
    [__NR_pread64] = be_pread,
    [__NR_newfstatat] = be_fstatat,
    [__NR_fstat] = be_fstat,
    [__NR_exit] = be_exit_thread,
    [__NR_exit_group] = be_exit_call,
    [__NR_set_tid_address] = be_set_tid_address,
    [__NR_clone] = be_clone,
    [__NR_futex] = be_futex,
    [__NR_getrlimit] = be_getrlimit,
    [__NR_prlimit64] = be_prlimit,
    [__NR_sched_setparam] = be_sched_setparam,
    [__NR_sched_setscheduler] = be_sched_setscheduler,
    [__NR_sched_getscheduler] = be_sched_getscheduler,
    [__NR_sched_getparam] = be_sched_getparam,
    [__NR_sched_get_priority_max] = be_sched_get_priority_max,
    [__NR_sched_get_priority_min] = be_sched_get_priority_min,
    [__NR_sched_setaffinity] = be_sched_setaffinity,
    [__NR_sched_getaffinity] = be_sched_getaffinity,
    [__NR_nanosleep] = be_nanosleep,
    [__NR_clock_gettime] = be_clock_gettime,
    [__NR_clock_getres] = be_clock_getres,
    [__NR_clock_nanosleep] = be_clock_nanosleep,
    [__NR_sched_yield] = be_sched_yield,
    [__NR_kill] = be_kill,
    [__NR_tkill] = be_tkill,
    [__NR_tgkill] = be_tgkill,
    [__NR_rt_sigaction] = be_sigaction,
    [__NR_rt_sigprocmask] = be_sigprocmask,
    [__NR_rt_sigpending] = be_sigpending,
    [__NR_rt_sigsuspend] = be_sigsuspend,
    [__NR_setitimer] = be_setitimer,
    [__NR_getitimer] = be_getitimer,
    [__NR_pselect6] = be_pselect,
    [__NR_times] = be_times,
    [__NR_gettimeofday] = be_gettimeofday,
    [__NR_getpid] = be_getpid,
    [__NR_getppid] = be_getid,
    [__NR_getuid] = be_getid,
    [__NR_geteuid] = be_getid,
    [__NR_getgid] = be_getid,
    [__NR_getegid] = be_getid,
    [__NR_gettid] = be_gettid,
    [__NR_brk] = be_brk,
    [__NR_munmap] = be_munmap,
    [__NR_mremap] = be_mremap,
    [__NR_mmap] = be_mmap,
    [__NR_mprotect] = be_mprotect,
    [__NR_madvise] = be_madvise,
};

#define BE_TABLE_SIZE (sizeof(be_table) / sizeof(be_table[0]))

/* Calls that must not hold be_serial_lock: they block, end the thread, or lock themselves. */
static const unsigned char be_unserialized[BE_TABLE_SIZE] = {
    [__NR_exit] = 1,
    [__NR_exit_group] = 1,
    [__NR_futex] = 1,
    [__NR_nanosleep] = 1,
    [__NR_clock_nanosleep] = 1,
    [__NR_pselect6] = 1,
    [__NR_sched_yield] = 1,
    [__NR_rt_sigsuspend] = 1,
    [__NR_rt_sigprocmask] = 1,
    [__NR_rt_sigpending] = 1,
    [__NR_kill] = 1,
    [__NR_tkill] = 1,
    [__NR_tgkill] = 1,
    [__NR_gettid] = 1,
    [__NR_getpid] = 1,
    [__NR_clock_gettime] = 1,
    [__NR_gettimeofday] = 1,
    [__NR_set_tid_address] = 1,
};

long be_dispatch(long a0, long a1, long a2, long a3, long a4, long a5, long nr)
{
    be_handler_t h;
    long r;

    if (nr < 0 || (unsigned long)nr >= BE_TABLE_SIZE) {
        return -ENOSYS;
    }
    h = be_table[nr];
    if (!h) {
        return -ENOSYS;
    }
    if (!be_is_threaded()) {
        return h(a0, a1, a2, a3, a4, a5);
    }
    if (be_unserialized[nr]) {
        r = h(a0, a1, a2, a3, a4, a5);
    } else {
        be_lock(&be_serial_lock);
        r = h(a0, a1, a2, a3, a4, a5);
        be_unlock(&be_serial_lock);
    }
    /* Signals from other threads are delivered on the way out, as on Linux. */
    if (nr != __NR_exit && be_signal_pending(be_self())) {
        be_signal_deliver_pending(be_self());
    }
    return r;
}
