// SPDX-License-Identifier: MIT
/*
 * Boot archive layout. Sizes are computed in a first pass, then the buffer
 * is filled in a second one that cannot fail, so an error never leaves a
 * half-built archive behind. Padding between module data is zero, which
 * keeps images reproducible byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <boot_image.h>

#include "archive.h"
#include "util.h"

static size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) / a * a;
}

/*
 * Where module data may start: a module of 64 KiB or more on a 64 KiB boundary (the
 * archive's address is 1 MiB aligned unless modaddr says otherwise), so moe can map it
 * to programs in 64 KiB blocks, whatever the modules before it weigh. With only 4 KiB
 * alignment a program's text came in 4 KiB faults or 64 KiB ones depending on the size
 * of an unrelated module (the kernel's): the hello-cfg boot moved by 0.1 M with it.
 */
static size_t mod_align(size_t size)
{
    return size >= BOOT_MOD_BIG_ALIGN ? BOOT_MOD_BIG_ALIGN : BOOT_MOD_ALIGN;
}

int archive_build(const char *entry, const struct archive_input *mods, size_t n,
                  uint8_t **out, size_t *out_size, char *err, size_t errlen)
{
    struct boot_archive *ar;
    size_t table = sizeof(*ar) + n * sizeof(ar->mods[0]);
    size_t strings = 0, data_start, total, pos, i;
    uint8_t *buf;

    if (strlen(entry) >= BOOT_ENTRY_NAME_MAX) {
        snprintf(err, errlen, "entry name '%s' is too long", entry);
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (strlen(mods[i].name) >= BOOT_MOD_NAME_MAX) {
            snprintf(err, errlen, "module name '%s' is too long", mods[i].name);
            return -1;
        }
        strings += strlen(mods[i].cmdline) + 1;
    }
    if (n > UINT32_MAX || table + strings > UINT32_MAX) {
        snprintf(err, errlen, "too many modules or command lines for the archive");
        return -1;
    }
    data_start = table + strings;
    total = data_start;
    for (i = 0; i < n; i++) {
        total = align_up(total, mod_align(mods[i].size)) + mods[i].size;
    }

    buf = xmalloc(total);
    memset(buf, 0, total);
    ar = (struct boot_archive *)buf;
    ar->magic = BOOT_ARCHIVE_MAGIC;
    ar->version = BOOT_ARCHIVE_VERSION;
    ar->count = (uint32_t)n;
    ar->total_size = total;
    snprintf(ar->entry, sizeof(ar->entry), "%s", entry);
    pos = table;
    for (i = 0; i < n; i++) {
        size_t len = strlen(mods[i].cmdline) + 1;

        ar->mods[i].kind = (uint32_t)mods[i].kind;
        ar->mods[i].cmdline_offset = (uint32_t)pos;
        snprintf(ar->mods[i].name, sizeof(ar->mods[i].name), "%s", mods[i].name);
        memcpy(buf + pos, mods[i].cmdline, len);
        pos += len;
    }
    for (i = 0; i < n; i++) {
        pos = align_up(pos, mod_align(mods[i].size));
        ar->mods[i].offset = pos;
        ar->mods[i].size = mods[i].size;
        if (mods[i].size) {
            memcpy(buf + pos, mods[i].data, mods[i].size);
        }
        pos += mods[i].size;
    }
    *out = buf;
    *out_size = total;
    return 0;
}
