/* SPDX-License-Identifier: MIT */
/*
 * Internal steps of libapp shared by its files: image.c loads rom/l4re,
 * block.c builds the initial stack block, start.c runs the whole sequence.
 */
#pragma once

#include <l4/app/app.h>
#include <l4/loader/elf.h>

/** Map [local, local + size) of the starter into the task at \a va, page by page. */
long app_map_pages(struct l4app *a, l4_addr_t local, l4_addr_t va, unsigned long size,
                   unsigned rights);
/** Check rom/l4re for use as a task's first program. 0 or -L4_EINVAL with *why. */
long app_check_image(struct l4app_params const *p, struct ldr_elf *e, char const **why);
/** Copy the checked image into fresh memory and map it into the task. */
long app_load_image(struct l4app_params const *p, struct ldr_elf const *e, struct l4app *a,
                    char const **why);
/** Bytes the stack block of \a p needs (whole pages). */
unsigned long app_block_size(struct l4app_params const *p);
/** Write the stack block into a->block (\a size bytes); sets a->block_lo and a->sp. */
long app_build_block(struct l4app_params const *p, struct l4app *a, unsigned long size,
                     char const **why);
