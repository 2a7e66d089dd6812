// SPDX-License-Identifier: MIT
/*
 * l4image: packs bootstrap and the files of one modules.list entry into a
 * boot image ELF for QEMU's -kernel. Everything lives in cli.c and pack.c so
 * that the host tests can call it in-process; this file is only the process
 * entry. Usage and format: doc/modules-list.md, doc/boot.md.
 */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
    return l4image_main(argc, argv, stdout, stderr);
}
