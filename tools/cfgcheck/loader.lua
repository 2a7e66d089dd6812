-- SPDX-License-Identifier: MIT
-- Stand-in of ned's L4.Loader, L4.App_env and task objects for check-cfg.
-- start/startv check every option of `opts` against one table of checks
-- (an unknown key gets a did-you-mean), the program path (under rom/, a
-- module of the entry), the in-task loader rom/l4re, the arguments and the
-- environment table; they record the start and return a task object whose
-- program "ends" with exit code 0 at the first wait, kill or L4.sleep.
-- A call with '.' instead of ':' is reported. Reference: doc/boot-config.md.

local report = require("cfgcheck.report")
local cap = require("cfgcheck.cap")

local M = {}

local loaders = setmetatable({}, { __mode = "k" })
local tasks = setmetatable({}, { __mode = "k" })
local all_tasks = {}
local checked_loaders = {}

local function is_int(v)
    return math.type(v) == "integer"
end

-- Checks a capability-valued option; `classes` lists the expected classes.
local function cap_option(classes)
    return function(name, v)
        if not cap.is(v) then
            report.error(("opts.%s: want a capability, got %s"):format(name, cap.describe(v)))
            return
        end
        local class = cap.info(v).class
        if class and classes and not classes[class] then
            report.warning(("opts.%s: %s is not a %s"):format(name, cap.describe(v),
                table.concat(report.keys(classes), " or ")))
        end
    end
end

local function int_option(max_bits)
    return function(name, v)
        if not is_int(v) then
            report.error(("opts.%s: want an integer, got %s"):format(name, cap.describe(v)))
        elseif max_bits and (v & ~max_bits) ~= 0 then
            report.warning(("opts.%s: bits 0x%x are not flags (known: 0x%x)")
                :format(name, v & ~max_bits, max_bits))
        end
    end
end

local function check_caps(name, v)
    if type(v) ~= "table" or cap.is(v) then
        report.error(("opts.caps: want a table name = capability, got %s")
            :format(cap.describe(v)))
        return
    end
    for _, k in ipairs(report.keys(v)) do
        local val = v[k]
        if type(k) ~= "string" then
            report.error(("opts.caps: key %s is not a string"):format(tostring(k)))
        elseif #k == 0 or #k > 16 then
            report.error(("opts.caps: name '%s' is %d characters long (1 to 16)"):format(k, #k))
        elseif cap.is(val) then
            cap.given(val)
        elseif type(val) == "table" then
            cap.check_ns_value("opts.caps." .. k, val)
        elseif type(val) ~= "function" then
            report.error(("opts.caps.%s: %s, want a capability or a table (a new namespace)")
                :format(k, cap.describe(val)))
        end
    end
end

local function check_log(name, v)
    if type(v) == "table" and not cap.is(v) then
        local n = #v
        if n == 0 then
            report.error("opts.log: want { tag, colour }, e.g. { \"hello\", \"green\" }")
        end
        cap.check_log_args(v[1], v[2], n > 2 and n - 2 or 0)
    elseif cap.is(v) then
        local class = cap.info(v).class
        if class and class ~= "Log" then
            report.warning("opts.log: " .. cap.describe(v) .. " is not a Log")
        end
    elseif type(v) ~= "function" then
        report.error(("opts.log: %s; want { tag, colour }, a Log capability or a function%s")
            :format(cap.describe(v), type(v) == "string"
                and (" (write log = { \"" .. v .. "\" })") or ""))
    end
end

local function check_loader_opt(name, v)
    if not loaders[v] and not cap.is(v) then
        report.error("opts.loader: want a Loader or a capability, got " .. cap.describe(v))
    end
end

local function check_l4re_loader(name, v)
    if type(v) ~= "string" then
        report.error("opts.l4re_loader: want a path like \"rom/l4re\", got " .. cap.describe(v))
        return
    end
    M.check_program(v, "opts.l4re_loader")
end

local FACTORIES = { Factory = true, Mem_alloc = true }

-- The options of start/startv (and keys of L4.App_env.new).
local OPTIONS = {
    caps = check_caps,
    log = check_log,
    scheduler = cap_option({ Scheduler = true }),
    factory = cap_option(FACTORIES),
    mem = cap_option(FACTORIES),
    rm_fab = cap_option(FACTORIES),
    dbg_events = cap_option(nil),
    ns = cap_option({ Namespace = true }),
    loader = check_loader_opt,
    l4re_dbg = int_option(nil),
    ldr_flags = int_option(7),
    base = int_option(nil),
    itas_base = int_option(nil),
    l4re_loader = check_l4re_loader,
}
M.OPTIONS = OPTIONS

-- A program path: under rom/ and a module of the entry. Returns the name.
function M.check_program(path, what)
    local ns, name = path:match("^([^/%s]+)/(.+)$")
    if ns == "rom" then
        if name:find("/", 1, true) then
            report.error(("%s '%s': rom/ has no folders (module names are base names)")
                :format(what, path))
            return name:match("([^/]*)$")
        end
        report.check_module(name)
        return name
    end
    if ns == "rwfs" then
        report.warning(("%s '%s': rwfs/ is not checked (boot modules are in rom/)")
            :format(what, path))
        return name
    end
    report.error(("%s '%s' is not under rom/ (boot modules are rom/<name>, e.g. 'rom/%s')")
        :format(what, path, (path:match("([^/]*)$"))))
    return path:match("([^/]*)$")
end

local function check_opts(opts)
    if opts == nil then
        return {}
    end
    if type(opts) ~= "table" or cap.is(opts) then
        report.error("start: the first argument must be the options table ({} for none), got "
            .. cap.describe(opts))
        return {}
    end
    local valid = report.keys(OPTIONS)
    for _, k in ipairs(report.keys(opts)) do
        local check = type(k) == "string" and OPTIONS[k]
        if check then
            check(k, opts[k])
        else
            report.error(("unknown option '%s'%s; the options are: %s"):format(tostring(k),
                report.did_you_mean(k, valid), report.list(valid)))
        end
    end
    return opts
end

-- ned's limits (l4re/server/ned/ned.lua): program + MAX_ARGS arguments, MAX_ENV variables.
local MAX_ARGS, MAX_ENV = 63, 64

local function check_env(env)
    if type(env) ~= "table" or cap.is(env) then
        report.error("start: the environment must be a table NAME = \"value\", got "
            .. cap.describe(env))
        return
    end
    local keys = report.keys(env)
    if #keys > MAX_ENV then
        report.error(("start: %d environment variables, at most %d"):format(#keys, MAX_ENV))
    end
    for _, k in ipairs(keys) do
        local v = env[k]
        if type(k) ~= "string" or (type(v) ~= "string" and type(v) ~= "number") then
            report.error(("environment: %s = %s; want NAME = \"value\"")
                :format(tostring(k), cap.describe(v)))
        end
    end
end

local Task = {}
local TASK_METHODS = {
    state = function(t) return t.running and "running" or "zombie" end,
    exit_code = function(t) return (not t.running) and t.code or nil end,
    wait = function(t) t.running = false; return t.code end,
    kill = function(t)
        if t.running then
            t.running, t.code = false, "killed"
        end
        return t.code
    end,
    exit_handler = function(t, fn)
        if type(fn) ~= "function" then
            report.error("exit_handler: want a function(exit_code), got " .. cap.describe(fn))
        end
    end,
}
Task.__index = function(self, k)
    local f = TASK_METHODS[k]
    if not f then
        local names = report.keys(TASK_METHODS)
        report.raise(("a task has no method '%s'%s; its methods: %s"):format(tostring(k),
            report.did_you_mean(k, names), report.list(names)))
    end
    return function(obj, ...)
        if not tasks[obj] then
            report.raise(("call %s with ':' (task:%s()), not '.'"):format(k, k))
        end
        return f(tasks[obj], ...)
    end
end
Task.__tostring = function(self)
    return "task " .. tasks[self].prog
end

local function new_task(prog)
    local t = setmetatable({}, Task)
    tasks[t] = { prog = prog, running = true, code = 0 }
    all_tasks[#all_tasks + 1] = tasks[t]
    return t
end

-- L4.sleep: the stand-in's programs end while the script sleeps.
function M.end_all()
    for _, t in ipairs(all_tasks) do
        t.running = false
    end
end

local function check_self(self, name)
    if not loaders[self] then
        report.raise(("call %s with ':' (loader:%s(...)), not '.'"):format(name, name))
    end
    return loaders[self]
end

-- --verbose: one note per start with program, arguments, log tag and caps.
local function note_start(prog, args, opts, name)
    local strs = {}
    for i, a in ipairs(args) do
        strs[i] = tostring(a)
    end
    local log = opts.log
    local tag = type(log) == "table" and not cap.is(log)
        and ("'" .. tostring(log[1]) .. "'" .. (log[2] and (" " .. tostring(log[2])) or ""))
        or log == nil and ("'" .. name .. "'") or cap.describe(log)
    local caps = {}
    if type(opts.caps) == "table" and not cap.is(opts.caps) then
        for _, k in ipairs(report.keys(opts.caps)) do
            local v = opts.caps[k]
            local d = cap.is(v) and cap.info(v).name or type(v) == "table" and "{namespace}"
                or type(v)
            if cap.is(v) and cap.info(v).rights & 0x20 ~= 0 then
                d = d .. " [server]"
            end
            caps[#caps + 1] = tostring(k) .. "=" .. d
        end
    end
    report.note(("start %s%s; log %s; caps %s"):format(prog,
        #strs > 0 and (" " .. table.concat(strs, " ")) or "", tag,
        #caps > 0 and table.concat(caps, ", ") or "rom only"))
end

-- The common part of start and startv: opts, program, l4re, arguments.
local function start(self, opts, prog, args, env)
    opts = check_opts(opts)
    local name = M.check_program(prog, "program")
    local l4re = opts.l4re_loader
    if l4re == nil then
        l4re = "rom/l4re"
        if not checked_loaders[l4re] then
            checked_loaders[l4re] = true
            local n = l4re:sub(5)
            if report.rom and not report.rom[n] then
                report.check_module(n, " (every program starts through rom/l4re)")
            end
        end
    end
    if #args > MAX_ARGS then
        report.error(("start: %s with %d arguments, at most %d"):format(prog, #args, MAX_ARGS))
    end
    for i, a in ipairs(args) do
        if type(a) ~= "string" and type(a) ~= "number" then
            report.error(("argument %d of %s: %s, want a string"):format(i, prog,
                cap.describe(a)))
        end
    end
    if env ~= nil then
        check_env(env)
    end
    if type(opts.log) ~= "table" or cap.is(opts.log) then
        cap.check_log_args(opts.log == nil and name or nil, nil, 0)
    end
    if report.verbose then
        note_start(prog, args, opts, name)
    end
    return new_task(prog)
end

local METHODS = {}

-- loader:start(opts, "rom/prog arg...", [env])
function METHODS.start(self, opts, cmdline, env, ...)
    check_self(self, "start")
    if type(cmdline) ~= "string" then
        report.error("start: the command line must be a string \"rom/prog args\", got "
            .. cap.describe(cmdline))
        return new_task("?")
    end
    if type(env) == "string" or select("#", ...) > 0 then
        report.error("start takes the whole command line as one string; "
            .. "use startv(opts, \"rom/prog\", \"arg\", ...) for separate arguments")
        env = nil
    end
    local words = {}
    for w in cmdline:gmatch("%S+") do
        words[#words + 1] = w
    end
    if #words == 0 then
        report.error("start: the command line is empty")
        return new_task("?")
    end
    local prog = table.remove(words, 1)
    return start(self, opts, prog, words, env)
end

-- loader:startv(opts, "rom/prog", "arg", ..., [env])
function METHODS.startv(self, opts, prog, ...)
    check_self(self, "startv")
    local args = table.pack(...)
    local env
    if args.n > 0 and type(args[args.n]) == "table" and not cap.is(args[args.n]) then
        env = args[args.n]
        args.n = args.n - 1
    end
    local list = {}
    for i = 1, args.n do
        list[i] = args[i]
    end
    if type(prog) ~= "string" then
        report.error("startv: the program must be a string \"rom/prog\", got "
            .. cap.describe(prog))
        return new_task("?")
    end
    if prog:find("%s") then
        report.error(("startv: program '%s' contains a space; startv takes each argument "
            .. "separately (or use start)"):format(prog))
        prog = prog:match("%S+") or prog
    end
    return start(self, opts, prog, list, env)
end

function METHODS.new_channel(self)
    check_self(self, "new_channel")
    report.note("new channel")
    return cap.new_channel()
end

function METHODS.create_namespace(self, tbl, fab)
    check_self(self, "create_namespace")
    if tbl ~= nil then
        if type(tbl) ~= "table" or cap.is(tbl) then
            report.error("create_namespace: want a table name = value, got "
                .. cap.describe(tbl))
        else
            cap.check_ns_value("namespace", tbl)
        end
    end
    if fab ~= nil and not cap.is(fab) then
        report.error("create_namespace: the factory must be a capability, got "
            .. cap.describe(fab))
    end
    return cap.new("Namespace", "a new namespace")
end

function METHODS.fill_namespace(self, ns, tbl, fab)
    check_self(self, "fill_namespace")
    if not cap.is(ns) then
        report.error("fill_namespace: want a namespace capability, got " .. cap.describe(ns))
    end
    METHODS.create_namespace(self, tbl, fab)
    return ns
end

local SCHED_KEYS = { cpus = true, prio_offset = true, prio_limit = true, fab = true }

function METHODS.create_sched_proxy(self, t)
    check_self(self, "create_sched_proxy")
    if type(t) ~= "table" or cap.is(t) then
        report.error("create_sched_proxy: want a table { prio_offset = , prio_limit = , "
            .. "cpus = }, got " .. cap.describe(t))
        return cap.new("Scheduler", "a scheduler proxy")
    end
    local valid = report.keys(SCHED_KEYS)
    for _, k in ipairs(report.keys(t)) do
        if not SCHED_KEYS[k] then
            report.error(("create_sched_proxy: unknown key '%s'%s; the keys are: %s")
                :format(tostring(k), report.did_you_mean(k, valid), report.list(valid)))
        end
    end
    for _, k in ipairs({ "prio_offset", "prio_limit" }) do
        if t[k] ~= nil and (not is_int(t[k]) or t[k] < 0 or t[k] > 255) then
            report.error(("create_sched_proxy: %s: want an integer 0..255, got %s")
                :format(k, type(t[k]) == "number" and tostring(t[k]) or cap.describe(t[k])))
        end
    end
    if is_int(t.prio_offset) and is_int(t.prio_limit) and t.prio_limit < t.prio_offset then
        report.warning(("create_sched_proxy: prio_limit %d is below prio_offset %d")
            :format(t.prio_limit, t.prio_offset))
    end
    if t.cpus ~= nil and not M.is_cpu_set(t.cpus) then
        report.error("create_sched_proxy: cpus: want an L4.Cpu_set, got "
            .. cap.describe(t.cpus))
    end
    if t.fab ~= nil and not cap.is(t.fab) then
        report.error("create_sched_proxy: fab: want a capability, got " .. cap.describe(t.fab))
    end
    return cap.new("Scheduler", "a scheduler proxy")
end
M.is_cpu_set = function() return true end   -- replaced by L4.lua

function METHODS.start_backtracer(self, opts)
    check_self(self, "start_backtracer")
    return start(self, opts, "rom/backtracer", {}, nil)
end

local LOADER_KEYS = { mem = true, loader = true, log_fab = true, ns_fab = true,
    rm_fab = true, sched_fab = true, factory = true, dbg_events = true }

local LoaderMT = {}
LoaderMT.__index = function(self, k)
    if METHODS[k] then
        return METHODS[k]
    end
    if LOADER_KEYS[k] then
        return loaders[self][k]
    end
    local names = report.keys(METHODS)
    report.raise(("a Loader has no method '%s'%s; its methods: %s"):format(tostring(k),
        report.did_you_mean(k, names), report.list(names)))
end
LoaderMT.__tostring = function() return "L4.Loader" end

-- L4.Loader.new{ mem=, loader=, log_fab=, ns_fab=, rm_fab=, sched_fab=, factory= }
function M.new_loader(t, quiet)
    if type(t) ~= "table" or cap.is(t) then
        report.error("L4.Loader.new: want a table, got " .. cap.describe(t))
        t = {}
    end
    local valid = report.keys(LOADER_KEYS)
    local fields = {}
    for _, k in ipairs(report.keys(t)) do
        if not LOADER_KEYS[k] then
            report.error(("L4.Loader.new: unknown key '%s'%s; the keys are: %s")
                :format(tostring(k), report.did_you_mean(k, valid), report.list(valid)))
        elseif not cap.is(t[k]) and not quiet then
            report.error(("L4.Loader.new: %s: want a capability, got %s")
                :format(k, cap.describe(t[k])))
        else
            fields[k] = t[k]
        end
    end
    fields.log_fab = fields.log_fab or fields.mem
    fields.ns_fab = fields.ns_fab or fields.mem
    fields.rm_fab = fields.rm_fab or fields.mem
    fields.sched_fab = fields.sched_fab or fields.mem
    local l = setmetatable({}, LoaderMT)
    loaders[l] = fields
    return l
end

M.Loader = setmetatable({ new = function(t) return M.new_loader(t) end }, {
    __index = function(_, k)
        if METHODS[k] then
            return METHODS[k]
        end
        report.raise(("L4.Loader has no field '%s'%s; use L4.Loader.new{...}")
            :format(tostring(k), report.did_you_mean(k, report.keys(METHODS))))
    end,
})

-- L4.App_env.new{ loader=, ... } : options kept for later start/startv.
local App_env = {}
App_env.__index = {
    start = function(env, cmdline, posix_env)
        return METHODS.start(env.loader, env.opts, cmdline, posix_env)
    end,
    startv = function(env, prog, ...)
        return METHODS.startv(env.loader, env.opts, prog, ...)
    end,
    set_ns = function(env, tbl)
        env.opts.ns = cap.new("Namespace", "a new namespace")
        if type(tbl) == "table" then
            cap.check_ns_value("set_ns", tbl)
        end
    end,
    set_loader_fab = function(env, c) cap_option(FACTORIES)("loader_fab", c) end,
    set_mem_alloc = function(env, c) cap_option(FACTORIES)("mem", c) end,
}

M.App_env = {
    new = function(t)
        local opts = check_opts(t)
        local copy = {}
        for k, v in pairs(opts) do
            copy[k] = v
        end
        local loader = loaders[copy.loader] and copy.loader or M.default
        copy.loader = nil
        return setmetatable({ loader = loader, opts = copy }, App_env)
    end,
}

report.own(debug.getinfo(1, "S").source)
return M
