/* SPDX-License-Identifier: MIT */
/*
 * The Factory object: creates kernel objects charged to its quota.
 */
#pragma once

#include "kobj.h"

struct quota;

struct factory {
    struct kobj kobj;
    struct quota *own;     /* what objects created here are charged to */
};

extern const struct kobj_type factory_type;
/** The root factory (all kernel memory), given to sigma0 and the root task. */
extern struct factory root_factory;
void factory_init_root(void);
