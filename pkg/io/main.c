/* SPDX-License-Identifier: MIT */
/*
 * io: owns the platform's devices and gives each client a virtual bus (vbus)
 * with only the devices the board overlay grants it. The platform is the
 * device tree the boot loader got (rom/dtb); the overlay (argv[1], a .dtb
 * that dtc compiled from pkg/io/<board>.io.dts) has one node per vbus, named
 * like the capability io serves it on (the server side of a channel that ned
 * passes), listing devices by path ("devices") or by a compatible string
 * ("compatible-devices"). io takes their device memory from sigma0 (the
 * capability "sigma0") and binds interrupts through the kernel's ICU ("icu").
 * doc/runtime.md, "Devices".
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/utcb.h>
#include "io.h"

static struct io_device devices[IO_MAX_DEVICES];
static unsigned ndevices;
static struct vbus buses[IO_MAX_VBUS];
static unsigned nbuses;

/* A whole file of the rom namespace, in memory. */
static void *load(char const *path)
{
    FILE *f = fopen(path, "rb");
    long size;
    void *p;

    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
        printf("io: cannot read %s\n", path);
        if (f) {
            fclose(f);
        }
        return NULL;
    }
    p = malloc((size_t)size);
    if (p && fread(p, 1, (size_t)size, f) != (size_t)size) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (!p || fdt_check_header(p) != 0) {
        printf("io: %s is not a device tree\n", path);
        free(p);
        return NULL;
    }
    return p;
}

/* Put the platform's device (by path, or the next with compatible string) on \a v. */
static int grant(struct vbus *v, void const *platform, char const *path, char const *compat,
                 int *node, l4_cap_idx_t sigma0)
{
    struct io_device *d;

    if (ndevices == IO_MAX_DEVICES || v->ndev == IO_MAX_VBUS_DEVICES) {
        printf("io: vbus '%s': too many devices\n", v->name);
        return -1;
    }
    d = &devices[ndevices];
    if (devices_read(platform, path, compat, node, d) < 0) {
        if (path) {
            printf("io: vbus '%s': no device %s in the device tree\n", v->name, path);
        }
        return -1;
    }
    if (devices_map(d, sigma0) < 0) {
        return 0; /* said why; the bus goes on without it */
    }
    ndevices++;
    v->dev[v->ndev++] = d;
    return 0;
}

/* Every device the overlay node \a node names. */
static void grant_all(struct vbus *v, void const *platform, void const *cfg, int node,
                      l4_cap_idx_t sigma0)
{
    int n, i, pnode;

    n = fdt_stringlist_count(cfg, node, "devices");
    for (i = 0; i < n; i++) {
        grant(v, platform, fdt_stringlist_get(cfg, node, "devices", i, NULL), NULL, &pnode,
              sigma0);
    }
    n = fdt_stringlist_count(cfg, node, "compatible-devices");
    for (i = 0; i < n; i++) {
        char const *c = fdt_stringlist_get(cfg, node, "compatible-devices", i, NULL);

        pnode = -1;
        while (grant(v, platform, NULL, c, &pnode, sigma0) == 0) {
        }
    }
}

/* One vbus per node of the overlay whose capability we have. */
static void configure(void const *platform, void const *cfg, l4_cap_idx_t sigma0)
{
    int node;

    fdt_for_each_subnode(node, cfg, 0) {
        char const *name = fdt_get_name(cfg, node, NULL);
        struct vbus *v = &buses[nbuses];
        long r;

        if (nbuses == IO_MAX_VBUS) {
            printf("io: more than %d vbuses, ignoring %s\n", IO_MAX_VBUS, name);
            break;
        }
        v->gate = l4re_env_get_cap(name);
        if (l4_is_invalid_cap(v->gate)) {
            printf("io: no capability '%s': vbus '%s' not served\n", name, name);
            continue;
        }
        snprintf(v->name, sizeof(v->name), "%s", name);
        grant_all(v, platform, cfg, node, sigma0);
        r = l4_error(l4_rcv_ep_bind_thread(v->gate, l4re_env()->main_thread,
                                          (l4_umword_t)(nbuses + 1) << 4));
        if (r < 0) {
            printf("io: cannot serve vbus '%s': %ld\n", name, r);
            continue;
        }
        printf("io: vbus '%s': %u device%s\n", name, v->ndev, v->ndev == 1 ? "" : "s");
        nbuses++;
    }
}

int main(int argc, char **argv)
{
    l4_cap_idx_t sigma0 = l4re_env_get_cap("sigma0");
    l4_cap_idx_t rcv = l4re_util_cap_alloc();
    l4_umword_t in[L4_UTCB_GENERIC_DATA_SIZE];
    l4_umword_t label = 0;
    l4_msgtag_t tag;
    void *platform, *cfg;
    int reply = 0;

    if (argc < 2) {
        printf("usage: io <overlay.dtb>\n");
        return 1;
    }
    if (l4_is_invalid_cap(sigma0)) {
        printf("io: no capability 'sigma0': no device memory\n");
        return 1;
    }
    platform = load("rom/dtb");
    cfg = load(argv[1]);
    if (!platform || !cfg) {
        return 1;
    }
    configure(platform, cfg, sigma0);
    fflush(stdout);
    for (;;) {
        l4_utcb_br()->bdr = 0;
        l4_utcb_br()->br[0] = L4_RCV_ITEM_SINGLE_CAP | rcv;
        if (reply) {
            tag = l4_ipc_reply_and_wait(l4_utcb(), tag, &label, L4_IPC_SEND_TIMEOUT_0);
        } else {
            tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
        }
        reply = 0;
        if (l4_msgtag_has_error(tag)) {
            continue;
        }
        label >>= 4;
        if (label < 1 || label > nbuses) {
            continue;
        }
        /* The console output of a refusal reuses the UTCB: take the request out first. */
        memcpy(in, l4_utcb_mr()->mr, l4_msgtag_words(tag) * sizeof(l4_umword_t));
        tag = vbus_serve(&buses[label - 1], tag, in, rcv);
        reply = 1;
    }
}
