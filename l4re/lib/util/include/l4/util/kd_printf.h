/* SPDX-License-Identifier: MIT */
/*
 * printf to the kernel debug console (l4_kd_outnstring), for programs that
 * run before any log server exists: sigma0, the boot tests, hello_kd.
 * Output is collected in a small buffer and sent in as few kernel calls as
 * possible, so a line normally arrives in one piece.
 */
#pragma once

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Format like printf (see <l4/util/fmt.h> for the supported subset) and
 * print through the kernel debugger object.
 * \return the number of bytes printed
 */
int kd_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** kd_printf() with a va_list. */
int kd_vprintf(const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif
