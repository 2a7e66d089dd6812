/* SPDX-License-Identifier: MIT */
/*
 * Log C interface (L4Re's l4/re/c/log.h): write text to the environment's
 * log capability (moe tags each program's lines) or to a given one, in
 * vcon write messages.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/re/env.h>
#include <l4/sys/types.h>

L4_BEGIN_DECLS

/** Write a NUL-terminated string to the environment's log. */
void l4re_log_print(char const *string);
/** Write \a len bytes to the environment's log. */
void l4re_log_printn(char const *string, int len);
/** Write a NUL-terminated string to \a logcap. */
void l4re_log_print_srv(const l4_cap_idx_t logcap, char const *string);
/** Write \a len bytes to \a logcap. */
void l4re_log_printn_srv(const l4_cap_idx_t logcap, char const *string, int len);

L4_END_DECLS
