// SPDX-License-Identifier: MIT
/*
 * Host tests of the packer through its real command line (l4image_main):
 * tiny AArch64 ELFs are written to a temporary folder (no binaries in the
 * tree), one entry is packed with a fake bootstrap, and the output is read
 * back field by field: ELF header, segments, the patched bootstrap header and
 * the archive (order, kinds, command lines, alignment, data). Then every
 * error path must fail with its message and leave no output file. TAP.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boot_image.h>

#include "cli.h"
#include "archive.h"
#include "elf_file.h"
#include "tap_host.h"

#define RAM      0x40000000ull
#define BS_ADDR  0x40200000ull

struct seg {
    uint64_t vaddr, paddr, filesz, memsz;
    uint8_t fill;
};

static char dir[64];
static char out_err[4096];
static char out_std[4096];

static char *tpath(const char *name)
{
    static char buf[4][256];
    static int next;
    char *p = buf[next++ % 4];

    snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
    return p;
}

static void put_file(const char *name, const void *data, size_t size)
{
    FILE *f = fopen(tpath(name), "wb");

    if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
        perror(name);
        exit(2);
    }
}

static int exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/* An ELF64 AArch64 executable with the given PT_LOADs, data at page offsets. */
static uint8_t *make_elf(size_t *size, uint16_t machine, uint64_t entry, const struct seg *s,
                         int n)
{
    size_t total = 0x1000, i, j;
    uint8_t *buf;
    Elf64_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
        .e_type = ET_EXEC, .e_machine = machine, .e_version = EV_CURRENT, .e_entry = entry,
        .e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = (Elf64_Half)n,
    };

    for (i = 0; i < (size_t)n; i++) {
        total += (s[i].filesz + 0xfff) & ~0xfffull;
    }
    buf = calloc(1, total);
    memcpy(buf, &eh, sizeof(eh));
    total = 0x1000;
    for (i = 0; i < (size_t)n; i++) {
        Elf64_Phdr ph = {
            .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = total,
            .p_vaddr = s[i].vaddr, .p_paddr = s[i].paddr, .p_filesz = s[i].filesz,
            .p_memsz = s[i].memsz, .p_align = 0x1000,
        };

        memcpy(buf + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
        for (j = 0; j < s[i].filesz; j++) {
            buf[total + j] = (uint8_t)(s[i].fill + j);
        }
        total += (s[i].filesz + 0xfff) & ~0xfffull;
    }
    *size = total;
    return buf;
}

static void put_elf(const char *name, uint16_t machine, const struct seg *s, int n)
{
    size_t size;
    uint8_t *buf = make_elf(&size, machine, s[0].vaddr, s, n);

    put_file(name, buf, size);
    free(buf);
}

/* Fake bootstrap: a code segment with the boot header at its entry, and a bss. */
static void put_bootstrap(const char *name, int with_magic)
{
    static const struct seg s[] = {
        { BS_ADDR, BS_ADDR, 0x180, 0x180, 0x10 },
        { BS_ADDR + 0x1000, BS_ADDR + 0x1000, 0x20, 0x3000, 0x20 },
    };
    struct bootstrap_header h = { .branch = 0x14000008, .magic = BOOTSTRAP_HEADER_MAGIC };
    size_t size;
    uint8_t *buf = make_elf(&size, EM_AARCH64, BS_ADDR, s, 2);

    if (!with_magic) {
        h.magic = 0x1122334455667788ull;
    }
    memcpy(buf + 0x1000, &h, sizeof(h));
    put_file(name, buf, size);
    free(buf);
}

static const char list[] =
    "# test list\n"
    "entry good\n"                                          /* 2 */
    "kernel kernel -serial_esc\n"
    "roottask roottask --init=rom/mod1\n"
    "module mod1 arg1\n"
    "module mod2.cfg\n"
    "entry missing\n"                                       /* 7 */
    "roottask roottask\n"
    "module nothere\n"                                      /* 9 */
    "entry trunc\n"
    "roottask trunc\n"
    "entry machine\n"
    "roottask x86\n"
    "entry overlap\n"
    "sigma0 s0-overlap\n"
    "roottask roottask\n"
    "entry low\n"
    "roottask low\n"
    "entry garbage\n"
    "roottask garbage\n"
    "entry[no-elf-check] garbage-opt\n"
    "roottask garbage\n"
    "entry at16m\n"
    "roottask roottask\n"
    "modaddr 0x1000000\n"
    "entry at4m\n"
    "roottask roottask\n"
    "modaddr 0x400000\n"
    "entry cut\n"
    "roottask cut\n";

static void setup(void)
{
    static const struct seg kernel[] = {
        { 0xffff000040100000ull, 0x40100000, 0x200, 0x1000, 0x30 },
    };
    static const struct seg sigma0[] = { { 0x40300000, 0x40300000, 0x100, 0x2000, 0x40 } };
    static const struct seg roottask[] = { { 0x40400000, 0x40400000, 0x300, 0x5000, 0x50 } };
    static const struct seg s0_overlap[] = { { 0x40100800, 0x40100800, 0x10, 0x10, 0x60 } };
    static const struct seg low[] = { { 0x40080000, 0x40080000, 0x10, 0x10, 0x70 } };
    static uint8_t mod1[70000]; /* over 64 KiB: packed at a 64 KiB boundary */
    size_t size, i;
    uint8_t *elf;

    snprintf(dir, sizeof(dir), "/tmp/test_packer.XXXXXX");
    if (!mkdtemp(dir) || mkdir(tpath("bin"), 0755) || mkdir(tpath("conf"), 0755)) {
        perror("setup");
        exit(2);
    }
    put_bootstrap("bin/bootstrap", 1);
    put_bootstrap("bin/bootstrap-nomagic", 0);
    put_elf("bin/kernel", EM_AARCH64, kernel, 1);
    put_elf("bin/sigma0", EM_AARCH64, sigma0, 1);
    put_elf("bin/roottask", EM_AARCH64, roottask, 1);
    put_elf("bin/s0-overlap", EM_AARCH64, s0_overlap, 1);
    put_elf("bin/low", EM_AARCH64, low, 1);
    put_elf("bin/x86", EM_X86_64, roottask, 1);
    elf = make_elf(&size, EM_AARCH64, 0x40400000, roottask, 1);
    put_file("bin/trunc", elf, 40);
    put_file("bin/cut", elf, 0x1100);
    free(elf);
    put_file("bin/garbage", "this is not an ELF file\n", 24);
    for (i = 0; i < sizeof(mod1); i++) {
        mod1[i] = (uint8_t)(i * 7);
    }
    put_file("bin/mod1", mod1, sizeof(mod1));
    put_file("conf/mod2.cfg", "-- lua\n", 7);
    put_file("conf/modules.list", list, strlen(list));
}

/* An extra argument for the next run() (e.g. --kernel-args=...), or NULL. */
static const char *extra_arg;

/* Runs l4image_main; stdout and stderr land in out_std/out_err. */
static int run(const char *entry, const char *output, const char *bootstrap, int no_check)
{
    char path[160];
    char *argv[20];
    int argc = 0, rc;
    FILE *o = fmemopen(out_std, sizeof(out_std), "w");
    FILE *e = fmemopen(out_err, sizeof(out_err), "w");

    snprintf(path, sizeof(path), "%s:%s", tpath("bin"), tpath("conf"));
    argv[argc++] = "l4image";
    argv[argc++] = "--list";
    argv[argc++] = tpath("conf/modules.list");
    if (entry) {
        argv[argc++] = "--entry";
        argv[argc++] = (char *)entry;
        argv[argc++] = "--bootstrap";
        argv[argc++] = tpath(bootstrap ? bootstrap : "bin/bootstrap");
        argv[argc++] = "--path";
        argv[argc++] = path;
        argv[argc++] = "--ram-base=0x40000000";
        argv[argc++] = "--output";
        argv[argc++] = tpath(output);
    } else {
        argv[argc++] = "--entries";
    }
    if (no_check) {
        argv[argc++] = "--no-elf-check";
    }
    if (extra_arg) {
        argv[argc++] = (char *)extra_arg;
    }
    argv[argc] = NULL;
    rc = l4image_main(argc, argv, o, e);
    fclose(o);
    fclose(e);
    return rc;
}

static const Elf64_Phdr *phdr(const uint8_t *img, int i)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;

    return (const Elf64_Phdr *)(img + eh->e_phoff) + i;
}

static const struct boot_archive *archive_of(const uint8_t *img)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;

    return (const struct boot_archive *)(img + phdr(img, eh->e_phnum - 1)->p_offset);
}

static void test_good(void)
{
    static const char *const names[] = { "kernel", "sigma0", "roottask", "mod1", "mod2.cfg" };
    static const char *const cmds[] = { "kernel -serial_esc", "sigma0",
                                        "roottask --init=rom/mod1", "mod1 arg1", "mod2.cfg" };
    static const int kinds[] = { BOOT_MOD_KERNEL, BOOT_MOD_SIGMA0, BOOT_MOD_ROOTTASK,
                                 BOOT_MOD_PLAIN, BOOT_MOD_PLAIN };
    const char *src[] = { "bin/kernel", "bin/sigma0", "bin/roottask", "bin/mod1",
                          "conf/mod2.cfg" };
    uint8_t *img, *bs, *data;
    size_t img_size, bs_size, size, i;
    const Elf64_Ehdr *eh;
    const struct boot_archive *ar;
    const struct bootstrap_header *h;
    int names_ok = 1, cmds_ok = 1, align_ok = 1, data_ok = 1, copy_ok = 1;
    uint64_t prev_end = 0, align;

    is_int(run("good", "good.elf", NULL, 0), 0, "packs a good entry");
    if (out_err[0]) {
        diag("stderr: %s", out_err);
    }
    ok(file_read(tpath("good.elf"), &img, &img_size) == 0 && !exists(tpath("good.elf.tmp")),
       "output written, no .tmp left");
    file_read(tpath("bin/bootstrap"), &bs, &bs_size);
    eh = (const Elf64_Ehdr *)img;
    ok(!memcmp(eh->e_ident, ELFMAG, SELFMAG) && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
       eh->e_ident[EI_DATA] == ELFDATA2LSB && eh->e_type == ET_EXEC &&
       eh->e_machine == EM_AARCH64 && eh->e_shnum == 0 && eh->e_phentsize == sizeof(Elf64_Phdr),
       "ELF64 LE AArch64 EXEC header without sections");
    is_int(eh->e_entry, BS_ADDR, "entry is bootstrap's entry");
    is_int(eh->e_phnum, 3, "two bootstrap segments + the archive");
    for (i = 0; i < 2; i++) {
        const Elf64_Phdr *in = (const Elf64_Phdr *)(bs + sizeof(Elf64_Ehdr)) + i;
        const Elf64_Phdr *p = phdr(img, (int)i);

        copy_ok &= p->p_type == PT_LOAD && p->p_vaddr == in->p_vaddr &&
                   p->p_paddr == in->p_paddr && p->p_filesz == in->p_filesz &&
                   p->p_memsz == in->p_memsz && p->p_flags == in->p_flags &&
                   p->p_offset % 0x1000 == p->p_vaddr % 0x1000 &&
                   !memcmp(img + p->p_offset + (i ? 0 : 32), bs + in->p_offset + (i ? 0 : 32),
                           in->p_filesz - (i ? 0 : 32));
    }
    ok(copy_ok, "bootstrap segments copied with their data");
    ar = archive_of(img);
    ok(phdr(img, 2)->p_type == PT_LOAD && phdr(img, 2)->p_vaddr == 0x40500000 &&
       phdr(img, 2)->p_paddr == 0x40500000 && phdr(img, 2)->p_filesz == ar->total_size &&
       phdr(img, 2)->p_memsz == ar->total_size && phdr(img, 2)->p_flags == PF_R &&
       phdr(img, 2)->p_align == 0x1000,
       "archive segment at the end of the roottask rounded up to 1 MiB, read-only");
    h = (const struct bootstrap_header *)(img + phdr(img, 0)->p_offset);
    ok(h->magic == BOOTSTRAP_HEADER_MAGIC && h->branch == 0x14000008 &&
       h->archive_addr == 0x40500000 && h->archive_size == ar->total_size,
       "bootstrap header patched with archive address and size");
    ok(ar->magic == BOOT_ARCHIVE_MAGIC && ar->version == BOOT_ARCHIVE_VERSION &&
       !strcmp(ar->entry, "good"), "archive magic, version, entry name");
    is_int(ar->count, 5, "kernel, sigma0, roottask + 2 modules");
    for (i = 0; i < 5 && ar->count == 5; i++) {
        const struct boot_archive_mod *m = &ar->mods[i];

        names_ok &= m->kind == (uint32_t)kinds[i] && !strcmp(m->name, names[i]);
        cmds_ok &= m->cmdline_offset < ar->total_size &&
                   !strcmp((const char *)ar + m->cmdline_offset, cmds[i]);
        align = m->size >= BOOT_MOD_BIG_ALIGN ? BOOT_MOD_BIG_ALIGN : BOOT_MOD_ALIGN;
        align_ok &= m->offset % align == 0 && m->offset >= prev_end &&
                    (!prev_end || m->offset - prev_end < align) &&
                    m->offset + m->size <= ar->total_size;
        prev_end = m->offset + m->size;
        data_ok &= file_read(tpath(src[i]), &data, &size) == 0 && size == m->size &&
                   !memcmp((const uint8_t *)ar + m->offset, data, size);
        free(data);
    }
    ok(names_ok, "module order, kinds and names");
    ok(cmds_ok, "command lines");
    ok(align_ok && prev_end == ar->total_size,
       "data 4 KiB aligned (64 KiB from 64 KiB up), no more padding, in order, total_size exact");
    ok(data_ok, "module data bytes equal the files");
    free(img);
    free(bs);
}

/* --kernel-args: appended to the kernel's command line only (make picture adds -jdb). */
static void test_kernel_args(void)
{
    uint8_t *img = NULL;
    size_t size;
    const struct boot_archive *ar;

    extra_arg = "--kernel-args=-jdb -x";
    is_int(run("good", "kargs.elf", NULL, 0), 0, "packs with --kernel-args");
    extra_arg = NULL;
    ok(file_read(tpath("kargs.elf"), &img, &size) == 0, "output written");
    ar = img ? archive_of(img) : NULL;
    ok(ar && ar->count == 5 &&
       !strcmp((const char *)ar + ar->mods[0].cmdline_offset, "kernel -serial_esc -jdb -x") &&
       !strcmp((const char *)ar + ar->mods[2].cmdline_offset, "roottask --init=rom/mod1"),
       "the kernel's command line gets the arguments, the roottask's does not");
    free(img);
}

static void test_modaddr_and_entries(void)
{
    uint8_t *img = NULL;
    size_t size;

    is_int(run("at16m", "at16m.elf", NULL, 0), 0, "packs an entry with modaddr");
    ok(file_read(tpath("at16m.elf"), &img, &size) == 0 && phdr(img, 2)->p_paddr == 0x41000000,
       "modaddr 0x1000000 puts the archive at RAM base + 16 MiB");
    free(img);
    ok(run(NULL, NULL, NULL, 0) == 0 && !strncmp(out_std, "good\nmissing\ntrunc\n", 19),
       "--entries lists the entry names");
}

/* Packing entry must fail with msg in stderr and leave no output. */
static void expect_fail(const char *entry, const char *bootstrap, const char *msg,
                        const char *what)
{
    char out[64];
    int rc;

    snprintf(out, sizeof(out), "fail-%s.elf", entry);
    rc = run(entry, out, bootstrap, 0);
    ok(rc == 1 && strstr(out_err, msg), "%s: error", what);
    if (rc != 1 || !strstr(out_err, msg)) {
        diag("rc %d, stderr: %s", rc, out_err);
    }
    ok(!exists(tpath(out)) && !exists(strcat(tpath(out), ".tmp")), "%s: no output file", what);
}

static void test_errors(void)
{
    char msg[256];

    snprintf(msg, sizeof(msg), "modules.list:9: module 'nothere' not found in %s/bin:%s/conf",
             dir, dir);
    expect_fail("missing", NULL, msg, "missing module file");
    expect_fail("trunc", NULL, "modules.list:11: roottask", "truncated ELF");
    ok(strstr(out_err, "truncated ELF header") != NULL, "truncated ELF: reason named");
    expect_fail("cut", NULL, "segment 0 data outside the file", "segment data cut off");
    expect_fail("machine", NULL, "wrong machine 62", "wrong machine");
    expect_fail("overlap", NULL, "overlaps sigma0", "overlapping segments");
    expect_fail("low", NULL, "lies below RAM base + 1 MiB", "segment below RAM + 1 MiB");
    expect_fail("at4m", NULL, "overlaps the boot archive", "archive over the roottask");
    expect_fail("good", "bin/bootstrap-nomagic", "bootstrap has no boot header",
                "bootstrap without header magic");
    expect_fail("nope", NULL, "unknown entry 'nope'", "unknown entry");
    ok(strstr(out_err, "known entries: good, missing") != NULL, "unknown entry: lists entries");
    expect_fail("garbage", NULL, "not an ELF file (bad magic)", "garbage roottask");
    ok(run("good", "no/such/dir.elf", NULL, 0) == 1 && strstr(out_err, "cannot write") &&
       !exists(tpath("no/such/dir.elf.tmp")), "unwritable output: error");
}

static void test_no_elf_check(void)
{
    uint8_t *img = NULL;
    size_t size;
    const struct boot_archive *ar;

    is_int(run("garbage", "garbage.elf", NULL, 1), 0, "--no-elf-check packs a garbage roottask");
    ok(file_read(tpath("garbage.elf"), &img, &size) == 0 && (ar = archive_of(img)) &&
       ar->count == 3 && ar->mods[2].size == 24 &&
       !memcmp((const uint8_t *)ar + ar->mods[2].offset, "this is not an ELF", 18) &&
       strstr(out_err, "warning"), "garbage packed as is, with a warning");
    free(img);
    is_int(run("garbage-opt", "garbage-opt.elf", NULL, 0), 0,
           "entry option no-elf-check does the same");
}

int main(void)
{
    plan(46);
    setup();
    test_good();
    test_kernel_args();
    test_modaddr_and_entries();
    test_errors();
    test_no_elf_check();
    if (done() == 0) {
        char cmd[128];

        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0) {
            diag("could not remove %s", dir);
        }
        return 0;
    }
    diag("files kept in %s", dir);
    return 1;
}
