/* SPDX-License-Identifier: MIT */
/*
 * Timeouts: a list of wake-up times ordered by deadline, checked on each
 * timer tick. Resolution is one tick (KIP scheduler_granularity).
 */
#pragma once

#include <l4/sys/utcb.h>
#include "base.h"
#include "list.h"

struct timeout {
    struct list link;       /* on the timeout queue while armed */
    uint64_t deadline_us;   /* KIP clock value at which it fires; 0 while not armed */
    void (*fire)(struct timeout *t);
};

void timeout_init(struct timeout *t, void (*fire)(struct timeout *));
/** Arm (or re-arm) \a t to fire at \a deadline_us. */
void timeout_arm(struct timeout *t, uint64_t deadline_us);
/** Whether \a t is armed (one load: the IPC fast path asks on every hand-off). */
static inline bool timeout_armed(const struct timeout *t)
{
    return t->deadline_us != 0;
}
/** Disarm; harmless if not armed. */
void timeout_cancel(struct timeout *t);
/** Fire every timeout whose deadline is <= now. */
void timeout_expire(uint64_t now_us);
/** Current time in microseconds (the KIP clock). */
uint64_t timeout_now(void);

#define TIMEOUT_NEVER 0
#define TIMEOUT_POLL UINT64_MAX

/**
 * The deadline (KIP clock, µs) of a 16-bit L4 timeout: TIMEOUT_NEVER,
 * TIMEOUT_POLL (a zero timeout, or an absolute time already passed), or the
 * time to wake up. Relative: mantissa << exponent µs; absolute (bit 15): the
 * clock value is in buffer register t & 0xff of \a utcb.
 */
uint64_t timeout_deadline(uint16_t t, l4_utcb_t *utcb);
