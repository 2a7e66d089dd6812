/* SPDX-License-Identifier: MIT */
/*
 * The kernel log object (L4_BASE_LOG_CAP, protocol L4_PROTO_LOG): the vcon
 * write onto the kernel console, the read of console input, and (ICU
 * protocol) the Irq that signals input.
 */
#pragma once

#include "kobj.h"

struct irq;

extern struct kobj vlog_object;

/** Queue one received byte for readers; false (nothing queued) if the buffer is full. */
bool vlog_input_put(char c);
/** Whether the input buffer is full (the next vlog_input_put() would fail). */
bool vlog_input_full(void);
/** Trigger the bound input Irq if bytes were queued since the last call. */
void vlog_input_notify(void);
/** The bound input Irq (the log holds a reference to it), or NULL; for the checker. */
struct irq *vlog_input_irq(void);
