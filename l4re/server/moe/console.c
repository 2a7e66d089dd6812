/* SPDX-License-Identifier: MIT */
/*
 * moe's console input multiplexer, in the manner of L4Re's cons. moe binds an
 * Irq to the kernel log (l4_icu_bind(L4_BASE_LOG_CAP, 0, irq)); when it fires,
 * moe reads what the kernel received and hands each byte to the one log that
 * has the focus, which edits, echoes and keeps it for its program (log.c).
 * Logs take part once their program reads or binds an input Irq, in that
 * order; the first takes the focus, and bytes typed before anyone reads wait
 * for it. Ctrl-E is the escape key, as in cons: Ctrl-E n moves the focus to the
 * next reading program (and moe says which), Ctrl-E e types a Ctrl-E, and
 * Ctrl-E with any other key types that key. The others' reads see no data, so
 * their programs wait in their Irqs until they get the focus. doc/runtime.md.
 */
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/vcon.h>
#include <l4/util/fmt.h>
#include "console.h"
#include "moe.h"

#define CONSOLE_READERS 64
#define CONSOLE_EARLY 512
#define KEY_ESCAPE 0x05 /* Ctrl-E */
#define KEY_NEXT 'n'
#define KEY_LITERAL 'e'

static struct log *readers[CONSOLE_READERS];
static unsigned nreaders;
static int focus = -1;            /* index in readers[], or -1 before the first reader */
static int escaped;               /* Ctrl-E seen: the next key is a command */
static char early[CONSOLE_EARLY]; /* typed before anyone read */
static unsigned nearly;

void console_init(void)
{
    l4_cap_idx_t irq = moe_cap_alloc();

    if (l4_is_invalid_cap(irq) ||
        l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)) < 0 ||
        l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, CONSOLE_IRQ_LABEL)) < 0 ||
        l4_error(l4_icu_bind(L4_BASE_LOG_CAP, 0, irq)) < 0) {
        kd_printf("moe: no console input (the kernel log takes no input Irq)\n");
    }
}

/* Say where the input goes now. */
static void announce(void)
{
    char text[64];
    unsigned len;
    char const *tag = log_tag(readers[focus], &len);
    int n = l4util_snprintf(text, sizeof(text), "moe: console input to %.*s\n", (int)len, tag);

    log_console_write(text, (unsigned)n);
}

static void deliver(char c)
{
    if (focus >= 0) {
        log_input(readers[focus], c);
    } else if (nearly < CONSOLE_EARLY) {
        early[nearly++] = c;
    }
}

/* One typed byte: the escape key's commands, or input for the focused log. */
static void key(char c)
{
    if (!escaped && c == KEY_ESCAPE) {
        escaped = 1;
        return;
    }
    if (!escaped) {
        deliver(c);
        return;
    }
    escaped = 0;
    if (c == KEY_NEXT) {
        if (nreaders > 1) {
            focus = (focus + 1) % (int)nreaders;
            announce();
        }
    } else if (c == KEY_LITERAL) {
        deliver(KEY_ESCAPE);
    } else {
        deliver(c);
    }
}

void console_input(void)
{
    char buf[L4_VCON_READ_SIZE];

    for (;;) {
        long r = l4_vcon_read_with_flags_u(L4_BASE_LOG_CAP, buf, sizeof(buf), l4_utcb());
        unsigned n, i;

        if (r < 0) {
            return;
        }
        n = (unsigned)(r & L4_VCON_READ_SIZE_MASK);
        for (i = 0; i < n && i < sizeof(buf); ++i) {
            key(buf[i]);
        }
        if ((unsigned long)r & L4_VCON_READ_STAT_DONE) {
            return;
        }
    }
}

void console_join(struct log *l)
{
    unsigned i;

    for (i = 0; i < nreaders; ++i) {
        if (readers[i] == l) {
            return;
        }
    }
    if (nreaders == CONSOLE_READERS) {
        return; /* it reads no data, like any log without the focus */
    }
    readers[nreaders++] = l;
    if (focus < 0) {
        focus = (int)nreaders - 1;
        for (i = 0; i < nearly; ++i) {
            log_input(l, early[i]);
        }
        nearly = 0;
    }
}

void console_leave(struct log *l)
{
    unsigned i, gone;

    for (i = 0; i < nreaders && readers[i] != l; ++i) {
    }
    if (i == nreaders) {
        return;
    }
    gone = i;
    for (; i + 1 < nreaders; ++i) {
        readers[i] = readers[i + 1]; /* keep the order Ctrl-E n goes round in */
    }
    --nreaders;
    if (nreaders == 0) {
        focus = -1;
    } else if (focus > (int)gone) {
        --focus;
    } else if (focus == (int)gone) {
        focus = (int)gone % (int)nreaders;
        announce();
    }
}
