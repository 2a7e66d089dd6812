/* SPDX-License-Identifier: MIT */
/*
 * The hostile client's message generator, shared by the sigma0 client (a root
 * task) and the runtime client (a program under moe or ned). A seeded
 * xorshift64* stream drives everything, so a seed replays a run exactly.
 * fz_call() sends one random message to a target: a label that is usually
 * the target's protocol, a word count from 0 to 63 (items may overflow the 63 registers), an
 * opcode near the valid ones, words biased to the values that break range
 * checks (0, ~0, page and size edges, huge offsets), sometimes map items of
 * our own capabilities, of the invalid capability or of a memory page, and a
 * random receive buffer setup. A target's `shape` hook may rewrite a message
 * that would end the client itself (an exit signal to its own parent) and
 * its `check` hook judges a reply. doc/testing.md, "Hostile clients".
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/** The random stream. */
struct fz_rng {
    l4_uint64_t s;
};

void fz_seed(struct fz_rng *r, l4_uint64_t seed);
l4_uint64_t fz_next(struct fz_rng *r);
/** A number in [0, n). */
unsigned fz_below(struct fz_rng *r, unsigned n);
/** A word biased to edge values (0, ~0, sizes and offsets around page and 2^k edges). */
l4_umword_t fz_word(struct fz_rng *r);

/** What the client offers and keeps safe while fuzzing. */
struct fz_env {
    l4_cap_idx_t item_caps[8];  /* capabilities it may send in map items (never granted) */
    unsigned n_item_caps;
    l4_cap_idx_t rcv_slot;      /* the only slot a reply may map a capability into */
    l4_addr_t rcv_window;       /* 2 MiB aligned scratch window for memory replies */
    l4_addr_t item_page;        /* a page of ours we may offer in a memory map item */
};

struct fz_target;

/** One message as sent; the hooks may change it (before) and judge the reply (after). */
struct fz_msg {
    long label;
    unsigned words;
    unsigned items;
    l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE + 8]; /* items may overflow the UTCB's 63 */
    int reply_ok;               /* filled in by fz_call: the reply's label was 0 */
    l4_msgtag_t reply;
    l4_umword_t rmr[4];         /* the reply's first words */
};

struct fz_target {
    char const *name;
    l4_cap_idx_t cap;
    long proto;                 /* its protocol label */
    unsigned nops;              /* valid opcodes are below this */
    /** Rewrite a message the client must not send (optional). */
    void (*shape)(struct fz_target const *t, struct fz_msg *m);
    /** Judge the reply; return 0 and fill \a why if the server misbehaved (optional). */
    int (*check)(struct fz_target const *t, struct fz_msg const *m, char const **why);
    void *ctx;
    /* Counters. */
    unsigned long sent, errors, timeouts, ipc_errors;
};

/**
 * Send one random message to \a t and wait for the answer (receive timeout
 * \a rcv_us). \return 1, or 0 if t->check refused the reply (*why says why).
 */
int fz_call(struct fz_rng *r, struct fz_env const *e, struct fz_target *t, unsigned rcv_us,
            char const **why);
