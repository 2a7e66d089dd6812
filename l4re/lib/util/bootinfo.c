/* SPDX-License-Identifier: MIT */
/*
 * Boot-module lookup and command-line option parsing (<l4/util/bootinfo.h>).
 * Physical addresses from the KIP are used as pointers: the callers run
 * with the boot information mapped 1:1. Command lines are words separated
 * by blanks; no quoting, as in modules.list.
 */
#include <l4/util/bootinfo.h>
#include <l4/util/string.h>

l4util_l4mod_info const *l4util_l4mod_list(l4_kernel_info_t const *kip)
{
    return (l4util_l4mod_info const *)(l4_addr_t)kip->user_ptr;
}

l4util_l4mod_mod const *l4util_l4mod_find(l4_kernel_info_t const *kip, unsigned kind)
{
    l4util_l4mod_info const *info = l4util_l4mod_list(kip);
    l4util_l4mod_mod const *mods;
    unsigned i;

    if (!info || !info->mods_addr) {
        return NULL;
    }
    mods = (l4util_l4mod_mod const *)(l4_addr_t)info->mods_addr;
    for (i = 0; i < info->mods_count; ++i) {
        if ((mods[i].flags & L4UTIL_L4MOD_MOD_FLAG_MASK) == kind) {
            return &mods[i];
        }
    }
    return NULL;
}

char const *l4util_l4mod_cmdline(l4_kernel_info_t const *kip, unsigned kind)
{
    l4util_l4mod_mod const *m = l4util_l4mod_find(kip, kind);

    if (!m || !m->cmdline) {
        return "";
    }
    return (char const *)(l4_addr_t)m->cmdline;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Start of the next word at or after \a s, or NULL at the end. */
static char const *next_word(char const *s)
{
    while (*s && is_blank(*s)) {
        ++s;
    }
    return *s ? s : NULL;
}

static char const *skip_word(char const *s)
{
    while (*s && !is_blank(*s)) {
        ++s;
    }
    return s;
}

/* Parse a whole word as a number; returns 0 on success. */
static int parse_ulong(char const *s, char const *end, unsigned long *val)
{
    unsigned long v = 0;
    unsigned base = 10;

    if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (s == end) {
        return -1;
    }
    for (; s < end; ++s) {
        unsigned d;

        if (*s >= '0' && *s <= '9') {
            d = (unsigned)(*s - '0');
        } else if (base == 16 && *s >= 'a' && *s <= 'f') {
            d = (unsigned)(*s - 'a' + 10);
        } else if (base == 16 && *s >= 'A' && *s <= 'F') {
            d = (unsigned)(*s - 'A' + 10);
        } else {
            return -1;
        }
        v = v * base + d;
    }
    *val = v;
    return 0;
}

int l4util_cmdline_ulong(char const *cmdline, char const *key, unsigned long *val)
{
    size_t klen = strlen(key);
    char const *w;

    for (w = next_word(cmdline); w; w = next_word(skip_word(w))) {
        if (strncmp(w, key, klen) == 0 && w[klen] == '=') {
            return parse_ulong(w + klen + 1, skip_word(w), val) == 0 ? 1 : -1;
        }
    }
    return 0;
}

int l4util_cmdline_flag(char const *cmdline, char const *key)
{
    size_t klen = strlen(key);
    char const *w;

    for (w = next_word(cmdline); w; w = next_word(skip_word(w))) {
        if (strncmp(w, key, klen) == 0 && (w[klen] == '\0' || is_blank(w[klen]))) {
            return 1;
        }
    }
    return 0;
}

int l4util_cmdline_is_named(char const *cmdline, char const *name)
{
    char const *w = next_word(cmdline);
    size_t n = strlen(name);

    return w && strncmp(w, name, n) == 0 && (w[n] == '\0' || is_blank(w[n]));
}
