/* SPDX-License-Identifier: MIT */
/*
 * Timeouts: a list of wake-up times ordered by deadline, checked on each
 * timer tick. Resolution is one tick (KIP scheduler_granularity).
 */
#pragma once

#include "base.h"
#include "list.h"

struct timeout {
    struct list link;       /* on the timeout queue while armed */
    uint64_t deadline_us;   /* KIP clock value at which it fires */
    void (*fire)(struct timeout *t);
};

void timeout_init(struct timeout *t, void (*fire)(struct timeout *));
/** Arm (or re-arm) \a t to fire at \a deadline_us. */
void timeout_arm(struct timeout *t, uint64_t deadline_us);
/** Disarm; harmless if not armed. */
void timeout_cancel(struct timeout *t);
/** Fire every timeout whose deadline is <= now. */
void timeout_expire(uint64_t now_us);
/** Current time in microseconds (the KIP clock). */
uint64_t timeout_now(void);
