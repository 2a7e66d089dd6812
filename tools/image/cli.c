// SPDX-License-Identifier: MIT
/*
 * l4image's option parsing. Options are looked up in a table; each takes
 * its value as the next argument or after '='. Three modes: --entries lists
 * the entry names of a list, --modules lists the files one entry needs (so
 * that make builds only those), otherwise one entry is packed into --output.
 * Every error is one message on err and exit status 1.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "pack.h"

struct cli {
    struct pack_options o;
    const char *ram_base;
    int entries;
    int modules;
    int help;
};

struct option_def {
    const char *name;
    size_t offset;      /* of a const char * in struct cli, or of an int flag */
    int takes_value;
};

static const struct option_def options[] = {
    { "--list", offsetof(struct cli, o.list), 1 },
    { "--entry", offsetof(struct cli, o.entry), 1 },
    { "--bootstrap", offsetof(struct cli, o.bootstrap), 1 },
    { "--path", offsetof(struct cli, o.path), 1 },
    { "--ram-base", offsetof(struct cli, ram_base), 1 },
    { "--output", offsetof(struct cli, o.output), 1 },
    { "--no-elf-check", offsetof(struct cli, o.no_elf_check), 0 },
    { "--kernel-args", offsetof(struct cli, o.kernel_args), 1 },
    { "--entries", offsetof(struct cli, entries), 0 },
    { "--modules", offsetof(struct cli, modules), 0 },
    { "--help", offsetof(struct cli, help), 0 },
};

static const char usage[] =
    "usage: l4image --list FILE --entry NAME --bootstrap FILE --path DIR[:DIR...]\n"
    "               --ram-base ADDR --output OUT.elf [--no-elf-check]\n"
    "               [--kernel-args 'ARGS' (appended to the kernel's command line)]\n"
    "       l4image --list FILE --entries\n"
    "       l4image --list FILE --entry NAME --modules\n";

static const struct option_def *find_option(const char *arg, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        if (strlen(options[i].name) == len && !strncmp(options[i].name, arg, len)) {
            return &options[i];
        }
    }
    return NULL;
}

static int parse_args(struct cli *c, int argc, char **argv, FILE *err)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        const struct option_def *od = find_option(argv[i], len);
        char *field;

        if (!od || (eq && !od->takes_value)) {
            fprintf(err, "l4image: unknown option '%s'\n%s", argv[i], usage);
            return -1;
        }
        field = (char *)c + od->offset;
        if (!od->takes_value) {
            *(int *)field = 1;
        } else if (eq) {
            *(const char **)field = eq + 1;
        } else if (i + 1 < argc) {
            *(const char **)field = argv[++i];
        } else {
            fprintf(err, "l4image: option '%s' needs a value\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    int hex = !strncasecmp(s, "0x", 2);

    errno = 0;
    *out = strtoull(hex ? s + 2 : s, &end, hex ? 16 : 10);
    return (errno || end == (hex ? s + 2 : s) || *end || *s == '-' || *s == '+') ? -1 : 0;
}

static int list_entries(const struct cli *c, FILE *out, FILE *err)
{
    char msg[PACK_ERR_MAX];
    struct modlist ml;
    size_t i;

    if (pack_load_list(c->o.list, &ml, msg, sizeof(msg))) {
        fprintf(err, "%s\n", msg);
        modlist_free(&ml);
        return 1;
    }
    for (i = 0; i < ml.nentries; i++) {
        fprintf(out, "%s\n", ml.entries[i].name);
    }
    modlist_free(&ml);
    return 0;
}

/* The files entry \a c->o.entry names, one per line, as written in the list. */
static int list_modules(const struct cli *c, FILE *out, FILE *err)
{
    char msg[PACK_ERR_MAX];
    struct modlist ml;
    const struct modlist_entry *e;
    size_t i;

    if (pack_load_list(c->o.list, &ml, msg, sizeof(msg))) {
        fprintf(err, "%s\n", msg);
        modlist_free(&ml);
        return 1;
    }
    e = modlist_find(&ml, c->o.entry);
    if (!e) {
        fprintf(err, "l4image: %s: no entry '%s'\n", c->o.list, c->o.entry);
        modlist_free(&ml);
        return 1;
    }
    const struct modlist_module *fixed[] = { &e->bootstrap, &e->kernel, &e->sigma0, &e->roottask };
    for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        if (fixed[i]->file) {
            fprintf(out, "%s\n", fixed[i]->file);
        }
    }
    for (i = 0; i < e->nmods; i++) {
        fprintf(out, "%s\n", e->mods[i].file);
    }
    modlist_free(&ml);
    return 0;
}

int l4image_main(int argc, char **argv, FILE *out, FILE *err)
{
    struct cli c = { 0 };
    char msg[PACK_ERR_MAX];
    const char *missing = NULL;

    if (parse_args(&c, argc, argv, err)) {
        return 1;
    }
    if (c.help) {
        fputs(usage, out);
        return 0;
    }
    if (!c.o.list) {
        missing = "--list";
    } else if (c.entries) {
        return list_entries(&c, out, err);
    } else if (!c.o.entry) {
        missing = "--entry (or --entries)";
    } else if (c.modules) {
        return list_modules(&c, out, err);
    } else if (!c.ram_base) {
        missing = "--ram-base";
    } else if (!c.o.output) {
        missing = "--output";
    }
    if (missing) {
        fprintf(err, "l4image: missing %s\n%s", missing, usage);
        return 1;
    }
    if (parse_u64(c.ram_base, &c.o.ram_base)) {
        fprintf(err, "l4image: bad --ram-base '%s' (hex with 0x, or decimal)\n", c.ram_base);
        return 1;
    }
    if (pack_image(&c.o, err, msg, sizeof(msg))) {
        fprintf(err, "%s\n", msg);
        return 1;
    }
    return 0;
}
