/* SPDX-License-Identifier: MIT */
/*
 * The kernel debugger object (L4_BASE_DEBUGGER_CAP, protocol
 * L4_PROTO_DEBUGGER): console output for any task, l4_kd_* style
 * (kdebug.c), and kernel-object names and ids, l4_debugger_* style
 * (kdebug_kobj.c).
 */
#pragma once

#include "kobj.h"

struct invocation;

extern struct kobj kdebug_object;

/**
 * Handle kernel-object debug request \a op (mr0 minus L4_KDEBUG_GROUP_KOBJ); replies
 * -L4_EINVAL without a valid object item, -L4_ENOSYS for an op or object type it
 * does not serve.
 */
void kdebug_kobj_invoke(struct invocation *inv, unsigned long op);
/** The debugger name of \a obj ("" if it has none). */
const char *kdebug_object_name(const struct kobj *obj);
/** Drop the name of \a obj (called when it is killed, before its memory can be reused). */
void kdebug_forget(const struct kobj *obj);
/** The debugger's id of \a obj: unique among live objects, stable while it lives. */
unsigned long kdebug_global_id(const struct kobj *obj);
