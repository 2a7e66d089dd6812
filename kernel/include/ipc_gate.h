/* SPDX-License-Identifier: MIT */
/*
 * IPC gates, as far as other kernel modules need them.
 */
#pragma once

#include "base.h"

struct kobj;
struct thread;

/** If \a o is a bound IPC gate: its thread and the label a sender with \a rights delivers. */
bool ipc_gate_target(struct kobj *o, unsigned rights, struct thread **thread, uint64_t *label);
