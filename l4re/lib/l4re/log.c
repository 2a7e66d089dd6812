/* SPDX-License-Identifier: MIT */
/*
 * Log client calls (l4/re/c/log.h): the text goes out in vcon write
 * messages of at most L4_VCON_WRITE_SIZE bytes each.
 */
#include <l4/re/c/log.h>
#include <l4/re/env.h>
#include <l4/sys/vcon.h>

void l4re_log_printn_srv(const l4_cap_idx_t logcap, char const *string, int len)
{
    while (len > 0) {
        long n = l4_vcon_write(logcap, string, (unsigned)len);

        if (n <= 0) {
            return;
        }
        string += n;
        len -= (int)n;
    }
}

void l4re_log_print_srv(const l4_cap_idx_t logcap, char const *string)
{
    int len = 0;

    while (string[len]) {
        ++len;
    }
    l4re_log_printn_srv(logcap, string, len);
}

void l4re_log_printn(char const *string, int len)
{
    l4re_log_printn_srv(l4re_global_env->log, string, len);
}

void l4re_log_print(char const *string)
{
    l4re_log_print_srv(l4re_global_env->log, string);
}
