/* SPDX-License-Identifier: MIT */
/*
 * modules.list parser of the host packer l4image.
 *
 * The parser is a pure function over a text buffer: it never touches the file
 * system itself, it asks a callback for the text of every `include`d file.
 * This keeps it unit-testable (tests/host/test_modlist.c). After a successful
 * parse every entry is complete: kernel, sigma0 and roottask are filled in
 * from the defaults, and every string is owned by the struct modlist.
 * The accepted format and every error message: doc/modules-list.md.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define MODLIST_ERR_MAX      512
#define MODLIST_INCLUDE_MAX  16     /* nesting depth; also stops loops the path test misses */

/* Entry options, written as `entry[opt,opt] name`. */
#define MODLIST_OPT_NO_ELF_CHECK 0x1u

/* One file of an entry, with where it was named (for error messages). */
struct modlist_module {
    int kind;           /* enum boot_mod_kind */
    char *file;         /* as written in the list */
    char *name;         /* base name of file; what the boot archive calls it */
    char *cmdline;      /* name, then the arguments if any */
    char *src;          /* list file that named it */
    int line;           /* line in src */
};

struct modlist_entry {
    char *name;
    unsigned options;               /* MODLIST_OPT_* */
    int has_modaddr;
    uint64_t modaddr;               /* relative to the RAM base */
    struct modlist_module kernel;
    struct modlist_module sigma0;
    struct modlist_module roottask;
    struct modlist_module bootstrap; /* file == NULL if neither entry nor default names one */
    struct modlist_module *mods;    /* plain modules in list order */
    size_t nmods;
    char *src;
    int line;
};

struct modlist_var {
    char *name;
    char *value;
};

struct modlist {
    struct modlist_entry *entries;
    size_t nentries;
    char **searchpath;              /* `searchpath` folders, made relative to the cwd */
    size_t nsearchpath;
    struct modlist_var *vars;       /* `set` lines: stored, not used */
    size_t nvars;
    char error[MODLIST_ERR_MAX];    /* "FILE:LINE: message" after a failed parse */
};

/*
 * Reads the file at path (already resolved relative to the including file) into a
 * malloc()ed buffer that the parser frees. Returns 0, or -1 if it cannot be read
 * (then *why may point to a static reason, e.g. strerror(errno)).
 */
typedef int (*modlist_include_fn)(void *ctx, const char *path, char **text, size_t *len,
                                  const char **why);

/*
 * Parses text (len bytes, need not be NUL-terminated) as the list file named
 * file_name. include is called for every `include` line; it may be NULL, then
 * `include` is an error. Returns 0, or -1 with ml->error set; ml is always left
 * in a state modlist_free() accepts.
 */
int modlist_parse(struct modlist *ml, const char *file_name, const char *text, size_t len,
                  modlist_include_fn include, void *ctx);

/* The entry called name (case-sensitive), or NULL. */
const struct modlist_entry *modlist_find(const struct modlist *ml, const char *name);

/* Releases everything modlist_parse() allocated; ml is zeroed afterwards. */
void modlist_free(struct modlist *ml);
