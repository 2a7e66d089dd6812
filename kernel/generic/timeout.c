// SPDX-License-Identifier: MIT
/*
 * The timeout queue: armed timeouts sorted by deadline, so the tick only
 * looks at the head. Insertion is linear, which is fine for the handful of
 * sleeping threads a boot has; a timer wheel can replace it when needed.
 */
#include <bsp/timer.h>
#include "timeout.h"

static struct list queue = { &queue, &queue };

void timeout_init(struct timeout *t, void (*fire)(struct timeout *))
{
    list_init(&t->link);
    t->fire = fire;
    t->deadline_us = 0;
}

void timeout_arm(struct timeout *t, uint64_t deadline_us)
{
    list_unlink(&t->link);
    t->deadline_us = deadline_us ? deadline_us : 1; /* 0 means "not armed" */
    struct list *pos = queue.next;
    while (pos != &queue && CONTAINER_OF(pos, struct timeout, link)->deadline_us <= deadline_us) {
        pos = pos->next;
    }
    list_insert_before(pos, &t->link);
}

void timeout_cancel(struct timeout *t)
{
    list_unlink(&t->link);
    t->deadline_us = 0;
}

void timeout_expire(uint64_t now_us)
{
    while (!list_empty(&queue)) {
        struct timeout *t = CONTAINER_OF(queue.next, struct timeout, link);
        if (t->deadline_us > now_us) {
            break;
        }
        list_unlink(&t->link);
        t->deadline_us = 0;
        t->fire(t);
    }
}

uint64_t timeout_now(void)
{
    return bsp_timer_now_us();
}

uint64_t timeout_deadline(uint16_t t, l4_utcb_t *utcb)
{
    if (t == 0) {
        return TIMEOUT_NEVER;
    }
    uint64_t now = timeout_now();
    if (t & 0x8000) {
        unsigned idx = t & 0xff;
        uint64_t when = idx < L4_UTCB_GENERIC_BUFFERS_SIZE ? l4_utcb_br_u(utcb)->br[idx] : 0;
        return when > now ? when : TIMEOUT_POLL;
    }
    uint64_t us = (uint64_t)(t & 0x3ff) << ((t >> 10) & 0x1f);
    return us ? now + us : TIMEOUT_POLL;
}
