/* SPDX-License-Identifier: MIT */
/*
 * Files: the boot modules under `rom/` (also `/rom/`), read only. openat
 * looks the name up in the program's `rom` namespace (the env cap "rom", or
 * "rom/..." in the names namespace at slot 0x12 when there is no such cap),
 * attaches the module's dataspace read-only wherever the region map finds
 * room, and hands out a descriptor from 3 up. read, pread, lseek and fstat
 * work on that mapping; close detaches it and drops the capability (the
 * module itself stays in moe). Writing, creating or truncating fails with
 * EROFS; names outside rom/ do not exist.
 */
#include <errno.h>
#include <string.h>
#include <asm/stat.h>
#include <linux/fcntl.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>

#include "be.h"

#define BE_FD_FIRST 3
#define BE_FILES    16
#define BE_SEEK_SET 0
#define BE_SEEK_CUR 1
#define BE_SEEK_END 2
#define BE_S_IFCHR  0020000     /* st_mode file types (Linux values) */
#define BE_S_IFREG  0100000

struct be_file {
    int used;
    l4_cap_idx_t ds;
    char const *base;           /* the module, attached read-only (0 if empty) */
    unsigned long size;
    unsigned long pos;
};

static struct be_file be_files[BE_FILES];

static struct be_file *be_file_get(long fd)
{
    if (fd < BE_FD_FIRST || fd >= BE_FD_FIRST + BE_FILES) {
        return 0;
    }
    return be_files[fd - BE_FD_FIRST].used ? &be_files[fd - BE_FD_FIRST] : 0;
}

int be_file_valid(int fd)
{
    return be_file_get(fd) != 0;
}

/* "rom/x" or "/rom/x" -> "x"; anything else -> 0. */
static char const *be_rom_name(char const *path)
{
    if (path[0] == '/') {
        ++path;
    }
    if (strncmp(path, "rom/", 4) != 0 || path[4] == 0) {
        return 0;
    }
    return path + 4;
}

static long be_rom_query(char const *path, char const *name, l4_cap_idx_t cap)
{
    l4_cap_idx_t rom = l4re_env_get_cap("rom");

    if (l4_is_valid_cap(rom)) {
        return l4re_ns_query_srv(rom, name, cap);
    }
    if (path[0] == '/') {
        ++path;
    }
    return l4re_ns_query_srv(be_names_cap(), path, cap);
}

long be_openat(long dirfd, long path_arg, long flags, long mode, long a4, long a5)
{
    char const *path = (char const *)path_arg;
    char const *name = be_rom_name(path);
    struct be_file *f = 0;
    l4_cap_idx_t cap;
    void *at = 0;
    int i;

    (void)dirfd, (void)mode, (void)a4, (void)a5;
    if (!name || !be_env()) {
        return -ENOENT;
    }
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))) {
        return -EROFS;
    }
    if (flags & O_DIRECTORY) {
        return -ENOTDIR;
    }
    for (i = 0; i < BE_FILES && !f; ++i) {
        if (!be_files[i].used) {
            f = &be_files[i];
        }
    }
    if (!f) {
        return -EMFILE;
    }
    cap = l4re_util_cap_alloc();
    if (l4_is_invalid_cap(cap)) {
        return -EMFILE;
    }
    if (be_rom_query(path, name, cap) < 0) {
        l4re_util_cap_free(cap);
        return -ENOENT;
    }
    f->size = (unsigned long)l4re_ds_size(cap);
    if (f->size > 0 &&
        l4re_rm_attach(&at, l4_round_page(f->size), L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR,
                       cap, 0, L4_PAGESHIFT) < 0) {
        l4re_util_cap_free_um(cap);
        return -ENOMEM;
    }
    f->used = 1;
    f->ds = cap;
    f->base = at;
    f->pos = 0;
    return BE_FD_FIRST + (f - be_files);
}

long be_close(long fd, long a1, long a2, long a3, long a4, long a5)
{
    struct be_file *f = be_file_get(fd);

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (!f) {
        return (fd >= 0 && fd <= 2) ? 0 : -EBADF;
    }
    if (f->base) {
        l4re_rm_detach((void *)f->base);
    }
    l4re_util_cap_free_um(f->ds);
    f->used = 0;
    return 0;
}

long be_pread(long fd, long buf, long n, long off, long a4, long a5)
{
    struct be_file *f = be_file_get(fd);
    unsigned long left;

    (void)a4, (void)a5;
    if (!f) {
        return -EBADF;
    }
    if (n < 0 || off < 0) {
        return -EINVAL;
    }
    if ((unsigned long)off >= f->size) {
        return 0;
    }
    left = f->size - (unsigned long)off;
    if ((unsigned long)n > left) {
        n = (long)left;
    }
    memcpy((void *)buf, f->base + off, (unsigned long)n);
    return n;
}

long be_file_read(int fd, void *buf, unsigned long n)
{
    struct be_file *f = be_file_get(fd);
    long r = be_pread(fd, (long)buf, (long)n, (long)f->pos, 0, 0);

    if (r > 0) {
        f->pos += (unsigned long)r;
    }
    return r;
}

long be_lseek(long fd, long off, long whence, long a3, long a4, long a5)
{
    struct be_file *f = be_file_get(fd);
    long base;

    (void)a3, (void)a4, (void)a5;
    if (!f) {
        return (fd >= 0 && fd <= 2) ? -ESPIPE : -EBADF;
    }
    if (whence == BE_SEEK_SET) {
        base = 0;
    } else if (whence == BE_SEEK_CUR) {
        base = (long)f->pos;
    } else if (whence == BE_SEEK_END) {
        base = (long)f->size;
    } else {
        return -EINVAL;
    }
    if (base + off < 0) {
        return -EINVAL;
    }
    f->pos = (unsigned long)(base + off);
    return (long)f->pos;
}

long be_fstat(long fd, long buf, long a2, long a3, long a4, long a5)
{
    struct stat *st = (struct stat *)buf;
    struct be_file *f = be_file_get(fd);

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!f && !(fd >= 0 && fd <= 2)) {
        return -EBADF;
    }
    memset(st, 0, sizeof(*st));
    st->st_ino = (unsigned long)fd + 1;
    st->st_nlink = 1;
    st->st_blksize = L4_PAGESIZE;
    if (f) {
        st->st_mode = BE_S_IFREG | 0444;
        st->st_size = (long)f->size;
        st->st_blocks = (long)((f->size + 511) / 512);
    } else {
        st->st_mode = BE_S_IFCHR | 0620;
    }
    return 0;
}

long be_fstatat(long dirfd, long path, long buf, long flags, long a4, long a5)
{
    long fd;
    long r;

    (void)a4, (void)a5;
    if ((flags & AT_EMPTY_PATH) && ((char const *)path)[0] == 0) {
        return be_fstat(dirfd, buf, 0, 0, 0, 0);
    }
    fd = be_openat(dirfd, path, O_RDONLY, 0, 0, 0);
    if (fd < 0) {
        return fd;
    }
    r = be_fstat(fd, buf, 0, 0, 0, 0);
    be_close(fd, 0, 0, 0, 0, 0);
    return r;
}

long be_fcntl(long fd, long cmd, long arg, long a3, long a4, long a5)
{
    (void)arg, (void)a3, (void)a4, (void)a5;
    if (!be_file_valid((int)fd) && !(fd >= 0 && fd <= 2)) {
        return -EBADF;
    }
    if (cmd == F_GETFL) {
        return (fd == 1 || fd == 2) ? O_WRONLY : O_RDONLY;
    }
    if (cmd == F_GETFD || cmd == F_SETFD || cmd == F_SETFL) {
        return 0;
    }
    return -EINVAL;
}
