/* SPDX-License-Identifier: MIT */
/*
 * Reading the device tree that QEMU (or a firmware) hands over: RAM, the
 * reserved ranges and a few strings for the boot log. The results go into
 * memmap; the blob itself stays where it is and is passed on in the KIP.
 */
#pragma once

#include <stdint.h>

/* QEMU places the blob at the start of RAM for ELF kernels (and passes x0 = 0). */
#define DT_DEFAULT_ADDR 0x40000000ULL
/* QEMU's blob claims 1 MiB; keep at least that much free of loaded data. */
#define DT_MIN_SPAN     (1ULL << 20)

struct dt_info {
    uint64_t addr;          /* physical address of the blob */
    uint64_t end;           /* end of its reserved span: page-rounded, >= addr + DT_MIN_SPAN */
    const char *bootargs;   /* /chosen/bootargs inside the blob, or NULL */
};

/*
 * Check the blob at addr with libfdt, record its RAM ranges (from /memory
 * nodes), its reserved ranges (the blob, the memreserve block,
 * /reserved-memory) in memmap and print them. Returns 0, or -1 after
 * printing an error (no usable device tree or no RAM).
 */
int dt_read(uint64_t addr, struct dt_info *dt);
