/* SPDX-License-Identifier: MIT */
/*
 * bootstrap's boot sequence, MMU off, on the stack from start.S: read the
 * device tree, check the archive, load the kernel (a failure stops here),
 * place the KIP and boot info pages after it, load sigma0 and the roottask
 * (a failure only skips that one), fill the KIP and enter the kernel with
 * x0 = KIP. Each module is checked completely before a byte of it is
 * copied. Messages and checks: doc/bootstrap.md; layout: doc/boot.md.
 */
#include <stddef.h>
#include <string.h>

#include "archive.h"
#include "boot_image.h"
#include "console.h"
#include "dt.h"
#include "elf.h"
#include "kip_fill.h"
#include "memmap.h"

_Static_assert(offsetof(struct bootstrap_header, magic) == 8, "start.S header layout");
_Static_assert(offsetof(struct bootstrap_header, archive_addr) == 16, "start.S header layout");
_Static_assert(offsetof(struct bootstrap_header, archive_size) == 24, "start.S header layout");

typedef unsigned long long ull;

/* From start.S and bootstrap.ld. */
extern const struct bootstrap_header bootstrap_header;
extern char __image_start[], __image_end[];
void boot_jump(uint64_t entry, uint64_t kip) __attribute__((noreturn));
void bootstrap_main(uint64_t x0, uint64_t el) __attribute__((noreturn));

static char why[160];

static void __attribute__((noreturn)) halt(void)
{
    printf("cannot boot\n");
    for (;;) {
        __asm__ volatile("wfe");
    }
}

static void print_modules(const struct archive_info *ar)
{
    const char *entry = ar->ar->entry;

    printf("archive at 0x%llx, %llu bytes, entry '%s', %u modules\n", (ull)ar->addr,
           (ull)ar->size, strnlen(entry, BOOT_ENTRY_NAME_MAX) < BOOT_ENTRY_NAME_MAX ? entry : "?",
           ar->count);
    for (unsigned i = 0; i < ar->count; i++) {
        struct boot_module m;

        archive_module(ar, i, &m);
        printf("  [%u] %-8s %-16s %8llu bytes at 0x%llx: %s\n", i, archive_kind_name(m.kind),
               m.name, (ull)m.size, (ull)(uintptr_t)m.data, m.cmdline);
    }
}

/* Load the kernel and reserve the KIP and boot info pages after it, or halt. */
static void load_kernel(const struct boot_module *m, struct elf_image *img, uint64_t *kip)
{
    const struct mem_range *busy;
    uint64_t end;

    if (elf_check(m, 0, img, why, sizeof(why)) < 0) {
        printf("error: kernel '%s': %s\n", m->name, why);
        halt();
    }
    *kip = page_up(img->hi);
    end = *kip + 2 * PAGE_SIZE;
    busy = memmap_find_busy(*kip, end);
    if (busy || !memmap_find_ram(*kip, end)) {
        printf("error: kernel '%s': too large: KIP and boot info pages 0x%llx-0x%llx %s%s\n",
               m->name, (ull)*kip, (ull)end - 1, busy ? "overlap " : "are not in RAM",
               busy ? busy->what : "");
        halt();
    }
    elf_load(img, "kernel");
    memmap_add_busy(*kip, end, "KIP and boot info");
}

/* Load sigma0 or the roottask; on any problem say so and return NULL (ip 0). */
static const struct elf_image *load_user(const struct archive_info *ar, unsigned index,
                                         uint32_t kind, struct boot_module *m,
                                         struct elf_image *img)
{
    const char *kname = archive_kind_name(kind);

    if (index < ar->count) {
        archive_module(ar, index, m);
    }
    if (index >= ar->count || m->kind != kind) {
        printf("no %s module: %s not started\n", kname, kname);
        return NULL;
    }
    if (elf_check(m, 1, img, why, sizeof(why)) < 0) {
        printf("error: %s '%s': %s; not started\n", kname, m->name, why);
        return NULL;
    }
    elf_load(img, kname);
    printf("%s '%s' entry 0x%llx\n", kname, m->name, (ull)img->entry);
    return img;
}

/*
 * Called once from start.S with the loader's x0 (a device tree pointer, or 0)
 * and the current EL, on bootstrap's stack with .bss zeroed. Never returns:
 * it enters the kernel or halts after "cannot boot".
 */
void bootstrap_main(uint64_t x0, uint64_t el)
{
    static struct elf_image kernel, sigma0, roottask;
    static struct boot_module kmod, smod, rmod;
    struct archive_info ar;
    struct dt_info dt;
    struct kip_input kin;
    uint64_t kip;

    printf("entered at EL%llu\n", (ull)el);
    if (el != 1 && el != 2) {
        printf("error: EL%llu not supported, need EL1 or EL2\n", (ull)el);
        halt();
    }
    memmap_add_busy((uintptr_t)__image_start, (uintptr_t)__image_end, "bootstrap");
    if (dt_read(x0 ? x0 : DT_DEFAULT_ADDR, &dt) < 0) {
        halt();
    }
    if (dt.bootargs) {
        printf("command line: %s\n", dt.bootargs);
    }

    if (archive_check(bootstrap_header.archive_addr, bootstrap_header.archive_size, &ar, why,
                      sizeof(why)) < 0) {
        printf("error: boot archive: %s\n", why);
        halt();
    }
    print_modules(&ar);
    if (!memmap_find_ram(ar.addr, ar.addr + ar.size) ||
        memmap_find_busy(ar.addr, ar.addr + ar.size)) {
        printf("error: boot archive 0x%llx-0x%llx not in free RAM\n", (ull)ar.addr,
               (ull)(ar.addr + ar.size - 1));
        halt();
    }
    memmap_add_busy(page_down(ar.addr), page_up(ar.addr + ar.size), "the boot archive");

    archive_module(&ar, 0, &kmod);
    load_kernel(&kmod, &kernel, &kip);
    printf("kernel '%s' entry 0x%llx (physical)\n", kmod.name, (ull)kernel.entry);

    /* In this order: the roottask's checks see sigma0's segments as busy. */
    const struct elf_image *s0 = load_user(&ar, 1, BOOT_MOD_SIGMA0, &smod, &sigma0);
    const struct elf_image *rt = load_user(&ar, 2, BOOT_MOD_ROOTTASK, &rmod, &roottask);

    kin = (struct kip_input){
        .kip = kip,
        .bootinfo = kip + PAGE_SIZE,
        .dt = &dt,
        .archive = &ar,
        .kernel = &kernel,
        .sigma0 = s0,
        .roottask = rt,
    };
    if (kip_fill(&kin) < 0) {
        halt();
    }
    printf("starting kernel at 0x%llx\n", (ull)kernel.entry);
    boot_jump(kernel.entry, kip);
}
