// SPDX-License-Identifier: MIT
/*
 * Host unit tests of the modules.list parser (tools/image/modlist.c): good
 * lists (defaults, arguments, keyword case, comments, includes, the moe
 * shorthand, modaddr, entry options) and every error with its exact
 * "FILE:LINE: message". Included files come from an in-memory table through
 * the parser's include callback, so no file system is involved. Prints TAP.
 */
#include <stdlib.h>
#include <string.h>

#include <boot_image.h>

#include "modlist.h"
#include "tap_host.h"

struct memfile {
    const char *path;
    const char *text;
};

/* Files an `include` may read; set per test. */
static const struct memfile *files;

static int mem_include(void *ctx, const char *path, char **text, size_t *len, const char **why)
{
    const struct memfile *f;

    (void)ctx;
    for (f = files; f && f->path; f++) {
        if (!strcmp(f->path, path)) {
            *len = strlen(f->text);
            *text = malloc(*len + 1);
            memcpy(*text, f->text, *len + 1);
            return 0;
        }
    }
    *why = "no such file";
    return -1;
}

static struct modlist ml;

static int parse_as(const char *name, const char *text)
{
    modlist_free(&ml);
    return modlist_parse(&ml, name, text, strlen(text), mem_include, NULL);
}

static int parse(const char *text)
{
    return parse_as("t.list", text);
}

/* The error of parsing text, "" if it parsed. */
static const char *error_of(const char *text)
{
    return parse(text) ? ml.error : "";
}

static void test_defaults_and_args(void)
{
    const struct modlist_entry *e;

    parse("entry hello\n"
          "roottask moe --init=rom/hello\n"
          "module l4re\n"
          "module dir/sub/hello.bin  a  b\n");
    e = modlist_find(&ml, "hello");
    ok(e && !strcmp(e->kernel.file, "kernel") && e->kernel.kind == BOOT_MOD_KERNEL,
       "kernel defaults to 'kernel'");
    ok(e && !strcmp(e->sigma0.cmdline, "sigma0") && e->sigma0.kind == BOOT_MOD_SIGMA0,
       "sigma0 defaults to 'sigma0'");
    is_str(e ? e->roottask.cmdline : NULL, "moe --init=rom/hello", "roottask command line");
    ok(e && e->nmods == 2 && !strcmp(e->mods[0].name, "l4re"), "modules kept in list order");
    ok(e && e->nmods == 2 && !strcmp(e->mods[1].name, "hello.bin") &&
       !strcmp(e->mods[1].file, "dir/sub/hello.bin") &&
       !strcmp(e->mods[1].cmdline, "hello.bin a  b"),
       "module name is the base name, command line name + args");
    ok(e && !e->bootstrap.file && !e->has_modaddr && !e->options,
       "no bootstrap, modaddr or options unless given");
}

static void test_case_comments_aliases(void)
{
    const struct modlist_entry *e;
    int rc = parse("# whole-line comment\n"
                   "\n"
                   "   \t\n"
                   "TITLE one   # trailing comment\n"
                   "Kernel fiasco -serial_esc # args end before '#'\n"
                   "SIGMA0 s0 --heartbeat=100\n"
                   "RootTask rt\n"
                   "BIN b1\r\n"
                   "Data d1\n"
                   "MODULE m1\n");

    e = modlist_find(&ml, "one");
    ok(rc == 0 && e, "keywords are case-insensitive, title is entry");
    is_str(e ? e->kernel.cmdline : NULL, "fiasco -serial_esc", "trailing comment stripped");
    is_str(e ? e->sigma0.cmdline : NULL, "s0 --heartbeat=100", "sigma0 args");
    ok(e && e->nmods == 3 && !strcmp(e->mods[0].name, "b1") && !strcmp(e->mods[1].name, "d1")
       && e->mods[2].kind == BOOT_MOD_PLAIN, "bin and data are module aliases (CRLF ok)");
}

static void test_default_keywords(void)
{
    const struct modlist_entry *a, *b;

    parse("default-kernel fiasco -serial_esc\n"
          "entry a\n"
          "default-roottask moe rom/a.cfg\n"     /* global even between entry lines */
          "entry b\n"
          "roottask own\n"
          "kernel other\n"
          "default-sigma0 sig\n"
          "default-bootstrap boot --x\n");
    a = modlist_find(&ml, "a");
    b = modlist_find(&ml, "b");
    ok(a && !strcmp(a->kernel.cmdline, "fiasco -serial_esc") &&
       !strcmp(a->roottask.cmdline, "moe rom/a.cfg") && !strcmp(a->sigma0.file, "sig"),
       "default-* apply wherever they stand");
    ok(b && !strcmp(b->kernel.file, "other") && !strcmp(b->roottask.file, "own"),
       "an entry's own lines beat the defaults");
    ok(a && a->roottask.kind == BOOT_MOD_ROOTTASK && a->roottask.line == 3 &&
       a->bootstrap.file && !strcmp(a->bootstrap.file, "boot"),
       "defaulted roottask keeps kind and line; default-bootstrap");
}

static void test_include(void)
{
    static const struct memfile inc[] = {
        { "conf/sub/more.list", "entry inc\nroottask rt\ninclude ../mods.list\n" },
        { "conf/sub/../mods.list", "module from-mods\n" },   /* paths are not normalized */
        { "conf/bad.list", "\n\nbogus\n" },
        { NULL, NULL },
    };
    const struct modlist_entry *e;

    files = inc;
    ok(parse_as("conf/modules.list", "entry top\nroottask r\ninclude sub/more.list\n") == 0,
       "include relative to the including file");
    e = modlist_find(&ml, "inc");
    ok(ml.nentries == 2 && e && e->nmods == 1 && !strcmp(e->mods[0].name, "from-mods"),
       "included lines continue the current entry");
    parse_as("conf/modules.list", "entry top\nroottask r\ninclude bad.list\n");
    is_str(ml.error, "conf/bad.list:3: unknown keyword 'bogus'",
           "error inside an include names the included file and line");
    parse_as("conf/modules.list", "\ninclude nothere.list\n");
    is_str(ml.error, "conf/modules.list:2: cannot read include 'conf/nothere.list': "
           "no such file", "missing include file");
    files = NULL;
}

static void test_include_loop(void)
{
    static const struct memfile loop[] = {
        { "a.list", "entry a\nroottask r\ninclude b.list\n" },
        { "b.list", "# b\ninclude a.list\n" },
        { "self.list", "include self.list\n" },
        { NULL, NULL },
    };

    files = loop;
    parse_as("a.list", "entry a\nroottask r\ninclude b.list\n");
    is_str(ml.error, "b.list:2: include loop: 'a.list' is already being read",
           "include loop a -> b -> a");
    parse_as("self.list", "include self.list\n");
    is_str(ml.error, "self.list:1: include loop: 'self.list' is already being read",
           "a file including itself");
    files = NULL;
}

static void test_moe_modaddr_options(void)
{
    const struct modlist_entry *e, *g;

    parse("modaddr 0x800000\n"
          "entry[no-elf-check] cfg\n"
          "moe conf/hello.cfg\n"
          "module hello\n"
          "entry[ NO-ELF-CHECK , ] own\n"
          "roottask r\n"
          "modaddr 16777216\n"
          "searchpath ../bin\n"
          "set KEY some value\n");
    e = modlist_find(&ml, "cfg");
    g = modlist_find(&ml, "own");
    ok(e && !strcmp(e->roottask.cmdline, "moe rom/hello.cfg") && e->nmods == 2 &&
       !strcmp(e->mods[0].file, "conf/hello.cfg") && !strcmp(e->mods[0].name, "hello.cfg"),
       "moe x.cfg = roottask moe rom/x.cfg + module x.cfg");
    ok(e && e->has_modaddr && e->modaddr == 0x800000, "global modaddr (hex) applies");
    ok(g && g->has_modaddr && g->modaddr == 0x1000000, "entry modaddr (decimal) wins");
    ok(e && g && (e->options & MODLIST_OPT_NO_ELF_CHECK) &&
       (g->options & MODLIST_OPT_NO_ELF_CHECK), "entry option no-elf-check (any case)");
    ok(ml.nsearchpath == 1 && !strcmp(ml.searchpath[0], "../bin") && ml.nvars == 1 &&
       !strcmp(ml.vars[0].name, "KEY") && !strcmp(ml.vars[0].value, "some value"),
       "searchpath and set are stored");
    parse_as("conf/x.list", "searchpath bin\nsearchpath /abs\n");
    ok(ml.nsearchpath == 2 && !strcmp(ml.searchpath[0], "conf/bin") &&
       !strcmp(ml.searchpath[1], "/abs"), "searchpath relative to the list file");
}

static void test_names(void)
{
    char text[256];
    const char *n47 = "a23456789012345678901234567890123456789012345678";   /* 48 chars */

    snprintf(text, sizeof(text), "entry e\nroottask r\nmodule dir/%.47s\n", n47);
    ok(parse(text) == 0, "module name of 47 characters is fine");
    snprintf(text, sizeof(text), "entry e\nroottask r\nmodule dir/%s x\n", n47);
    is_str(error_of(text), "t.list:3: module name "
           "'a23456789012345678901234567890123456789012345678' is longer than 47 characters",
           "module name of 48 characters");
    is_str(error_of("entry abcdefghijabcdefghijabcdefghijab\n"),
           "t.list:1: entry name 'abcdefghijabcdefghijabcdefghijab' is longer than 31 characters",
           "entry name too long");
    ok(modlist_find(&ml, "nope") == NULL, "modlist_find of an unknown entry is NULL");
}

static void test_errors(void)
{
    is_str(error_of("entry a\nroottask r\n\nfrobnicate x\n"),
           "t.list:4: unknown keyword 'frobnicate'", "unknown keyword");
    is_str(error_of("entry a\nkernel\n"), "t.list:2: 'kernel' needs a file name",
           "missing argument: kernel");
    is_str(error_of("# x\nentry   # no name\n"), "t.list:2: 'entry' needs a name",
           "missing argument: entry");
    is_str(error_of("modaddr\n"), "t.list:1: 'modaddr' needs an address",
           "missing argument: modaddr");
    is_str(error_of("set X\n"), "t.list:1: 'set' needs a variable name and a value",
           "missing argument: set");
    is_str(error_of("entry a\nroottask r\n\nentry b\nroottask r\nentry a\n"),
           "t.list:6: duplicate entry 'a' (first at t.list:1)", "duplicate entry");
    is_str(error_of("\nmodule m\n"), "t.list:2: 'module' before the first entry",
           "module before any entry");
    is_str(error_of("entry a\nkernel k1\nroottask r\nKERNEL k2\n"),
           "t.list:4: kernel given twice in entry 'a' (first at line 2)", "kernel twice");
    is_str(error_of("entry a\nroottask r\nmoe x.cfg\n"),
           "t.list:3: roottask given twice in entry 'a' (first at line 2)",
           "roottask and moe in one entry");
    is_str(error_of("entry a\nroottask r\nmodule dir/hello\nmodule l4re\nmodule hello x\n"),
           "t.list:5: module 'hello' given twice in entry 'a' (first at t.list:3)",
           "the same module twice in one entry (also from another folder)");
    is_str(error_of("entry a\nmoe x.cfg\nmodule x.cfg\n"),
           "t.list:3: module 'x.cfg' given twice in entry 'a' (first at t.list:2)",
           "a module that the moe line already adds");
    ok(parse("entry a\nroottask r\nmodule m\nentry b\nroottask r\nmodule m\n") == 0,
       "the same module in two entries is fine");
    is_str(error_of("entry[fast] a\n"), "t.list:1: unknown entry option 'fast'",
           "unknown entry option");
    is_str(error_of("entry[no-elf-check a\n"), "t.list:1: missing ']' after 'entry['",
           "unclosed option bracket");
    is_str(error_of("entry a\nmodule[x] m\n"), "t.list:2: 'module' takes no [options]",
           "options on a module line");
    is_str(error_of("entry a\nmodule m\n\nentry b\nroottask r\n"),
           "t.list:1: entry 'a' has no roottask and there is no default-roottask",
           "entry without roottask");
    is_str(error_of("modaddr 0x12zz\n"), "t.list:1: bad modaddr '0x12zz' (hex with 0x, or decimal)",
           "bad modaddr");
    is_str(error_of("modaddr 0x1234\n"), "t.list:1: modaddr 0x1234 is not a multiple of 4096",
           "unaligned modaddr");
    is_str(error_of("entry a b\n"), "t.list:1: entry name must be one word",
           "entry name with a space");
    is_str(error_of("entry a\nmoe\n"), "t.list:2: 'moe' needs a configuration file name",
           "moe without a file");
    is_str(error_of("entry a\nroottask r\ninclude x\n") , "t.list:3: cannot read include 'x': "
           "no such file", "include without a readable file");
}

int main(void)
{
    plan(50);
    test_defaults_and_args();
    test_case_comments_aliases();
    test_default_keywords();
    test_include();
    test_include_loop();
    test_moe_modaddr_options();
    test_names();
    test_errors();
    modlist_free(&ml);
    return done();
}
