/* SPDX-License-Identifier: MIT */
/*
 * Flexpage operations between tasks: map and grant of memory and object
 * flexpages into a receive window, and unmap with recursive revocation.
 * Used by Task.map/unmap, by typed items in IPC and by page-fault replies.
 */
#pragma once

#include <l4/sys/types.h>
#include "base.h"

struct task;

/**
 * Map (or grant) \a fp of \a src into \a dst. \a window is the receive window
 * (an fpage in dst's space of the same type, or l4_fpage_all()), \a snd_base the
 * send base (hot spot). \a obj_rights are the attribute bits of the map control
 * word: extra object rights (0xe0) and L4_FPAGE_C_NO_REF_CNT (an uncounted copy). Returns 0 or -L4_ENOMEM / -L4_EINVAL (type mismatch).
 */
int fpage_map(struct task *src, l4_fpage_t fp, struct task *dst, l4_fpage_t window,
              l4_umword_t snd_base, bool grant, unsigned obj_rights);
/**
 * Unmap \a fp in \a t with L4_FP_* \a mask; returns the fpage with its low bits
 * replaced by the access flags found (none are tracked yet, so they are 0).
 */
l4_fpage_t fpage_unmap(struct task *t, l4_fpage_t fp, l4_umword_t mask);
