#!/bin/sh
# SPDX-License-Identifier: MIT
# Turn `nm -n` output of a linked kernel into an assembly symbol table
# (see kernel/include/ksyms.h). Without input (first link) it emits an empty
# table. Usage: ksyms.sh [nm-output-file] > ksyms.S
set -eu
{
    if [ $# -ge 1 ]; then grep -E ' [tT] ' "$1" | grep -v '\$' ; fi
} | awk '
BEGIN { n = 0 }
{ addr[n] = $1; name[n] = $3; n++ }
END {
    print "    .section .ksyms, \"a\""
    print "    .balign 8"
    print "    .globl ksyms_count, ksyms_addrs, ksyms_name_offsets, ksyms_names"
    print "ksyms_count: .quad " n
    print "ksyms_addrs:"
    for (i = 0; i < n; i++) print "    .quad 0x" addr[i]
    print "ksyms_name_offsets:"
    off = 0
    for (i = 0; i < n; i++) { print "    .long " off; off += length(name[i]) + 1 }
    print "ksyms_names:"
    for (i = 0; i < n; i++) print "    .asciz \"" name[i] "\""
}'
