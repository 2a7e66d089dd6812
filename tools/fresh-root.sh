#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make test-fresh and .ci/run: proves README's first command on a fresh Debian 12.
# Makes a minbase root with mmdebstrap (plus make, git and ca-certificates, nothing
# else; apt sources are this machine's), clones the checked-out commit into /root/kestrel
# there and runs `make test` in that folder as root, as a new user would. Nothing is
# cached: every run starts from an empty root and removes it afterwards.
# /proc, /dev (with /dev/pts) and /sys are mounted in a mount namespace of the run's own
# (unshare), so the machine never sees them and they go when the run ends, even if it is
# killed; they are still unmounted on every exit path, and the root is removed only when
# nothing is mounted below it.
# Output: `fresh-root:` progress lines, make's output, a timing line, and last the
# runner's `N passed, N failed`. Exit status non-zero on any failure.
# Needs root. FRESH_TMP=<dir> puts the root there (default /var/tmp); FRESH_KEEP=1 keeps
# it for a look afterwards. Usage: bash tools/fresh-root.sh; doc/testing.md.
set -euo pipefail

SUITE=bookworm
CLONE=/root/kestrel       # where the clone lives inside the root

say() { echo "fresh-root: $*"; }
die() { echo "fresh-root: error: $*" >&2; exit 1; }

# ---- inside the run's own mount namespace: mount, run make test, unmount -------------

mounted=()    # what run_inside mounted, in order; global for its EXIT trap

# $1: the root. Runs `make test` in $CLONE there with a clean environment, no stdin.
run_inside() {
    local root=$1
    # Reverse order, recursively (/dev carries /dev/pts, /dev/shm, ...); lazily if busy.
    unmount_all() {
        local i
        for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
            umount -R "${mounted[i]}" 2>/dev/null || umount -R -l "${mounted[i]}" ||
                echo "fresh-root: warning: cannot unmount ${mounted[i]}" >&2
        done
        mounted=()
    }
    trap unmount_all EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mount -t proc proc "$root/proc"
    mounted+=("$root/proc")
    mount --rbind /dev "$root/dev"
    mounted+=("$root/dev")
    mount -t sysfs -o ro sysfs "$root/sys"
    mounted+=("$root/sys")
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/bash -c "cd $CLONE && exec make test" </dev/null
}

if [ "${1:-}" = --inside ]; then
    run_inside "$2"
    exit
fi

# ---- on the machine ----------------------------------------------------------------

[ $# -eq 0 ] || die "usage: $0 (no arguments; see the comment at its top)"
[ "$(id -u)" -eq 0 ] || die "needs root (mmdebstrap, mount and chroot)"
top=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$top" rev-parse HEAD)
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
    say "note: uncommitted changes are not tested; the fresh root gets commit ${commit:0:12}"
fi

work=$(mktemp -d "${FRESH_TMP:-/var/tmp}/kestrel-fresh.XXXXXX")
root=$work/root

# Paths mounted at or below $work in this (the machine's) mount namespace.
mounts_below_work() { findmnt -rn -o TARGET | grep -E "^$work(/|$)" || true; }

cleanup() {
    local rc=$? left
    trap - EXIT INT TERM
    [ $rc -ne 130 ] || echo "fresh-root: interrupted" >&2
    left=$(mounts_below_work)
    if [ -n "$left" ]; then
        # Only mmdebstrap's own mounts can be here (it cleans up after itself normally).
        echo "$left" | sort -r | while read -r m; do umount -R -l "$m" || true; done
        left=$(mounts_below_work)
    fi
    if [ -n "$left" ]; then
        echo "fresh-root: error: still mounted, $work left in place: $left" >&2
        rc=1
    elif [ "${FRESH_KEEP:-0}" = 1 ]; then
        echo "fresh-root: kept $work (FRESH_KEEP=1)" >&2
    else
        rm -rf --one-file-system "$work"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a step with its output in $work/<name>.log; on failure show the log's tail.
logged() {
    local name=$1 log=$work/$1.log
    shift
    if ! "$@" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "$name failed (command: $*)"
    fi
}

if ! command -v mmdebstrap >/dev/null; then
    say "installing mmdebstrap (Debian package)"
    logged apt-update apt-get -q update
    logged apt-install env DEBIAN_FRONTEND=noninteractive \
        apt-get -q -y --no-install-recommends install mmdebstrap
fi

# The root uses this machine's Debian mirror; without one mmdebstrap takes its default.
mirror=()
bash "$top/tools/deps.sh" --print-sources deb "$SUITE" >"$work/machine.sources"
if [ -s "$work/machine.sources" ]; then
    mirror=("$work/machine.sources")
else
    say "no $SUITE sources in /etc/apt: mmdebstrap's default mirror"
fi

t0=$SECONDS
say "making a fresh Debian 12 minbase root in $root"
logged mmdebstrap mmdebstrap --variant=minbase --include=make,git,ca-certificates \
    "$SUITE" "$root" "${mirror[@]}"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null ||
    say "warning: no /etc/resolv.conf to copy; apt in the root may not resolve names"
t_root=$((SECONDS - t0))

t0=$SECONDS
say "cloning commit ${commit:0:12} into $CLONE"
logged clone git clone -q --no-hardlinks --no-checkout "$top" "$root$CLONE"
logged checkout git -C "$root$CLONE" checkout -q --detach "$commit"
t_clone=$((SECONDS - t0))

# Pass make's output through, noting when the build (first `  CC`-style line) and the
# tests (first `ok -`/`not ok -` line) begin. The runner's closing `N passed, N failed`
# is held back and printed last, after the timing line and after anything make says
# when tests failed (`make: *** [test] Error 1`); without one (the build failed), the
# timing line goes just before make's last line. Ctrl-C reaches make too: this reader
# ignores it and passes on make's last words.
phases() {
    local line held='' have=0 closing='' start=$SECONDS t_build='' t_tests=''
    trap '' INT
    while IFS= read -r line; do
        if [[ $line =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]]; then
            closing=$line
            continue
        fi
        [ $have -eq 0 ] || printf '%s\n' "$held"
        held=$line
        have=1
        if [ -z "$t_build" ] && [[ $line =~ ^\ \ [A-Z]+\ +[^\ ] ]]; then t_build=$SECONDS; fi
        if [ -z "$t_tests" ] && [[ $line =~ ^(not\ )?ok\ -\  ]]; then t_tests=$SECONDS; fi
    done
    local end=$SECONDS
    t_build=${t_build:-$end}
    t_tests=${t_tests:-$end}
    [ $have -eq 0 ] || [ -z "$closing" ] || printf '%s\n' "$held"
    say "timings: root ${t_root}s, clone ${t_clone}s, deps $((t_build - start))s," \
        "build $((t_tests - t_build))s, tests $((end - t_tests))s," \
        "make test $((end - start))s"
    if [ -n "$closing" ]; then
        printf '%s\n' "$closing"
    elif [ $have -ne 0 ]; then
        printf '%s\n' "$held"
    fi
}

say "running make test in $CLONE as root"
unshare --mount --propagation private -- bash "$top/tools/fresh-root.sh" --inside "$root" 2>&1 |
    phases
