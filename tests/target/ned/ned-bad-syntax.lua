-- SPDX-License-Identifier: MIT
-- A script with a syntax error on line 5 (run by ned-err-syntax.cfg).

local L4 = require("L4")
L4.default_loader:start({} "rom/ned_test exit 0")
