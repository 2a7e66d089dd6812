#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds uClibc-ng into a sysroot (called by pkg/uclibc-ng/uclibc.mk, target `uclibc`).
# uClibc-ng has O= for its objects, but our patch must change its sources, and the fetched
# tree is shared and never modified: so the sources are copied to WORK/src, patched there
# and built in place. The configuration is `allnoconfig` plus pkg/uclibc-ng/uclibc.config
# plus the machine-specific lines generated here (absolute paths are never committed).
# The kernel UAPI headers are reached through WORK/kheaders, which holds only linux/,
# asm/ and asm-generic/, so no glibc header can leak into the build. Each run starts
# from scratch and replaces SYSROOT; all output goes to stdout (the caller logs it).
# Usage: build.sh SRC WORK SYSROOT CONFIG PATCHDIR CROSS_PREFIX JOBS [UAPI_DIR]
set -euo pipefail

[ $# -ge 7 ] || { echo "usage: $0 SRC WORK SYSROOT CONFIG PATCHDIR CROSS JOBS [UAPI]" >&2; exit 2; }
src=$(realpath "$1")
work=$(realpath -m "$2")
sysroot=$(realpath -m "$3")
config=$(realpath "$4")
patchdir=$(realpath "$5")
cross=$6
jobs=$7
uapi=${8:-/usr/aarch64-linux-gnu/include}

step() { echo "=== uclibc-ng: $* ($(date +%T))"; }

step "clean kernel headers from $uapi"
rm -rf "$work/kheaders"
mkdir -p "$work/kheaders"
for d in linux asm asm-generic; do
    if [ ! -d "$uapi/$d" ]; then
        echo "missing $uapi/$d (package linux-libc-dev-arm64-cross)" >&2
        exit 1
    fi
    ln -s "$uapi/$d" "$work/kheaders/$d"
done

step "copy $src"
rm -rf "$work/src"
cp -a "$src" "$work/src"
for p in "$patchdir"/*.patch; do
    step "patch $(basename "$p")"
    patch -d "$work/src" -p1 --forward --batch -i "$p"
done

step "configure"
{
    cat "$config"
    echo "KERNEL_HEADERS=\"$work/kheaders\""
    echo "RUNTIME_PREFIX=\"$sysroot/\""
    echo "DEVEL_PREFIX=\"$sysroot/usr/\""
    echo "CROSS_COMPILER_PREFIX=\"$cross\""
} >"$work/config.frag"
# A clean environment: our make exports its command-line variables (O=, V=, ...) and
# flags, which mean other things to uClibc's make (O= is its build folder).
umake() { env -i PATH="$PATH" HOME="${HOME:-/}" LC_ALL=C make -C "$work/src" ARCH=aarch64 "$@"; }
umake KCONFIG_ALLCONFIG="$work/config.frag" allnoconfig
# allnoconfig drops what it cannot satisfy without a word: check the lines that matter.
for want in TARGET_aarch64=y ARCH_LITTLE_ENDIAN=y UCLIBC_HAS_FLOATS=y DO_C99_MATH=y \
    UCLIBC_LINUX_SPECIFIC=y UCLIBC_SUSV4_LEGACY=y UCLIBC_HAS_REALTIME=y UCLIBC_HAS_THREADS_NATIVE=y UCLIBC_HAS_TLS=y \
    UCLIBC_EXTRA_CFLAGS=\"-mno-outline-atomics\" "KERNEL_HEADERS=\"$work/kheaders\""; do
    grep -qxF "$want" "$work/src/.config" || { echo "config lacks $want" >&2; exit 1; }
done

step "build with -j$jobs"
umake -j"$jobs"

step "install into $sysroot"
rm -rf "$sysroot"
umake install
for f in usr/lib/libc.a usr/lib/libpthread.a usr/lib/crt1.o usr/lib/crti.o usr/lib/crtn.o usr/include/stdio.h; do
    [ -f "$sysroot/$f" ] || { echo "install lacks $sysroot/$f" >&2; exit 1; }
done
step "done"
