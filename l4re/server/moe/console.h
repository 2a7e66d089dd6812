/* SPDX-License-Identifier: MIT */
/*
 * moe's console input multiplexer (console.c): the bytes typed on the
 * kernel console go to one log object at a time. doc/runtime.md.
 */
#pragma once

#include <l4/sys/types.h>

struct log;

/** The label of the kernel log's input Irq in moe's receive loop. */
#define CONSOLE_IRQ_LABEL (1UL << 61)

/** Bind an Irq to the kernel log so that its input reaches moe. Reports failure. */
void console_init(void);
/** The input Irq fired: read what the kernel received and hand it out. */
void console_input(void);
/** \a l reads input: it takes part in the focus (the first reader gets it). */
void console_join(struct log *l);
/** \a l goes away: it leaves the focus ring (the focus moves on if it had it). */
void console_leave(struct log *l);
