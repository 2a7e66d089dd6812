/* SPDX-License-Identifier: MIT */
/*
 * The console family: descriptors 0, 1 and 2, all on the program's log
 * capability (env->log, moe's Log object that prefixes the program's tag)
 * with the vcon protocol. Output to 1 and 2: L4_VCON_WRITE_SIZE bytes per
 * message. Input on 0: a vcon read returns what the log holds (moe gives it
 * only the input typed while the program has the console's focus, a line at a
 * time in its default cooked mode); with nothing there the reading thread
 * waits in an Irq bound to the log (l4_icu_bind(log, 0, irq)), which moe
 * triggers when input comes: no polling. A read of 0 bytes without
 * L4_VCON_READ_STAT_DONE is the end of file (Ctrl-D on an empty line). TCGETS
 * succeeds on all three, so isatty() is true and stdio keeps stdout line
 * buffered (otherwise stderr would overtake earlier stdout lines). Reads of
 * rom files go to file.c.
 */
#include <errno.h>
#include <string.h>
#include <asm/ioctls.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/consts.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

#include "be.h"

/* struct iovec and the kernel's termios / winsize, as the Linux ABI lays them out. */
struct be_iovec {
    void *base;
    unsigned long len;
};

#define BE_KTERMIOS_SIZE 36
struct be_winsize {
    unsigned short row, col, xpixel, ypixel;
};

static l4_cap_idx_t be_log_cap(void)
{
    l4re_env_t *env = be_env();

    return env ? env->log : L4_BASE_LOG_CAP;
}

static long be_log_write(char const *buf, unsigned long n)
{
    l4_cap_idx_t log = be_log_cap();
    unsigned long done = 0;

    while (done < n) {
        unsigned long chunk = n - done;
        long r;

        if (chunk > L4_VCON_WRITE_SIZE) {
            chunk = L4_VCON_WRITE_SIZE;
        }
        r = l4_vcon_write(log, buf + done, (unsigned)chunk);
        if (r < 0) {
            return done ? (long)done : -EIO;
        }
        done += chunk;
    }
    return (long)done;
}

static int be_is_console(long fd)
{
    return fd >= 0 && fd <= 2;
}

long be_write(long fd, long buf, long n, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (n < 0) {
        return -EINVAL;
    }
    if (fd == 1 || fd == 2) {
        return be_log_write((char const *)buf, (unsigned long)n);
    }
    return -EBADF;              /* stdin and rom files are read-only */
}

/*
 * readv/writev: one read or write per element, stopping at the first error
 * (reported only if nothing was transferred) or short transfer.
 */
static long iov_each(long fd, long iov, long cnt, long (*op)(long, long, long, long, long, long))
{
    struct be_iovec const *v = (struct be_iovec const *)iov;
    long total = 0;

    if (cnt < 0) {
        return -EINVAL;
    }
    for (long i = 0; i < cnt; ++i) {
        long r = op(fd, (long)v[i].base, (long)v[i].len, 0, 0, 0);

        if (r < 0) {
            return total ? total : r;
        }
        total += r;
        if ((unsigned long)r < v[i].len) {
            break;
        }
    }
    return total;
}

long be_writev(long fd, long iov, long cnt, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    return iov_each(fd, iov, cnt, be_write);
}

/* stdin's Irq, bound to the log's input line once, attached to the thread that waits. */
static l4_cap_idx_t stdin_irq = L4_INVALID_CAP;
static l4_cap_idx_t stdin_waiter = L4_INVALID_CAP;
/* One reader of stdin at a time: the Irq wakes one thread. */
static struct be_lock stdin_lock;

static long be_errno_of(long l4err)
{
    return l4err == -L4_EPERM ? -EBADF : -EIO; /* a log capability without W: not for reading */
}

/*
 * Get stdin's Irq ready for the calling thread \a self to wait in: made once,
 * attached to the waiting thread before it is bound to the log (a trigger in
 * between would find no thread and be lost). \return 1 if anything changed (a
 * trigger may have been dropped: read again before waiting), 0, or -errno.
 */
static long stdin_irq_for(l4_cap_idx_t self)
{
    l4_cap_idx_t cap = stdin_irq;
    long r;

    if (stdin_waiter == self) {
        return 0;
    }
    if (l4_is_invalid_cap(cap)) {
        cap = l4re_util_cap_alloc();
        if (l4_is_invalid_cap(cap)) {
            return -ENOMEM;
        }
        r = l4_error(l4_factory_create_irq(be_env()->factory, cap));
        if (r < 0) {
            l4re_util_cap_free(cap);
            return -ENOMEM;
        }
    }
    r = l4_error(l4_irq_attach(cap, 0, self));
    if (r == 0 && l4_is_invalid_cap(stdin_irq)) {
        r = l4_error(l4_icu_bind(be_log_cap(), 0, cap));
    }
    if (r < 0) {
        if (l4_is_invalid_cap(stdin_irq)) {
            l4_task_delete_obj(L4RE_THIS_TASK_CAP, cap);
            l4re_util_cap_free(cap);
        }
        return be_errno_of(r);
    }
    stdin_irq = cap;
    stdin_waiter = self;
    return 1;
}

/* read(0): what the log holds, at most n bytes; waits (in the Irq) while it holds nothing. */
static long be_stdin_read(char *buf, unsigned long n)
{
    for (;;) {
        long r = l4_vcon_read_with_flags_u(be_log_cap(), buf,
                                           n < L4_VCON_READ_SIZE ? (unsigned)n : L4_VCON_READ_SIZE,
                                           l4_utcb());
        unsigned long got;

        if (r < 0) {
            return be_errno_of(r);
        }
        got = (unsigned long)r & L4_VCON_READ_SIZE_MASK;
        if (got || !((unsigned long)r & L4_VCON_READ_STAT_DONE)) {
            return (long)got; /* data, or the end of file */
        }
        r = stdin_irq_for(be_self()->cap);
        if (r < 0) {
            return r;
        }
        if (r == 0) {
            l4_irq_receive(stdin_irq, L4_IPC_NEVER);
        }
    }
}

long be_read(long fd, long buf, long n, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (n < 0) {
        return -EINVAL;
    }
    if (fd == 0) {
        int threaded = be_is_threaded(); /* as the dispatcher saw it: it took the lock if so */
        long r;

        if (n == 0) {
            return 0;
        }
        /* The wait must not hold the serial lock (other threads print meanwhile). */
        if (threaded) {
            be_unlock(&be_serial_lock);
            be_lock(&stdin_lock);
        }
        r = be_stdin_read((char *)buf, (unsigned long)n);
        if (threaded) {
            be_unlock(&stdin_lock);
            be_lock(&be_serial_lock);
        }
        return r;
    }
    if (be_file_valid((int)fd)) {
        return be_file_read((int)fd, (void *)buf, (unsigned long)n);
    }
    return -EBADF;
}

long be_readv(long fd, long iov, long cnt, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    return iov_each(fd, iov, cnt, be_read);
}

long be_ioctl(long fd, long req, long arg, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (!be_is_console(fd)) {
        return be_file_valid((int)fd) ? -ENOTTY : -EBADF;
    }
    if (req == TCGETS) {
        memset((void *)arg, 0, BE_KTERMIOS_SIZE);
        return 0;
    }
    if (req == TIOCGWINSZ) {
        struct be_winsize *ws = (struct be_winsize *)arg;

        ws->row = 25;
        ws->col = 80;
        ws->xpixel = 0;
        ws->ypixel = 0;
        return 0;
    }
    return -ENOTTY;
}
