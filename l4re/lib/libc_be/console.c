/* SPDX-License-Identifier: MIT */
/*
 * The console family: descriptors 0, 1 and 2. Output to 1 and 2 goes to the
 * program's log capability (env->log, moe's Log object that prefixes the
 * program's tag) with the vcon protocol, L4_VCON_WRITE_SIZE bytes per
 * message. Input on 0 is at end of file. TCGETS succeeds on all three, so
 * isatty() is true and stdio keeps stdout line buffered (otherwise stderr
 * would overtake earlier stdout lines). Reads of rom files go to file.c.
 */
#include <errno.h>
#include <string.h>
#include <asm/ioctls.h>
#include <l4/sys/consts.h>
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

long be_read(long fd, long buf, long n, long a3, long a4, long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (n < 0) {
        return -EINVAL;
    }
    if (fd == 0) {
        return 0;               /* no console input: end of file */
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
