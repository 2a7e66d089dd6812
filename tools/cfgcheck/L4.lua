-- SPDX-License-Identifier: MIT
-- The stand-in `L4` module of check-cfg: the same names, tables and methods
-- as ned's L4 module (reference: doc/boot-config.md), run on the host.
-- Nothing boots: every call checks its arguments and records what it would
-- do. The module and its constant tables are strict: reading a name that
-- ned does not have (L4.Proto.Ipc_Gate, L4.defualt_loader) stops the check
-- with the valid names, as the script would fail in ned. L4.Env holds the
-- capabilities our moe gives ned; L4Re-only names warn and read as nil.

local report = require("cfgcheck.report")
local cap = require("cfgcheck.cap")
local loader = require("cfgcheck.loader")

local L4 = {}

-- A read-only table that stops the script on an unknown name.
-- With `writable`, the script may add names (ned's L4 is a plain table).
local function strict(name, t, writable)
    return setmetatable({}, {
        __index = function(_, k)
            local v = t[k]
            if v == nil then
                local names = report.keys(t)
                report.raise(("%s.%s does not exist%s; valid names: %s"):format(name,
                    tostring(k), report.did_you_mean(k, names), report.list(names)))
            end
            return v
        end,
        __newindex = function(_, k, v)
            if not writable then
                report.raise(("%s is read-only (cannot set '%s')"):format(name, tostring(k)))
            end
            t[k] = v
        end,
        __pairs = function()
            return next, t, nil
        end,
    })
end

local consts = require("cfgcheck.consts")
L4.Proto = strict("L4.Proto", cap.PROTO)
L4.Rights = strict("L4.Rights", consts.Rights)
L4.Ldr_flags = strict("L4.Ldr_flags", consts.Ldr_flags)
L4.Mem_alloc_flags = strict("L4.Mem_alloc_flags", consts.Mem_alloc_flags)
L4.Dbg = strict("L4.Dbg", consts.Dbg)

-- The initial capabilities of ned: the standard ones and those moe names.
local R, RO, RWS = cap.RWSD, cap.RIGHTS.r, 7
local ENV = {
    parent = { "Parent", R }, mem_alloc = { "Mem_alloc", R }, rm = { "Rm", R },
    log = { "Log", RWS }, factory = { "Factory", R }, scheduler = { "Scheduler", R },
    rom = { "Namespace", RO }, icu = { "Icu", RWS }, jdb = { "Debugger", RWS },
    kip = { "Dataspace", RO }, sigma0 = { "Sigma0", RWS },
}
-- Names an L4Re moe may provide that ours does not: nil here.
local ENV_L4RE_ONLY = { rwfs = true, mem = true, dma_mgr = true, iommu = true,
    arm_smc = true, dbg_events = true, vbus = true }

local env_caps = {}
for name, d in pairs(ENV) do
    env_caps[name] = cap.new(d[1], "L4.Env." .. name, d[2])
    cap.env_names[name] = true
end
env_caps.user_factory = env_caps.mem_alloc
cap.env_names.user_factory = true
cap.info(env_caps.rom).rom = true

L4.Env = setmetatable({}, {
    __index = function(_, k)
        local v = env_caps[k]
        if v then
            return v
        end
        local names = report.keys(env_caps)
        if ENV_L4RE_ONLY[k] then
            report.warning(("L4.Env.%s is nil here: our moe does not give ned '%s' "
                .. "(it gives %s)"):format(k, k, report.list(names)))
        else
            report.error(("L4.Env.%s does not exist%s; the capabilities are: %s")
                :format(tostring(k), report.did_you_mean(k, names), report.list(names)))
        end
        return nil
    end,
    __newindex = function(_, k)
        report.raise(("L4.Env is read-only (cannot set '%s')"):format(tostring(k)))
    end,
    __pairs = function()
        return next, env_caps, nil
    end,
})

L4.Info = strict("L4.Info", {
    Kip = strict("L4.Info.Kip", { str = function() return "KIP (check-cfg stand-in)" end }),
    arch = function() return "arm64" end,
    platform = function() return "arm_virt" end,
    mword_bits = function() return 64 end,
})

-- L4.Cpu_set: sets of CPU numbers; `all` is the set of every CPU.
local sets = setmetatable({}, { __mode = "k" })
local Set = {}

local function new_set(all, cpus)
    local s = setmetatable({}, Set)
    sets[s] = { all = all, cpus = cpus }
    return s
end

local function add_spec(cpus, v)
    if math.type(v) == "integer" and v >= 0 and v < consts.max_cpus then
        cpus[v] = true
        return
    end
    if type(v) == "string" then
        for part in (v .. ","):gmatch("([^,]*),") do
            local a, b = part:match("^%s*(%d+)%s*%-%s*(%d+)%s*$")
            a = tonumber(a or part:match("^%s*(%d+)%s*$"))
            b = tonumber(b) or a
            if not a or b < a or b >= consts.max_cpus then
                report.error(("L4.Cpu_set: '%s' is not a CPU list like \"0-3\" or \"1,3\"")
                    :format(v))
                return
            end
            for i = a, b do
                cpus[i] = true
            end
        end
        return
    end
    report.error("L4.Cpu_set: want CPU numbers or strings like \"0-3\", got "
        .. cap.describe(v))
end

local function binop(fn)
    return function(a, b)
        if not sets[a] or not sets[b] then
            report.raise("L4.Cpu_set: both sides of | and & must be Cpu_sets")
        end
        return fn(sets[a], sets[b])
    end
end

Set.__bor = binop(function(a, b)
    local cpus = {}
    for k in pairs(a.cpus) do cpus[k] = true end
    for k in pairs(b.cpus) do cpus[k] = true end
    return new_set(a.all or b.all, cpus)
end)
Set.__band = binop(function(a, b)
    if a.all then return new_set(b.all, b.cpus) end
    if b.all then return new_set(a.all, a.cpus) end
    local cpus = {}
    for k in pairs(a.cpus) do cpus[k] = b.cpus[k] end
    return new_set(false, cpus)
end)
Set.__tostring = function(s)
    if sets[s].all then return "L4.Cpu_set(all)" end
    return "L4.Cpu_set(" .. table.concat(report.keys(sets[s].cpus), ",") .. ")"
end
Set.__index = function(_, k)
    report.raise(("an L4.Cpu_set has no field '%s' (use | and &)"):format(tostring(k)))
end

L4.Cpu_set = {
    new = function(self, spec, ...)
        if self ~= L4.Cpu_set then
            report.raise("call L4.Cpu_set:new(...) with ':'")
        end
        if select("#", ...) > 0 then
            report.error("L4.Cpu_set:new takes one argument (use a table for several)")
        end
        if spec == nil then
            return new_set(true, {})
        end
        local cpus = {}
        if type(spec) == "table" then
            for _, v in ipairs(spec) do
                add_spec(cpus, v)
            end
        else
            add_spec(cpus, spec)
        end
        return new_set(false, cpus)
    end,
}
loader.is_cpu_set = function(v) return sets[v] ~= nil end

local function check_time(name, v)
    if type(v) ~= "number" or v < 0 then
        report.error(("%s: want a number >= 0, got %s"):format(name,
            type(v) == "number" and tostring(v) or cap.describe(v)))
    end
    loader.end_all()
end

-- L4.cast(type_or_proto, cap): the same capability seen as another class.
local CAST_CLASS = { Factory = "Factory", Mem_alloc = "Mem_alloc", Namespace = "Namespace",
    Log = "Log", Scheduler = "Scheduler", Dataspace = "Dataspace", Rm = "Rm",
    Ipc_gate = "Ipc_gate", Kobject = false }

local function cast(t, c)
    if not cap.is(c) then
        report.error("L4.cast: the second argument must be a capability, got "
            .. cap.describe(c))
        return c
    end
    local name
    if type(t) == "number" then
        name = cap.PROTO_NAME[t]
    elseif type(t) == "string" then
        name = t:match("([%w_]+)$")
    end
    local class = name and CAST_CLASS[name]
    if class == nil then
        report.warning("L4.cast: unknown type " .. tostring(t)
            .. "; its methods are not checked")
        class = false
    end
    local s = cap.info(c)
    return cap.new(class or nil, s.name, s.rights, s.channel)
end

local funcs = {
    Proto = L4.Proto, Rights = L4.Rights, Ldr_flags = L4.Ldr_flags,
    Mem_alloc_flags = L4.Mem_alloc_flags, Dbg = L4.Dbg, Env = L4.Env, Info = L4.Info,
    Cpu_set = L4.Cpu_set, Loader = loader.Loader, App_env = loader.App_env,
    cast = cast,
    sleep = function(s) check_time("L4.sleep", s) end,
    msleep = function(ms) check_time("L4.msleep", ms) end,
    server_loop = function(c)
        if not cap.is(c) then
            report.error("L4.server_loop: want a capability, got " .. cap.describe(c))
        end
        report.note("server loop (never returns in ned)")
    end,
    mangle_class = function(name) return tostring(name) end,
    get_cap_class = function(c) return cap.is(c) and cap.info(c).class or nil end,
}

loader.default = loader.new_loader({ factory = env_caps.factory, mem = env_caps.mem_alloc },
    true)
funcs.default_loader = loader.default

report.own(debug.getinfo(1, "S").source)
return strict("L4", funcs, true)
