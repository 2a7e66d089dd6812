/* SPDX-License-Identifier: MIT */
/*
 * moe's namespaces, logs and parent protocol from a program started by moe
 * through l4re: rom lookups (with and without '/' paths), unknown names,
 * register/query/unlink round trips in a namespace of our own, a refused
 * registration in the read-only rom namespace, a log object with its own
 * tag and colour (the spec checks the console) and its Vcon attributes
 * (kept, unknown bits refused, OCRNL acting on writes), and the exit code: main
 * returns 3 and the spec expects moe's "exited with code 3"; moe's "-- one two"
 * arrive as argv[1..2].
 */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/log.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/vcon.h>
#include <l4/crt1_l4re.h>
#include "mtap.h"

#define PLAN 22
#define NAMES ((l4_cap_idx_t)0x12 << L4_CAP_SHIFT)
#define EXIT_CODE 3

/* Create an object of \a proto from the allocator with one string argument (or none). */
static long ma_create(l4_cap_idx_t ma, long proto, l4_cap_idx_t cap, char const *s1,
                      char const *s2)
{
    l4_utcb_t *u = l4_utcb();
    l4_msgtag_t t = l4_factory_create_start_u(proto, cap, u);

    if (s1) {
        l4_factory_create_add_str_u(s1, &t, u);
    }
    if (s2) {
        l4_factory_create_add_str_u(s2, &t, u);
    }
    return l4_error(l4_factory_create_commit_u(ma, t, u));
}

static void test_rom(void)
{
    l4_cap_idx_t rom = l4re_env_get_cap("rom");
    l4_cap_idx_t c = l4re_util_cap_alloc();
    l4_cap_idx_t d = l4re_util_cap_alloc();

    mt_ok(l4_is_valid_cap(rom), "init has a named capability 'rom'");
    mt_is(l4re_ns_query_srv(rom, "l4re", c), 0, "query 'l4re' in rom");
    mt_is(l4re_ns_query_srv(NAMES, "rom/moe_ns_test", d), 0,
          "query 'rom/moe_ns_test' through the names namespace ('/' path)");
    mt_ok((long)l4re_ds_size(d) > 0 && (long)l4re_ds_size(c) > 0,
          "both are dataspaces with a size (%ld, %ld)", (long)l4re_ds_size(c),
          (long)l4re_ds_size(d));
    mt_is(l4re_ns_query_srv(rom, "no-such-module", c), -L4_ENOENT, "unknown name: -ENOENT");
    mt_is(l4re_ns_query_srv(NAMES, "rom/l4re/deeper", c), -L4_ENOENT,
          "a path through a dataspace: -ENOENT");
    mt_is(l4re_ns_register_obj_srv(rom, "mine", d, L4RE_NS_REGISTER_RO), -L4_EPERM,
          "registering in rom is refused: -EPERM");
}

static void test_own_ns(l4_cap_idx_t ma)
{
    l4_cap_idx_t ns = l4re_util_cap_alloc();
    l4_cap_idx_t ds = l4re_util_cap_alloc();
    l4_cap_idx_t q = l4re_util_cap_alloc();

    mt_is(ma_create(ma, L4RE_PROTO_NAMESPACE, ns, 0, 0), 0, "create a namespace");
    l4re_ma_alloc(8192, ds, 0);
    mt_is(l4re_ns_register_obj_srv(ns, "thing", ds, L4RE_NS_REGISTER_RW), 0,
          "register a dataspace as 'thing'");
    mt_ok(l4re_ns_query_srv(ns, "thing", q) == 0 && l4re_ds_size(q) == 8192,
          "query 'thing' gives the same dataspace (size %ld)", (long)l4re_ds_size(q));
    mt_is(l4re_ns_register_obj_srv(ns, "thing", ds, L4RE_NS_REGISTER_RW), -L4_EEXIST,
          "registering the name again: -EEXIST");
    mt_is(l4re_ns_register_obj_srv(ns, "fac", l4re_env()->factory, L4RE_NS_REGISTER_RWS), 0,
          "register a kernel object (our factory)");
    mt_is(l4re_ns_query_srv(ns, "fac", q), 0, "... and query it back");
    mt_ok(l4re_ns_query_srv(ns, "thing", q) == 0 && l4_error(l4_ipc_call(ns, l4_utcb(),
          l4_msgtag(L4RE_PROTO_NAMESPACE, 0, 0, 0), L4_IPC_NEVER)) < 0, "a bad request fails");
}

static void test_log(l4_cap_idx_t ma)
{
    l4_cap_idx_t log = l4re_util_cap_alloc();
    char longline[300];
    unsigned i;

    mt_is(ma_create(ma, L4_PROTO_LOG, log, "mylogtag-cut", "r"), 0,
          "create a log with tag 'mylogtag-cut' and colour red");
    l4re_log_print_srv(log, "hello through my own log\n");
    l4re_log_print_srv(log, "a line in ");
    l4re_log_print_srv(log, "three writes\n");
    for (i = 0; i < sizeof(longline) - 2; ++i) {
        longline[i] = (char)('a' + i % 26);
    }
    longline[sizeof(longline) - 2] = '\n';
    longline[sizeof(longline) - 1] = 0;
    l4re_log_print_srv(log, longline);
    mt_ok(1, "wrote three lines (the spec checks the console)");

    /* Vcon attributes: kept, checked, and the output flags act. */
    l4_vcon_attr_t a = { 7, 7, 7 }, b;
    mt_ok(l4_error(l4_vcon_get_attr(log, &a)) == 0 && a.i_flags == L4_VCON_ICRNL &&
              a.o_flags == L4_VCON_ONLCR && a.l_flags == (L4_VCON_ICANON | L4_VCON_ECHO),
          "a new log's attributes: cooked, ICRNL ONLCR ICANON ECHO (0x%lx 0x%lx 0x%lx)", (unsigned long)a.i_flags,
          (unsigned long)a.o_flags, (unsigned long)a.l_flags);
    b.i_flags = L4_VCON_ICRNL;
    b.o_flags = L4_VCON_ONLCR | L4_VCON_OCRNL;
    b.l_flags = L4_VCON_ECHO;
    mt_is(l4_error(l4_vcon_set_attr(log, &b)), 0, "set ICRNL, ONLCR|OCRNL, ECHO");
    mt_ok(l4_error(l4_vcon_get_attr(log, &a)) == 0 && a.i_flags == b.i_flags &&
              a.o_flags == b.o_flags && a.l_flags == b.l_flags,
          "get_attr reads them back");
    l4re_log_print_srv(log, "before CR\rafter CR\n");
    b.o_flags = 0x40000000;
    mt_is(l4_error(l4_vcon_set_attr(log, &b)), -L4_EINVAL, "an unknown output flag: -L4_EINVAL");
    mt_ok(l4_error(l4_vcon_get_attr(log, &a)) == 0 && a.o_flags == (L4_VCON_ONLCR | L4_VCON_OCRNL),
          "... and nothing changed");
}

int main(int argc, char **argv)
{
    l4_cap_idx_t ma = l4re_env()->mem_alloc;

    mt_start(PLAN);
    mt_ok(argc == 3 && argv[1][0] == 'o' && argv[1][3] == 0 && argv[2][0] == 't',
          "moe passed the arguments after '--' (argc %d)", argc);
    test_rom();
    test_own_ns(ma);
    test_log(ma);
    mt_done();
    return EXIT_CODE;
}
