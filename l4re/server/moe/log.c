/* SPDX-License-Identifier: MIT */
/*
 * Log objects (L4_PROTO_LOG, l4/sys/vcon.h). Output is collected per object
 * up to a newline and then printed as one line the way L4Re's moe does:
 * colour prefix, the tag padded or cut to 8 characters, "| " (or ": " for
 * the rest of a line that was too long), the text, colour reset. One
 * kernel-log write per line keeps the lines of different programs from
 * interleaving. A line left open on the console (a prompt a program printed
 * before it read, or echoed input) is continued by its own log and closed
 * with a newline before anyone else's text.
 * Input: the console (console.c) hands a log the bytes typed while it has the
 * focus; the log edits them as its Vcon attributes say (ICRNL/INLCR/IGNCR;
 * ICANON: lines, backspace, Ctrl-D; ECHO) and keeps them for vcon reads, which
 * need the W right, never wait and say L4_VCON_READ_STAT_DONE when nothing is
 * left. A reader waits in an Irq it binds with l4_icu_bind(log, 0, irq): moe
 * triggers it when input becomes readable. doc/runtime.md.
 */
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/vcon.h>
#include <l4/util/fmt.h>
#include <l4/util/string.h>
#include "console.h"
#include "moe.h"

#define TAG_WIDTH 8
#define LINE_MAX 200
#define INPUT_MAX 512  /* bytes a log keeps for its reader */
#define EDIT_MAX 200   /* the line being typed (ICANON), its newline included */
#define KEY_EOF 0x04   /* Ctrl-D */
#define KEY_ERASE 0x7f /* DEL; BS works too */

struct log {
    struct obj obj;
    char tag[TAG_WIDTH + 1];
    unsigned colour;
    char line[LINE_MAX];
    unsigned len;
    int continued; /* the current line started in an earlier, flushed part */
    l4_umword_t attr[3]; /* Vcon attributes: input, output, local flags */
    char in[INPUT_MAX];  /* input ready for reads */
    unsigned in_len;
    int eof_at;          /* an end of file (Ctrl-D on an empty line) after in[0..eof_at), or -1 */
    char edit[EDIT_MAX]; /* ICANON: the line being typed */
    unsigned edit_len;
    l4_cap_idx_t irq;    /* the reader's Irq (l4_icu_bind), or L4_INVALID_CAP */
};

/* The log whose text ends the console's unfinished line, or NULL; and whether that
 * text is echoed input (which a prompt does not continue) or the program's prompt. */
static struct log *open_line;
static int open_echo;

enum { ATTR_I, ATTR_O, ATTR_L };
/* The flags a log knows; others are refused. Output flags act on writes, input
 * and local flags on typed input. */
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
    l->tag[TAG_WIDTH] = '\0';
    l->colour = colour & 15;
    obj_name(&l->obj, "log:", l->tag);
    /* A terminal's usual cooked mode: Enter (CR) ends a line, which can be edited and is echoed. */
    l->attr[ATTR_I] = L4_VCON_ICRNL;
    l->attr[ATTR_O] = L4_VCON_ONLCR; /* as the kernel's log */
    l->attr[ATTR_L] = L4_VCON_ICANON | L4_VCON_ECHO;
    l->eof_at = -1;
    l->irq = L4_INVALID_CAP;
    return l;
}

char const *log_tag(struct log *l, unsigned *len)
{
    *len = TAG_WIDTH;
    while (*len && l->tag[*len - 1] == ' ') {
        --*len;
    }
    return l->tag;
}

/* End the console's open line, if there is one. */
static void close_line(void)
{
    if (open_line) {
        l4_vcon_write(L4_BASE_LOG_CAP, "\n", 1);
        open_line = NULL;
    }
}

/* Write to the console: continuing its open line, or after closing it. */
static void console_text(int continuing, char const *s, unsigned n)
{
    if (!continuing) {
        close_line();
    }
    open_line = NULL;
    while (n) {
        long w = l4_vcon_write(L4_BASE_LOG_CAP, s, n);

        if (w <= 0) {
            break;
        }
        s += w;
        n -= (unsigned)w;
    }
}

void log_console_write(char const *s, unsigned n)
{
    console_text(0, s, n);
}

void log_destroy(struct obj *o)
{
    struct log *l = (struct log *)o;

    console_leave(l);
    if (open_line == l) {
        close_line(); /* its prompt or its echoed input */
    }
    if (l4_is_valid_cap(l->irq)) {
        moe_cap_free(l->irq);
    }
    moe_free(o, sizeof(struct log));
}

/*
 * Print the collected text: as a new console line (colour, tag, "|" or ":"),
 * or, if this log's own text ends the console's open line, as its continuation.
 * \a end: the text ends the line; otherwise (a prompt) the line stays open.
 */
static void flush(struct log *l, int end)
{
    char out[LINE_MAX + 48];
    char esc[12];
    int n = 0;
    int continuing = open_line == l && !open_echo;

    if (!continuing) {
        if (l->colour == 0) {
            l4util_snprintf(esc, sizeof(esc), "\033[0m");
        } else if (l->colour < 8) {
            l4util_snprintf(esc, sizeof(esc), "\033[3%um", l->colour);
        } else {
            l4util_snprintf(esc, sizeof(esc), "\033[01;3%um", l->colour - 8);
        }
        n = l4util_snprintf(out, sizeof(out), "%s%s%s ", esc, l->tag, l->continued ? ":" : "|");
    }
    n += l4util_snprintf(out + n, sizeof(out) - (unsigned)n, "%.*s\033[0m%s", (int)l->len,
                         l->line, end ? "\n" : "");
    if (n > (int)sizeof(out) - 1) {
        n = (int)sizeof(out) - 1;
    }
    console_text(continuing, out, (unsigned)n);
    if (!end) {
        open_line = l;
        open_echo = 0;
    }
    l->len = 0;
}

/* Append \a n bytes of program output. */
static void log_put(struct log *l, char const *s, unsigned n)
{
    unsigned i;

    for (i = 0; i < n; ++i) {
        if (s[i] == '\r' && (l->attr[ATTR_O] & L4_VCON_OCRNL)) {
            flush(l, 1); /* CR taken as NL */
            l->continued = 0;
        } else if (s[i] == '\n') {
            flush(l, 1);
            l->continued = 0;
        } else if (s[i] != '\r') {
            if (l->len == LINE_MAX) {
                flush(l, 1);
                l->continued = 1;
            }
            l->line[l->len++] = s[i];
        }
    }
}

/* ---- input ---- */

/* Echo typed bytes (ECHO): they continue this log's open line or start one. */
static void echo(struct log *l, char const *s, unsigned n)
{
    if (!(l->attr[ATTR_L] & L4_VCON_ECHO)) {
        return;
    }
    console_text(open_line == l, s, n);
    open_line = s[n - 1] == '\n' ? NULL : l;
    open_echo = 1;
}

static int readable(struct log *l)
{
    return l->in_len > 0 || l->eof_at >= 0;
}

/*
 * Tell the reader (its bound Irq) that input is there. The trigger is a send with
 * timeout 0: a capability that is no Irq (a client may bind anything) cannot stall moe.
 */
static void notify(struct log *l)
{
    if (l4_is_valid_cap(l->irq) && readable(l)) {
        l4_irq_trigger(l->irq);
    }
}

/* Move the edited line to the readable input (what does not fit is lost, as on a full tty). */
static void commit(struct log *l)
{
    unsigned n = l->edit_len;

    if (n > INPUT_MAX - l->in_len) {
        n = INPUT_MAX - l->in_len;
    }
    memcpy(l->in + l->in_len, l->edit, n);
    l->in_len += n;
    l->edit_len = 0;
}

/* One typed byte in ICANON mode: edit the line; NL or Ctrl-D hands it to readers. */
static void input_canon(struct log *l, char c)
{
    if (c == KEY_ERASE || c == '\b') {
        if (l->edit_len > 0) {
            --l->edit_len;
            echo(l, "\b \b", 3);
        }
    } else if (c == KEY_EOF) {
        if (l->edit_len == 0 && l->eof_at < 0) {
            l->eof_at = (int)l->in_len; /* Ctrl-D on an empty line: end of file */
        }
        commit(l);
        notify(l);
    } else if (c == '\n') {
        l->edit[l->edit_len++] = c; /* there is always room for it */
        echo(l, "\n", 1);
        commit(l);
        notify(l);
    } else if (l->edit_len < EDIT_MAX - 1) {
        l->edit[l->edit_len++] = c;
        if ((unsigned char)c >= ' ' || c == '\t') {
            echo(l, &c, 1);
        }
    }
}

void log_input(struct log *l, char c)
{
    l4_umword_t in = l->attr[ATTR_I];

    if (c == '\r' && (in & L4_VCON_IGNCR)) {
        return;
    }
    if (c == '\r' && (in & L4_VCON_ICRNL)) {
        c = '\n';
    } else if (c == '\n' && (in & L4_VCON_INLCR)) {
        c = '\r';
    }
    if (l->attr[ATTR_L] & L4_VCON_ICANON) {
        input_canon(l, c);
        return;
    }
    if (l->in_len < INPUT_MAX) {
        l->in[l->in_len++] = c;
    }
    if ((unsigned char)c >= ' ' || c == '\t' || c == '\n') {
        echo(l, &c, 1);
    }
    notify(l);
}

/* op: L4_VCON_READ_OP, rights: W, proto: L4_PROTO_LOG. Never waits. */
static long log_read(struct log *l, struct msg *m)
{
    unsigned long size = m->mr->mr[0] >> 16;
    unsigned avail, n;

    if (!(m->rights & L4_CAP_FPAGE_W)) {
        return -L4_EPERM;
    }
    console_join(l); /* a reader takes part in the console's focus */
    if (l->len) {
        flush(l, 0); /* what it wrote without a newline is its prompt: show it */
    }
    if (size > L4_VCON_READ_SIZE) {
        size = L4_VCON_READ_SIZE;
    }
    if (l->eof_at == 0) {
        /* The end of file: 0 bytes and not DONE (our extension; L4Re's vcon has no EOF). */
        l->eof_at = -1;
        m->mr->mr[0] = 0;
        m->reply_words = 1;
        return 0;
    }
    avail = l->eof_at > 0 ? (unsigned)l->eof_at : l->in_len;
    n = avail < size ? avail : (unsigned)size;
    memcpy(&m->mr->mr[1], l->in, n);
    memmove(l->in, l->in + n, l->in_len - n);
    l->in_len -= n;
    if (l->eof_at > 0) {
        l->eof_at -= (int)n;
    }
    m->mr->mr[0] = n | (readable(l) ? 0 : L4_VCON_READ_STAT_DONE);
    m->reply_words = 1 + (unsigned)l4_bytes_to_mwords(n);
    return 0;
}

/* The ICU protocol on a log: its one input line (0) signals readable input. */
static long log_icu(struct log *l, struct msg *m)
{
    switch (m->mr->mr[0]) {
    case L4_ICU_OP_BIND:
        /* op: L4_ICU_OP_BIND, rights: W, proto: L4_PROTO_IRQ; mr1 = 0, item = the Irq */
        if (!(m->rights & L4_CAP_FPAGE_W)) {
            return -L4_EPERM;
        }
        if (m->words < 2 || m->mr->mr[1] != 0 || m->item != ITEM_CAP) {
            return -L4_EINVAL;
        }
        if (l4_is_valid_cap(l->irq)) {
            moe_cap_free(l->irq);
        }
        l->irq = m->rcv_cap;
        m->took_cap = 1;
        console_join(l);
        notify(l);
        return 0;
    case L4_ICU_OP_UNBIND:
        /* op: L4_ICU_OP_UNBIND, rights: W, proto: L4_PROTO_IRQ */
        if (!(m->rights & L4_CAP_FPAGE_W)) {
            return -L4_EPERM;
        }
        if (m->words < 2 || m->mr->mr[1] != 0 || !l4_is_valid_cap(l->irq)) {
            return -L4_EINVAL;
        }
        moe_cap_free(l->irq);
        l->irq = L4_INVALID_CAP;
        return 0;
    case L4_ICU_OP_INFO:
        /* op: L4_ICU_OP_INFO, rights: none, proto: L4_PROTO_IRQ: one line, no MSIs */
        m->mr->mr[0] = 0;
        m->mr->mr[1] = 1;
        m->mr->mr[2] = 0;
        m->reply_words = 3;
        return 0;
    default:
        return -L4_ENOSYS;
    }
}

long log_invoke(struct obj *o, struct msg *m)
{
    struct log *l = (struct log *)o;
    char buf[L4_VCON_WRITE_SIZE];
    unsigned n;

    if (l4_msgtag_label(m->tag) != L4_PROTO_LOG && l4_msgtag_label(m->tag) != L4_PROTO_IRQ) {
        return -L4_EBADPROTO;
    }
    if (m->words < 1) {
        return -L4_EMSGTOOSHORT;
    }
    if (l4_msgtag_label(m->tag) == L4_PROTO_IRQ) {
        return log_icu(l, m);
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
    case L4_VCON_READ_OP:
        return log_read(l, m);
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
