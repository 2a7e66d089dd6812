#!/bin/sh
# SPDX-License-Identifier: MIT
# The check-cfg host test: runs tools/cfgcheck/check.lua on every case
# tests/host/cfgcheck/<name>.expect and prints TAP. A case checks
# <name>.cfg (or the `# cfg: PATH` file, relative to the source tree) from
# its own folder with the `# args:` options; it passes if the exit status
# is `# status:` and every other line of the .expect file is an output
# line, and no error or warning line is missing from the .expect file.
# Usage: run.sh LUA SRCDIR CONSTS (generated into $(HOST_DIR)/tests by cfgcheck.mk;
# CONSTS is the generated l4consts.lua).

lua=$1
src=$(cd "$2" && pwd) || exit 1
check=$src/tools/cfgcheck/check.lua
consts=$3
cases=$src/tests/host/cfgcheck
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT

# Expected lines of a case: all but comments and directives.
expected() {
    grep -v '^#' "$1"
}

directive() {
    sed -n "s/^# $2: //p" "$1"
}

plan=0
for e in "$cases"/*.expect; do
    plan=$((plan + 2 + $(expected "$e" | wc -l)))
done
echo "1..$plan"

n=0
point() {
    n=$((n + 1))
    if [ "$1" = ok ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
    fi
}

for e in "$cases"/*.expect; do
    name=$(basename "$e" .expect)
    cfg=$(directive "$e" cfg)
    if [ -n "$cfg" ]; then
        cfg=$src/$cfg
    else
        cfg=$cases/$name.cfg
    fi
    want=$(directive "$e" status)
    # shellcheck disable=SC2046 # the args are words on purpose
    (cd "$(dirname "$cfg")" && "$lua" "$check" --consts "$consts" $(directive "$e" args) \
        "$(basename "$cfg")") >"$out" 2>&1
    got=$?
    if [ "$got" = "$want" ]; then
        point ok "$name: exit status $want"
    else
        point fail "$name: exit status $got, want $want"
        sed 's/^/# /' "$out"
    fi
    expected "$e" >"$out.want"
    while IFS= read -r line; do
        if grep -Fxq -- "$line" "$out"; then
            point ok "$name: $line"
        else
            point fail "$name: missing: $line"
            sed 's/^/# got: /' "$out"
        fi
    done <"$out.want"
    extra=$(grep -E '^[^ ]+:[0-9]+: (error|warning): ' "$out" | grep -Fxv -f "$out.want")
    if [ -z "$extra" ]; then
        point ok "$name: no unexpected findings"
    else
        point fail "$name: unexpected findings"
        echo "$extra" | sed 's/^/# /'
    fi
    rm -f "$out.want"
done
