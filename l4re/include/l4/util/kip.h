/* SPDX-License-Identifier: MIT */
/*
 * KIP helpers of l4util: look up a feature string and the kernel ABI
 * version. The feature strings follow the version string in the KIP, each
 * NUL-terminated, the list ended by an empty string; "abiver:N" carries the
 * ABI version (0 when absent).
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/kip.h>

L4_BEGIN_DECLS

/** \retval 1 if the KIP lists feature \a str \retval 0 otherwise */
L4_INLINE int l4util_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str);
/** The kernel ABI version from the "abiver:" feature (0 if there is none). */
L4_INLINE unsigned long l4util_kip_kernel_abi_version(l4_kernel_info_t const *k);

/* ---- implementation ---- */

/* Length of s; the header stays free of a C library. */
L4_INLINE unsigned l4util__kip_strlen(char const *s)
{
    unsigned n = 0;

    while (s[n]) {
        ++n;
    }
    return n;
}

/* Feature string after `s` (skips the current one). */
L4_INLINE char const *l4util__kip_next(char const *s)
{
    return s + l4util__kip_strlen(s) + 1;
}

/* Non-zero if s starts with prefix. */
L4_INLINE int l4util__kip_prefix(char const *s, char const *prefix)
{
    while (*prefix) {
        if (*s++ != *prefix++) {
            return 0;
        }
    }
    return 1;
}

L4_INLINE int l4util_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str)
{
    char const *s = l4util__kip_next(l4_kip_version_string(k));

    for (; *s; s = l4util__kip_next(s)) {
        if (l4util__kip_prefix(s, str) && s[l4util__kip_strlen(str)] == 0) {
            return 1;
        }
    }
    return 0;
}

L4_INLINE unsigned long l4util_kip_kernel_abi_version(l4_kernel_info_t const *k)
{
    char const *s = l4util__kip_next(l4_kip_version_string(k));

    for (; *s; s = l4util__kip_next(s)) {
        if (l4util__kip_prefix(s, "abiver:")) {
            unsigned long v = 0;

            for (s += 7; *s >= '0' && *s <= '9'; ++s) {
                v = v * 10 + (unsigned long)(*s - '0');
            }
            return v;
        }
    }
    return 0;
}

L4_END_DECLS
