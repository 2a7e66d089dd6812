/* SPDX-License-Identifier: MIT */
/*
 * Error codes of the kernel and runtime API (L4Re's names and values).
 * Object invocations return them negated in the label of the reply tag;
 * IPC failures are reported separately, as an L4_IPC_* code in the thread
 * control register `error` of the UTCB when the returned tag carries
 * L4_MSGTAG_ERROR (see l4/sys/ipc.h: l4_ipc_error(), l4_error()).
 * Freestanding: the kernel includes this header. See doc/abi.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>

/** Error codes; an operation returns them negated (-L4_EINVAL). */
enum l4_error_code_t {
    L4_EOK           = 0,    /**< success */
    L4_EPERM         = 1,    /**< missing rights */
    L4_ENOENT        = 2,    /**< no such entity */
    L4_EIO           = 5,    /**< input/output error */
    L4_ENXIO         = 6,    /**< no such device or address */
    L4_E2BIG         = 7,    /**< argument list too long */
    L4_EAGAIN        = 11,   /**< try again */
    L4_ENOMEM        = 12,   /**< out of memory or quota */
    L4_EACCESS       = 13,   /**< permission denied */
    L4_EFAULT        = 14,   /**< bad address */
    L4_EBUSY         = 16,   /**< object busy */
    L4_EEXIST        = 17,   /**< already exists */
    L4_ENODEV        = 19,   /**< no such device (or unknown object type) */
    L4_ENOTDIR       = 20,   /**< not a directory */
    L4_EINVAL        = 22,   /**< invalid argument */
    L4_ENOSPC        = 28,   /**< no space left */
    L4_ERANGE        = 34,   /**< out of range */
    L4_ENAMETOOLONG  = 36,   /**< name too long */
    L4_ENOSYS        = 38,   /**< operation not implemented */
    L4_EBADPROTO     = 39,   /**< wrong protocol (label) for this object */
    L4_EADDRNOTAVAIL = 99,   /**< address not available */
    L4_ERRNOMAX      = 100,  /**< end of the errno-like range */
    L4_ENOREPLY      = 1000, /**< no reply */
    L4_EMSGTOOSHORT  = 1001, /**< message too short */
    L4_EMSGTOOLONG   = 1002, /**< message too long */
    L4_EMSGMISSARG   = 1003, /**< message lacks an argument */
    L4_EMSGERRRANGE  = 1004, /**< argument out of range */
    L4_EDROPREPLY    = 1005, /**< reply dropped */
    L4_EIPC_LO       = 2000, /**< first IPC error (2000 + L4_IPC_* code) */
    L4_EIPC_HI       = 2031, /**< last IPC error */
};

/**
 * IPC error codes in the UTCB's TCR `error` (low 5 bits). Bit 0 set means
 * the error happened in the receive phase.
 */
enum l4_ipc_tcr_error_t {
    L4_IPC_ERROR_MASK    = 0x1f, /**< mask of the code in TCR error */
    L4_IPC_SND_ERR_MASK  = 0x01, /**< clear: send phase, set: receive phase */
    L4_IPC_ENOT_EXISTENT = 0x04, /**< partner/object does not exist */
    L4_IPC_RETIMEOUT     = 0x03, /**< receive timeout */
    L4_IPC_SETIMEOUT     = 0x02, /**< send timeout */
    L4_IPC_RECANCELED    = 0x07, /**< receive canceled */
    L4_IPC_SECANCELED    = 0x06, /**< send canceled */
    L4_IPC_REMAPFAILED   = 0x11, /**< map failed in receive phase */
    L4_IPC_SEMAPFAILED   = 0x10, /**< map failed in send phase */
    L4_IPC_RESNDPFTO     = 0x0b, /**< send-page-fault timeout (receive phase) */
    L4_IPC_SESNDPFTO     = 0x0a, /**< send-page-fault timeout (send phase) */
    L4_IPC_RERCVPFTO     = 0x0d, /**< receive-page-fault timeout (receive phase) */
    L4_IPC_SERCVPFTO     = 0x0c, /**< receive-page-fault timeout (send phase) */
    L4_IPC_REABORTED     = 0x0f, /**< receive aborted */
    L4_IPC_SEABORTED     = 0x0e, /**< send aborted */
    L4_IPC_REMSGCUT      = 0x09, /**< message cut (receive phase) */
    L4_IPC_SEMSGCUT      = 0x08, /**< message cut (send phase) */
    L4_IPC_NO_REPLY_CAP  = 0x13, /**< no (valid) reply capability */
};

L4_BEGIN_DECLS

/**
 * A human-readable name of an error code.
 * \param err  an error code, negated or not (-L4_EINVAL, L4_EINVAL,
 *             -(L4_EIPC_LO + L4_IPC_RETIMEOUT))
 * \return a constant string; "unknown error" for codes without a name.
 * Implemented in libl4sys (l4re/lib/l4sys/errtostr.c).
 */
char const *l4sys_errtostr(long err);

L4_END_DECLS
