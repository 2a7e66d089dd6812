-- SPDX-License-Identifier: MIT
-- The Lua part of ned's L4 module (require("L4")), built on the C core
-- passed in as `...` (lua_l4.c): the constant tables, L4.Env, L4.Info,
-- L4.Cpu_set, L4.Loader with start/startv and their options, namespaces,
-- channels, scheduler proxies and L4.App_env. Option values are checked
-- here; a bad one raises an error at the script's line naming the option.
-- Names and behaviour follow L4Re's ned; reference: doc/boot-config.md.

-- core: the C functions (lua_l4.c); consts: the constant tables generated from the C
-- headers (tools/l4consts/gen.py), which check-cfg reads too.
local core, consts = ...
local L4 = {}
local SELF = debug.getinfo(1, "S").source

-- Raise `msg` at the first stack level that is not this file (the script).
local function raise(msg)
    local lvl = 2
    while true do
        local info = debug.getinfo(lvl, "S")
        if not info then
            lvl = 1
            break
        end
        if info.what ~= "C" and info.source ~= SELF then
            break
        end
        lvl = lvl + 1
    end
    error(msg, lvl)
end

-- Call f(...); an error of it is raised again as text at the script's line.
local function call(what, f, ...)
    local r = table.pack(pcall(f, ...))
    if not r[1] then
        raise(what .. ": " .. tostring(r[2]))
    end
    return table.unpack(r, 2, r.n)
end

local is_cap = core.is_cap

-- The closest name of `names` to `s` (edit distance <= 2), or nil.
local function closest(s, names)
    local best, bestd = nil, 3
    for _, n in ipairs(names) do
        local d = {}
        for i = 0, #s do d[i] = { [0] = i } end
        for j = 0, #n do d[0][j] = j end
        for i = 1, #s do
            for j = 1, #n do
                local c = s:sub(i, i) == n:sub(j, j) and 0 or 1
                d[i][j] = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c)
            end
        end
        if d[#s][#n] < bestd then
            best, bestd = n, d[#s][#n]
        end
    end
    return best
end

-- A constant table that names the valid keys when a script reads a wrong one
-- (L4.Proto.Ipc_Gate would otherwise be a silent nil).
local function strict(name, t)
    return setmetatable(t, {
        __index = function(_, k)
            local l = {}
            for n in pairs(t) do l[#l + 1] = tostring(n) end
            table.sort(l)
            local near = type(k) == "string" and closest(k, l)
            raise(("%s.%s does not exist%s; valid names: %s"):format(name, tostring(k),
                near and (" (did you mean '" .. near .. "'?)") or "", table.concat(l, ", ")))
        end,
    })
end

L4.Proto = strict("L4.Proto", consts.Proto)
L4.Rights = strict("L4.Rights", consts.Rights)
L4.Ldr_flags = strict("L4.Ldr_flags", consts.Ldr_flags)
L4.Mem_alloc_flags = strict("L4.Mem_alloc_flags", consts.Mem_alloc_flags)
L4.Dbg = strict("L4.Dbg", consts.Dbg)

L4.Env = core.env()

L4.Info = {
    Kip = { str = core.kip },
    arch = function() return "arm64" end,
    platform = function() return "arm_virt" end,
    mword_bits = function() return 64 end,
}

L4.sleep = function(s) core.sleep(s) end
L4.msleep = function(ms) core.sleep(ms / 1000) end
L4.server_loop = function() core.server_loop() end

-- ---- capabilities: classes, casts, namespace values ----

local PROTO_CLASS = {}
for name, v in next, L4.Proto do
    PROTO_CLASS[v] = name
end
PROTO_CLASS[L4.Proto.Mem_alloc] = "Mem_alloc"

function L4.cast(t, cap)
    if not is_cap(cap) then
        raise("L4.cast: want a capability, got " .. type(cap))
    end
    local cls = type(t) == "number" and PROTO_CLASS[t] or type(t) == "string" and t
    if not cls then
        raise("L4.cast: want a protocol number or a class name, got " .. tostring(t))
    end
    return core.cast(cap, cls)
end
function L4.mangle_class(name) return name end
function L4.get_cap_class(cap) return core.class(cap) end

local methods = core.cap_methods
local raw_register = methods.register

-- "rom/x": the first part names a capability of L4.Env, the rest is looked up in it.
local function resolve_path(path)
    local first, rest = path:match("^([^/]+)/?(.*)$")
    local base = first and L4.Env[first]
    if not base then
        raise(("path '%s': '%s' is not a capability of L4.Env"):format(path, tostring(first)))
    end
    if rest == "" then
        return base
    end
    local c, err = base:query(rest)
    if not c then
        raise("path '" .. path .. "': " .. err)
    end
    return c
end

-- A value for a namespace or a `caps` table: capability, table (a new
-- namespace), path string, function returning one of these, or nil.
local function ns_value(v, where, fab)
    if type(v) == "function" then
        v = v()
    end
    if v == nil or is_cap(v) then
        return v
    end
    if type(v) == "table" then
        return L4.default_loader:create_namespace(v, fab)
    end
    if type(v) == "string" then
        return resolve_path(v)
    end
    raise(("%s: a %s; want a capability, a table (a new namespace), a path or a function")
        :format(where, type(v)))
end

-- A server's refusal stays an error table { msg, code } (lua_cap.c).
methods.register = function(ns, key, value)
    value = ns_value(value, "register('" .. tostring(key) .. "')")
    return raw_register(ns, key, value)
end
methods.r = methods.register

-- ---- CPU sets ----

local Cpu_set = {}
Cpu_set.__index = Cpu_set
local MAX_CPUS = consts.max_cpus

local function set_add(s, v)
    if math.type(v) == "integer" and v >= 0 and v < MAX_CPUS then
        s.cpus[v] = true
        return
    end
    if type(v) == "string" then
        for part in (v .. ","):gmatch("([^,]*),") do
            local a, b = part:match("^%s*(%d+)%s*%-%s*(%d+)%s*$")
            a = tonumber(a or part:match("^%s*(%d+)%s*$"))
            b = tonumber(b) or a
            if not a or b < a or b >= MAX_CPUS then
                raise(("L4.Cpu_set: '%s' is not a CPU list like \"0-3\" or \"1,3\""):format(v))
            end
            for i = a, b do
                s.cpus[i] = true
            end
        end
        return
    end
    raise("L4.Cpu_set: want CPU numbers or strings like \"0-3\", got " .. tostring(v))
end

function Cpu_set:new(spec)
    local s = setmetatable({ all = spec == nil, cpus = {} }, Cpu_set)
    if type(spec) == "table" then
        for _, v in ipairs(spec) do
            set_add(s, v)
        end
    elseif spec ~= nil then
        set_add(s, spec)
    end
    return s
end

-- The bitmap word of CPUs 0..63.
function Cpu_set:mask()
    if self.all then
        return -1
    end
    local m = 0
    for c in pairs(self.cpus) do
        m = m | (1 << c)
    end
    return m
end

Cpu_set.__bor = function(a, b)
    local s = Cpu_set:new({})
    s.all = a.all or b.all
    for c in pairs(a.cpus) do s.cpus[c] = true end
    for c in pairs(b.cpus) do s.cpus[c] = true end
    return s
end
Cpu_set.__band = function(a, b)
    if a.all then return b end
    if b.all then return a end
    local s = Cpu_set:new({})
    for c in pairs(a.cpus) do s.cpus[c] = b.cpus[c] end
    return s
end
Cpu_set.__tostring = function(s)
    if s.all then return "L4.Cpu_set(all)" end
    local l = {}
    for c in pairs(s.cpus) do l[#l + 1] = c end
    table.sort(l)
    return "L4.Cpu_set(" .. table.concat(l, ",") .. ")"
end
L4.Cpu_set = Cpu_set

-- ---- the loader ----

local Loader = {}
Loader.__index = Loader
L4.Loader = Loader

local LOADER_KEYS = { mem = true, loader = true, log_fab = true, ns_fab = true, rm_fab = true,
    sched_fab = true, factory = true, dbg_events = true }

function Loader.new(t)
    t = t or {}
    local l = setmetatable({}, Loader)
    for k, v in pairs(t) do
        if not LOADER_KEYS[k] then
            raise("L4.Loader.new: unknown key '" .. tostring(k) .. "'")
        end
        l[k] = v
    end
    l.factory = l.factory or L4.Env.factory
    l.mem = l.mem or L4.Env.mem_alloc
    l.log_fab = l.log_fab or l.mem
    l.ns_fab = l.ns_fab or l.mem
    l.rm_fab = l.rm_fab or l.mem
    l.sched_fab = l.sched_fab or l.mem
    return l
end

local function keys(t)
    local l = {}
    for k in pairs(t) do l[#l + 1] = tostring(k) end
    table.sort(l)
    return l
end

local function want_cap(name, v)
    if v ~= nil and not is_cap(v) then
        raise(("start: opts.%s: want a capability, got a %s"):format(name, type(v)))
    end
end
local function want_int(name, v)
    if v ~= nil and math.type(v) ~= "integer" then
        raise(("start: opts.%s: want an integer, got %s"):format(name, tostring(v)))
    end
end

local OPTIONS = {
    caps = function(v)
        if type(v) ~= "table" or is_cap(v) then
            raise("start: opts.caps: want a table name = capability, got a " .. type(v))
        end
    end,
    log = function(v)
        if type(v) ~= "table" and type(v) ~= "function" and not is_cap(v) then
            raise("start: opts.log: want { tag, colour }, a Log capability or a function, got "
                .. (type(v) == "string" and ("\"" .. v .. "\"") or ("a " .. type(v))))
        end
    end,
    scheduler = function(v) want_cap("scheduler", v) end,
    factory = function(v) want_cap("factory", v) end,
    mem = function(v) want_cap("mem", v) end,
    rm_fab = function(v) want_cap("rm_fab", v) end,
    dbg_events = function(v) want_cap("dbg_events", v) end,
    ns = function(v) want_cap("ns", v) end,
    loader = function(v)
        if getmetatable(v) ~= Loader and not is_cap(v) then
            raise("start: opts.loader: want an L4.Loader, got a " .. type(v))
        end
    end,
    l4re_dbg = function(v) want_int("l4re_dbg", v) end,
    ldr_flags = function(v) want_int("ldr_flags", v) end,
    base = function(v) want_int("base", v) end,
    itas_base = function(v) want_int("itas_base", v) end,
    l4re_loader = function(v)
        if type(v) ~= "string" then
            raise("start: opts.l4re_loader: want a path like \"rom/l4re\", got a " .. type(v))
        end
    end,
}
local OPTION_NAMES = keys(OPTIONS)

local function check_opts(opts)
    if type(opts) ~= "table" or is_cap(opts) then
        raise("start: the first argument must be the options table ({} for none), got a "
            .. type(opts))
    end
    for k, v in pairs(opts) do
        local check = OPTIONS[k]
        if not check then
            local near = type(k) == "string" and closest(k, OPTION_NAMES)
            raise(("start: unknown option '%s'%s; the options are: %s"):format(tostring(k),
                near and (" (did you mean '" .. near .. "'?)") or "",
                table.concat(OPTION_NAMES, ", ")))
        end
        check(v)
    end
end

-- The program's named capabilities: a sorted list of { name, cap }, rom included.
local function named_caps(self, caps)
    local list = {}
    for name, v in pairs(caps or {}) do
        if type(name) ~= "string" or #name == 0 or #name > 16 then
            raise(("start: opts.caps: name '%s' must have 1 to 16 characters")
                :format(tostring(name)))
        end
        local c = ns_value(v, "start: opts.caps." .. name, self.ns_fab)
        if c ~= nil then
            list[#list + 1] = { name, c }
        end
    end
    if not (caps and caps.rom) and L4.Env.rom then
        list[#list + 1] = { "rom", L4.Env.rom:m("r") }
    end
    table.sort(list, function(a, b) return a[1] < b[1] end)
    return list
end

-- The log of a program; made by its own allocator (when it has one and the
-- loader's log_fab is its mem), so that it goes with the program.
local function make_log(self, log, prog, own)
    if type(log) == "function" then
        log = log()
    end
    if log == nil then
        log = { prog:match("([^/]*)$") }
    end
    if is_cap(log) then
        return log
    end
    if type(log) ~= "table" then
        raise("start: opts.log: want { tag, colour }, a Log capability or a function")
    end
    local tag, colour = log[1], log[2]
    if type(tag) ~= "string" then
        raise("start: opts.log: the tag must be a string, got " .. tostring(tag))
    end
    if colour ~= nil and type(colour) ~= "string" and math.type(colour) ~= "integer" then
        raise("start: opts.log: the colour must be a name or 0..15, got " .. tostring(colour))
    end
    if type(colour) == "string" and not ("nrgybmcwNRGYBMCW"):find(colour:sub(1, 1), 1, true) then
        raise(("start: opts.log: colour '%s': the first letter must be one of "
            .. "n r g y b m c w (upper case: bright)"):format(colour))
    end
    if math.type(colour) == "integer" and (colour < 0 or colour > 15) then
        raise(("start: opts.log: colour %d: want 0..15"):format(colour))
    end
    local fab = (own and self.log_fab == self.mem) and own or self.log_fab
    return call("start: cannot create the log", fab.create, fab, L4.Proto.Log, tag, colour)
end

-- A child allocator of `mem` just for this program, so its memory can be freed at exit.
local CHILD_QUOTA = math.maxinteger
local function own_mem(mem)
    local ok, c = pcall(mem.create, mem, L4.Proto.Factory, CHILD_QUOTA)
    if ok and core.class(c) == "Mem_alloc" then
        return c
    end
end

-- What a program can get (libapp's and l4re's tables): the program path plus
-- MAX_ARGS arguments, MAX_ENV environment strings. check-cfg knows the same.
local MAX_ARGS, MAX_ENV = 63, 64

local function env_list(env)
    local l = {}
    if env == nil then
        return l
    end
    if type(env) ~= "table" or is_cap(env) then
        raise("start: the environment must be a table NAME = \"value\"")
    end
    for k, v in pairs(env) do
        if type(k) ~= "string" or (type(v) ~= "string" and type(v) ~= "number") then
            raise(("start: environment: %s = %s; want NAME = \"value\"")
                :format(tostring(k), tostring(v)))
        end
        l[#l + 1] = k .. "=" .. tostring(v)
    end
    if #l > MAX_ENV then
        raise(("start: %d environment variables, at most %d"):format(#l, MAX_ENV))
    end
    table.sort(l)
    return l
end

-- The common part of start and startv.
local function start(self, opts, prog, args, env)
    opts = opts or {}
    check_opts(opts)
    if getmetatable(opts.loader) == Loader and opts.loader ~= self then
        return start(opts.loader, opts, prog, args, env)
    end
    if type(prog) ~= "string" or prog == "" then
        raise("start: the program must be a string \"rom/prog\", got " .. tostring(prog))
    end
    if #args > MAX_ARGS then
        raise(("start: %s with %d arguments, at most %d"):format(prog, #args, MAX_ARGS))
    end
    local argv = { prog }
    for i, a in ipairs(args) do
        if type(a) ~= "string" and type(a) ~= "number" then
            raise(("start: argument %d of %s is a %s, want a string"):format(i, prog, type(a)))
        end
        argv[#argv + 1] = tostring(a)
    end
    local mem, own = opts.mem, nil
    if mem == nil then
        own = own_mem(self.mem)
        mem = own or self.mem
    end
    local t = {
        prog = prog, argv = argv, envp = env_list(env),
        caps = named_caps(self, opts.caps),
        log = make_log(self, opts.log, prog, own),
        scheduler = opts.scheduler or L4.Env.scheduler,
        factory = opts.factory or self.factory,
        mem = mem, own_mem = own,
        names = opts.ns,
        kfactory = self.factory,
        l4re_loader = opts.l4re_loader,
        l4re_dbg = opts.l4re_dbg or L4.Dbg.Warn,
        ldr_flags = opts.ldr_flags or 0,
        tag = type(opts.log) == "table" and not is_cap(opts.log) and opts.log[1] or nil,
    }
    local task, err = core.start(t)
    if not task then
        raise("start: " .. err)
    end
    return task
end

-- loader:start(opts, "rom/prog arg ...", [env])
function Loader:start(opts, cmdline, env)
    if getmetatable(self) ~= Loader then
        raise("call start with ':' (loader:start(...)), not '.'")
    end
    if type(cmdline) ~= "string" then
        raise("start: the command line must be a string \"rom/prog args\", got "
            .. tostring(cmdline))
    end
    local words = {}
    for w in cmdline:gmatch("%S+") do
        words[#words + 1] = w
    end
    if #words == 0 then
        raise("start: the command line is empty")
    end
    local prog = table.remove(words, 1)
    return start(self, opts, prog, words, env)
end

-- loader:startv(opts, "rom/prog", "arg", ..., [env])
function Loader:startv(opts, prog, ...)
    if getmetatable(self) ~= Loader then
        raise("call startv with ':' (loader:startv(...)), not '.'")
    end
    local args = table.pack(...)
    local env
    if args.n > 0 and type(args[args.n]) == "table" and not is_cap(args[args.n]) then
        env = args[args.n]
        args.n = args.n - 1
    end
    local list = {}
    for i = 1, args.n do
        list[i] = args[i]
    end
    return start(self, opts, prog, list, env)
end

function Loader:new_channel()
    return call("new_channel", self.factory.create, self.factory, L4.Proto.Ipc_gate)
end

function Loader:fill_namespace(ns, tbl, fab)
    for k, v in pairs(tbl or {}) do
        local c = ns_value(v, "namespace entry '" .. tostring(k) .. "'", fab)
        call("namespace entry '" .. tostring(k) .. "'", raw_register, ns, k, c)
    end
    return ns
end

function Loader:create_namespace(tbl, fab)
    fab = fab or self.ns_fab
    local ns = call("create_namespace", fab.create, fab, L4.Proto.Namespace)
    return self:fill_namespace(ns, tbl, fab)
end

function Loader:create_sched_proxy(t)
    t = t or {}
    local offset = t.prio_offset or 0
    local limit = t.prio_limit or offset + 10
    local fab = t.fab or self.sched_fab
    local mask = t.cpus and t.cpus:mask() or -1
    return call("create_sched_proxy", fab.create, fab, L4.Proto.Scheduler, limit, offset, mask)
end

function Loader:start_backtracer(opts)
    return self:startv(opts or {}, "rom/backtracer")
end

L4.default_loader = Loader.new({ factory = L4.Env.factory, mem = L4.Env.mem_alloc })

-- ---- L4.App_env: options kept for later starts ----

local App_env = {}
App_env.__index = App_env

function App_env.new(t)
    local e = setmetatable({ opts = {} }, App_env)
    for k, v in pairs(t or {}) do
        e.opts[k] = v
    end
    e.loader = getmetatable(e.opts.loader) == Loader and e.opts.loader or L4.default_loader
    e.opts.loader = nil
    return e
end
function App_env:start(cmdline, env) return self.loader:start(self.opts, cmdline, env) end
function App_env:startv(prog, ...) return self.loader:startv(self.opts, prog, ...) end
function App_env:set_ns(tbl) self.opts.ns = self.loader:create_namespace(tbl) end
function App_env:set_loader_fab(c) self.loader = Loader.new({ mem = c }) end
function App_env:set_mem_alloc(c) self.opts.mem = c end
L4.App_env = App_env

return L4
