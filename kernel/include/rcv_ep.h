/* SPDX-License-Identifier: MIT */
/*
 * Receive endpoints: the common "bind to a thread with a label" operation
 * of IPC gates and IRQs (L4_RCV_EP_BIND_OP, protocol L4_PROTO_KOBJECT).
 */
#pragma once

#include "base.h"

struct invocation;
struct thread;

/**
 * Decode and check a bind message: S on the endpoint (\a rights), a label
 * with bits 0..1 clear, a thread item naming a thread with S. Replies with
 * the error and returns false on failure.
 */
bool rcv_ep_decode_bind(struct invocation *inv, unsigned rights, struct thread **thread,
                        uint64_t *label);
