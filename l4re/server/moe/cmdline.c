/* SPDX-License-Identifier: MIT */
/*
 * moe's command line, L4Re style:
 *   moe [--init=rom/prog] [--debug=flags] [--l4re-dbg=flags] [--ldr-flags=flags]
 *       [--factory-quota=size] [--mem-quota=size] [--init-names=ro|rw]
 *       [rom/x.cfg] [-- init args]
 * Flags are names separated by '|', ',' or '+'; sizes take a K/M/G suffix.
 * A bare word (e.g. a ned script) and everything after "--" become init's
 * arguments. Words point into the boot-module list, which stays mapped.
 */
#include <l4/util/string.h>
#include "moe.h"

struct flag_name {
    char const *name;
    unsigned long bits;
};

static const struct flag_name dbg_names[] = {
    { "info", MOE_DBG_INFO }, { "nfo", MOE_DBG_INFO }, { "warn", MOE_DBG_WARN },
    { "boot", MOE_DBG_BOOT }, { "server", MOE_DBG_SERVER }, { "svr", MOE_DBG_SERVER },
    { "exceptions", MOE_DBG_EXC }, { "exc", MOE_DBG_EXC }, { "loader", MOE_DBG_LOADER },
    { "ldr", MOE_DBG_LOADER }, { "ns", MOE_DBG_NS }, { "all", MOE_DBG_ALL },
};

/* l4re_aux_t.ldr_flags: L4RE_AUX_LDR_FLAG_* (pre_alloc is ours: 8). */
static const struct flag_name ldr_names[] = {
    { "eager_map", 1 }, { "all_segs_cow", 2 }, { "pinned_segs", 4 }, { "pre_alloc", 8 },
};

static int is_sep(char c)
{
    return c == '|' || c == ',' || c == '+';
}

unsigned long moe_parse_flags(char const *s, unsigned len, int loader)
{
    struct flag_name const *tab = loader ? ldr_names : dbg_names;
    unsigned n = loader ? sizeof(ldr_names) / sizeof(ldr_names[0])
                        : sizeof(dbg_names) / sizeof(dbg_names[0]);
    unsigned long bits = 0;
    unsigned i = 0;

    while (i < len) {
        unsigned w = 0, k;

        while (i + w < len && !is_sep(s[i + w])) {
            ++w;
        }
        for (k = 0; k < n; ++k) {
            if (strlen(tab[k].name) == w && !strncmp(tab[k].name, s + i, w)) {
                bits |= tab[k].bits;
                break;
            }
        }
        if (w && k == n) {
            kd_printf("moe: unknown flag '%.*s' ignored\n", (int)w, s + i);
        }
        i += w + 1;
    }
    return bits;
}

/* A size with an optional K/M/G suffix; 0 if malformed. */
static unsigned long parse_size(char const *s, unsigned len)
{
    unsigned long v = 0;
    unsigned i = 0;

    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        for (i = 2; i < len; ++i) {
            char c = s[i];
            unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                       : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
            if (d == 16) {
                break;
            }
            v = v * 16 + d;
        }
    } else {
        for (; i < len && s[i] >= '0' && s[i] <= '9'; ++i) {
            v = v * 10 + (unsigned long)(s[i] - '0');
        }
    }
    if (i + 1 == len) {
        switch (s[i]) {
        case 'k': case 'K': return v << 10;
        case 'm': case 'M': return v << 20;
        case 'g': case 'G': return v << 30;
        default: return 0;
        }
    }
    return i == len ? v : 0;
}

/* Does word w[0..len) start with "key="? Then val and vlen give what follows. */
static int option(char const *w, unsigned len, char const *key, char const **val, unsigned *vlen)
{
    unsigned k = strlen(key);

    if (len <= k || strncmp(w, key, k) || w[k] != '=') {
        return 0;
    }
    *val = w + k + 1;
    *vlen = len - k - 1;
    return 1;
}

static void add_arg(char const *w, unsigned len)
{
    if (moe_opt.nargs == MOE_MAX_ARGS) {
        kd_printf("moe: too many arguments for init, '%.*s' dropped\n", (int)len, w);
        return;
    }
    moe_opt.args[moe_opt.nargs] = w;
    moe_opt.arglen[moe_opt.nargs++] = len;
}

/* One word of the command line (not the program name). */
static void word(char const *w, unsigned len, int *rest_args)
{
    char const *v;
    unsigned vl;
    unsigned long q;

    if (*rest_args) {
        add_arg(w, len);
    } else if (len == 2 && w[0] == '-' && w[1] == '-') {
        *rest_args = 1;
    } else if (option(w, len, "--init", &v, &vl)) {
        moe_opt.init = v;
    } else if (option(w, len, "--debug", &v, &vl)) {
        moe_opt.debug = moe_parse_flags(v, vl, 0);
    } else if (option(w, len, "--l4re-dbg", &v, &vl)) {
        moe_opt.l4re_dbg = moe_parse_flags(v, vl, 0);
    } else if (option(w, len, "--ldr-flags", &v, &vl)) {
        moe_opt.ldr_flags = moe_parse_flags(v, vl, 1);
    } else if (option(w, len, "--factory-quota", &v, &vl) && (q = parse_size(v, vl))) {
        moe_opt.factory_quota = q;
    } else if (option(w, len, "--mem-quota", &v, &vl) && (q = parse_size(v, vl))) {
        moe_opt.mem_quota = q;
    } else if (option(w, len, "--init-names", &v, &vl) && vl == 2 && v[0] == 'r'
               && (v[1] == 'w' || v[1] == 'o')) {
        moe_opt.init_names_rw = v[1] == 'w';
    } else if (len > 2 && w[0] == '-' && w[1] == '-') {
        kd_printf("moe: unknown or malformed option '%.*s' ignored\n", (int)len, w);
    } else {
        add_arg(w, len); /* e.g. rom/x.cfg: init's (ned's) script */
    }
}

void moe_parse_cmdline(char const *cmdline)
{
    char const *w = cmdline;
    int first = 1, rest_args = 0;

    while (*w) {
        unsigned len = 0;

        while (*w == ' ' || *w == '\t') {
            ++w;
        }
        while (w[len] && w[len] != ' ' && w[len] != '\t') {
            ++len;
        }
        if (len && !first) {
            word(w, len, &rest_args);
        }
        if (len) {
            first = 0;
        }
        w += len;
    }
}
