// SPDX-License-Identifier: MIT
/*
 * modules.list parser: one line at a time, keyword looked up in a table, one
 * handler per keyword. Lines between `entry` lines belong to that entry;
 * `default-*`, `searchpath` and `set` are global wherever they stand, and
 * defaults are applied after the whole file is read, so their position does
 * not matter. `include` inlines another file read through a callback; the
 * stack of files being read catches include loops. The first error stops the
 * parse and is kept as "FILE:LINE: message". Format: doc/modules-list.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <boot_image.h>

#include "modlist.h"
#include "util.h"

/* The four boot files an entry has exactly one of; also the default-* slots. */
enum slot { SLOT_KERNEL, SLOT_SIGMA0, SLOT_ROOTTASK, SLOT_BOOTSTRAP, SLOT_COUNT };

static const char *const slot_names[SLOT_COUNT] = {
    [SLOT_KERNEL] = "kernel", [SLOT_SIGMA0] = "sigma0",
    [SLOT_ROOTTASK] = "roottask", [SLOT_BOOTSTRAP] = "bootstrap",
};

static const int slot_kinds[SLOT_COUNT] = {
    [SLOT_KERNEL] = BOOT_MOD_KERNEL, [SLOT_SIGMA0] = BOOT_MOD_SIGMA0,
    [SLOT_ROOTTASK] = BOOT_MOD_ROOTTASK, [SLOT_BOOTSTRAP] = BOOT_MOD_PLAIN,
};

struct parser {
    struct modlist *ml;
    modlist_include_fn include;
    void *ctx;
    const char *stack[MODLIST_INCLUDE_MAX + 1];   /* files being read, outermost first */
    int depth;
    const char *file;                               /* current location */
    int line;
    struct modlist_entry *cur;                      /* entry being read, NULL before the first */
    struct modlist_module defaults[SLOT_COUNT];     /* file == NULL: not given */
    int has_modaddr;                                /* global modaddr */
    uint64_t modaddr;
};

struct keyword;
typedef int (*keyword_fn)(struct parser *p, const struct keyword *kw, char *opts, char *args);

struct keyword {
    const char *name;
    keyword_fn handler;
    int slot;           /* enum slot, or the module kind for module aliases */
};

static int perr(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int perr(struct parser *p, const char *fmt, ...)
{
    char *buf = p->ml->error;
    size_t size = sizeof(p->ml->error);
    int n = snprintf(buf, size, "%s:%d: ", p->file, p->line);
    va_list ap;

    if (n >= 0 && (size_t)n < size) {
        va_start(ap, fmt);
        vsnprintf(buf + n, size - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void module_free(struct modlist_module *m)
{
    free(m->file);
    free(m->name);
    free(m->cmdline);
    free(m->src);
    memset(m, 0, sizeof(*m));
}

static void module_copy(struct modlist_module *dst, const struct modlist_module *src, int kind)
{
    dst->kind = kind;
    dst->file = xstrdup(src->file);
    dst->name = xstrdup(src->name);
    dst->cmdline = xstrdup(src->cmdline);
    dst->src = xstrdup(src->src);
    dst->line = src->line;
}

/* Fills m from "file args..." as written on the current line. */
static int module_init(struct parser *p, struct modlist_module *m, int kind, const char *what,
                       char *spec)
{
    char *args;
    const char *name;

    if (!*spec) {
        return perr(p, "'%s' needs a file name", what);
    }
    args = str_split_word(spec);
    name = path_base(spec);
    if (!*name) {
        return perr(p, "'%s' names a folder, not a file: '%s'", what, spec);
    }
    if (strlen(name) >= BOOT_MOD_NAME_MAX) {
        return perr(p, "module name '%s' is longer than %d characters", name,
                    BOOT_MOD_NAME_MAX - 1);
    }
    m->kind = kind;
    m->file = xstrdup(spec);
    m->name = xstrdup(name);
    m->cmdline = *args ? xasprintf("%s %s", name, args) : xstrdup(name);
    m->src = xstrdup(p->file);
    m->line = p->line;
    return 0;
}

static int need_entry(struct parser *p, const char *what)
{
    if (!p->cur) {
        return perr(p, "'%s' before the first entry", what);
    }
    return 0;
}

static int no_options(struct parser *p, const struct keyword *kw, const char *opts)
{
    if (opts) {
        return perr(p, "'%s' takes no [options]", kw->name);
    }
    return 0;
}

static int entry_options(struct parser *p, char *opts, unsigned *out)
{
    char *opt;
    char *save = NULL;

    *out = 0;
    for (opt = strtok_r(opts, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
        opt = str_trim(opt);
        if (!strcasecmp(opt, "no-elf-check")) {
            *out |= MODLIST_OPT_NO_ELF_CHECK;
        } else if (*opt) {
            return perr(p, "unknown entry option '%s'", opt);
        }
    }
    return 0;
}

static int kw_entry(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    struct modlist *ml = p->ml;
    struct modlist_entry *e;
    unsigned options = 0;
    size_t i;

    if (!*args) {
        return perr(p, "'%s' needs a name", kw->name);
    }
    if (*str_split_word(args)) {
        return perr(p, "entry name must be one word");
    }
    if (strlen(args) >= BOOT_ENTRY_NAME_MAX) {
        return perr(p, "entry name '%s' is longer than %d characters", args,
                    BOOT_ENTRY_NAME_MAX - 1);
    }
    for (i = 0; i < ml->nentries; i++) {
        if (!strcmp(ml->entries[i].name, args)) {
            return perr(p, "duplicate entry '%s' (first at %s:%d)", args,
                        ml->entries[i].src, ml->entries[i].line);
        }
    }
    if (opts && entry_options(p, opts, &options)) {
        return -1;
    }
    e = array_push(&ml->entries, &ml->nentries, sizeof(*e));
    e->name = xstrdup(args);
    e->options = options;
    e->src = xstrdup(p->file);
    e->line = p->line;
    p->cur = e;
    return 0;
}

static struct modlist_module *entry_slot(struct modlist_entry *e, int slot)
{
    struct modlist_module *slots[SLOT_COUNT] = {
        [SLOT_KERNEL] = &e->kernel, [SLOT_SIGMA0] = &e->sigma0,
        [SLOT_ROOTTASK] = &e->roottask, [SLOT_BOOTSTRAP] = &e->bootstrap,
    };

    return slots[slot];
}

static int set_slot(struct parser *p, int slot, char *spec)
{
    struct modlist_module *m;

    if (need_entry(p, slot_names[slot])) {
        return -1;
    }
    m = entry_slot(p->cur, slot);
    if (m->file) {
        return perr(p, "%s given twice in entry '%s' (first at line %d)", slot_names[slot],
                    p->cur->name, m->line);
    }
    return module_init(p, m, slot_kinds[slot], slot_names[slot], spec);
}

static int kw_boot_file(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    if (no_options(p, kw, opts)) {
        return -1;
    }
    return set_slot(p, kw->slot, args);
}

static int add_module(struct parser *p, const char *what, char *spec)
{
    struct modlist_entry *e = p->cur;
    struct modlist_module m = { 0 };

    if (need_entry(p, what) || module_init(p, &m, BOOT_MOD_PLAIN, what, spec)) {
        return -1;
    }
    /* Two modules of one name would be one rom/ name: the second would be unreachable. */
    for (size_t i = 0; i < e->nmods; ++i) {
        if (!strcmp(e->mods[i].name, m.name)) {
            int rc = perr(p, "module '%s' given twice in entry '%s' (first at %s:%d)", m.name,
                          e->name, e->mods[i].src, e->mods[i].line);

            free(m.file);
            free(m.name);
            free(m.cmdline);
            free(m.src);
            return rc;
        }
    }
    *(struct modlist_module *)array_push(&e->mods, &e->nmods, sizeof(m)) = m;
    return 0;
}

static int kw_module(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    if (no_options(p, kw, opts)) {
        return -1;
    }
    return add_module(p, kw->name, args);
}

/* `moe x.cfg` = `roottask moe rom/x.cfg` + `module x.cfg`. */
static int kw_moe(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    char *rt;
    int rc;

    if (no_options(p, kw, opts) || need_entry(p, kw->name)) {
        return -1;
    }
    if (!*args) {
        return perr(p, "'moe' needs a configuration file name");
    }
    if (*str_split_word(args)) {
        return perr(p, "'moe' takes one configuration file name");
    }
    rt = xasprintf("moe rom/%s", path_base(args));
    rc = set_slot(p, SLOT_ROOTTASK, rt);
    free(rt);
    return rc ? rc : add_module(p, kw->name, args);
}

static int kw_default(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    struct modlist_module *m = &p->defaults[kw->slot];
    struct modlist_module fresh = { 0 };

    if (no_options(p, kw, opts) || module_init(p, &fresh, slot_kinds[kw->slot], kw->name, args)) {
        return -1;
    }
    module_free(m);   /* a later default replaces an earlier one */
    *m = fresh;
    return 0;
}

static int parse_addr(const char *s, uint64_t *out)
{
    char *end;

    errno = 0;
    if (!strncasecmp(s, "0x", 2)) {
        *out = strtoull(s + 2, &end, 16);
        if (end == s + 2) {
            return -1;
        }
    } else {
        *out = strtoull(s, &end, 10);
        if (end == s) {
            return -1;
        }
    }
    return (errno || *end || *s == '-' || *s == '+') ? -1 : 0;
}

static int kw_modaddr(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    int *has = p->cur ? &p->cur->has_modaddr : &p->has_modaddr;
    uint64_t *addr = p->cur ? &p->cur->modaddr : &p->modaddr;
    uint64_t value;

    if (no_options(p, kw, opts)) {
        return -1;
    }
    if (!*args) {
        return perr(p, "'modaddr' needs an address");
    }
    if (parse_addr(args, &value)) {
        return perr(p, "bad modaddr '%s' (hex with 0x, or decimal)", args);
    }
    if (value % BOOT_MOD_ALIGN) {
        return perr(p, "modaddr 0x%llx is not a multiple of %d", (unsigned long long)value,
                    BOOT_MOD_ALIGN);
    }
    if (*has) {
        return perr(p, "modaddr given twice %s", p->cur ? "in this entry" : "before the entries");
    }
    *has = 1;
    *addr = value;
    return 0;
}

static int kw_searchpath(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    struct modlist *ml = p->ml;

    if (no_options(p, kw, opts)) {
        return -1;
    }
    if (!*args) {
        return perr(p, "'searchpath' needs a folder");
    }
    *(char **)array_push(&ml->searchpath, &ml->nsearchpath, sizeof(char *)) =
        path_relative_to(p->file, args);
    return 0;
}

static int kw_set(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    struct modlist *ml = p->ml;
    struct modlist_var *v;
    char *value;

    if (no_options(p, kw, opts)) {
        return -1;
    }
    value = str_split_word(args);
    if (!*args || !*value) {
        return perr(p, "'set' needs a variable name and a value");
    }
    v = array_push(&ml->vars, &ml->nvars, sizeof(*v));
    v->name = xstrdup(args);
    v->value = xstrdup(value);
    return 0;
}

static int parse_text(struct parser *p, const char *file, const char *text, size_t len);

static int kw_include(struct parser *p, const struct keyword *kw, char *opts, char *args)
{
    char *path;
    char *text = NULL;
    size_t len = 0;
    const char *why = NULL;
    int i;
    int rc = -1;

    if (no_options(p, kw, opts)) {
        return -1;
    }
    if (!*args) {
        return perr(p, "'include' needs a file name");
    }
    if (!p->include) {
        return perr(p, "'include' is not available here");
    }
    path = path_relative_to(p->file, args);
    for (i = 0; i < p->depth; i++) {
        if (!strcmp(p->stack[i], path)) {
            perr(p, "include loop: '%s' is already being read", path);
            goto out;
        }
    }
    if (p->depth >= MODLIST_INCLUDE_MAX) {
        perr(p, "includes nested deeper than %d (loop?)", MODLIST_INCLUDE_MAX);
        goto out;
    }
    if (p->include(p->ctx, path, &text, &len, &why)) {
        perr(p, "cannot read include '%s'%s%s", path, why ? ": " : "", why ? why : "");
        goto out;
    }
    rc = parse_text(p, path, text, len);
out:
    free(text);
    free(path);
    return rc;
}

static const struct keyword keywords[] = {
    { "entry", kw_entry, 0 },
    { "title", kw_entry, 0 },
    { "kernel", kw_boot_file, SLOT_KERNEL },
    { "sigma0", kw_boot_file, SLOT_SIGMA0 },
    { "roottask", kw_boot_file, SLOT_ROOTTASK },
    { "bootstrap", kw_boot_file, SLOT_BOOTSTRAP },
    { "module", kw_module, 0 },
    { "bin", kw_module, 0 },
    { "data", kw_module, 0 },
    { "moe", kw_moe, 0 },
    { "default-kernel", kw_default, SLOT_KERNEL },
    { "default-sigma0", kw_default, SLOT_SIGMA0 },
    { "default-roottask", kw_default, SLOT_ROOTTASK },
    { "default-bootstrap", kw_default, SLOT_BOOTSTRAP },
    { "modaddr", kw_modaddr, 0 },
    { "searchpath", kw_searchpath, 0 },
    { "set", kw_set, 0 },
    { "include", kw_include, 0 },
};

/* line: one NUL-terminated line without its newline. */
static int parse_line(struct parser *p, char *line)
{
    char *hash = strchr(line, '#');
    char *kw_end;
    char *opts = NULL;
    char *args;
    char saved;
    size_t i;

    if (hash) {
        *hash = '\0';
    }
    line = str_trim(line);
    if (!*line) {
        return 0;
    }
    kw_end = line + strcspn(line, " \t\v\f\r[");
    saved = *kw_end;
    *kw_end = '\0';
    args = saved ? kw_end + 1 : kw_end;
    if (saved == '[') {
        char *close = strchr(args, ']');

        if (!close) {
            return perr(p, "missing ']' after '%s['", line);
        }
        *close = '\0';
        opts = args;
        args = close + 1;
    }
    args = str_trim(args);
    for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
        if (!strcasecmp(keywords[i].name, line)) {
            return keywords[i].handler(p, &keywords[i], opts, args);
        }
    }
    return perr(p, "unknown keyword '%s'", line);
}

static int parse_text(struct parser *p, const char *file, const char *text, size_t len)
{
    const char *saved_file = p->file;
    int saved_line = p->line;
    size_t pos = 0;
    int rc = 0;

    p->stack[p->depth++] = file;
    p->file = file;
    p->line = 0;
    while (pos < len && !rc) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        char *line = xmalloc(n + 1);

        memcpy(line, text + pos, n);
        line[n] = '\0';
        p->line++;
        rc = parse_line(p, line);
        free(line);
        pos += n + 1;
    }
    p->depth--;
    if (!rc) {
        p->file = saved_file;
        p->line = saved_line;
    }
    return rc;
}

/* Fills what an entry left out from the defaults; the entry's line names the culprit. */
static int finish_entry(struct parser *p, struct modlist_entry *e)
{
    static const char *const builtin[SLOT_COUNT] = {
        [SLOT_KERNEL] = "kernel", [SLOT_SIGMA0] = "sigma0",
    };
    int slot;

    p->file = e->src;
    p->line = e->line;
    for (slot = 0; slot < SLOT_COUNT; slot++) {
        struct modlist_module *m = entry_slot(e, slot);
        char spec[16];

        if (m->file) {
            continue;
        }
        if (p->defaults[slot].file) {
            module_copy(m, &p->defaults[slot], slot_kinds[slot]);
        } else if (builtin[slot]) {
            snprintf(spec, sizeof(spec), "%s", builtin[slot]);
            if (module_init(p, m, slot_kinds[slot], slot_names[slot], spec)) {
                return -1;
            }
        } else if (slot == SLOT_ROOTTASK) {
            return perr(p, "entry '%s' has no roottask and there is no default-roottask",
                        e->name);
        }
    }
    if (!e->has_modaddr && p->has_modaddr) {
        e->has_modaddr = 1;
        e->modaddr = p->modaddr;
    }
    return 0;
}

int modlist_parse(struct modlist *ml, const char *file_name, const char *text, size_t len,
                  modlist_include_fn include, void *ctx)
{
    struct parser p = { .ml = ml, .include = include, .ctx = ctx };
    size_t i;
    int rc;

    memset(ml, 0, sizeof(*ml));
    rc = parse_text(&p, file_name, text, len);
    for (i = 0; i < ml->nentries && !rc; i++) {
        rc = finish_entry(&p, &ml->entries[i]);
    }
    for (i = 0; i < SLOT_COUNT; i++) {
        module_free(&p.defaults[i]);
    }
    return rc;
}

const struct modlist_entry *modlist_find(const struct modlist *ml, const char *name)
{
    size_t i;

    for (i = 0; i < ml->nentries; i++) {
        if (!strcmp(ml->entries[i].name, name)) {
            return &ml->entries[i];
        }
    }
    return NULL;
}

void modlist_free(struct modlist *ml)
{
    size_t i, j;

    for (i = 0; i < ml->nentries; i++) {
        struct modlist_entry *e = &ml->entries[i];

        for (j = 0; j < SLOT_COUNT; j++) {
            module_free(entry_slot(e, (int)j));
        }
        for (j = 0; j < e->nmods; j++) {
            module_free(&e->mods[j]);
        }
        free(e->mods);
        free(e->name);
        free(e->src);
    }
    free(ml->entries);
    for (i = 0; i < ml->nsearchpath; i++) {
        free(ml->searchpath[i]);
    }
    free(ml->searchpath);
    for (i = 0; i < ml->nvars; i++) {
        free(ml->vars[i].name);
        free(ml->vars[i].value);
    }
    free(ml->vars);
    memset(ml, 0, sizeof(*ml));
}
