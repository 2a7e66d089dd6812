/* SPDX-License-Identifier: MIT */
/*
 * sigma0's command line: "sigma0 [--heartbeat=<ms>] [--verbose]", found in
 * the boot-module list (module with the SIGMA0 flag). Options are a table;
 * each word after the name must match one, so a typo is reported instead
 * of silently ignored.
 */
#include <stddef.h>
#include <l4/util/bootinfo.h>
#include <l4/util/kd_printf.h>
#include <l4/util/string.h>
#include "sigma0.h"

enum opt_kind { OPT_FLAG, OPT_ULONG };

struct opt {
    char const *key;    /* "--name", without "=" */
    enum opt_kind kind;
    size_t offset;      /* of the unsigned long field in struct sigma0_options */
};

static const struct opt opts[] = {
    { "--heartbeat", OPT_ULONG, offsetof(struct sigma0_options, heartbeat_ms) },
    { "--verbose", OPT_FLAG, offsetof(struct sigma0_options, verbose) },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* The option whose key is the start of \a word (up to '=' or the end), or NULL. */
static struct opt const *find_opt(char const *word, size_t len)
{
    unsigned i;

    for (i = 0; i < NOPTS; ++i) {
        size_t k = strlen(opts[i].key);

        if (k <= len && strncmp(word, opts[i].key, k) == 0
            && (k == len || word[k] == '=')) {
            return &opts[i];
        }
    }
    return NULL;
}

static void apply(struct opt const *op, char const *cmdline, struct sigma0_options *o)
{
    unsigned long *field = (unsigned long *)((char *)o + op->offset);
    unsigned long v;

    if (op->kind == OPT_FLAG) {
        *field = 1;
        return;
    }
    if (l4util_cmdline_ulong(cmdline, op->key, &v) == 1) {
        *field = v;
    } else {
        kd_printf("sigma0: option %s needs a number (%s=<n>)\n", op->key, op->key);
    }
}

void sigma0_parse_cmdline(char const *cmdline, struct sigma0_options *o)
{
    char const *w = cmdline;
    int first = 1;

    memset(o, 0, sizeof(*o));
    while (*w) {
        size_t len = 0;

        while (*w == ' ' || *w == '\t') {
            ++w;
        }
        while (w[len] && w[len] != ' ' && w[len] != '\t') {
            ++len;
        }
        if (len && !first) {
            struct opt const *op = find_opt(w, len);

            if (op) {
                apply(op, cmdline, o);
            } else {
                kd_printf("sigma0: unknown option '%.*s' ignored\n", (int)len, w);
            }
        }
        if (len) {
            first = 0; /* the first word is the module name */
        }
        w += len;
    }
}
