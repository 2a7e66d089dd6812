-- SPDX-License-Identifier: MIT
-- Findings of check-cfg: every check of the stand-in L4 module ends here.
-- A finding is printed at once as `FILE:LINE: error: ...` (or warning/note)
-- where FILE:LINE is the innermost frame of the checked script, found by
-- walking the Lua stack past the checker's own files; identical findings
-- (a loop repeating a mistake) are printed once. Also holds the check's
-- configuration (which rom modules exist) and the did-you-mean helper.
-- The story: doc/boot-config.md, "Checking a configuration".

local M = {}

M.counts = { error = 0, warning = 0 }
M.STOP = setmetatable({}, { __tostring = function() return "check-cfg: stop" end })
M.rom = nil           -- set of module names, or nil: modules are not checked
M.rom_origin = nil    -- "entry 'x'" or "the --rom list", for messages
M.verbose = false

local own = {}        -- chunk names of the checker's files
local seen = {}

-- Marks a chunk (given by its debug source) as part of the checker.
function M.own(source)
    own[source] = true
end

-- The file and line of the innermost script frame on the stack, or nil.
function M.where()
    local level = 2
    while true do
        local info = debug.getinfo(level, "Sl")
        if not info then
            return nil, nil
        end
        if info.what ~= "C" and info.source:sub(1, 1) == "@" and not own[info.source]
            and info.currentline > 0 then
            return info.source:sub(2), info.currentline
        end
        level = level + 1
    end
end

-- Every script frame on the stack, innermost first: { file, line } each.
function M.where_all()
    local frames, level = {}, 2
    while true do
        local info = debug.getinfo(level, "Sl")
        if not info then
            return frames
        end
        if info.what ~= "C" and info.source:sub(1, 1) == "@" and not own[info.source]
            and info.currentline > 0 then
            frames[#frames + 1] = { file = info.source:sub(2), line = info.currentline }
        end
        level = level + 1
    end
end

-- Records a finding of `kind` at FILE:LINE (or where the script is now).
function M.add_at(kind, file, line, msg)
    local loc = file and (file .. ":" .. line .. ": ") or "check-cfg: "
    local text = loc .. kind .. ": " .. msg
    if seen[text] then
        return
    end
    seen[text] = true
    if M.counts[kind] then
        M.counts[kind] = M.counts[kind] + 1
    end
    io.stdout:write(text, "\n")
end

function M.error(msg)
    local file, line = M.where()
    M.add_at("error", file, line, msg)
end

function M.warning(msg)
    local file, line = M.where()
    M.add_at("warning", file, line, msg)
end

-- What the script would do; printed only with --verbose.
function M.note(msg)
    if M.verbose then
        local file, line = M.where()
        M.add_at("note", file, line, msg)
    end
end

-- An error after which the script cannot go on (as in ned): stops the run.
function M.raise(msg)
    M.error(msg)
    error(M.STOP, 0)
end

-- Optimal string alignment distance: edits, with swaps of neighbours as one.
local function distance(a, b)
    local d = {}
    for i = 0, #a do
        d[i] = { [0] = i }
    end
    for j = 0, #b do
        d[0][j] = j
    end
    for i = 1, #a do
        for j = 1, #b do
            local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
            local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a:sub(i, i) == b:sub(j - 1, j - 1)
                and a:sub(i - 1, i - 1) == b:sub(j, j) then
                v = math.min(v, d[i - 2][j - 2] + 1)
            end
            d[i][j] = v
        end
    end
    return d[#a][#b]
end

-- The candidate closest to `word`, if it is close enough to be a typo.
function M.closest(word, candidates)
    if type(word) ~= "string" then
        return nil
    end
    local best, best_d
    local limit = #word >= 5 and 2 or 1
    for _, c in ipairs(candidates) do
        local d = c:lower() == word:lower() and 0 or distance(word, c)
        if d <= limit and (not best_d or d < best_d) then
            best, best_d = c, d
        end
    end
    return best
end

-- " (did you mean 'x'?)" or "".
function M.did_you_mean(word, candidates)
    local c = M.closest(word, candidates)
    return c and (" (did you mean '" .. c .. "'?)") or ""
end

-- The sorted keys of a table.
function M.keys(t)
    local k = {}
    for name in pairs(t) do
        k[#k + 1] = name
    end
    table.sort(k, function(a, b) return tostring(a) < tostring(b) end)
    return k
end

function M.list(names)
    return table.concat(names, ", ")
end

-- Is rom/<name> a boot module? Reports a missing one; true if unknown.
function M.check_module(name, why)
    if not M.rom then
        return true
    end
    if M.rom[name] then
        return true
    end
    M.error(("rom/%s: no module '%s' in %s%s%s"):format(name, name, M.rom_origin,
        M.did_you_mean(name, M.keys(M.rom)), why or ""))
    return false
end

M.own(debug.getinfo(1, "S").source)
return M
