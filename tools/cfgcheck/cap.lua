-- SPDX-License-Identifier: MIT
-- Stand-in capability objects of check-cfg. A capability knows its class
-- (Factory, Mem_alloc, Namespace, Log, ...), a name for messages and its
-- rights; the methods a class has are those of ned's L4 module (common:
-- is_valid, m/mode/rights, svr; Factory: create; Namespace: query/q,
-- register/r). Factory:create checks the protocol and its arguments against
-- what the object's server (kernel or moe) accepts. Channels (IPC gates)
-- remember whether a program got them with server and with client rights.
-- Reference: doc/boot-config.md.

local report = require("cfgcheck.report")

local M = {}

local consts = require("cfgcheck.consts")

M.PROTO = consts.Proto
M.PROTO_NAME = {}
for name, value in pairs(M.PROTO) do
    M.PROTO_NAME[value] = name
end

M.RIGHTS = consts.Rights
M.RWSD = 0x0f
M.SERVER = 0xef        -- cap:svr(): RWSD and object rights 1..3 (gate server)
local SERVER_BIT = 0x20

local state = setmetatable({}, { __mode = "k" })
local Cap = {}
M.channels = {}

-- A new capability of `class`; `channel` is shared by copies of one gate.
function M.new(class, name, rights, channel)
    local c = setmetatable({}, Cap)
    state[c] = { class = class, name = name, rights = rights or M.RWSD, channel = channel }
    return c
end

function M.is(v)
    return state[v] ~= nil
end

function M.info(v)
    return state[v]
end

-- A new unbound IPC gate created at the script's current line.
function M.new_channel(name)
    local file, line = report.where()
    local ch = { file = file, line = line, server = false, client = false }
    M.channels[#M.channels + 1] = ch
    return M.new("Ipc_gate", name or ("the channel of line " .. tostring(line)), M.RWSD, ch)
end

-- A capability handed to a program (caps, namespace): marks channels.
function M.given(c)
    local s = state[c]
    if s and s.channel then
        if s.rights & SERVER_BIT ~= 0 then
            s.channel.server = true
        else
            s.channel.client = true
        end
    end
end

function M.describe(v)
    if M.is(v) then
        local s = state[v]
        return s.name .. " (" .. (s.class or "capability") .. ")"
    end
    local t = type(v)
    if t == "nil" then
        return "nil"
    end
    return (t:match("^[aeiou]") and "an " or "a ") .. t
end

local function parse_rights(spec)
    if type(spec) == "number" then
        if math.type(spec) ~= "integer" or spec < 0 or spec > 0xff then
            report.error(("rights %s: want an integer 0..255 or letters r w s d n c")
                :format(tostring(spec)))
            return nil
        end
        return spec
    end
    if type(spec) ~= "string" then
        report.error("rights: want a string of letters r w s d n c or a number, got "
            .. M.describe(spec))
        return nil
    end
    local r, bad = M.RIGHTS.r, {}
    for ch in spec:gmatch(".") do
        local v = M.RIGHTS[ch:lower()]
        if v then
            r = r | v
        else
            bad[#bad + 1] = "'" .. ch .. "'"
        end
    end
    if #bad > 0 then
        report.error(("rights '%s': %s %s (r w s d n c)"):format(spec, table.concat(bad, ", "),
            #bad > 1 and "are not rights letters" or "is not a rights letter"))
    end
    return r
end

-- Argument checks for Factory:create: return an error text or nil.
local function int_arg(v)
    if math.type(v) ~= "integer" then
        return "want an integer, got " .. M.describe(v)
    end
end
local function positive_arg(v)
    if math.type(v) ~= "integer" or v <= 0 then
        return "want an integer > 0, got " .. (type(v) == "number" and tostring(v) or M.describe(v))
    end
end
local function string_arg(v)
    if type(v) ~= "string" then
        return "want a string, got " .. M.describe(v)
    end
end
local function cap_arg(v)
    if not M.is(v) then
        return "want a capability, got " .. M.describe(v)
    end
end

local LOG_COLOURS = "nrgybmcwNRGYBMCW"
local log_tags = {}   -- tag as moe shows it (8 characters) -> full tag

-- Checks the arguments of a Log object: tag and colour (shared with opts.log).
function M.check_log_args(tag, colour, extra)
    if tag ~= nil and type(tag) ~= "string" then
        report.error("log tag: want a string, got " .. M.describe(tag))
    elseif tag then
        local short = tag:sub(1, 8)
        local other = log_tags[short]
        if other and other ~= tag then
            report.warning(("log tag '%s' and '%s' both show as '%s' (moe keeps 8 characters)")
                :format(other, tag, short))
        end
        log_tags[short] = tag
    end
    if type(colour) == "number" then
        if math.type(colour) ~= "integer" or colour < 0 or colour > 15 then
            report.error(("log colour %s: want 0..15 or a colour name"):format(tostring(colour)))
        end
    elseif type(colour) == "string" then
        local c = colour:sub(1, 1)
        if c == "" or not LOG_COLOURS:find(c, 1, true) then
            report.error(("log colour '%s': the first letter must be one of %s "
                .. "(n r g y b m c w: black red green yellow blue magenta cyan white; "
                .. "upper case = bright)"):format(colour, LOG_COLOURS))
        end
    elseif colour ~= nil then
        report.error("log colour: want a colour name or 0..15, got " .. M.describe(colour))
    end
    if extra and extra > 0 then
        report.warning(("log: %d argument(s) after tag and colour are ignored by moe")
            :format(extra))
    end
end

local function log_arg_check(args, n)
    M.check_log_args(args[1], args[2], n > 2 and n - 2 or 0)
    return true
end

-- What each kind of factory creates: protocol -> argument list. An argument
-- is { name, check, optional }; `rest = true` repeats the last one.
local CREATES = {
    Factory = {     -- the kernel factory (L4.Env.factory)
        Ipc_gate = { { "thread", cap_arg, true }, { "label", int_arg, true } },
        Factory = { { "quota", positive_arg } },
        Irq_sender = {}, Semaphore = {}, Vm = {},
    },
    Mem_alloc = {   -- moe's allocator (L4.Env.mem_alloc) and factories made by it
        Namespace = {}, Rm = {}, Dma_space = {},
        Factory = { { "quota", positive_arg } },
        Log = { check = log_arg_check },
        Scheduler = { { "prio limit", int_arg }, { "prio offset", int_arg },
            { "cpu mask word", int_arg, true }, rest = true },
        Dataspace = { { "size", positive_arg }, { "flags", int_arg, true },
            { "align", int_arg, true } },
    },
}
local RESULT = {
    Ipc_gate = "Ipc_gate", Irq_sender = "Irq", Semaphore = "Semaphore", Vm = "Vm",
    Namespace = "Namespace", Rm = "Rm", Dma_space = "Dma_space", Log = "Log",
    Scheduler = "Scheduler", Dataspace = "Dataspace",
}
local SERVER_NAME = { Factory = "the kernel factory", Mem_alloc = "moe's allocator" }

local function check_create_args(pname, sig, args, n)
    if sig.check then
        return sig.check(args, n)
    end
    if n > #sig and not sig.rest then
        report.error(("create(L4.Proto.%s): %d argument%s, takes %s"):format(pname, n,
            n == 1 and "" or "s", #sig == 0 and "none" or ("at most " .. #sig)))
    end
    local count = sig.rest and math.max(n, #sig) or #sig
    for i = 1, count do
        local a = sig[math.min(i, #sig)]
        local v = args[i]
        if v == nil and not a[3] then
            report.error(("create(L4.Proto.%s): argument %d (%s) is missing")
                :format(pname, i, a[1]))
        elseif v ~= nil then
            local err = a[2](v)
            if err then
                report.error(("create(L4.Proto.%s): argument %d (%s): %s")
                    :format(pname, i, a[1], err))
            end
        end
    end
end

local function create(self, proto, ...)
    local s = state[self]
    local n = select("#", ...)
    local args = { ... }
    if type(proto) ~= "number" then
        report.error("create: the first argument must be a protocol (L4.Proto.X), got "
            .. M.describe(proto))
        return M.new(nil, "the result of create")
    end
    local pname = M.PROTO_NAME[proto]
    if not pname then
        report.error(("create: %s is not a protocol of L4.Proto (%s)")
            :format(tostring(proto), report.list(report.keys(M.PROTO))))
        return M.new(nil, "the result of create")
    end
    local table_ = CREATES[s.class]
    if table_ and not table_[pname] then
        report.error(("create(L4.Proto.%s): %s (%s) does not create %s objects; it creates %s")
            :format(pname, s.name, SERVER_NAME[s.class], pname,
                report.list(report.keys(table_))))
    elseif table_ then
        check_create_args(pname, table_[pname], args, n)
    end
    for i = 1, n do
        local t = type(args[i])
        if t == "table" and not M.is(args[i]) or t == "function" or t == "boolean" then
            report.error(("create(L4.Proto.%s): argument %d is %s (numbers, strings, nil "
                .. "and capabilities only)"):format(pname, i, M.describe(args[i])))
        end
    end
    report.note(("create %s with %s"):format(pname, s.name))
    if pname == "Ipc_gate" then
        return M.new_channel()
    end
    if pname == "Factory" then
        return M.new(s.class, "a Factory from " .. s.name)
    end
    return M.new(RESULT[pname], "a " .. pname .. " from " .. s.name)
end

-- Checks one value for a namespace or `caps` table; nested tables recurse.
function M.check_ns_value(where, v, depth)
    depth = depth or 0
    if M.is(v) then
        M.given(v)
    elseif type(v) == "table" then
        if depth > 8 then
            report.error(where .. ": namespaces nested deeper than 8 (a loop?)")
            return
        end
        for _, k in ipairs(report.keys(v)) do
            if type(k) ~= "string" then
                report.error(("%s: key %s is not a string"):format(where, tostring(k)))
            else
                M.check_ns_value(where .. "." .. k, v[k], depth + 1)
            end
        end
    elseif type(v) == "string" then
        M.check_path(where, v)
    elseif type(v) ~= "function" then
        report.error(("%s: %s, want a capability, a table (a new namespace), a path "
            .. "string or a function"):format(where, M.describe(v)))
    end
end

-- A path string in a namespace: its first part names an L4.Env capability.
function M.check_path(where, path)
    local first, rest = path:match("^([^/]+)/?(.*)$")
    if first == "rom" and rest ~= "" then
        report.check_module(rest)
    elseif not first or not M.env_names[first] then
        report.error(("%s: path '%s' does not start with a capability of L4.Env (%s)")
            :format(where, path, report.list(report.keys(M.env_names))))
    end
end
M.env_names = {}      -- filled by L4.lua

local function query(self, name)
    local s = state[self]
    if type(name) ~= "string" then
        report.error("query: the name must be a string, got " .. M.describe(name))
    elseif s.rom then
        if report.rom and not report.rom[name] then
            report.warning(("query('%s'): no module '%s' in %s%s"):format(name, name,
                report.rom_origin, report.did_you_mean(name, report.keys(report.rom))))
        end
        return M.new("Dataspace", "rom/" .. name, M.RIGHTS.r)
    end
    return M.new(nil, s.name .. "/" .. tostring(name))
end

local function register(self, key, value)
    local s = state[self]
    if type(key) ~= "string" then
        report.error("register: the name must be a string, got " .. M.describe(key))
        return
    end
    if s.rom or (s.rights & M.RIGHTS.w) == 0 then
        report.error(("register('%s'): %s is read-only"):format(key, s.name))
    end
    if value ~= nil then
        M.check_ns_value("register('" .. key .. "')", value)
    end
    report.note(("register %s in %s"):format(key, s.name))
end

local COMMON = {
    is_valid = function(self) return true end,
    m = function(self, spec)
        if spec == nil then
            return state[self].rights
        end
        local r = parse_rights(spec) or state[self].rights
        local s = state[self]
        return M.new(s.class, s.name, r, s.channel)
    end,
    svr = function(self)
        local s = state[self]
        return M.new(s.class, s.name, M.SERVER, s.channel)
    end,
}
COMMON.mode = COMMON.m
COMMON.rights = COMMON.m

local BY_CLASS = {
    Factory = { create = create },
    Mem_alloc = { create = create },
    Namespace = { query = query, q = query, register = register, r = register },
}

-- Every method name, for capabilities whose class is not known (cast, query).
local ANY = {}
for _, t in pairs(BY_CLASS) do
    for k, f in pairs(t) do
        ANY[k] = f
    end
end

local function method(self, k)
    local s = state[self]
    local f = COMMON[k] or (s.class and (BY_CLASS[s.class] or {})[k]) or (not s.class and ANY[k])
    if f then
        return function(obj, ...)
            if not M.is(obj) then
                report.raise(("call %s with ':' (cap:%s(...)), not '.'"):format(k, k))
            end
            return f(obj, ...)
        end
    end
    local names = report.keys(COMMON)
    for n in pairs(s.class and (BY_CLASS[s.class] or {}) or ANY) do
        names[#names + 1] = n
    end
    table.sort(names)
    report.raise(("%s has no method '%s'%s; its methods: %s"):format(M.describe(self),
        tostring(k), report.did_you_mean(k, names), report.list(names)))
end

Cap.__index = method
Cap.__newindex = function(self, k)
    report.raise(("cannot set field '%s' of %s"):format(tostring(k), M.describe(self)))
end
Cap.__tostring = function(self)
    return "L4::Cap(" .. M.describe(self) .. ")"
end
-- Namespace:q(name) results may be used as a cap or as a lookup function.
Cap.__call = function(self)
    return self
end

-- End of the run: channels that no program can serve or use.
function M.finish()
    for _, ch in ipairs(M.channels) do
        if ch.client and not ch.server then
            report.add_at("warning", ch.file, ch.line, "this channel is given to clients but "
                .. "to no server (give the server gate:svr())")
        elseif not ch.client and not ch.server then
            report.add_at("warning", ch.file, ch.line, "this channel is never given to a "
                .. "program (caps = { name = gate })")
        end
    end
end

report.own(debug.getinfo(1, "S").source)
return M
