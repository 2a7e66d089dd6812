#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make deps: installs the Debian packages the build needs (only those missing) and
# fetches third-party sources (libfdt, Lua 5.4, uClibc-ng, the Open POSIX Test Suite)
# into DEPS_DIR/src/.
# Sources come from Debian source packages through a private apt configuration in
# DEPS_DIR/apt/ whose deb-src lines are derived from the machine's own apt sources at
# run time; the machine's apt configuration is only read, never changed.
# Idempotent: every fetch leaves DEPS_DIR/stamps/<name> and is skipped when it exists,
# so a second run prints nothing. Usage: bash tools/deps.sh <DEPS_DIR>; doc/testing.md.
# `bash tools/deps.sh --print-sources deb bookworm` only prints the machine's sources
# (tools/fresh-root.sh builds its fresh root from them).
set -euo pipefail

PACKAGES=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-user binutils-aarch64-linux-gnu qemu-system-arm
    device-tree-compiler gdb-multiarch lua5.4 linux-libc-dev-arm64-cross uclibc-source
    python3 xz-utils dpkg-dev make gcc libc6-dev patch graphviz)

say() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

# Run a command with its output in a log; on failure show the log's tail and stop.
# $1 names the step in messages and the log file.
logged() {
    local step=$1 log=$LOG_DIR/$1.log
    shift
    if ! "$@" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "$step failed (command: $*; full log: $log)"
    fi
}

# ---- Debian packages -------------------------------------------------------------

install_packages() {
    local missing=() p sudo
    for p in "${PACKAGES[@]}"; do
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
            missing+=("$p")
        fi
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    if [ "$(id -u)" -eq 0 ]; then
        sudo=()
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo=(sudo -n)
    else
        die "missing Debian packages: ${missing[*]}; run as root: apt-get install ${missing[*]}"
    fi
    say "installing ${missing[*]}"
    logged apt-update "${sudo[@]}" apt-get -q update
    logged apt-install "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -q -y --no-install-recommends install "${missing[@]}"
}

# ---- private apt configuration for source packages -------------------------------

# Print the machine's apt sources as deb822 paragraphs of type $1 (deb-src here, deb for
# tools/fresh-root.sh). Reads *.sources (deb822) and one-line *.list files; keeps suites
# of release $2's family (default: this machine's; bookworm, bookworm-updates, ...) so
# third-party repositories drop out.
derive_sources() {
    local type=$1 codename=${2:-}
    [ -n "$codename" ] || codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
    local files=()
    local etc=${DEPS_APT_ETC:-/etc/apt}     # overridable only to test this function
    for f in "$etc/sources.list" "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources; do
        [ -f "$f" ] && files+=("$f")
    done
    [ ${#files[@]} -gt 0 ] || return 0
    awk -v codename="$codename" -v type="$type" '
        function keep_suites(list,   n, i, s, out) {
            n = split(list, s, /[ \t]+/)
            out = ""
            for (i = 1; i <= n; i++) {
                if (s[i] == "") { continue }
                if (codename == "" || s[i] == codename || index(s[i], codename "-") == 1 ||
                    index(s[i], codename "/") == 1) { out = out " " s[i] }
            }
            return substr(out, 2)
        }
        function emit(uris, suites, comps, signed, trusted) {
            suites = keep_suites(suites)
            if (uris == "" || suites == "") { return }
            print "Types: " type
            print "URIs: " uris
            print "Suites: " suites
            if (comps != "") { print "Components: " comps }
            if (signed != "") { print "Signed-By: " signed }
            if (trusted != "") { print "Trusted: " trusted }
            print ""
        }
        function flush_para() {
            if (has_deb && tolower(f["enabled"]) != "no") {
                emit(f["uris"], f["suites"], f["components"], f["signed-by"], f["trusted"])
            }
            delete f; has_deb = 0; last = ""
        }
        FNR == 1 { if (deb822) { flush_para() } deb822 = (FILENAME ~ /\.sources$/) }
        deb822 && /^[ \t]*$/ { flush_para(); next }
        deb822 && /^#/ { next }
        deb822 && /^[ \t]/ { if (last != "") { f[last] = f[last] "\n" $0 } next }
        deb822 {
            key = tolower(substr($0, 1, index($0, ":") - 1))
            val = substr($0, index($0, ":") + 1)
            sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val)
            f[key] = val; last = key
            if (key == "types" && (" " val " ") ~ /[ \t]deb[ \t]/) { has_deb = 1 }
            next
        }
        # one-line format: deb [opts] uri suite components...
        $1 == "deb" {
            line = $0; opts = ""
            if (match(line, /\[[^]]*\]/)) {
                opts = substr(line, RSTART + 1, RLENGTH - 2)
                line = substr(line, 1, RSTART - 1) substr(line, RSTART + RLENGTH)
            }
            n = split(line, w, /[ \t]+/)
            comps = ""
            for (i = 4; i <= n; i++) { if (w[i] != "") { comps = comps " " w[i] } }
            signed = ""; trusted = ""
            m = split(opts, o, /[ \t]+/)
            for (i = 1; i <= m; i++) {
                if (o[i] ~ /^signed-by=/) { signed = substr(o[i], 11) }
                if (o[i] ~ /^trusted=/) { trusted = substr(o[i], 9) }
            }
            emit(w[2], w[3], substr(comps, 2), signed, trusted)
        }
        END { if (deb822) { flush_para() } }
    ' "${files[@]}"
}

apt_opts=()
apt_ready=0

# Set up DEPS_DIR/apt and download its source indexes, once per run and only when
# a fetch needs it.
apt_prepare() {
    [ $apt_ready -eq 0 ] || return 0
    mkdir -p "$APT_DIR/sources.list.d" "$APT_DIR/state/lists/partial" \
        "$APT_DIR/cache/archives/partial" "$APT_DIR/download"
    : >"$APT_DIR/sources.list"
    derive_sources deb-src >"$APT_DIR/sources.list.d/deps-src.sources"
    [ -s "$APT_DIR/sources.list.d/deps-src.sources" ] ||
        die "no usable 'deb' line in /etc/apt/sources.list{,.d/*} to derive deb-src from"
    apt_opts=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list"
        -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
        -o "Dir::State=$APT_DIR/state" -o "Dir::Cache=$APT_DIR/cache"
        -o "Dir::State::status=/var/lib/dpkg/status" -o "APT::Sandbox::User=$(id -un)")
    say "updating source indexes in $APT_DIR"
    logged apt-source-update apt-get -q "${apt_opts[@]}" update
    apt_ready=1
}

# Download source package $1 into a fresh DEPS_DIR/apt/download/$1.
apt_source() {
    local dir=$APT_DIR/download/$1
    apt_prepare
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && logged "apt-source-$1" apt-get -q "${apt_opts[@]}" source --download-only "$1")
}

# Print the one file in folder $1 matching glob $2.
one_file() {
    local hits
    hits=$(shopt -s nullglob; for f in "$1"/$2; do echo "$f"; done)
    if [ -z "$hits" ] || [ "$(echo "$hits" | wc -l)" -ne 1 ]; then
        die "expected exactly one $1/$2"
    fi
    echo "$hits"
}

# ---- libfdt from arm-trusted-firmware ----------------------------------------------

fetch_libfdt() {
    local dl=$APT_DIR/download/arm-trusted-firmware tmp=$DEPS_DIR/tmp-libfdt out=$SRC_DIR/libfdt
    apt_source arm-trusted-firmware
    local orig
    orig=$(one_file "$dl" "arm-trusted-firmware_*.orig.tar.*")
    rm -rf "$tmp" "$out"
    mkdir -p "$tmp" "$out"
    logged libfdt-extract tar -xf "$orig" -C "$tmp" --wildcards --no-wildcards-match-slash \
        '*/lib/libfdt/*.c' '*/lib/libfdt/libfdt_internal.h' \
        '*/include/lib/libfdt/libfdt.h' '*/include/lib/libfdt/libfdt_env.h' \
        '*/include/lib/libfdt/fdt.h'
    find "$tmp" -type f -exec mv -t "$out" {} +
    rm -rf "$tmp"
    for f in fdt.c fdt_ro.c libfdt.h libfdt_env.h fdt.h libfdt_internal.h; do
        [ -f "$out/$f" ] || die "libfdt: $f missing from $(basename "$orig")"
    done
    say "fetched libfdt ($(ls "$out" | wc -l) files) from $(basename "$orig")"
}

# ---- Lua 5.4 plus Debian's CVE patches ---------------------------------------------

fetch_lua() {
    local dl=$APT_DIR/download/lua5.4 out=$SRC_DIR/lua-5.4 tmp=$DEPS_DIR/tmp-lua
    apt_source lua5.4
    local orig deb
    orig=$(one_file "$dl" "lua5.4_*.orig.tar.*")
    deb=$(one_file "$dl" "lua5.4_*.debian.tar.*")
    rm -rf "$out" "$tmp"
    mkdir -p "$out" "$tmp"
    logged lua-extract tar -xf "$orig" -C "$out" --strip-components=1
    logged lua-extract-debian tar -xf "$deb" -C "$tmp"
    local series=$tmp/debian/patches/series applied=()
    [ -f "$series" ] || die "lua: no debian/patches/series in $(basename "$deb")"
    # Series order matters; only security fixes are taken, not Debian's build system.
    local p
    while read -r p _; do
        case "$p" in
        '' | '#'*) continue ;;
        *[Cc][Vv][Ee]*)
            logged "lua-patch-${p%.*}" patch -d "$out" -p1 --forward --batch \
                -i "$tmp/debian/patches/$p"
            applied+=("$p")
            ;;
        esac
    done <"$series"
    rm -rf "$tmp"
    [ -f "$out/src/lua.h" ] || die "lua: src/lua.h missing after extracting $(basename "$orig")"
    say "fetched Lua from $(basename "$orig") with ${#applied[@]} CVE patch(es): ${applied[*]}"
}

# ---- uClibc-ng from the uclibc-source binary package ------------------------------

fetch_uclibc() {
    local out=$SRC_DIR/uclibc-ng tarball
    tarball=$(shopt -s nullglob; printf '%s\n' /usr/src/uClibc-ng-*.tar.* | sort -V | tail -n 1)
    [ -n "$tarball" ] || die "uclibc-ng: no /usr/src/uClibc-ng-*.tar.* (package uclibc-source)"
    rm -rf "$out"
    mkdir -p "$out"
    logged uclibc-extract tar -xf "$tarball" -C "$out" --strip-components=1
    [ -f "$out/Makefile" ] || die "uclibc-ng: no Makefile after extracting $tarball"
    say "extracted $(basename "$tarball")"
}

# ---- the Open POSIX Test Suite (tests/posix, issue #13) -----------------------------

fetch_posixtestsuite() {
    local dl=$APT_DIR/download/posixtestsuite out=$SRC_DIR/posixtestsuite orig
    apt_source posixtestsuite
    orig=$(one_file "$dl" "posixtestsuite_*.orig.tar.*")
    rm -rf "$out"
    mkdir -p "$out"
    logged posixtestsuite-extract tar -xf "$orig" -C "$out" --strip-components=1
    [ -d "$out/conformance/interfaces/pthread_create" ] ||
        die "posixtestsuite: no conformance/interfaces/pthread_create in $(basename "$orig")"
    say "fetched the Open POSIX Test Suite from $(basename "$orig")"
}

# Only print the machine's sources (tools/fresh-root.sh gives them to mmdebstrap).
if [ "${1:-}" = --print-sources ]; then
    [ $# -ge 2 ] && [ $# -le 3 ] || die "usage: $0 --print-sources <deb|deb-src> [codename]"
    derive_sources "$2" "${3:-}"
    exit 0
fi

[ $# -eq 1 ] || die "usage: $0 <deps-dir>"
DEPS_DIR=$(realpath -m "$1")
APT_DIR=$DEPS_DIR/apt
SRC_DIR=$DEPS_DIR/src
STAMP_DIR=$DEPS_DIR/stamps
LOG_DIR=$DEPS_DIR/log
mkdir -p "$SRC_DIR" "$STAMP_DIR" "$LOG_DIR"

install_packages
for name in libfdt lua uclibc posixtestsuite; do
    if [ ! -e "$STAMP_DIR/$name" ]; then
        "fetch_$name"
        touch "$STAMP_DIR/$name"
    fi
done
