-- SPDX-License-Identifier: MIT
-- A minimal reader of conf/modules.list for check-cfg: which rom modules an
-- entry has. It knows `entry`/`title` (with [options]), the module lines
-- `module`/`bin`/`data` (name = base name of the file), `moe x.cfg` (adds
-- module x.cfg) and `include` (relative to the including file, 16 deep);
-- every other keyword is skipped. The packer (l4image) stays the judge of
-- the list's syntax: check.lua runs `l4image --entries` first when it can.
-- Format: doc/modules-list.md.

local M = {}

local MODULE_KEYWORDS = { module = true, bin = true, data = true }

local function dirname(p)
    return p:match("^(.*)/[^/]*$") or "."
end

local function basename(p)
    return p:match("([^/]*)$")
end

local function read(path, list, depth, cur)
    if depth > 16 then
        return nil, path .. ": includes nested deeper than 16 (loop?)"
    end
    local f, err = io.open(path, "r")
    if not f then
        return nil, "cannot read modules list: " .. err
    end
    local n = 0
    for raw in f:lines() do
        n = n + 1
        local line = raw:gsub("\r$", ""):gsub("#.*$", ""):match("^%s*(.-)%s*$")
        local word, rest = line:match("^(%S+)%s*(.*)$")
        local kw = word and word:match("^([^%[]+)"):lower()
        local arg = rest and rest:match("^(%S+)")
        if (kw == "entry" or kw == "title") and arg then
            cur = { name = arg, file = path, line = n, modules = {}, order = {} }
            list.entries[arg] = list.entries[arg] or cur
            list.names[#list.names + 1] = arg
        elseif (MODULE_KEYWORDS[kw] or kw == "moe") and arg and cur then
            local name = basename(arg)
            if not cur.modules[name] then
                cur.modules[name] = true
                cur.order[#cur.order + 1] = name
            end
        elseif kw == "include" and arg then
            local inc = arg:sub(1, 1) == "/" and arg or (dirname(path) .. "/" .. arg)
            local ok, e = read(inc, list, depth + 1, cur)
            if ok == nil then
                f:close()
                return nil, path .. ":" .. n .. ": " .. e
            end
            cur = ok
        end
    end
    f:close()
    return cur
end

-- Reads the list at `path`: { entries = name -> entry, names = {...} }, or
-- nil and a message. An entry: { name, file, line, modules = set, order }.
function M.read(path)
    local list = { entries = {}, names = {} }
    local ok, err = read(path, list, 0, false)
    if ok == nil then
        return nil, err
    end
    return list
end

return M
