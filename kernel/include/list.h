/* SPDX-License-Identifier: MIT */
/*
 * Intrusive doubly linked circular list. Used for ready queues, timeout
 * queues and free lists; an unlinked node points to itself so that
 * list_unlink() is safe to call twice.
 */
#pragma once

#include "base.h"

struct list {
    struct list *next, *prev;
};

static inline void list_init(struct list *l)
{
    l->next = l;
    l->prev = l;
}

static inline bool list_empty(const struct list *l)
{
    return l->next == l;
}

static inline void list_insert_before(struct list *pos, struct list *n)
{
    n->prev = pos->prev;
    n->next = pos;
    pos->prev->next = n;
    pos->prev = n;
}

static inline void list_push_back(struct list *head, struct list *n)
{
    list_insert_before(head, n);
}

static inline void list_push_front(struct list *head, struct list *n)
{
    list_insert_before(head->next, n);
}

static inline void list_unlink(struct list *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    list_init(n);
}
