/* SPDX-License-Identifier: MIT */
/*
 * The kernel ICU object (L4_BASE_ICU_CAP).
 */
#pragma once

#include "kobj.h"

struct invocation;
struct irq;

extern struct kobj icu_object;

/**
 * The Irq named by the capability item at mr2..3 of an ICU bind or unbind, and the
 * rights of that capability in *\a rights; NULL if there is no item or it names no Irq.
 */
struct irq *icu_item_irq(struct invocation *inv, unsigned *rights);
