// SPDX-License-Identifier: MIT
/*
 * The packing steps, in the order they can fail: parse the list, pick the
 * entry, find and read every file (--path folders first, then the list's
 * `searchpath` folders), validate the ELFs and bootstrap's header, build the
 * archive, place it, check the physical layout, write the image. Nothing is
 * written before every check has passed (decide, then act). Errors tied to a
 * list line read "FILE:LINE: ...", the rest "l4image: ...".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <boot_image.h>

#include "archive.h"
#include "elf_file.h"
#include "layout.h"
#include "pack.h"
#include "util.h"

enum { PART_BOOTSTRAP, PART_KERNEL, PART_SIGMA0, PART_ROOTTASK, PART_COUNT };

/* One input file of the image. */
struct part {
    const char *role;
    const struct modlist_module *mod;   /* the list line; NULL for --bootstrap */
    char *path;
    uint8_t *data;
    size_t size;
    struct elf_file elf;
    int parsed;
};

struct packer {
    const struct pack_options *o;
    struct modlist ml;
    const struct modlist_entry *e;
    char **dirs;
    size_t ndirs;
    char *dirs_text;                    /* the search path, for messages */
    struct part parts[PART_COUNT];
    struct part *mods;
    size_t nmods;
    char *err;
    size_t errlen;
};

static int fail(struct packer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct packer *p, const char *fmt, ...)
{
    char msg[PACK_ERR_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s", msg);
    return -1;
}

static int read_include(void *ctx, const char *path, char **text, size_t *len, const char **why)
{
    uint8_t *data;

    (void)ctx;
    if (file_read(path, &data, len)) {
        *why = strerror(errno);
        return -1;
    }
    *text = (char *)data;
    return 0;
}

int pack_load_list(const char *path, struct modlist *ml, char *err, size_t errlen)
{
    uint8_t *text;
    size_t len;
    int rc;

    memset(ml, 0, sizeof(*ml));
    if (file_read(path, &text, &len)) {
        snprintf(err, errlen, "l4image: cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    rc = modlist_parse(ml, path, (const char *)text, len, read_include, NULL);
    free(text);
    if (rc) {
        snprintf(err, errlen, "%s", ml->error);
    }
    return rc;
}

static int find_entry(struct packer *p)
{
    char known[PACK_ERR_MAX / 2] = "";
    size_t i, used = 0;

    p->e = modlist_find(&p->ml, p->o->entry);
    if (p->e) {
        return 0;
    }
    for (i = 0; i < p->ml.nentries && used < sizeof(known); i++) {
        used += snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "",
                         p->ml.entries[i].name);
    }
    return fail(p, "l4image: unknown entry '%s' in %s; known entries: %s", p->o->entry,
                p->o->list, p->ml.nentries ? known : "(none)");
}

static void add_dir(struct packer *p, const char *dir)
{
    *(char **)array_push(&p->dirs, &p->ndirs, sizeof(char *)) = xstrdup(dir);
}

/* --path folders, then the list's searchpath folders. */
static void build_search_path(struct packer *p)
{
    char *copy = xstrdup(p->o->path ? p->o->path : ".");
    char *dir, *save = NULL;
    size_t i, len = 1;

    for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        add_dir(p, dir);
    }
    free(copy);
    for (i = 0; i < p->ml.nsearchpath; i++) {
        add_dir(p, p->ml.searchpath[i]);
    }
    for (i = 0; i < p->ndirs; i++) {
        len += strlen(p->dirs[i]) + 1;
    }
    p->dirs_text = xmalloc(len);
    p->dirs_text[0] = '\0';
    for (i = 0; i < p->ndirs; i++) {
        strcat(strcat(p->dirs_text, i ? ":" : ""), p->dirs[i]);
    }
}

static int read_part(struct part *part, const char *path)
{
    if (file_read(path, &part->data, &part->size) == 0) {
        part->path = xstrdup(path);
        return 0;
    }
    return errno == ENOENT ? 1 : -1;
}

/* Finds the file of m in the search path and reads it; 0 or -1 (error set). */
static int load_module(struct packer *p, struct part *part, const struct modlist_module *m,
                       const char *role)
{
    size_t i;
    int rc = 1;

    part->role = role;
    part->mod = m;
    if (m->file[0] == '/') {
        rc = read_part(part, m->file);
        if (rc) {
            return fail(p, "%s:%d: module '%s': %s", m->src, m->line, m->file,
                        rc > 0 ? "not found" : strerror(errno));
        }
        return 0;
    }
    for (i = 0; i < p->ndirs && rc > 0; i++) {
        char *path = xasprintf("%s/%s", p->dirs[i], m->file);

        rc = read_part(part, path);
        if (rc < 0) {
            fail(p, "%s:%d: cannot read %s '%s': %s", m->src, m->line, role, path,
                 strerror(errno));
        }
        free(path);
    }
    if (rc > 0) {
        return fail(p, "%s:%d: module '%s' not found in %s", m->src, m->line, m->file,
                    p->dirs_text);
    }
    return rc;
}

static int load_bootstrap(struct packer *p)
{
    struct part *bs = &p->parts[PART_BOOTSTRAP];

    bs->role = "bootstrap";
    if (!p->o->bootstrap) {
        if (!p->e->bootstrap.file) {
            return fail(p, "l4image: no bootstrap: give --bootstrap or a bootstrap line");
        }
        return load_module(p, bs, &p->e->bootstrap, "bootstrap");
    }
    if (read_part(bs, p->o->bootstrap)) {
        return fail(p, "l4image: cannot read bootstrap '%s': %s", p->o->bootstrap,
                    strerror(errno));
    }
    return 0;
}

/* Validates part as an ELF; a failure is fatal unless lenient (then a warning). */
static int parse_part(struct packer *p, struct part *part, int lenient, FILE *warn)
{
    char why[ELF_ERR_MAX];
    const struct modlist_module *m = part->mod;

    if (elf_parse(&part->elf, part->data, part->size, why, sizeof(why)) == 0) {
        part->parsed = 1;
        return 0;
    }
    if (lenient) {
        fprintf(warn, "l4image: warning: packing %s '%s' unchecked: %s\n", part->role,
                part->path, why);
        return 0;
    }
    if (!m) {
        return fail(p, "l4image: %s '%s': %s", part->role, part->path, why);
    }
    return fail(p, "%s:%d: %s '%s': %s", m->src, m->line, part->role, part->path, why);
}

static int load_files(struct packer *p, FILE *warn)
{
    const struct modlist_entry *e = p->e;
    int lenient = p->o->no_elf_check || (e->options & MODLIST_OPT_NO_ELF_CHECK);
    size_t i;

    if (load_bootstrap(p) || parse_part(p, &p->parts[PART_BOOTSTRAP], 0, warn) ||
        load_module(p, &p->parts[PART_KERNEL], &e->kernel, "kernel") ||
        load_module(p, &p->parts[PART_SIGMA0], &e->sigma0, "sigma0") ||
        load_module(p, &p->parts[PART_ROOTTASK], &e->roottask, "roottask")) {
        return -1;
    }
    p->mods = xmalloc(e->nmods * sizeof(*p->mods));
    memset(p->mods, 0, e->nmods * sizeof(*p->mods));
    for (; p->nmods < e->nmods; p->nmods++) {
        if (load_module(p, &p->mods[p->nmods], &e->mods[p->nmods], "module")) {
            return -1;
        }
    }
    for (i = PART_KERNEL; i < PART_COUNT; i++) {
        if (parse_part(p, &p->parts[i], lenient, warn)) {
            return -1;
        }
    }
    return 0;
}

static struct archive_input input_of(const struct part *part)
{
    return (struct archive_input){ part->mod->kind, part->mod->name, part->mod->cmdline,
                                   part->data, part->size };
}

/* Everything after the files are read: archive, placement, checks, output. */
static int build_image(struct packer *p)
{
    const struct part *bs = &p->parts[PART_BOOTSTRAP];
    struct layout_part lp[PART_COUNT];
    size_t n = PART_ROOTTASK + p->nmods, i;
    struct archive_input *in = xmalloc(n * sizeof(*in));
    uint64_t hdr, addr;
    uint8_t *ar = NULL;
    char *kernel_cmd = NULL;
    size_t ar_size;
    char why[PACK_ERR_MAX / 2];
    int rc = -1;

    for (i = 0; i < PART_COUNT; i++) {
        lp[i] = (struct layout_part){ p->parts[i].role, p->parts[i].path,
                                      p->parts[i].parsed ? &p->parts[i].elf : NULL };
    }
    for (i = PART_KERNEL; i < PART_COUNT; i++) {
        in[i - PART_KERNEL] = input_of(&p->parts[i]);
    }
    for (i = 0; i < p->nmods; i++) {
        in[PART_ROOTTASK + i] = input_of(&p->mods[i]);
    }
    if (p->o->kernel_args && *p->o->kernel_args) {
        const char *cmd = in[0].cmdline;
        kernel_cmd = xmalloc(strlen(cmd) + strlen(p->o->kernel_args) + 2);
        sprintf(kernel_cmd, "%s %s", cmd, p->o->kernel_args);
        in[0].cmdline = kernel_cmd;
    }
    if (layout_find_header(&bs->elf, &hdr, why, sizeof(why)) ||
        archive_build(p->e->name, in, n, &ar, &ar_size, why, sizeof(why))) {
        goto out;
    }
    if (p->e->has_modaddr) {
        addr = p->o->ram_base + p->e->modaddr;
        if (addr < p->o->ram_base) {
            snprintf(why, sizeof(why), "modaddr 0x%llx wraps around",
                     (unsigned long long)p->e->modaddr);
            goto out;
        }
    } else if (layout_default_addr(lp, PART_COUNT, &addr, why, sizeof(why))) {
        goto out;
    }
    if (layout_check(lp, PART_COUNT, p->o->ram_base, addr, ar_size, why, sizeof(why)) ||
        layout_write(p->o->output, &bs->elf, hdr, addr, ar, ar_size, why, sizeof(why))) {
        goto out;
    }
    rc = 0;
out:
    if (rc) {
        fail(p, "l4image: %s: %s", p->e->name, why);
    }
    free(ar);
    free(in);
    free(kernel_cmd);
    return rc;
}

static void part_free(struct part *part)
{
    elf_release(&part->elf);
    free(part->data);
    free(part->path);
}

int pack_image(const struct pack_options *o, FILE *warn, char *err, size_t errlen)
{
    struct packer p = { .o = o, .err = err, .errlen = errlen };
    size_t i;
    int rc;

    rc = pack_load_list(o->list, &p.ml, err, errlen);
    if (!rc) {
        rc = find_entry(&p);
    }
    if (!rc) {
        build_search_path(&p);
        rc = load_files(&p, warn);
    }
    if (!rc) {
        rc = build_image(&p);
    }
    for (i = 0; i < PART_COUNT; i++) {
        part_free(&p.parts[i]);
    }
    for (i = 0; i < p.nmods; i++) {
        part_free(&p.mods[i]);
    }
    free(p.mods);
    for (i = 0; i < p.ndirs; i++) {
        free(p.dirs[i]);
    }
    free(p.dirs);
    free(p.dirs_text);
    modlist_free(&p.ml);
    return rc;
}
