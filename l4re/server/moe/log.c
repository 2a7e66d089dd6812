/* SPDX-License-Identifier: MIT */
/*
 * Log objects (L4_PROTO_LOG, the vcon write of l4/sys/vcon.h). Output is
 * collected per object up to a newline and then printed as one line the
 * way L4Re's moe does: colour prefix, the tag padded or cut to 8
 * characters, "| " (or ": " for the rest of a line that was too long),
 * the text, colour reset. One kernel-log write per line keeps the lines of
 * different programs from interleaving.
 */
#include <l4/sys/vcon.h>
#include <l4/util/fmt.h>
#include <l4/util/string.h>
#include "moe.h"

#define TAG_WIDTH 8
#define LINE_MAX 200

struct log {
    struct obj obj;
    char tag[TAG_WIDTH + 1];
    unsigned colour;
    char line[LINE_MAX];
    unsigned len;
    int continued; /* the current line started in an earlier, flushed part */
    l4_umword_t attr[3]; /* Vcon attributes: input, output, local flags */
};

enum { ATTR_I, ATTR_O, ATTR_L };
/* The flags a log knows; others are refused. Output flags act on writes; the
 * input and local ones are kept for get_attr (logs have no input yet). */
static const l4_umword_t attr_known[3] = {
    [ATTR_I] = L4_VCON_INLCR | L4_VCON_IGNCR | L4_VCON_ICRNL,
    [ATTR_O] = L4_VCON_ONLCR | L4_VCON_OCRNL | L4_VCON_ONLRET,
    [ATTR_L] = L4_VCON_ICANON | L4_VCON_ECHO,
};

struct obj *log_obj(struct log *l)
{
    return &l->obj;
}

unsigned log_colour(char c)
{
    static char const names[] = "nrgybmcwNRGYBMCW";
    unsigned i;

    for (i = 0; i < 16; ++i) {
        if (names[i] == c) {
            return i;
        }
    }
    return 7;
}

struct log *log_create(struct alloc *owner, char const *tag, unsigned len, unsigned colour)
{
    struct log *l = moe_alloc(sizeof(*l));
    unsigned i;

    if (!l || obj_init(&l->obj, OBJ_LOG, owner) < 0) {
        moe_free(l, sizeof(*l));
        return NULL;
    }
    for (i = 0; i < TAG_WIDTH; ++i) {
        l->tag[i] = i < len && tag[i] ? tag[i] : ' ';
    }
    l->colour = colour & 15;
    l->attr[ATTR_I] = 0;
    l->attr[ATTR_O] = L4_VCON_ONLCR; /* as the kernel's log */
    l->attr[ATTR_L] = 0;
    return l;
}

void log_destroy(struct obj *o)
{
    moe_free(o, sizeof(struct log));
}

/* Print the collected text as one console line. */
static void flush(struct log *l)
{
    char out[LINE_MAX + 48];
    char esc[12];
    int n;

    if (l->colour == 0) {
        l4util_snprintf(esc, sizeof(esc), "\033[0m");
    } else if (l->colour < 8) {
        l4util_snprintf(esc, sizeof(esc), "\033[3%um", l->colour);
    } else {
        l4util_snprintf(esc, sizeof(esc), "\033[01;3%um", l->colour - 8);
    }
    n = l4util_snprintf(out, sizeof(out), "%s%s%s %.*s\033[0m\n", esc, l->tag,
                        l->continued ? ":" : "|", (int)l->len, l->line);
    if (n > (int)sizeof(out) - 1) {
        n = (int)sizeof(out) - 1;
    }
    l4_vcon_write(L4_BASE_LOG_CAP, out, (unsigned)n);
    l->len = 0;
}

/* Append \a n bytes of program output. */
static void log_put(struct log *l, char const *s, unsigned n)
{
    unsigned i;

    for (i = 0; i < n; ++i) {
        if (s[i] == '\r' && (l->attr[ATTR_O] & L4_VCON_OCRNL)) {
            flush(l); /* CR taken as NL */
            l->continued = 0;
        } else if (s[i] == '\n') {
            flush(l);
            l->continued = 0;
        } else if (s[i] != '\r') {
            if (l->len == LINE_MAX) {
                flush(l);
                l->continued = 1;
            }
            l->line[l->len++] = s[i];
        }
    }
}

long log_invoke(struct obj *o, struct msg *m)
{
    struct log *l = (struct log *)o;
    char buf[L4_VCON_WRITE_SIZE];
    unsigned n;

    if (l4_msgtag_label(m->tag) != L4_PROTO_LOG) {
        return -L4_EBADPROTO;
    }
    if (m->words < 1) {
        return -L4_EMSGTOOSHORT;
    }
    switch (m->mr->mr[0] & 0xffff) {
    case L4_VCON_WRITE_OP:
        /* op: L4_VCON_WRITE_OP, rights: none, proto: L4_PROTO_LOG */
        /* Judge the whole word: a length of 2^32 + 5 is not 5. */
        if (m->words >= 2 && (m->mr->mr[1] > L4_VCON_WRITE_SIZE
                              || 2 + l4_bytes_to_mwords(m->mr->mr[1]) > m->words)) {
            return -L4_EINVAL;
        }
        n = m->words >= 2 ? (unsigned)m->mr->mr[1] : 0;
        memcpy(buf, &m->mr->mr[2], n); /* the console write reuses the UTCB */
        log_put(l, buf, n);
        m->no_reply = 1; /* vcon writes are sends */
        return 0;
    case L4_VCON_SET_ATTR_OP:
        /* op: L4_VCON_SET_ATTR_OP, rights: none, proto: L4_PROTO_LOG; all checked first */
        if (m->words < 4) {
            return -L4_EMSGTOOSHORT;
        }
        for (n = 0; n < 3; ++n) {
            if (m->mr->mr[1 + n] & ~attr_known[n]) {
                return -L4_EINVAL;
            }
        }
        for (n = 0; n < 3; ++n) {
            l->attr[n] = m->mr->mr[1 + n];
        }
        return 0;
    case L4_VCON_GET_ATTR_OP:
        /* op: L4_VCON_GET_ATTR_OP; the flags in mr1..mr3, where l4_vcon_get_attr reads them */
        m->mr->mr[0] = 0;
        for (n = 0; n < 3; ++n) {
            m->mr->mr[1 + n] = l->attr[n];
        }
        m->reply_words = 4;
        return 0;
    default:
        return -L4_ENOSYS;
    }
}
