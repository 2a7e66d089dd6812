/* SPDX-License-Identifier: MIT */
/*
 * l4sys_errtostr(): names of the L4_E* codes and of the IPC errors folded
 * into them by l4_error() (-(L4_EIPC_LO + L4_IPC_*)). Two tables indexed by
 * code, so adding a code is adding a line; unknown codes get one fixed
 * string. The sign of the argument does not matter.
 */
#include <l4/sys/err.h>

static char const *const errno_names[] = {
    [L4_EOK] = "OK",
    [L4_EPERM] = "Operation not permitted",
    [L4_ENOENT] = "No such entity",
    [L4_EIO] = "I/O error",
    [L4_ENXIO] = "No such device or address",
    [L4_E2BIG] = "Argument list too long",
    [L4_EAGAIN] = "Try again",
    [L4_ENOMEM] = "Out of memory",
    [L4_EACCESS] = "Permission denied",
    [L4_EFAULT] = "Bad address",
    [L4_EBUSY] = "Object currently busy",
    [L4_EEXIST] = "Object exists",
    [L4_ENODEV] = "No such thing",
    [L4_ENOTDIR] = "Not a directory",
    [L4_EINVAL] = "Invalid argument",
    [L4_ENOSPC] = "No space left",
    [L4_ERANGE] = "Out of range",
    [L4_ENAMETOOLONG] = "Name too long",
    [L4_ENOSYS] = "Operation not supported",
    [L4_EBADPROTO] = "Unsupported protocol",
    [L4_EADDRNOTAVAIL] = "Address not available",
};

static char const *const msg_names[] = {
    [L4_ENOREPLY - L4_ENOREPLY] = "No reply",
    [L4_EMSGTOOSHORT - L4_ENOREPLY] = "Message too short",
    [L4_EMSGTOOLONG - L4_ENOREPLY] = "Message too long",
    [L4_EMSGMISSARG - L4_ENOREPLY] = "Message misses an argument",
    [L4_EMSGERRRANGE - L4_ENOREPLY] = "Message argument out of range",
    [L4_EDROPREPLY - L4_ENOREPLY] = "Reply dropped",
};

static char const *const ipc_names[] = {
    [L4_IPC_SETIMEOUT] = "IPC send timeout",
    [L4_IPC_RETIMEOUT] = "IPC receive timeout",
    [L4_IPC_ENOT_EXISTENT] = "IPC partner does not exist",
    [L4_IPC_SECANCELED] = "IPC send canceled",
    [L4_IPC_RECANCELED] = "IPC receive canceled",
    [L4_IPC_SEMSGCUT] = "IPC send message cut",
    [L4_IPC_REMSGCUT] = "IPC receive message cut",
    [L4_IPC_SESNDPFTO] = "IPC send-pagefault timeout (send)",
    [L4_IPC_RESNDPFTO] = "IPC send-pagefault timeout (receive)",
    [L4_IPC_SERCVPFTO] = "IPC receive-pagefault timeout (send)",
    [L4_IPC_RERCVPFTO] = "IPC receive-pagefault timeout (receive)",
    [L4_IPC_SEABORTED] = "IPC send aborted",
    [L4_IPC_REABORTED] = "IPC receive aborted",
    [L4_IPC_SEMAPFAILED] = "IPC send map failed",
    [L4_IPC_REMAPFAILED] = "IPC receive map failed",
    [L4_IPC_NO_REPLY_CAP] = "IPC without reply capability",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A name from table t at index i, or NULL if out of range or unnamed. */
static char const *lookup(char const *const *t, unsigned long n, unsigned long i)
{
    return i < n ? t[i] : 0;
}

char const *l4sys_errtostr(long err)
{
    unsigned long e = (unsigned long)(err < 0 ? -err : err);
    char const *s = 0;

    if (e < L4_ERRNOMAX) {
        s = lookup(errno_names, NELEM(errno_names), e);
    } else if (e >= L4_ENOREPLY && e < L4_EIPC_LO) {
        s = lookup(msg_names, NELEM(msg_names), e - L4_ENOREPLY);
    } else if (e >= L4_EIPC_LO && e <= L4_EIPC_HI) {
        s = lookup(ipc_names, NELEM(ipc_names), e - L4_EIPC_LO);
    }
    return s ? s : "Unknown error";
}
