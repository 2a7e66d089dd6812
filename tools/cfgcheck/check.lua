-- SPDX-License-Identifier: MIT
-- check-cfg: runs a ned Lua boot configuration through host Lua 5.4 against
-- the stand-in L4 module (L4.lua) and prints one `FILE:LINE: error|warning:`
-- line per finding, then `check-cfg: FILE: N errors, N warnings`. Exit
-- status: 0 clean or warnings only, 1 errors, 2 usage or setup problems.
-- The rom modules come from a modules.list entry or --rom; without either
-- they are not checked. Endless loops are cut off by an instruction limit.
-- Usage: `make check-cfg CFG=file [E=entry]`; the story: doc/boot-config.md.

local USAGE = [[
usage: lua5.4 tools/cfgcheck/check.lua [options] SCRIPT [ARG...]
  --modules-list FILE --entry NAME  rom modules = the modules of entry NAME
  --l4image PATH                    first let the packer read FILE (l4image --entries)
  --rom NAME[,NAME...]              rom modules given directly
  --consts FILE                     the constant tables (default build/gen/l4consts.lua,
                                    made by `make` from the C headers, as ned's are)
  -v, --verbose                     also print what the script does and its print() output
  ARG...                            passed to the script as `arg`, as ned does
]]

local INSTRUCTION_LIMIT = 50 * 1000 * 1000
local exit = os.exit

local function fail(msg)
    io.stderr:write("check-cfg: ", msg, "\n")
    exit(2)
end

local function parse_args(argv)
    local o = { args = {} }
    local takes = { ["--modules-list"] = "list", ["--entry"] = "entry", ["--l4image"] = "l4image",
        ["--rom"] = "rom", ["--consts"] = "consts" }
    local i = 1
    while i <= #argv do
        local a = argv[i]
        local name, value = a:match("^(%-%-[%w-]+)=(.*)$")
        name = name or a
        if o.script then
            o.args[#o.args + 1] = a
        elseif takes[name] then
            if not value then
                i = i + 1
                value = argv[i]
                if not value then
                    fail("option '" .. name .. "' needs a value\n" .. USAGE)
                end
            end
            o[takes[name]] = value
        elseif a == "-v" or a == "--verbose" then
            o.verbose = true
        elseif a == "-h" or a == "--help" then
            io.stdout:write(USAGE)
            exit(0)
        elseif a:sub(1, 1) == "-" and a ~= "-" then
            fail("unknown option '" .. a .. "'\n" .. USAGE)
        else
            o.script = a
        end
        i = i + 1
    end
    if not o.script then
        fail("no script given\n" .. USAGE)
    end
    if (o.list == nil) ~= (o.entry == nil) then
        fail("--modules-list and --entry go together")
    end
    if o.list and o.rom then
        fail("give either --modules-list/--entry or --rom, not both")
    end
    return o
end

local opts = parse_args(arg)
local tooldir = (arg[0]:match("^(.*)/[^/]*$") or ".")
local parent = tooldir:match("^(.*)/[^/]*$") or (tooldir == "." and ".." or ".")
local scriptdir = opts.script:match("^(.*)/[^/]*$") or "."
package.path = parent .. "/?.lua;" .. scriptdir .. "/?.lua;" .. package.path

-- The constant tables ned has (L4.Proto, L4.Rights, ..., the CPU limit), generated from
-- the C headers by tools/l4consts/gen.py: the same file ned is built with.
do
    local file = opts.consts or ((parent:match("^(.*)/[^/]*$") or ".") .. "/build/gen/l4consts.lua")
    local chunk, err = loadfile(file, "t")
    if not chunk then
        fail("no constant tables (" .. err .. "); run `make` first or give --consts FILE")
    end
    package.loaded["cfgcheck.consts"] = chunk()
end

local report = require("cfgcheck.report")
local modlist = require("cfgcheck.modlist")
report.own(debug.getinfo(1, "S").source)
report.verbose = opts.verbose

-- The packer reads the list first, so list errors look as in `make image`.
local function l4image_entries(l4image, list)
    local p = io.popen(("'%s' --list '%s' --entries 2>&1"):format(l4image, list))
    local out = p:read("a")
    local ok = p:close()
    if not ok then
        fail("the packer cannot read " .. list .. ":\n" .. out)
    end
    local names = {}
    for n in out:gmatch("[^\n]+") do
        names[n] = true
    end
    return names
end

local function setup_rom()
    if opts.rom then
        report.rom = {}
        for name in opts.rom:gmatch("[^,%s]+") do
            report.rom[name] = true
        end
        report.rom_origin = "the --rom list"
        return
    end
    if not opts.list then
        return
    end
    local known = opts.l4image and l4image_entries(opts.l4image, opts.list)
    local list, err = modlist.read(opts.list)
    if not list then
        fail(err)
    end
    local e = list.entries[opts.entry]
    if not e or (known and not known[opts.entry]) then
        fail(("unknown entry '%s' in %s; known entries: %s"):format(opts.entry, opts.list,
            table.concat(list.names, ", ")))
    end
    report.rom = e.modules
    report.rom_origin = "entry '" .. e.name .. "'"
    local cfg = opts.script:match("([^/]*)$")
    for _, m in ipairs({ cfg, "ned" }) do
        if not e.modules[m] then
            report.add_at("warning", e.file, e.line, ("entry '%s' has no module '%s' "
                .. "(moe starts rom/ned with rom/%s)"):format(e.name, m, cfg))
        end
    end
end

setup_rom()

local chunk, err = loadfile(opts.script, "t")
if not chunk then
    local f = io.open(opts.script, "r")
    if not f then
        fail("cannot read " .. opts.script)
    end
    f:close()
    local file, line, msg = err:match("^(.-):(%d+): (.*)$")
    report.add_at("error", file or opts.script, line or 1, "syntax: " .. (msg or err))
else
    -- Loaded once here so that the script's require("L4") gets the stand-in.
    package.loaded.L4 = require("cfgcheck.L4")
    local cap = require("cfgcheck.cap")
    local LIMIT, EXIT = {}, {}

    arg = { [0] = opts.script }
    for i, a in ipairs(opts.args) do
        arg[i] = a
    end
    print = function(...)
        if opts.verbose then
            local t = table.pack(...)
            for i = 1, t.n do
                t[i] = tostring(t[i])
            end
            io.stdout:write("[", opts.script, "] ", table.concat(t, "\t"), "\n")
        end
    end

    local function handler(e)
        if e == report.STOP then
            return
        end
        if e == LIMIT then
            report.warning(("stopped after %d million Lua instructions (an endless loop?); "
                .. "the rest of the script was not checked"):format(INSTRUCTION_LIMIT // 1000000))
            return
        end
        if e == EXIT then
            return true
        end
        -- One line: a failed require lists every path it tried after the first.
        local msg = tostring(e):match("^[^\n]*"):gsub("^[^\n]-:%d+: ", "", 1):gsub(":$", "")
        if msg:find("global 'L4'", 1, true) then
            msg = msg .. " (begin the script with: local L4 = require(\"L4\"))"
        end
        local frames = report.where_all()
        if #frames > 1 then
            local calls = {}
            for i = 2, #frames do
                calls[#calls + 1] = frames[i].line
            end
            msg = msg .. " (called from line " .. table.concat(calls, ", line ") .. ")"
        end
        report.error(msg)
    end

    -- os.exit in the script ends the script, not the check.
    os.exit = function()
        error(EXIT, 0)
    end

    local count = 0
    debug.sethook(function()
        count = count + 1000
        if count > INSTRUCTION_LIMIT then
            debug.sethook()
            error(LIMIT, 0)
        end
    end, "", 1000)
    local completed, exited = xpcall(chunk, handler, table.unpack(opts.args))
    debug.sethook()
    if completed or exited then
        cap.finish()
    end
end

if not report.rom then
    io.stdout:write(("check-cfg: %s: note: rom modules not checked (give --rom, or "
        .. "--modules-list with --entry; make check-cfg E=<entry>)\n"):format(opts.script))
end
local e, w = report.counts.error, report.counts.warning
io.stdout:write(("check-cfg: %s: %d error%s, %d warning%s\n"):format(opts.script,
    e, e == 1 and "" or "s", w, w == 1 and "" or "s"))
exit(e > 0 and 1 or 0)
