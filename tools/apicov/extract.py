# SPDX-License-Identifier: MIT
"""Extract L4Re's C interface facts into tools/apicov/l4re-api.txt.

Run by hand against a checkout of kernkonzept/l4re-core (not part of the build: the
checkout is not in the tree). It assembles L4Re's public include tree for arm64, lets
the cross compiler read each header we ship (`gcc -E -dD` for macros and declarations
with include line markers, `-aux-info` for function prototypes, `-S` of probe files for
constant values and type sizes) and writes one fact per line, no comments or bodies:

    <header> TAB <kind> TAB <name> TAB <detail>

kinds: include (name = a shipped header L4Re's header brings in), func (detail: the
prototype as `ret (args)`), const (integer macro or enum constant; detail: value),
macro (other macros; detail: fn or obj), type (typedef; detail: size or -), struct,
union, enum (tags; detail: size or -). A symbol belongs to a header when it is declared
in it or in an unshipped file that header includes. Names with a leading underscore
are internal and left out. Usage:

    python3 tools/apicov/extract.py <l4re-core checkout> > tools/apicov/l4re-api.txt
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

CC = os.environ.get("CC_T", "aarch64-linux-gnu-gcc")
CFLAGS = ["-std=gnu11", "-ffreestanding"]

# Where each include prefix lives in l4re-core (arm64 arch folders merged in).
LAYOUT = [
    ("l4/sys", ["l4sys/include", "l4sys/include/ARCH-arm64"]),
    ("l4/sys/arch", ["l4sys/include/ARCH-arm64/arch"]),
    ("l4/re", ["l4re/include"]),
    ("l4/re/impl", ["l4re/include/impl"]),
    ("l4/re/c", ["l4re_c/include"]),
    ("l4/re/c/util", ["l4re_c/util/include"]),
    ("l4/util", ["l4util/include", "l4util/include/ARCH-arm64"]),
    ("l4/util/arch", ["l4util/include/ARCH-arm64/arch"]),
    ("l4/sigma0", ["libsigma0/include"]),
]


def build_tree(src, dst):
    for prefix, dirs in LAYOUT:
        os.makedirs(os.path.join(dst, prefix), exist_ok=True)
        for d in dirs:
            d = os.path.join(src, d)
            for f in os.listdir(d) if os.path.isdir(d) else []:
                if f.endswith(".h"):
                    shutil.copy(os.path.join(d, f), os.path.join(dst, prefix, f))


def shipped_headers(ours):
    """Our public headers (relative names) that L4Re also has."""
    out = []
    for root in ours:
        for dp, _, fs in os.walk(root):
            for f in fs:
                if f.endswith(".h"):
                    out.append(os.path.relpath(os.path.join(dp, f), root))
    return sorted(set(out))


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


MARK = re.compile(r'^# (\d+) "([^"]*)"(.*)$')
DEFINE = re.compile(r"^#define ([A-Za-z_]\w*)(\(?)")


def walk(inc, header):
    """Per file of the translation unit of `header`: its relative name, the owner
    (innermost shipped file on the include stack), its macros and its C text."""
    p = run([CC, *CFLAGS, "-E", "-dD", "-I", inc, "-x", "c", "-"],
            input="#include <%s>\n" % header)
    if p.returncode:
        sys.exit(p.stderr)
    stack, macros, text, owner_of = [], [], {}, {}
    for line in p.stdout.splitlines():
        m = MARK.match(line)
        if m:
            f = m.group(2)
            flags = m.group(3).split()
            if "1" in flags:
                stack.append(f)
            elif "2" in flags:
                while stack and stack[-1] != f:
                    stack.pop()
            elif not stack or stack[-1] != f:
                stack = [f]
            continue
        cur = stack[-1] if stack else ""
        if cur not in owner_of:
            owner_of[cur] = owner(stack, inc)
        d = DEFINE.match(line)
        if d:
            macros.append((cur, d.group(1), d.group(2) == "(", line))
        elif not line.startswith("#"):
            text.setdefault(cur, []).append(line)
    return owner_of, macros, text


SHIPPED = set()


def rel(f, inc):
    f = os.path.normpath(f)
    return os.path.relpath(f, inc) if f.startswith(inc + "/") else None


def owner(stack, inc):
    for f in reversed(stack):
        r = rel(f, inc)
        if r in SHIPPED:
            return r
    return None


TOKEN = re.compile(r"[A-Za-z_]\w*|\d\w*|\S")


def tokens(lines):
    return TOKEN.findall(" ".join(lines))


def declarations(toks):
    """Enum constants, typedef names and struct/union/enum tags of a token list."""
    consts, typedefs, tags = [], [], []
    depth_at, d = [], 0
    for t in toks:
        depth_at.append(d)
        d += (t == "{") - (t == "}")
    i = 0
    while i < len(toks):
        t = toks[i]
        if depth_at[i] > 0:  # inside a body: block-scope declarations are not interface
            i += 1
            continue
        if t in ("struct", "union", "enum") and i + 1 < len(toks) and re.match(r"[A-Za-z_]", toks[i + 1]):
            if i + 2 < len(toks) and toks[i + 2] == "{":
                tags.append((t, toks[i + 1]))
        if t == "enum":
            j = i + 1
            if j < len(toks) and toks[j] != "{":
                j += 1
            if j < len(toks) and toks[j] == "{":
                depth, expect_name, k = 0, True, j + 1
                while k < len(toks) and toks[k] != "}":
                    if toks[k] in "([":
                        depth += 1
                    elif toks[k] in ")]":
                        depth -= 1
                    elif depth == 0 and toks[k] == ",":
                        expect_name = True
                    elif expect_name and re.match(r"[A-Za-z_]", toks[k]):
                        consts.append(toks[k])
                        expect_name = False
                    k += 1
        if t == "typedef":
            depth, k, name = 0, i + 1, None
            while k < len(toks) and not (depth == 0 and toks[k] == ";"):
                if toks[k] in "{":
                    depth += 1
                elif toks[k] in "}":
                    depth -= 1
                k += 1
            stmt = toks[i + 1:k]
            # the declarator: `(*name)` for function pointers, else the last identifier
            # outside braces and brackets
            depth, idents = 0, []
            for n, s in enumerate(stmt):
                if s == "{":
                    depth += 1
                elif s == "}":
                    depth -= 1
                elif depth == 0 and s == "(" and n + 2 < len(stmt) and stmt[n + 1] == "*":
                    name = stmt[n + 2]
                    break
                elif depth == 0 and s in ("[", "("):
                    break
                elif depth == 0 and re.match(r"[A-Za-z_]\w*$", s) and s != "__attribute__":
                    idents.append(s)
            if name is None and idents:
                name = idents[-1]
            if name:
                typedefs.append(name)
            i = k
        i += 1
    return consts, typedefs, tags


def is_guard(name, line):
    """An include guard: an empty macro named after its file."""
    return re.search(r"_H_*$", name) and line.strip() == "#define " + name


def probe_values(inc, header, exprs):
    """{key: integer} for the (key, C integer expression) pairs that are constants."""
    exprs = list(exprs)
    while exprs:
        src = "#include <%s>\n" % header + "".join(
            "const long long __v_%d = (long long)(%s);\n" % (n, e) for n, (_, e) in enumerate(exprs))
        p = run([CC, *CFLAGS, "-O0", "-S", "-o", "-", "-w", "-I", inc, "-x", "c", "-"], input=src)
        if p.returncode == 0:
            vals, out = {}, p.stdout
            for n, (key, _) in enumerate(exprs):
                m = re.search(r"^__v_%d:\n\s+\.(xword\s+(-?\d+)|zero\s+8)$" % n, out, re.M)
                if m:
                    vals[key] = int(m.group(2) or 0)
            return vals
        bad = {int(m) - 2 for m in re.findall(r"<stdin>:(\d+):\d+:", p.stderr)}
        if not bad:
            # an error reported only inside a header: probe one expression at a time
            return dict(kv for e in exprs for kv in probe_values(inc, header, [e]).items()) \
                if len(exprs) > 1 else {}
        exprs = [e for n, e in enumerate(exprs) if n not in bad]
    return {}


AUX = re.compile(r"^/\* (\S+):\d+:(\w+) \*/ (.*?)\s*;")


def functions(inc, header, owner_of):
    with tempfile.TemporaryDirectory() as d:
        aux = os.path.join(d, "aux")
        p = run([CC, *CFLAGS, "-fsyntax-only", "-aux-info", aux, "-I", inc, "-x", "c", "-"],
                input="#include <%s>\n" % header)
        if p.returncode:
            sys.exit(p.stderr)
        lines = open(aux).read().splitlines()
    out = {}
    for line in lines:
        m = AUX.match(line)
        if not m or m.group(2)[1] not in "CF":  # declared or only defined
            continue
        f = m.group(1)
        decl = re.sub(r"^(extern|static|__inline__|inline|\s)+", "", m.group(3))
        d = re.match(r"(.*?)\b([A-Za-z_]\w*) \((.*)\)$", decl)
        if not d or d.group(2).startswith("_"):
            continue
        if owner_of.get(f, owner_of.get(os.path.normpath(f))) != header:
            continue
        # a prototype wins over a definition's header (which repeats qualifiers);
        # aux-info spells noreturn as a volatile return type
        if m.group(2)[1] == "C" or d.group(2) not in out:
            ret = re.sub(r"^volatile void$", "void", d.group(1).strip())
            out[d.group(2)] = "%s (%s)" % (ret, d.group(3))
    return out


def main():
    src = sys.argv[1]
    if not os.path.isdir(os.path.join(src, "l4sys")):
        # a bare mirror: unpack the tree first
        tmp = tempfile.mkdtemp()
        arc = subprocess.run(["git", "-C", src, "archive", "HEAD"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=arc.stdout, check=True)
        rev = revision(src)
        src = tmp
    else:
        rev = revision(src)
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.normpath(os.path.join(here, "..", ".."))
    ours = [os.path.join(top, "l4re/include"), os.path.join(top, "l4re/include/arch/arm64")]
    with tempfile.TemporaryDirectory() as inc:
        build_tree(src, inc)
        headers = [h for h in shipped_headers(ours)
                   if h.startswith("l4/") and not h.startswith("l4/sys/arch/")
                   and os.path.exists(os.path.join(inc, h))]
        # L4Re's arch headers do not compile alone: their symbols count for the
        # header that includes them (l4/sys/ipc.h, l4/sys/utcb.h).
        SHIPPED.update(headers)
        print("# L4Re C interface facts (tools/apicov/extract.py); l4re-core %s" % rev)
        print("# header\tkind\tname\tdetail")
        for h in headers:
            for line in header_facts(inc, h):
                print("\t".join(line))


def revision(src):
    p = run(["git", "-C", src, "rev-parse", "HEAD"])
    return p.stdout.strip() or "unknown"


def header_facts(inc, h):
    owner_of, macros, text = walk(inc, h)
    facts = []
    for f, o in sorted(owner_of.items()):
        r = rel(f, inc)
        if r and r != h and r in SHIPPED:
            facts.append((h, "include", r, "-"))
    mine = [ln for f, lines in text.items() if owner_of.get(f) == h for ln in lines]
    consts, typedefs, tags = declarations(tokens(mine))
    objmacros = [n for f, n, fn, line in macros
                 if owner_of.get(f) == h and not fn and not n.startswith("_")
                 and not is_guard(n, line)]
    fnmacros = [n for f, n, fn, _ in macros
                if owner_of.get(f) == h and fn and not n.startswith("_")]
    values = probe_values(inc, h, [(n, n) for n in objmacros + consts if not n.startswith("_")])
    for n in sorted(set(objmacros)):
        facts.append((h, "const", n, str(values[n])) if n in values else (h, "macro", n, "obj"))
    for n in sorted(set(fnmacros)):
        facts.append((h, "macro", n, "fn"))
    for n in sorted(set(consts)):
        if not n.startswith("_") and n in values and n not in objmacros:
            facts.append((h, "const", n, str(values[n])))
    sizes = probe_values(inc, h, [(("type", n), "sizeof(%s)" % n) for n in typedefs]
                         + [((k, n), "sizeof(%s %s)" % (k, n)) for k, n in tags])
    for n in sorted(set(typedefs)):
        if not n.startswith("_"):
            facts.append((h, "type", n, str(sizes.get(("type", n), "-"))))
    for k, n in sorted(set(tags)):
        if not n.startswith("_"):
            facts.append((h, k, n, str(sizes.get((k, n), "-"))))
    for n, sig in sorted(functions(inc, h, owner_of).items()):
        facts.append((h, "func", n, sig))
    return facts


if __name__ == "__main__":
    main()
