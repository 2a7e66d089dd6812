/* SPDX-License-Identifier: MIT */
/*
 * Mode `caps`: the named capabilities a script hands over, found by name
 * with the rights it chose. The script (ned-test.cfg) passes a namespace
 * and a dataspace each twice, with full rights and read-only (:m("r")),
 * the ICU, a channel with server rights (gate:svr()) and with client
 * rights, and the default `rom`. Read-only must mean no writing: a
 * namespace register and a writable dataspace mapping are refused.
 */
#include <string.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/task.h>
#include "ntest.h"

static int valid(l4_cap_idx_t c)
{
    return l4_is_valid_cap(c) && l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, c)) > 0;
}

static void namespaces(void)
{
    l4_cap_idx_t rw = l4re_env_get_cap("ns_rw"), ro = l4re_env_get_cap("ns_ro");
    l4_cap_idx_t rom = l4re_env_get_cap("rom"), tmp = l4re_util_cap_alloc();

    nt_ok(valid(rom), "caps: 'rom' is there without being asked for");
    nt_is(l4re_ns_query_srv(rom, "ned_test", tmp), 0, "caps: rom/ned_test found through it");
    nt_ok(l4_is_invalid_cap(l4re_env_get_cap("nothere")), "caps: a name not given is invalid");
    nt_ok(valid(rw) && valid(ro), "caps: ns_rw and ns_ro found by name");
    nt_is(l4re_ns_register_obj_srv(rw, "entry", rom, L4RE_NS_REGISTER_RO), 0,
          "caps: register through the writable namespace cap works");
    nt_is(l4re_ns_register_obj_srv(ro, "other", rom, L4RE_NS_REGISTER_RO), -L4_EPERM,
          "caps: register through the read-only (\"r\") cap is refused");
    nt_is(l4re_ns_query_srv(ro, "entry", tmp), 0, "caps: query through the read-only cap works");
}

static void dataspaces(void)
{
    l4_cap_idx_t rw = l4re_env_get_cap("ds_rw"), ro = l4re_env_get_cap("ds_ro");
    l4re_ds_stats_t st;
    void *w = 0, *r = 0;
    l4_addr_t area = 0;
    int attached;

    attached = l4re_rm_attach(&w, 4096, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, rw, 0,
                              L4_PAGESHIFT) == 0;
    if (attached) {
        strcpy(w, "written through ds_rw");
    }
    nt_ok(attached, "caps: ds_rw attached writable and written");
    memset(&st, 0, sizeof(st));
    nt_ok(l4re_ds_info(ro, &st) == 0 && !(st.flags & L4RE_DS_F_W),
          "caps: ds_ro reports no write right (flags 0x%lx)", (unsigned long)st.flags);
    l4re_rm_reserve_area(&area, 4096, L4RE_RM_F_SEARCH_ADDR, L4_PAGESHIFT);
    nt_is(l4re_ds_map(ro, 0, L4RE_DS_F_RW, area, area, area + 4096), -L4_EPERM,
          "caps: ds_ro refuses a writable mapping");
    attached = l4re_rm_attach(&r, 4096, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ro, 0,
                              L4_PAGESHIFT) == 0;
    nt_ok(attached && strcmp(r, "written through ds_rw") == 0,
          "caps: ds_ro reads what ds_rw wrote");
}

static void others(void)
{
    l4_cap_idx_t svr = l4re_env_get_cap("gate_svr"), cli = l4re_env_get_cap("gate_cli");
    l4_umword_t label = 0;

    nt_ok(valid(l4re_env_get_cap("icu")), "caps: the ICU passed as 'icu' is valid");
    nt_is(l4_error(l4_ipc_gate_get_infos(svr, &label)), 0,
          "caps: the gate with server rights answers get_info");
    nt_is(l4_error(l4_ipc_gate_get_infos(cli, &label)), -L4_EPERM,
          "caps: the gate with client rights may not (no server right)");
}

int nt_caps(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    namespaces();
    dataspaces();
    others();
    return -1;
}
