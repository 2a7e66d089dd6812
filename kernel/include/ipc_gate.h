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

/* For the invariant checker: the gate type, its object size and its bound thread (or NULL). */
extern const struct kobj_type *const ipc_gate_kobj_type;
extern const size_t ipc_gate_obj_size;
struct thread *ipc_gate_bound_thread(struct kobj *o);
